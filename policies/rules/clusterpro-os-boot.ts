/** Stack policy `clusterpro-os-boot`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { clusterproOsBoot as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const clusterproOsBoot: StackValidationPolicy = clusterPolicy(rule);
