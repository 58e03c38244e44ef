/**
 * `npm run bench`: the Performance targets of issue 21, as ratios measured in one run, each
 * measurement in a fresh child process:
 *
 *  (a) plan N = 20 and 60 clusters through the library and through the hand-written baseline
 *      (bench/baseline.ts: the same resources, the same Run Command script sizes, the password,
 *      the Sleeps) under the planner's mocks: time and peak memory ≤ 1.3× the baseline; the run
 *      fails when the two register different resources or scripts of different sizes;
 *  (b) one cluster planned in < 3 s (process start to the last registration);
 *  (c) `require("azure-ha-cluster")` ≤ 1.2× `require("@pulumi/pulumi")` alone;
 *  (d) `npm run plan` on an unchanged tree ≤ 1.2× the built planner
 *      (`node dist/cli/plan.js --stack dev`);
 *  (e) memory per cluster (peak RSS slope), which cli/heap.ts sizes the planner's heap from.
 *
 *   node dist/bench/bench.js [--sizes 1,20,60] [--repeat K] [--import-runs K] [--plan-runs K]
 *
 * Prints markdown tables (README "## Benchmark" holds a copy). Exit status 1 when a run fails or
 * the two programs differ; a target NOT met is reported, not an error (numbers depend on the
 * machine and its load: compare ratios within one run).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { HEAP_PER_CLUSTER_MIB } from "../cli/heap";
import type { ImportMeasurement, Measurement } from "./run-one";

const ROOT = path.join(__dirname, "..", "..");
const RUN_ONE = path.join(__dirname, "run-one.js");
const PLANNER = path.join(ROOT, "dist", "cli", "plan.js");

/** The targets of issue 21 ("Performance"). */
export const TARGETS = {
  /** Library / hand-written program, time and memory, at 20 and 60 clusters. */
  planRatio: 1.3,
  /** One cluster, process start to the last registration, ms. */
  oneClusterMs: 3000,
  /** require("azure-ha-cluster") / require("@pulumi/pulumi"). */
  importRatio: 1.2,
  /** `npm run plan` / `node dist/cli/plan.js --stack dev`, unchanged tree. */
  npmPlanRatio: 1.2,
} as const;

function child<T>(args: string[]): T {
  // --expose-gc: run-one collects before it reads the heap in use (after the clock stops).
  const out = execFileSync(process.execPath, ["--expose-gc", RUN_ONE, ...args], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "") as T;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface Summary {
  n: number;
  runs: number;
  wallMs: number;
  programMs: number;
  cpuMs: number;
  rssMiB: number;
  heapMiB: number;
  registrations: number;
  scriptBytesTotal: number;
  inputBytes: number;
}

function summarise(ms: Measurement[]): Summary {
  return {
    n: ms[0].n,
    runs: ms.length,
    wallMs: median(ms.map((m) => m.wallMs)),
    programMs: median(ms.map((m) => m.programMs)),
    cpuMs: median(ms.map((m) => m.cpuMs)),
    rssMiB: median(ms.map((m) => m.rssMiB)),
    heapMiB: median(ms.map((m) => m.heapMiB)),
    registrations: ms[0].registrations,
    scriptBytesTotal: ms[0].scriptBytesTotal,
    inputBytes: ms[0].inputBytes,
  };
}

/** Why the two programs are not the same, or undefined when they register the same resources. */
export function difference(lib: Measurement, raw: Measurement): string | undefined {
  const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
  if (sorted(lib.customByType) !== sorted(raw.customByType))
    return `different custom resources:\n lib ${sorted(lib.customByType)}\n raw ${sorted(raw.customByType)}`;
  if (sorted(lib.scriptBytes) !== sorted(raw.scriptBytes))
    return `different Run Command scripts (bytes by step):\n lib ${sorted(lib.scriptBytes)}\n raw ${sorted(raw.scriptBytes)}`;
  if (lib.scriptBytesTotal !== raw.scriptBytesTotal)
    return `different script bytes in total: lib ${lib.scriptBytesTotal}, raw ${raw.scriptBytesTotal}`;
  return undefined;
}

export interface BenchOptions {
  sizes: number[];
  repeat?: number;
  importRuns: number;
  planRuns: number;
}

export function parseCli(argv: string[]): BenchOptions {
  const o: BenchOptions = { sizes: [1, 20, 60], importRuns: 7, planRuns: 3 };
  const usage = "usage: bench [--sizes 1,20,60] [--repeat K] [--import-runs K] [--plan-runs K]";
  const count = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: an integer ≥ ${min} (${usage})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") {
      o.sizes = (argv[++i] ?? "").split(",").map((s) => count("--sizes", s, 1));
    } else if (a === "--repeat") o.repeat = count(a, argv[++i], 1);
    else if (a === "--import-runs") o.importRuns = count(a, argv[++i], 1);
    else if (a === "--plan-runs") o.planRuns = count(a, argv[++i], 0);
    else throw new Error(`unknown argument ${a} (${usage})`);
  }
  return o;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (r: number) => `${r.toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? "met" : "**NOT met**");

/** Wall time of one command, ms; throws when it fails. */
function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${r.stderr?.toString() ?? ""}`);
  return ms;
}

