/**
 * The shapes shared by every policy rule: a verdict, a cluster rule (over the cluster's facts)
 * and a resource check (over one resource's inputs).
 */

/** Mandatory rules stop a deployment; advisory rules only warn. */
/** Mandatory rules fail construction, `plan` (exit 1) and the pack; advisory ones only warn. */
export type Enforcement = "mandatory" | "advisory";

/** The outcome of one rule for one cluster or resource. */
export interface Verdict {
  /** The rule id, e.g. "detection-outlasts-pause". */
  rule: string;
  /** Whether a failure blocks (mandatory) or warns (advisory). */
  enforcement: Enforcement;
  /** The outcome of the check. */
  status: "pass" | "fail";
  /** The numbers involved and, on failure, the fix. */
  message: string;
}

/**
 * What the cluster rules need to know about a cluster. Built from a resolved cluster
 * (`clusterFacts`) or decoded from the tags every resource carries (`decodeFactsTags`).
 * Fields marked "not stamped" are absent when decoded from tags: the pack checks them on the
 * resources themselves.
 */
export interface ClusterFacts {
  name: string;
  topology: string;
  /** Friendly OS name, e.g. "windows-2022". */
  os: string;
  software: "wsfc" | "clusterpro" | "pacemaker" | "none";
  /** The maintenance pause detection must outlast (s). */
  pauseSec: number;
  /** Declared OS boot time (s). */
  osBootSec?: number;
  /** Declared SQL Server AG lease timeout (s). */
  sqlLeaseSec?: number;
  nodeCount: number;
  wsfc?: {
    sameDelayMs: number;
    sameThreshold: number;
    crossDelayMs: number;
    crossThreshold: number;
    /** TCP KeepAliveTime the bootstrap writes (ms). */
    keepAliveMs: number;
    /** Who owns the client role, its name and the shared disks it takes (not stamped). */
    role?: { mode: "ip-and-disks" | "none"; name: string; disks: string[] };
  };
  clusterpro?: {
    heartbeatSec: number;
    np: "ping" | "monitors";
    /** A, B and C of the NP rule (s); monitor NP only. */
    a: number;
    b: number;
    c: number;
    shutdownMonitorSec?: number;
    /** Public LB only: timeout of the script run before mtw1's final action (s). */
    preFinalScriptSec?: number;
    pingTargets: number;
    /** The VIP sits on the active node's loopback (internal LB + floating IP). */
    dsr: boolean;
  };
  pacemaker?: { tokenMs: number };
  /** The Scheduled Events agent (CLUSTERPRO, WSFC): installed or not, and its freeze tolerance (s). */
  scheduledEvents?: { enabled: boolean; freezeToleranceSec: number };
  lb?: {
    kind: "internal" | "public";
    floatingIp: boolean;
    probePort: number;
    probeIntervalSec: number;
    probeThreshold: number;
    /** Smallest idle timeout among the LB rules (min). */
    minIdleTimeoutMin: number;
    /** Frontend and backend ports of the rules (not stamped). */
    rulePorts?: number[];
  };
  /** Whether the guest owns the VIP (WSFC IP resource, CLUSTERPRO DSR): floating IP must match. */
  guestOwnsVip: boolean;
  dns?: { ttlSec: number };
  placement: { faultDomains?: number; zones?: number };
  /** "nat": the component's NAT gateway; "none": skipped; "existing": the subnet's owner decides. */
  egress: "nat" | "none" | "existing";
  /** LUNs of the shared disks on every node. */
  sharedLuns: number[];
  /** Shared disks (not stamped: the pack checks the Disk resources). */
  sharedDisks?: { name: string; sku: string; sizeGb: number; maxShares: number }[];
}

/** A rule over a cluster's settings: runs in components, in `plan` and in the pack (via tags). */
export interface ClusterRule {
  id: string;
  /** What the rule protects against. */
  description: string;
  enforcement: Enforcement;
  /** Verdicts for a cluster; [] when the rule does not apply. */
  evaluate(f: ClusterFacts): Verdict[];
}

/** A resource as the checks see it: its type token, name and inputs (tags included). */
export interface ResourceView {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** A rule over one resource's inputs: runs in `plan` and in the pack, catching hand edits. */
export interface ResourceCheck {
  id: string;
  description: string;
  enforcement: Enforcement;
  /** Type tokens it inspects. */
  types: string[];
  /** Verdicts for one resource; [] when it does not apply. */
  check(r: ResourceView): Verdict[];
}

/** Builds the pass/fail helpers of one rule. */
export function verdicts(rule: { id: string; enforcement: Enforcement }) {
  return {
    pass: (message: string): Verdict => ({
      rule: rule.id,
      enforcement: rule.enforcement,
      status: "pass",
      message,
    }),
    fail: (message: string): Verdict => ({
      rule: rule.id,
      enforcement: rule.enforcement,
      status: "fail",
      message,
    }),
  };
}
