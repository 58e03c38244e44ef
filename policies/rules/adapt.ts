/**
 * Turns the pure rules of components/core/rules into policy objects: cluster rules become stack
 * policies reading the stamped tags, resource checks become resource policies over the inputs.
 */
import type {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  decodeFactsTags,
  type ClusterFacts,
  type ClusterRule,
  type ResourceCheck,
} from "../../components/core/rules";

/** One cluster in a stack: its facts (from the first resource stamped with them) and that URN. */
export interface ClusterGroup {
  facts: ClusterFacts;
  urn: string;
}

/** The clusters of a stack, found through the `ha-cluster-*` tags of their resources. */
export function clusterGroups(
  resources: readonly Pick<PolicyResource, "props" | "urn">[],
): ClusterGroup[] {
  const byName = new Map<string, ClusterGroup>();
  for (const r of resources) {
    const facts = decodeFactsTags(r.props?.tags);
    if (facts && !byName.has(facts.name)) byName.set(facts.name, { facts, urn: r.urn });
  }
  return [...byName.values()];
}

/** A stack policy that runs a cluster rule on every cluster of the stack. */
export function clusterPolicy(rule: ClusterRule): StackValidationPolicy {
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: rule.enforcement,
    validateStack: (args, reportViolation) => {
      let applied = false;
      for (const g of clusterGroups(args.resources)) {
        for (const v of rule.evaluate(g.facts)) {
          applied = true;
          if (v.status === "fail") reportViolation(`${g.facts.name}: ${v.message}`, g.urn);
        }
      }
      if (!applied) args.notApplicable(`no cluster in the stack is subject to ${rule.id}`);
    },
  };
}

/** A resource policy that runs a resource check on the inputs of the types it inspects. */
export function resourcePolicy(check: ResourceCheck): ResourceValidationPolicy {
  return {
    name: check.id,
    description: check.description,
    enforcementLevel: check.enforcement,
    validateResource: (args, reportViolation) => {
      if (!check.types.includes(args.type))
        args.notApplicable(`${check.id} inspects ${check.types.join(", ")}`);
      const verdicts = check.check({ type: args.type, name: args.name, inputs: args.props });
      if (verdicts.length === 0) args.notApplicable(`${args.name} is not subject to ${check.id}`);
      for (const v of verdicts) if (v.status === "fail") reportViolation(v.message);
    },
  };
}
