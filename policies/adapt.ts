/**
 * Turns the pure rules of components/core/rules into policy objects: a rule's cluster form
 * becomes a stack policy reading the stamped tags, its resource form a resource policy over the
 * inputs. A rule with both runs in its resource form (it sees the real resource, hand edits too).
 */
import type {
  Policies,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  decodeFactsTags,
  hasResourceForm,
  type ClusterFacts,
  type ClusterRule,
  type ResourceRule,
  type Rule,
} from "../components/core/rules";

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

/** A stack policy that runs a rule's cluster form on every cluster of the stack. */
export function clusterPolicy(rule: ClusterRule): StackValidationPolicy {
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: rule.enforcement,
    validateStack: (args, reportViolation) => {
      let applied = false;
      for (const g of clusterGroups(args.resources)) {
        for (const v of rule.cluster(g.facts)) {
          applied = true;
          if (v.status === "fail") reportViolation(`${g.facts.name}: ${v.message}`, g.urn);
        }
      }
      if (!applied) args.notApplicable(`no cluster in the stack is subject to ${rule.id}`);
    },
  };
}

/** A resource policy that runs a rule's resource form on the inputs of the types it inspects. */
export function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
  const { types, check } = rule.resource;
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: rule.enforcement,
    validateResource: (args, reportViolation) => {
      if (!types.includes(args.type)) args.notApplicable(`${rule.id} inspects ${types.join(", ")}`);
      const verdicts = check({ type: args.type, name: args.name, inputs: args.props });
      if (verdicts.length === 0) args.notApplicable(`${args.name} is not subject to ${rule.id}`);
      for (const v of verdicts) if (v.status === "fail") reportViolation(v.message);
    },
  };
}

/**
 * The pack's policies for the rules, one per rule id: the rules run in their cluster form (stack
 * policies) first, then those run in their resource form, each group in registry order.
 */
export function packPolicies(rules: readonly Rule[]): Policies {
  const stack: StackValidationPolicy[] = [];
  const resource: ResourceValidationPolicy[] = [];
  for (const r of rules) {
    if (hasResourceForm(r)) resource.push(resourcePolicy(r));
    else stack.push(clusterPolicy(r));
  }
  return [...stack, ...resource];
}
