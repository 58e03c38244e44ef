/** Stack policy `wsfc-os-detection-limit`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { wsfcOsDetectionLimit as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const wsfcOsDetectionLimit: StackValidationPolicy = clusterPolicy(rule);
