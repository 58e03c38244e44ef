/**
 * Timing rules: failure detection against Azure's maintenance pauses, and WSFC heartbeat limits.
 */
import { MIN_TOLERATED_PAUSE_SEC, wsfcDetectionSec } from "../heartbeat";
import { defineRule, type ClusterFacts } from "./types";

/** Failure detection (s) of a cluster's software; undefined without cluster software. */
export function detectionSec(f: ClusterFacts): number | undefined {
  if (f.wsfc) return wsfcDetectionSec(f.wsfc.sameDelayMs, f.wsfc.sameThreshold);
  if (f.clusterpro) return f.clusterpro.heartbeatSec;
  return undefined;
}

/** WSFC heartbeat ranges (Microsoft: cluster network thresholds). */
export const WSFC_RANGES = {
  sameSubnetDelayMs: [250, 2000],
  crossSubnetDelayMs: [250, 4000],
  threshold: [3, 120],
} as const;

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

export const detectionOutlastsPause = defineRule({
  id: "detection-outlasts-pause",
  description:
    "Failure detection must outlast Azure's maintenance pauses (memory-preserving maintenance freezes a VM up to 30 s; users report up to 60 s), or a paused node is failed over while it is healthy.",
  enforcement: "mandatory",
  cluster(f, v) {
    const d = detectionSec(f);
    if (d === undefined) return [];
    const pause = Math.max(f.pauseSec, MIN_TOLERATED_PAUSE_SEC);
    if (d > pause)
      return [v.pass(`detection ${fmt(d)} s > ${pause} s pause (margin ${fmt(d - pause)} s)`)];
    let fix = `set software.heartbeat.timeoutSec ≥ ${pause + 1}`; // CLUSTERPRO
    if (f.wsfc) {
      const delay = f.wsfc.sameDelayMs;
      const need = Math.floor((pause * 1000) / delay) + 1;
      fix =
        need <= WSFC_RANGES.threshold[1]
          ? `set SameSubnetThreshold ≥ ${need} at ${delay} ms (software.heartbeat.sameSubnetThreshold)`
          : `raise SameSubnetDelay (≤ 2000 ms) so that delay × threshold > ${pause} s, e.g. 1000 ms × ${pause + 1}`;
    }
    return [v.fail(`detection ${fmt(d)} s ≤ ${pause} s pause: ${fix}`)];
  },
});

export const wsfcHeartbeatRanges = defineRule({
  id: "wsfc-heartbeat-ranges",
  description:
    "WSFC accepts SameSubnetDelay 250–2000 ms, CrossSubnetDelay 250–4000 ms and thresholds 3–120; values outside make the heartbeat configuration fail on the node.",
  enforcement: "mandatory",
  cluster(f, v) {
    const w = f.wsfc;
    if (!w) return [];
    const bad: string[] = [];
    const check = (
      what: string,
      value: number,
      [lo, hi]: readonly [number, number],
      unit: string,
    ) => {
      if (!Number.isInteger(value) || value < lo || value > hi)
        bad.push(`${what} ${value}${unit} outside ${lo}–${hi}${unit}`);
    };
    check("SameSubnetDelay", w.sameDelayMs, WSFC_RANGES.sameSubnetDelayMs, " ms");
    check("CrossSubnetDelay", w.crossDelayMs, WSFC_RANGES.crossSubnetDelayMs, " ms");
    check("SameSubnetThreshold", w.sameThreshold, WSFC_RANGES.threshold, "");
    check("CrossSubnetThreshold", w.crossThreshold, WSFC_RANGES.threshold, "");
    if (bad.length === 0) {
      return [
        v.pass(
          `SameSubnet ${w.sameDelayMs} ms × ${w.sameThreshold}, CrossSubnet ${w.crossDelayMs} ms × ${w.crossThreshold} within range`,
        ),
      ];
    }
    return [
      v.fail(
        `${bad.join("; ")}: set software.heartbeat within SameSubnetDelay 250–2000 ms, CrossSubnetDelay 250–4000 ms, thresholds 3–120 (Azure relaxed: 1000 ms × 40)`,
      ),
    ];
  },
});

