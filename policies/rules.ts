/**
 * The pack's policies (only `index.ts` constructs the PolicyPack; tests and `plan` import this),
 * derived from the rule registry (components/core/rules/registry.ts): one policy per rule id.
 * Rules with a resource form (floating IP, probe port, keep-alive, fault domains, shared disks
 * and the resource-only rules) run here in that form: it sees the real resource, hand edits included.
 */
import type { Policies } from "@pulumi/policy";
import { RULES } from "../components/core/rules";
import { packPolicies } from "./adapt";

export { clusterGroups } from "./adapt";

/** Every policy of the pack, stack policies (cluster forms) first. */
export const policies: Policies = packPolicies(RULES);
