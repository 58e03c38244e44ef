/**
 * Runs the policy pack's rules (policies/rules.ts, never the pack itself) over the recorded
 * resources, as `pulumi preview --policy-pack policies` would: resource policies see each
 * resource's inputs, stack policies see one cluster's resources at a time (so a pass or a
 * violation is reported per cluster). Secrets reach the rules as "[secret]".
 */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { CLUSTER_RULES, decodeFactsTags, RESOURCE_CHECKS } from "../components/core/rules";
import { policies } from "../policies/rules";
import { PACKAGE } from "../components/core/tokens";
import { redact, type Recorder } from "./mocks";
import type { PolicyVerdict } from "./report";

const STACK_TYPE = "pulumi:pulumi:Stack";

class NotApplicable extends Error {}

const notApplicable = (why?: string): never => {
  throw new NotApplicable(why);
};

const OPTS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  additionalSecretOutputs: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

/** A resource as a policy sees it: its inputs as `props` (secrets already redacted). */
export function toPolicyResource(
  type: string,
  name: string,
  props: Record<string, any>,
): PolicyResource {
  return {
    type,
    name,
    urn: `urn:pulumi:plan::${PACKAGE}::${type}::${name}`,
    props,
    opts: OPTS,
    dependencies: [],
    propertyDependencies: {},
    isType: (c) => (c as unknown as { __pulumiType?: string }).__pulumiType === type,
    asType: ((c: { __pulumiType?: string }) =>
      c.__pulumiType === type ? props : undefined) as PolicyResource["asType"],
  };
}

/** Runs a resource policy on one resource: its violations, or null when it does not apply. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  r: PolicyResource,
): Promise<string[] | null> {
  const args: ResourceValidationArgs = {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.props,
    opts: r.opts,
    stackTags: new Map(),
    isType: r.isType,
    asType: r.asType as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
  const messages: string[] = [];
  let applies = true;
  for (const fn of [policy.validateResource ?? []].flat()) {
    try {
      await fn(args, (m) => messages.push(m));
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
      applies = false;
    }
  }
  return !applies && messages.length === 0 ? null : messages;
}

/** Runs a stack policy on a set of resources: its violations, or null when it does not apply. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: PolicyResource[],
): Promise<string[] | null> {
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
  const messages: string[] = [];
  try {
    await policy.validateStack(args, (m) => messages.push(m));
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
    return null;
  }
  return messages;
}

type Enforcement = PolicyVerdict["enforcement"];
const level = (p: { enforcementLevel?: string }): Enforcement =>
  p.enforcementLevel === "mandatory" ? "mandatory" : "advisory";

/** The pass message of a rule, from the pure rule behind the policy. */
function passMessage(id: string, run: () => string[]): string {
  const msgs = run();
  return msgs.length > 0 ? msgs.join("; ") : `${id}: no violation`;
}

export async function evaluatePolicies(rec: Recorder): Promise<PolicyVerdict[]> {
  const resources: PolicyResource[] = rec.resources
    .filter((r) => r.custom && r.type !== STACK_TYPE)
    .map((r) => toPolicyResource(r.type, r.name, redact(r.inputs) as Record<string, any>));

  const out: PolicyVerdict[] = [];
  for (const p of policies) {
    if ("validateResource" in p) {
      const policy = p as ResourceValidationPolicy;
      const check = RESOURCE_CHECKS.find((c) => c.id === policy.name);
      for (const r of resources) {
        const messages = await runResourcePolicy(policy, r);
        if (messages === null) continue;
        const base = { policy: policy.name, resource: r.name, enforcement: level(policy) };
        if (messages.length > 0) {
          for (const message of messages) out.push({ ...base, status: "fail", message });
        } else {
          const message = passMessage(policy.name, () =>
            (check?.resource.check({ type: r.type, name: r.name, inputs: r.props }) ?? []).map(
              (v) => v.message,
            ),
          );
          out.push({ ...base, status: "pass", message });
        }
      }
    } else {
      const policy = p as StackValidationPolicy;
      const rule = CLUSTER_RULES.find((c) => c.id === policy.name);
      const groups = new Map<string, PolicyResource[]>();
      for (const r of resources) {
        const name = decodeFactsTags(r.props.tags)?.name;
        if (name === undefined) continue;
        groups.set(name, [...(groups.get(name) ?? []), r]);
      }
      for (const [cluster, members] of groups) {
        const messages = await runStackPolicy(policy, members);
        if (messages === null) continue;
        const base = { policy: policy.name, resource: cluster, enforcement: level(policy) };
        if (messages.length > 0) {
          for (const message of messages) out.push({ ...base, status: "fail", message });
        } else {
          const facts = decodeFactsTags(members[0].props.tags)!;
          const message = passMessage(policy.name, () =>
            (rule?.cluster(facts) ?? []).map((v) => v.message),
          );
          out.push({ ...base, status: "pass", message });
        }
      }
    }
  }
  return out;
}
