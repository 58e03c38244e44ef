/**
 * The policy rules, shared by the components (construction fails on a mandatory violation),
 * the offline planner and the policy pack (`policies/`).
 */
import type { ResolvedCluster } from "../types";
import { REPORT_POLICIES } from "../tokens";
import { clusterFacts } from "./facts";
import { CLUSTER_RULES } from "./registry";
import type { Verdict } from "./types";

export * from "./types";
export * from "./facts";
export * from "./registry";
export * from "./timing";
export * from "./clusterpro";
export * from "./network";
export * from "./resources";
export * from "./wsfc";
export * from "./scheduled-events";

/** Every cluster rule's verdicts for one resolved cluster. */
export function evaluateCluster(c: ResolvedCluster): Verdict[] {
  const f = clusterFacts(c);
  return CLUSTER_RULES.flatMap((r) => r.cluster(f));
}

/** A verdict with the cluster it concerns. */
export interface ClusterVerdict extends Verdict {
  /** The cluster the verdict is about. */
  cluster: string;
}

/** PolicyViolationError's brand; why a brand and not instanceof: see isConfigError (errors.ts). */
const POLICY_VIOLATION_ERROR: unique symbol = Symbol.for("azure-ha-cluster.PolicyViolationError");

/** Thrown before any resource exists when a mandatory rule fails. Carries every verdict. */
export class PolicyViolationError extends Error {
  /** All verdicts of the clusters checked (passes included). */
  readonly verdicts: ClusterVerdict[];
  constructor(verdicts: ClusterVerdict[]) {
    const failed = verdicts.filter((v) => v.status === "fail" && v.enforcement === "mandatory");
    super(
      [
        `mandatory policy violation${failed.length === 1 ? "" : "s"} (${failed.length}):`,
        ...failed.map((v) => `  ${v.cluster}: [${v.rule}] ${v.message}`),
      ].join("\n"),
    );
    this.name = "PolicyViolationError";
    this.verdicts = verdicts;
    Object.defineProperty(this, POLICY_VIOLATION_ERROR, { value: true });
  }
}

/** Whether `e` is a PolicyViolationError thrown by any copy of this package. */
export function isPolicyViolationError(e: unknown): e is PolicyViolationError {
  return (
    typeof e === "object" &&
    e !== null &&
    (e as Record<symbol, unknown>)[POLICY_VIOLATION_ERROR] === true
  );
}

/** Runs the cluster rules; throws PolicyViolationError when a mandatory one fails. */
export function enforcePolicies(clusters: readonly ResolvedCluster[]): ClusterVerdict[] {
  const all = clusters.flatMap((c) => evaluateCluster(c).map((v) => ({ ...v, cluster: c.name })));
  // The offline planner sets this symbol: it reports the failure (exit 1) after showing what
  // would be created, instead of an empty plan.
  const planning = (globalThis as Record<symbol, unknown>)[REPORT_POLICIES];
  if (!planning && all.some((v) => v.status === "fail" && v.enforcement === "mandatory"))
    throw new PolicyViolationError(all);
  return all;
}
