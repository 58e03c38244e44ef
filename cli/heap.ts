/**
 * The planner's heap, sized for the clusters it plans, so that it never ends outside its exit
 * codes (0–3): V8 heap exhaustion aborts the process (exit 134, no output). The stack program
 * under the mocks holds about 35 MiB per cluster (`npm run bench` prints MiB per cluster); when
 * the estimate exceeds this process's heap limit, the planner re-runs itself once with
 * `--max-old-space-size` sized for the clusters, capped by the machine's memory. Above the cap it
 * refuses with exit 2 (the validation also refuses more than MAX_CLUSTERS clusters).
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as v8 from "v8";
import { CLUSTERS_CONFIG_KEY } from "../components/core/tokens";

/** Heap the planner needs: a base plus a per-cluster share (measured under the mocks, rounded up). */
export const HEAP_BASE_MIB = 512;
export const HEAP_PER_CLUSTER_MIB = 48;
/** Set in the re-run child, so it never re-runs itself again. */
export const HEAP_ENV = "AZURE_HA_CLUSTER_PLAN_HEAP_MIB";

/** The heap (MiB) planning `clusters` clusters needs. */
export function neededHeapMiB(clusters: number): number {
  return HEAP_BASE_MIB + HEAP_PER_CLUSTER_MIB * Math.max(0, clusters);
}

/** The number of entries of the clusters key (0 when it is not a list). */
export function clusterCount(config: Record<string, string>): number {
  const raw = config[CLUSTERS_CONFIG_KEY];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
}

export type HeapDecision =
  { kind: "fits" } | { kind: "rerun"; heapMiB: number } | { kind: "too-big"; message: string };

/** Whether this process can plan `clusters` clusters, must re-run with a bigger heap, or cannot. */
export function heapDecision(
  clusters: number,
  limitMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20,
  machineMiB = os.totalmem() / 2 ** 20,
  alreadyRerun = process.env[HEAP_ENV] !== undefined,
): HeapDecision {
  const need = neededHeapMiB(clusters);
  if (need <= limitMiB || alreadyRerun) return { kind: "fits" };
  const cap = Math.floor(machineMiB * 0.75);
  if (need > cap) {
    return {
      kind: "too-big",
      message: `${clusters} clusters need about ${need} MiB of memory to plan (${HEAP_PER_CLUSTER_MIB} MiB each); this machine allows ${cap} MiB: split the clusters over several stack files`,
    };
  }
  return { kind: "rerun", heapMiB: need };
}

/**
 * Re-runs this planner with a bigger heap and returns its exit code; a child killed by a signal
 * (heap exhaustion despite the estimate) becomes exit 3 with a message.
 */
export function rerunWithHeap(heapMiB: number): number {
  const r = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMiB}`, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, [HEAP_ENV]: String(heapMiB) } },
  );
  if (r.status !== null && r.status >= 0 && r.status <= 3) return r.status;
  process.stderr.write(
    `plan: the planner ended abnormally (${r.signal ?? r.error?.message ?? `exit ${r.status}`}) with a ${heapMiB} MiB heap; plan fewer clusters per file\n`,
  );
  return 3;
}
