/**
 * One benchmark measurement, in its own process (so peak RSS is per run):
 *
 *   node dist/bench/run-one.js lib|raw N   plan N clusters under the planner's mocks
 *   node dist/bench/run-one.js import      time require("azure-ha-cluster")
 *
 * Prints one JSON line. Times are from process start (performance.timeOrigin) and from the
 * start of the program; "done" is `beforeExit`, the signal the real language host uses
 * (PULUMI-NOTES.md §2): every registration, including those made in `apply` callbacks, is over.
 */
import { performance } from "perf_hooks";

/** One line of run-one's output. */
export interface Measurement {
  mode: "lib" | "raw";
  n: number;
  /** Process start → every registration done. */
  wallMs: number;
  /** Program start (mocks installed, modules loaded) → every registration done. */
  programMs: number;
  /** Peak resident set size, MiB. */
  rssMiB: number;
  registrations: number;
  /** Custom resources by type (the two modes must match). */
  customByType: Record<string, number>;
}

/** The import measurement. */
export interface ImportMeasurement {
  mode: "import";
  /** require("azure-ha-cluster") in a fresh process (includes @pulumi/pulumi). */
  coldMs: number;
  /** require("@pulumi/pulumi") alone, in the same process, first. */
  pulumiMs: number;
  /** require("azure-ha-cluster") once @pulumi/pulumi is loaded: the library's own cost. */
  libraryMs: number;
  rssMiB: number;
}

const peakRssMiB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;

function measureImport(order: "cold" | "warm"): void {
  let pulumiMs = 0;
  if (order === "warm") {
    const t = performance.now();
    require("@pulumi/pulumi");
    pulumiMs = performance.now() - t;
  }
  const t0 = performance.now();
  require("azure-ha-cluster");
  const ms = performance.now() - t0;
  const out: Partial<ImportMeasurement> =
    order === "cold" ? { coldMs: ms } : { pulumiMs, libraryMs: ms };
  process.stdout.write(
    `${JSON.stringify({ mode: "import", order, ...out, rssMiB: peakRssMiB() })}\n`,
  );
}

async function measurePlan(mode: "lib" | "raw", n: number): Promise<void> {
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  const { installMocks } = require("../cli/mocks") as typeof import("../cli/mocks");
  const { benchArgs, benchName } = require("./scenario") as typeof import("./scenario");
  const rec = installMocks("azure-ha-cluster", "bench");
  // Load the code under test before the clock starts: import time is measured on its own, and is
  // part of wallMs. The library through its published entry point ("exports", a self-reference).
  const { HaClusterInternalLb } = require("azure-ha-cluster") as typeof import("../components");
  const { rawCluster } = require("./baseline") as typeof import("./baseline");
  let failed = false;
  process.on("unhandledRejection", (e) => {
    failed = true;
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  });
  const t0 = performance.now();
  process.once("beforeExit", () => {
    const done = performance.now();
    const customByType: Record<string, number> = {};
    for (const r of rec.resources)
      if (r.custom) customByType[r.type] = (customByType[r.type] ?? 0) + 1;
    const m: Measurement = {
      mode,
      n,
      wallMs: done,
      programMs: done - t0,
      rssMiB: peakRssMiB(),
      registrations: rec.resources.length,
      customByType,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
    if (failed) process.exitCode = 1;
  });
  await pulumi.runtime.runInPulumiStack(async () => {
    if (mode === "lib") {
      for (let i = 0; i < n; i++) new HaClusterInternalLb(benchName(i), benchArgs(i));
    } else {
      for (let i = 0; i < n; i++) rawCluster(benchName(i), benchArgs(i).resourceGroupName);
    }
    return {};
  });
}

const [mode, arg] = process.argv.slice(2);
if (mode === "import") measureImport(arg === "warm" ? "warm" : "cold");
else if (mode === "lib" || mode === "raw") {
  measurePlan(mode, Number(arg ?? 1)).catch((e) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exitCode = 1;
  });
} else {
  process.stderr.write("usage: run-one.js lib|raw N | import [cold|warm]\n");
  process.exitCode = 2;
}
