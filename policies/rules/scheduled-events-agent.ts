/** Stack policy `scheduled-events-agent`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { scheduledEventsAgent as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const scheduledEventsAgent: StackValidationPolicy = clusterPolicy(rule);
