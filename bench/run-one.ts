/**
 * One benchmark measurement, in its own process (so peak RSS is per run):
 *
 *   node dist/bench/run-one.js lib N [--dump FILE]
 *       plan N clusters through the library under the planner's mocks
 *   node dist/bench/run-one.js raw N --script-bytes FILE [--dump FILE]
 *       the same with the hand-written baseline; FILE holds the script size of every step (the
 *       `scriptBytes` of a `lib` run)
 *   node dist/bench/run-one.js import pulumi|lib
 *       time require("@pulumi/pulumi") alone, or require("azure-ha-cluster") (which loads it)
 *
 * Prints one JSON line. Plan times are from process start (performance.timeOrigin) and from the
 * start of the program; "done" is `beforeExit`, the signal the real language host uses
 * (PULUMI-NOTES.md §2): every registration, including those made in `apply` callbacks, is over.
 * `--dump FILE` writes the first cluster's custom resources (type, name without the cluster
 * name, dependencies, redacted inputs, scripts as their size) for test/bench.test.ts.
 */
import * as fs from "fs";
import { performance } from "perf_hooks";

/** One line of a `lib`/`raw` run. */
export interface Measurement {
  mode: "lib" | "raw";
  n: number;
  /** Process start → every registration done. */
  wallMs: number;
  /** Program start (mocks installed, modules loaded) → every registration done. */
  programMs: number;
  /** CPU time (user + system) of the whole process, ms: less sensitive to other load than wall. */
  cpuMs: number;
  /** Peak resident set size, MiB. */
  rssMiB: number;
  /**
   * V8 heap in use once every registration is done (the mocks keep them all), MiB: the live heap
   * when run with `--expose-gc` (the bench does), else including garbage.
   */
  heapMiB: number;
  registrations: number;
  /** Custom resources by type (the two modes must match). */
  customByType: Record<string, number>;
  /** Run Command script size (UTF-8 bytes) of each step of the first cluster, by "<node>-<step>". */
  scriptBytes: Record<string, number>;
  /** Run Command script bytes of all clusters. */
  scriptBytesTotal: number;
  /** JSON size of every registered input (all clusters), bytes. */
  inputBytes: number;
}

/** One line of an `import` run. */
export interface ImportMeasurement {
  mode: "import";
  what: "pulumi" | "lib";
  /** Wall time of the require, ms. */
  ms: number;
  /** CPU time (user + system) of the require, ms. */
  cpuMs: number;
  rssMiB: number;
}

/** A custom resource of the first cluster as `--dump` writes it. */
export interface DumpedResource {
  type: string;
  /** Name without the cluster's name, e.g. "node1-prepare". */
  name: string;
  dependsOn: string[];
  inputs: unknown;
}

