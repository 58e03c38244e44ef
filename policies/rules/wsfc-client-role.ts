/** Stack policy `wsfc-client-role`: the pure rule run on every cluster's settings (not stamped: passes in the pack). */
import type { StackValidationPolicy } from "@pulumi/policy";
import { wsfcClientRole as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const wsfcClientRole: StackValidationPolicy = clusterPolicy(rule);
