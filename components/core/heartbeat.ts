/**
 * Heartbeat and network-partition arithmetic (pure).
 *
 * CLUSTERPRO, DNS and public-LB topologies resolve a network partition with monitors: genw1
 * (port check to the management endpoint), ipw1/ipw2 (each node pings the other), watched by the
 * multi-target monitor mtw1. The heartbeat timeout must be at least A + B + C:
 *   A = the largest interval × (retries + 1) among genw1/ipw1/ipw2,
 *   B = mtw1's interval × (retries + 1),
 *   C = a grace period (30 s),
 * otherwise the standby starts the group before NP resolution acts on the isolated node.
 */
import type { OsFamily } from "./os";

/** Monitor defaults for CLUSTERPRO NP resolution. */
export interface NpMonitorDefaults {
  intervalSec: number;
  retries: number;
  multiTargetIntervalSec: number;
  multiTargetRetries: number;
  graceSec: number;
}

/**
 * DERIVED defaults, not published by NEC: no public source gives the product's default
 * monitor interval/retry for these monitors. These values reproduce the heartbeat timeouts the
 * seeds configure as A + B + C — 120 s in NEC's Linux Azure guide (seed 001) and 210 s in the
 * Windows guide (seed 004) — and stay the defaults until NEC's reference guide says otherwise.
 *   Linux:   A = 30 × (1 + 1) = 60, B = 30 × (0 + 1) = 30, C = 30 → 120 s
 *   Windows: A = 60 × (1 + 1) = 120, B = 30 × (1 + 1) = 60, C = 30 → 210 s
 */
export const DERIVED_NP_DEFAULTS: Record<OsFamily, NpMonitorDefaults> = {
  linux: {
    intervalSec: 30,
    retries: 1,
    multiTargetIntervalSec: 30,
    multiTargetRetries: 0,
    graceSec: 30,
  },
  windows: {
    intervalSec: 60,
    retries: 1,
    multiTargetIntervalSec: 30,
    multiTargetRetries: 1,
    graceSec: 30,
  },
};

/**
 * Heartbeat timeout for the ping-NP (internal LB) topology, where A + B + C does not apply:
 * the seeds leave the product default; we use the same 120 s / 210 s as the monitor topologies,
 * both well above Azure's 30 s maintenance pause.
 */
export const PING_NP_HEARTBEAT_SEC: Record<OsFamily, number> = { linux: 120, windows: 210 };

/** A, B and C of the NP rule, and their sum, in seconds. */
export interface AbcBreakdown {
  a: number;
  b: number;
  c: number;
  total: number;
}

/** Computes A + B + C from monitor settings. */
export function abc(m: NpMonitorDefaults): AbcBreakdown {
  const a = m.intervalSec * (m.retries + 1);
  const b = m.multiTargetIntervalSec * (m.multiTargetRetries + 1);
  const c = m.graceSec;
  return { a, b, c, total: a + b + c };
}

/** WSFC failure detection in seconds: delay × threshold. */
export function wsfcDetectionSec(delayMs: number, threshold: number): number {
  return (delayMs * threshold) / 1000;
}

/**
 * The TCP KeepAliveTime the WSFC bootstrap writes on every node (seed 000, decimal ms): below the
 * 240 s idle timeout of Azure LB / Firewall, so an idle client connection through the VIP is not
 * dropped. One value: the policy rules check the same constant the script writes.
 */
export const WSFC_KEEPALIVE_MS = 230000;

/** Microsoft's relaxed heartbeat values for Azure: 1000 ms × 40 for both subnets. */
export const WSFC_AZURE_RELAXED = {
  sameSubnetDelayMs: 1000,
  sameSubnetThreshold: 40,
  crossSubnetDelayMs: 1000,
  crossSubnetThreshold: 40,
} as const;

/** The maintenance pause every detection time must outlast, unless configured higher. */
export const MIN_TOLERATED_PAUSE_SEC = 30;
