/** Stack policy `wsfc-same-subnet-not-looser`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { wsfcSameSubnetNotLooser as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const wsfcSameSubnetNotLooser: StackValidationPolicy = clusterPolicy(rule);
