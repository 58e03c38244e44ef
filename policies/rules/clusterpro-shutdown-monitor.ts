/** Stack policy `clusterpro-shutdown-monitor`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproShutdownMonitor as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproShutdownMonitor: StackValidationPolicy = clusterPolicy(rule);
