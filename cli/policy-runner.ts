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
    .map((r) => {
      const props = redact(r.inputs) as Record<string, any>;
      const urn = `urn:pulumi:plan::azure-ha-cluster::${r.type}::${r.name}`;
      const res: PolicyResource = {
        type: r.type,
        name: r.name,
        urn,
        props,
        opts: OPTS,
        dependencies: [],
        propertyDependencies: {},
        isType: (c) => (c as unknown as { __pulumiType?: string }).__pulumiType === r.type,
        asType: ((c: { __pulumiType?: string }) =>
          c.__pulumiType === r.type ? props : undefined) as PolicyResource["asType"],
      };
      return res;
    });

  const out: PolicyVerdict[] = [];
  for (const p of policies) {
    if ("validateResource" in p) {
      const policy = p as ResourceValidationPolicy;
      const check = RESOURCE_CHECKS.find((c) => c.id === policy.name);
      for (const r of resources) {
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
        if (!applies && messages.length === 0) continue;
        const base = { policy: policy.name, resource: r.name, enforcement: level(policy) };
        if (messages.length > 0) {
          for (const message of messages) out.push({ ...base, status: "fail", message });
        } else {
          const message = passMessage(policy.name, () =>
            (check?.check({ type: r.type, name: r.name, inputs: r.props }) ?? []).map(
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
        const args: StackValidationArgs = {
          resources: members,
          stackTags: new Map(),
          getConfig: <T extends object>() => ({}) as T,
          notApplicable,
        };
        const messages: string[] = [];
        try {
          await policy.validateStack(args, (m) => messages.push(m));
        } catch (e) {
          if (!(e instanceof NotApplicable)) throw e;
          continue;
        }
        const base = { policy: policy.name, resource: cluster, enforcement: level(policy) };
        if (messages.length > 0) {
          for (const message of messages) out.push({ ...base, status: "fail", message });
        } else {
          const facts = decodeFactsTags(members[0].props.tags)!;
          const message = passMessage(policy.name, () =>
            (rule?.evaluate(facts) ?? []).map((v) => v.message),
          );
          out.push({ ...base, status: "pass", message });
        }
      }
    }
  }
  return out;
}
