/** Stack policy `clusterpro-ping-target`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproPingTarget as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproPingTarget: StackValidationPolicy = clusterPolicy(rule);
