/** Stack policy `detection-outlasts-pause`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { detectionOutlastsPause as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const detectionOutlastsPause: StackValidationPolicy = clusterPolicy(rule);
