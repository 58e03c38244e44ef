/**
 * The shapes shared by every policy rule: a verdict, the facts a cluster form reads, the view a
 * resource form reads, and `defineRule`, which builds a rule with either form or both.
 */

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
  software: "wsfc" | "clusterpro" | "none";
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

/** A resource as the resource forms see it: its type token, name and inputs (tags included). */
export interface ResourceView {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** The pass/fail verdicts of one rule, its id and enforcement filled in. */
export interface VerdictMakers {
  pass(message: string): Verdict;
  fail(message: string): Verdict;
}

/**
 * A rule's cluster form: its verdicts over a cluster's facts, [] when it does not apply. Runs in
 * the components (construction fails on a mandatory violation), in `plan` and, through the
 * stamped tags, in the pack.
 */
export type ClusterForm = (f: ClusterFacts) => Verdict[];

/**
 * A rule's resource form: its verdicts over one resource's inputs, [] when the resource is not
 * subject to it. Runs in `plan` and in the pack, where it sees the real resource (hand edits too).
 */
export interface ResourceForm {
  /** Type tokens it inspects. */
  readonly types: readonly string[];
  check(r: ResourceView): Verdict[];
}

/** What every rule declares besides its forms. */
export interface RuleHead {
  /** The rule id, also the pack's policy name, e.g. "detection-outlasts-pause". */
  readonly id: string;
  /** What the rule protects against. */
  readonly description: string;
  readonly enforcement: Enforcement;
}

/** A rule with a cluster form (and maybe a resource form). */
export type ClusterRule = RuleHead & {
  readonly cluster: ClusterForm;
  readonly resource?: ResourceForm;
};
/** A rule with a resource form (and maybe a cluster form). */
export type ResourceRule = RuleHead & {
  readonly cluster?: ClusterForm;
  readonly resource: ResourceForm;
};
/** One policy rule: its head and at least one form. */
export type Rule = ClusterRule | ResourceRule;

type ClusterSpec = (f: ClusterFacts, v: VerdictMakers) => Verdict[];
interface ResourceSpec {
  types: readonly string[];
  check(r: ResourceView, v: VerdictMakers): Verdict[];
}

/** What `defineRule` takes: the rule's head and at least one form, each given its verdict makers. */
export type RuleSpec = RuleHead &
  (
    | { cluster: ClusterSpec; resource?: ResourceSpec }
    | { cluster?: ClusterSpec; resource: ResourceSpec }
  );

/** The forms a spec declares, as present (not optional) members of the rule. */
type FormsOf<S> = (S extends { cluster: ClusterSpec }
  ? { readonly cluster: ClusterForm }
  : unknown) &
  (S extends { resource: ResourceSpec } ? { readonly resource: ResourceForm } : unknown);

/** Builds the pass/fail verdicts of one rule. */
function verdicts(rule: Pick<RuleHead, "id" | "enforcement">): VerdictMakers {
  const make =
    (status: Verdict["status"]) =>
    (message: string): Verdict => ({
      rule: rule.id,
      enforcement: rule.enforcement,
      status,
      message,
    });
  return { pass: make("pass"), fail: make("fail") };
}

/**
 * Defines a rule once, with a cluster form, a resource form or both (the registry, `CLUSTER_RULES`,
 * `RESOURCE_CHECKS` and the pack are derived from it). Each form receives the rule's verdict makers.
 */
export function defineRule<S extends RuleSpec>(spec: S): Rule & FormsOf<S> {
  const v = verdicts(spec);
  const { cluster, resource } = spec;
  return {
    id: spec.id,
    description: spec.description,
    enforcement: spec.enforcement,
    ...(cluster && { cluster: (f: ClusterFacts) => cluster(f, v) }),
    ...(resource && {
      resource: { types: resource.types, check: (r: ResourceView) => resource.check(r, v) },
    }),
  } as Rule & FormsOf<S>;
}