/** `npm run plan` as typed: the npm running this bench, or npm from PATH. */
function npmRunPlan(): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli && /\.js$/.test(cli)
    ? [process.execPath, [cli, "run", "plan"]]
    : ["npm", ["run", "plan"]];
}

function main(): void {
  const o = parseCli(process.argv.slice(2));
  const started = Date.now();
  const load0 = os.loadavg()[0];
  const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ha-bench-"));
  const rows: { lib: Summary; raw: Summary }[] = [];
  try {
    // The script size of every step, from a library run: the baseline's scripts get these sizes.
    const first = child<Measurement>(["lib", "1"]);
    const bytesFile = path.join(tmp, "script-bytes.json");
    fs.writeFileSync(bytesFile, JSON.stringify(first.scriptBytes));
    let reuse: Measurement | undefined = first;
    for (const n of o.sizes) {
      // Small runs are noisy and cheap: repeat them; the largest once per side.
      const k = o.repeat ?? (n <= 1 ? 3 : n <= 20 ? 2 : 1);
      const lib: Measurement[] = [];
      const raw: Measurement[] = [];
      for (let r = 0; r < k; r++) {
        const runLib = () => {
          lib.push(reuse && n === 1 ? reuse : child<Measurement>(["lib", String(n)]));
          if (n === 1) reuse = undefined;
        };
        const runRaw = () =>
          raw.push(child<Measurement>(["raw", String(n), "--script-bytes", bytesFile]));
        // Alternate the order so a load spike does not always hit the same side.
        for (const run of r % 2 === 0 ? [runLib, runRaw] : [runRaw, runLib]) run();
      }
      const diff = difference(lib[0], raw[0]);
      if (diff) throw new Error(`N=${n}: the library and the baseline differ: ${diff}`);
      rows.push({ lib: summarise(lib), raw: summarise(raw) });
      log(`N=${n} done (${k} run${k > 1 ? "s" : ""} per side)`);
    }

    // (c) fresh processes, alternating.
    const imports: Record<"pulumi" | "lib", ImportMeasurement[]> = { pulumi: [], lib: [] };
    for (let r = 0; r < o.importRuns; r++) {
      const order: ("pulumi" | "lib")[] = r % 2 === 0 ? ["pulumi", "lib"] : ["lib", "pulumi"];
      for (const w of order) imports[w].push(child<ImportMeasurement>(["import", w]));
    }
    log("imports done");

    // (d) an unchanged tree: build first if a source changed, then time both.
    const plan: { npm: number[]; built: number[] } = { npm: [], built: [] };
    if (o.planRuns > 0) {
      const { buildIfStale } = require(path.join(ROOT, "scripts", "build-if-stale.js"));
      buildIfStale({ quiet: true });
      const [npm, npmArgs] = npmRunPlan();
      for (let r = 0; r < o.planRuns; r++) {
        const built = () => plan.built.push(timed(process.execPath, [PLANNER, "--stack", "dev"]));
        const viaNpm = () => plan.npm.push(timed(npm, npmArgs));
        for (const run of r % 2 === 0 ? [viaNpm, built] : [built, viaNpm]) run();
      }
      log("plans done");
    }

    process.stdout.write(
      `${report(o, rows, imports, plan, { started, load0, load1: os.loadavg()[0] })}\n`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(
  o: BenchOptions,
  rows: { lib: Summary; raw: Summary }[],
  imports: Record<"pulumi" | "lib", ImportMeasurement[]>,
  plan: { npm: number[]; built: number[] },
  t: { started: number; load0: number; load1: number },
): string {
  const L: string[] = [];
  const cpu = os.cpus();
  L.push(
    `${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}; load average ${t.load0.toFixed(1)} at the start, ${t.load1.toFixed(1)} at the end; total ${s(Date.now() - t.started)}`,
  );
  L.push("");
  L.push("Targets (issue 21, Performance):");
  L.push("");
  L.push("| target | library | reference | ratio / value | limit | verdict |");
  L.push("|---|---|---|---|---|---|");
  for (const { lib, raw } of rows.filter((r) => r.lib.n === 20 || r.lib.n === 60)) {
    const time = Math.max(lib.wallMs / raw.wallMs, lib.programMs / raw.programMs);
    L.push(
      `| (a) plan ${lib.n} clusters, time (wall; registration) | ${s(lib.wallMs)}; ${s(lib.programMs)} | ${s(raw.wallMs)}; ${s(raw.programMs)} (hand-written) | ${x(lib.wallMs / raw.wallMs)}; ${x(lib.programMs / raw.programMs)} | ≤ ${TARGETS.planRatio}× | ${verdict(time <= TARGETS.planRatio)} |`,
    );
    L.push(
      `| (a) plan ${lib.n} clusters, peak memory | ${lib.rssMiB.toFixed(0)} MiB | ${raw.rssMiB.toFixed(0)} MiB (hand-written) | ${x(lib.rssMiB / raw.rssMiB)} | ≤ ${TARGETS.planRatio}× | ${verdict(lib.rssMiB / raw.rssMiB <= TARGETS.planRatio)} |`,
    );
  }
  const one = rows.find((r) => r.lib.n === 1);
  if (one)
    L.push(
      `| (b) one cluster, process start → last registration | ${s(one.lib.wallMs)} | — | ${s(one.lib.wallMs)} | < ${s(TARGETS.oneClusterMs)} | ${verdict(one.lib.wallMs < TARGETS.oneClusterMs)} |`,
    );
  const imp = (w: "pulumi" | "lib", k: "ms" | "cpuMs") => median(imports[w].map((m) => m[k]));
  const impRatio = imp("lib", "ms") / imp("pulumi", "ms");
  L.push(
    `| (c) \`require("azure-ha-cluster")\` vs \`require("@pulumi/pulumi")\` (median of ${o.importRuns} fresh processes each) | ${imp("lib", "ms").toFixed(0)} ms | ${imp("pulumi", "ms").toFixed(0)} ms | ${x(impRatio)} (CPU time ${x(imp("lib", "cpuMs") / imp("pulumi", "cpuMs"))}) | ≤ ${TARGETS.importRatio}× | ${verdict(impRatio <= TARGETS.importRatio)} |`,
  );
  if (plan.npm.length > 0) {
    const r = median(plan.npm) / median(plan.built);
    L.push(
      `| (d) \`npm run plan\` vs \`node dist/cli/plan.js --stack dev\`, unchanged tree (median of ${plan.npm.length}) | ${s(median(plan.npm))} | ${s(median(plan.built))} | ${x(r)} | ≤ ${TARGETS.npmPlanRatio}× | ${verdict(r <= TARGETS.npmPlanRatio)} |`,
    );
  }
  if (rows.length >= 2) {
    const lo = rows[0];
    const hi = rows[rows.length - 1];
    const slope = (a: Summary, b: Summary, k: "rssMiB" | "heapMiB") => (b[k] - a[k]) / (b.n - a.n);
    const rss = slope(lo.lib, hi.lib, "rssMiB");
    L.push(
      `| (e) memory per cluster, N=${lo.lib.n} → ${hi.lib.n}: peak RSS (live heap at the end) | ${rss.toFixed(1)} MiB (${slope(lo.lib, hi.lib, "heapMiB").toFixed(1)} MiB) | ${slope(lo.raw, hi.raw, "rssMiB").toFixed(1)} MiB (${slope(lo.raw, hi.raw, "heapMiB").toFixed(1)} MiB) hand-written | — | recorded; the planner reserves ${HEAP_PER_CLUSTER_MIB} MiB of heap per cluster (cli/heap.ts) | ${rss <= HEAP_PER_CLUSTER_MIB ? "within the reserve" : "**above the reserve**"} |`,
    );
  }
  L.push("");
  L.push(
    "Plans (median of the runs; each run a fresh process; wall = process start → every registration done (`beforeExit`); registration = without start-up and module loading; CPU = the process's CPU time, less sensitive to other load):",
  );
  L.push("");
  L.push(
    "| N | runs/side | registrations lib/raw | script MiB (same) | inputs MiB lib/raw | wall lib | wall raw | ratio | registration lib | registration raw | ratio | CPU lib | CPU raw | ratio | peak RSS lib | peak RSS raw | ratio |",
  );
  L.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const mib = (b: number) => (b / 2 ** 20).toFixed(2);
  for (const { lib, raw } of rows) {
    L.push(
      `| ${lib.n} | ${lib.runs} | ${lib.registrations}/${raw.registrations} | ${mib(lib.scriptBytesTotal)} | ${mib(lib.inputBytes)}/${mib(raw.inputBytes)} | ${s(lib.wallMs)} | ${s(raw.wallMs)} | ${x(lib.wallMs / raw.wallMs)} | ${s(lib.programMs)} | ${s(raw.programMs)} | ${x(lib.programMs / raw.programMs)} | ${s(lib.cpuMs)} | ${s(raw.cpuMs)} | ${x(lib.cpuMs / raw.cpuMs)} | ${lib.rssMiB.toFixed(0)} MiB | ${raw.rssMiB.toFixed(0)} MiB | ${x(lib.rssMiB / raw.rssMiB)} |`,
    );
  }
  const r20 = rows.find((r) => r.lib.n === 20);
  const r60 = rows.find((r) => r.lib.n === 60);
  if (r20 && r60) {
    const per = (sm: Summary) => sm.programMs / sm.n;
    const gLib = per(r60.lib) / per(r20.lib);
    const gRaw = per(r60.raw) / per(r20.raw);
    L.push("");
    L.push(
      `Linear in N? registration time per cluster at 60 vs 20 clusters (1.00 = linear): library ${s(per(r20.lib))} → ${s(per(r60.lib))} (${x(gLib)}), hand-written ${s(per(r20.raw))} → ${s(per(r60.raw))} (${x(gRaw)}); library growth / hand-written growth ${x(gLib / gRaw)}.`,
    );
  }
  return L.join("\n");
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
