/** Stack policy `node-egress`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { nodeEgress as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const nodeEgress: StackValidationPolicy = clusterPolicy(rule);
