/** Stack policy `clusterpro-heartbeat-abc`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproHeartbeatAbc as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproHeartbeatAbc: StackValidationPolicy = clusterPolicy(rule);
