/**
 * `npm run bench` (issue 21, Performance): the hand-written baseline registers the same resources
 * as the library for the bench scenario (types, names, dependencies, inputs; scripts of the same
 * size), the bench refuses to compare programs that differ, and `npm run plan` (scripts/plan.js)
 * runs the built planner in its own process with the planner's exit codes. On the built package
 * (jest's global setup builds dist/ when a source changed).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { difference, median, parseCli } from "../bench/bench";
import type { DumpedResource, Measurement } from "../bench/run-one";

const ROOT = path.join(__dirname, "..");
const RUN_ONE = path.join(ROOT, "dist", "bench", "run-one.js");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runOne(args: string[]): { status: number | null; stderr: string; m?: Measurement } {
  const r = spawnSync(process.execPath, [RUN_ONE, ...args], { cwd: ROOT, encoding: "utf8" });
  const line = r.stdout.trim().split("\n").pop();
  return { status: r.status, stderr: r.stderr, m: line ? JSON.parse(line) : undefined };
}

/** Script hashes differ by construction (the baseline's scripts are other text of the same size). */
const noHashes = (rs: DumpedResource[]) =>
  JSON.parse(JSON.stringify(rs).replace(/"[0-9a-f]{32}"/g, '"<hash>"')) as DumpedResource[];

describe("bench baseline", () => {
  let lib: Measurement;
  let raw: Measurement;
  let bytesFile: string;

  beforeAll(() => {
    const l = runOne(["lib", "1", "--dump", path.join(dir, "lib.json")]);
    expect(l.status).toBe(0);
    lib = l.m!;
    bytesFile = path.join(dir, "bytes.json");
    fs.writeFileSync(bytesFile, JSON.stringify(lib.scriptBytes));
    const r = runOne([
      "raw",
      "1",
      "--script-bytes",
      bytesFile,
      "--dump",
      path.join(dir, "raw.json"),
    ]);
    expect(r.status).toBe(0);
    raw = r.m!;
  }, 180_000);

  it("the scenario is a CLUSTERPRO cluster: Run Commands, Sleeps, the password, alerts", () => {
    expect(lib.customByType).toMatchObject({
      "azure-native:compute:VirtualMachineRunCommandByVirtualMachine": 18,
      "time:index/sleep:Sleep": 4,
      "random:index/randomPassword:RandomPassword": 1,
      "azure-native:monitor:MetricAlert": 2,
      "azure-native:compute:VirtualMachine": 2,
    });
    expect(lib.scriptBytesTotal).toBeGreaterThan(100_000);
    // the library registers its component resource on top
    expect(lib.registrations).toBe(raw.registrations + 1);
  });

  it("registers the same resources: types, names, dependencies and inputs", () => {
    expect(difference(lib, raw)).toBeUndefined();
    const read = (f: string) =>
      noHashes(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as DumpedResource[]);
    const byName = (rs: DumpedResource[]) =>
      Object.fromEntries(rs.map((r) => [`${r.type} ${r.name}`, r]));
    expect(byName(read("raw.json"))).toEqual(byName(read("lib.json")));
  });

  it("a baseline run without script sizes, or missing a step's size, fails naming it", () => {
    const none = runOne(["raw", "1"]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/--script-bytes FILE is required/);
    const partial = path.join(dir, "partial.json");
    const { ["node2-license"]: _dropped, ...rest } = lib.scriptBytes;
    fs.writeFileSync(partial, JSON.stringify(rest));
    const missing = runOne(["raw", "1", "--script-bytes", partial]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no script size for step node2-license/);
  }, 120_000);
});

describe("bench comparison", () => {
  const m = (over: Partial<Measurement>): Measurement => ({
    mode: "lib",
    n: 1,
    wallMs: 1,
    programMs: 1,
    cpuMs: 1,
    rssMiB: 1,
    heapMiB: 1,
    registrations: 3,
    customByType: { a: 1, b: 2 },
    scriptBytes: { "node1-prepare": 10 },
    scriptBytesTotal: 10,
    inputBytes: 100,
    ...over,
  });

  it("refuses different resource counts or script sizes", () => {
    expect(difference(m({}), m({ mode: "raw", registrations: 2 }))).toBeUndefined();
    expect(difference(m({}), m({ customByType: { a: 1, b: 1 } }))).toMatch(
      /different custom resources/,
    );
    expect(difference(m({}), m({ customByType: { a: 1, b: 2, c: 1 } }))).toMatch(
      /different custom resources/,
    );
    expect(difference(m({}), m({ scriptBytes: { "node1-prepare": 11 } }))).toMatch(
      /different Run Command scripts/,
    );
    expect(difference(m({}), m({ scriptBytesTotal: 20 }))).toMatch(/in total: lib 10, raw 20/);
  });

  it("parses its options and refuses bad ones", () => {
    expect(parseCli([])).toEqual({ sizes: [1, 20, 60], importRuns: 7, planRuns: 3 });
    expect(parseCli(["--sizes", "1,5", "--repeat", "2", "--plan-runs", "0"])).toMatchObject({
      sizes: [1, 5],
      repeat: 2,
      planRuns: 0,
    });
    expect(() => parseCli(["--sizes", "1,x"])).toThrow(/--sizes: an integer ≥ 1/);
    expect(() => parseCli(["--import-runs", "0"])).toThrow(/--import-runs: an integer ≥ 1/);
    expect(() => parseCli(["--fast"])).toThrow(/unknown argument --fast/);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe("npm run plan (scripts/plan.js)", () => {
  const plan = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "scripts", "plan.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });

  it("plans stack dev by default, with the planner's output", () => {
    const r = plan(["--json"]);
    expect(r.status).toBe(0);
    const names = JSON.parse(r.stdout).resources.map((x: { name: string }) => x.name);
    expect(names).toContain("dev-cluster");
  }, 120_000);

  it("passes the planner's exit code through (2 for an unknown stack)", () => {
    const r = plan(["--stack", "no-such-stack"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^plan: .*no-such-stack/m);
  }, 120_000);
});