const peakRssMiB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function measureImport(what: "pulumi" | "lib"): void {
  const c0 = cpuMs();
  const t0 = performance.now();
  // The library through its published entry point ("exports", a self-reference).
  require(what === "pulumi" ? "@pulumi/pulumi" : "azure-ha-cluster");
  const ms = performance.now() - t0;
  const m: ImportMeasurement = {
    mode: "import",
    what,
    ms,
    cpuMs: cpuMs() - c0,
    rssMiB: peakRssMiB(),
  };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

/** The value of `--name VALUE` in argv, if given. */
function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The script text of a recorded Run Command (a string under the mocks). */
function scriptOf(inputs: Record<string, unknown>): string | undefined {
  const source = inputs.source as { script?: unknown } | undefined;
  return typeof source?.script === "string" ? source.script : undefined;
}

async function measurePlan(mode: "lib" | "raw", n: number, argv: string[]): Promise<void> {
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  const { installMocks, redact } = require("../cli/mocks") as typeof import("../cli/mocks");
  const { benchArgs, benchName, benchResourceGroup, MAX_BENCH_CLUSTERS } =
    require("./scenario") as typeof import("./scenario");
  if (!Number.isInteger(n) || n < 1 || n > MAX_BENCH_CLUSTERS)
    throw new Error(`N: 1–${MAX_BENCH_CLUSTERS} clusters`);
  const bytesFile = option(argv, "--script-bytes");
  if (mode === "raw" && !bytesFile) throw new Error("raw: --script-bytes FILE is required");
  const scriptBytes =
    mode === "raw"
      ? (JSON.parse(fs.readFileSync(bytesFile!, "utf8")) as Record<string, number>)
      : undefined;
  const dump = option(argv, "--dump");
  const rec = installMocks("azure-ha-cluster", "bench");
  // Load the code under test before the clock starts: import time is measured on its own, and is
  // part of wallMs. The library through its published entry point ("exports", a self-reference);
  // the baseline loads nothing of the library.
  const lib =
    mode === "lib" ? (require("azure-ha-cluster") as typeof import("../components")) : undefined;
  const raw = mode === "raw" ? (require("./baseline") as typeof import("./baseline")) : undefined;
  let failed = false;
  process.on("unhandledRejection", (e) => {
    failed = true;
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  });
  const t0 = performance.now();
  process.once("beforeExit", () => {
    const done = performance.now();
    // The live heap (what the planner's heap must hold): collect first when the bench exposes gc.
    (globalThis as { gc?: () => void }).gc?.();
    const heapUsed = process.memoryUsage().heapUsed;
    const first = `${benchName(0)}-`;
    const customByType: Record<string, number> = {};
    const bytes: Record<string, number> = {};
    let scriptBytesTotal = 0;
    let inputBytes = 0;
    const dumped: DumpedResource[] = [];
    for (const r of rec.resources) {
      inputBytes += Buffer.byteLength(JSON.stringify(r.inputs));
      if (!r.custom) continue;
      customByType[r.type] = (customByType[r.type] ?? 0) + 1;
      const script = scriptOf(r.inputs);
      const size = script === undefined ? 0 : Buffer.byteLength(script, "utf8");
      scriptBytesTotal += size;
      if (!r.name.startsWith(first)) continue;
      const name = r.name.slice(first.length);
      if (script !== undefined) bytes[name] = size;
      if (dump) {
        const inputs = redact(r.inputs) as Record<string, any>;
        if (script !== undefined) inputs.source = { script: `[${size} bytes]` };
        dumped.push({
          type: r.type,
          name,
          dependsOn: r.dependsOn.map((d) => (d.startsWith(first) ? d.slice(first.length) : d)),
          inputs,
        });
      }
    }
    if (dump) fs.writeFileSync(dump, `${JSON.stringify(dumped, null, 1)}\n`);
    const m: Measurement = {
      mode,
      n,
      wallMs: done,
      programMs: done - t0,
      cpuMs: cpuMs(),
      rssMiB: peakRssMiB(),
      heapMiB: Math.round((heapUsed / 2 ** 20) * 10) / 10,
      registrations: rec.resources.length,
      customByType,
      scriptBytes: bytes,
      scriptBytesTotal,
      inputBytes,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
    if (failed) process.exitCode = 1;
  });
  await pulumi.runtime.runInPulumiStack(async () => {
    for (let i = 0; i < n; i++) {
      if (lib) new lib.HaClusterInternalLb(benchName(i), benchArgs(i));
      else raw!.rawCluster(benchName(i), benchResourceGroup(i), scriptBytes!);
    }
    return {};
  });
}

const [mode, arg, ...rest] = process.argv.slice(2);
if (mode === "import" && (arg === "pulumi" || arg === "lib")) measureImport(arg);
else if (mode === "lib" || mode === "raw") {
  measurePlan(mode, Number(arg ?? 1), rest).catch((e) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exitCode = 1;
  });
} else {
  process.stderr.write(
    "usage: run-one.js lib N [--dump FILE] | raw N --script-bytes FILE [--dump FILE] | import pulumi|lib\n",
  );
  process.exitCode = 2;
}
