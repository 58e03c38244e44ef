/** Stack policy `wsfc-heartbeat-ranges`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { wsfcHeartbeatRanges as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const wsfcHeartbeatRanges: StackValidationPolicy = clusterPolicy(rule);
