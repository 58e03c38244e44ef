/** Stack policy `clusterpro-os-boot-unknown`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproOsBootUnknown as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproOsBootUnknown: StackValidationPolicy = clusterPolicy(rule);