export const wsfcSameSubnetNotLooser = defineRule({
  id: "wsfc-same-subnet-not-looser",
  description:
    "Same-subnet heartbeat settings must not be looser than cross-subnet ones (Microsoft): a looser same-subnet setting means nodes in one subnet are detected later than nodes across subnets.",
  enforcement: "mandatory",
  cluster(f, v) {
    const w = f.wsfc;
    if (!w) return [];
    const same = wsfcDetectionSec(w.sameDelayMs, w.sameThreshold);
    const cross = wsfcDetectionSec(w.crossDelayMs, w.crossThreshold);
    const bad: string[] = [];
    if (w.sameDelayMs > w.crossDelayMs)
      bad.push(`SameSubnetDelay ${w.sameDelayMs} ms > CrossSubnetDelay ${w.crossDelayMs} ms`);
    if (w.sameThreshold > w.crossThreshold)
      bad.push(`SameSubnetThreshold ${w.sameThreshold} > CrossSubnetThreshold ${w.crossThreshold}`);
    if (bad.length === 0)
      return [v.pass(`same-subnet ${fmt(same)} s ≤ cross-subnet ${fmt(cross)} s`)];
    return [
      v.fail(
        `same-subnet looser than cross-subnet (${bad.join("; ")}; ${fmt(same)} s vs ${fmt(cross)} s): raise crossSubnetDelayMs/crossSubnetThreshold to at least the same-subnet values, e.g. ${w.sameDelayMs} ms × ${w.sameThreshold}`,
      ),
    ];
  },
});

/** The longest WSFC detection an OS allows (s): 2008 R2 20 s; later same-subnet 240 s. */
export function wsfcMaxDetectionSec(os: string): number {
  return /2008/.test(os) ? 20 : 240;
}

export const wsfcOsDetectionLimit = defineRule({
  id: "wsfc-os-detection-limit",
  description:
    "Windows limits how long a heartbeat may be relaxed: 20 s on 2008 R2, 240 s same-subnet on 2012 and later; beyond it the setting is refused.",
  enforcement: "mandatory",
  cluster(f, v) {
    const w = f.wsfc;
    if (!w) return [];
    const max = wsfcMaxDetectionSec(f.os);
    const same = wsfcDetectionSec(w.sameDelayMs, w.sameThreshold);
    const legacy = max === 20;
    const cross = wsfcDetectionSec(w.crossDelayMs, w.crossThreshold);
    const worst = legacy ? Math.max(same, cross) : same;
    if (worst <= max)
      return [
        v.pass(
          `${legacy ? "detection" : "same-subnet detection"} ${fmt(worst)} s ≤ ${max} s (${f.os})`,
        ),
      ];
    return [
      v.fail(
        `${legacy ? "detection" : "same-subnet detection"} ${fmt(worst)} s > ${max} s allowed on ${f.os}: lower the delay × threshold to ≤ ${max} s, e.g. 1000 ms × ${Math.min(max, 120)}`,
      ),
    ];
  },
});

export const sqlAgLeaseBelowDetection = defineRule({
  id: "sql-ag-lease-below-detection",
  description:
    "A SQL Server availability group's lease timeout should stay below the WSFC detection time, or the AG goes offline on a pause the cluster rides out.",
  enforcement: "advisory",
  cluster(f, v) {
    const d = detectionSec(f);
    if (f.sqlLeaseSec === undefined || !f.wsfc || d === undefined) return [];
    if (f.sqlLeaseSec < d)
      return [v.pass(`AG lease timeout ${f.sqlLeaseSec} s < detection ${fmt(d)} s`)];
    return [
      v.fail(
        `AG lease timeout ${f.sqlLeaseSec} s ≥ detection ${fmt(d)} s: set the AG's LeaseTimeout below ${fmt(d * 1000)} ms, or relax the heartbeat`,
      ),
    ];
  },
});
