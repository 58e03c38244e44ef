/** Stack policy `clusterpro-pre-final-script`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproPreFinalScript as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproPreFinalScript: StackValidationPolicy = clusterPolicy(rule);
