/** Stack policy `dns-ttl`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { dnsTtlAdvice as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const dnsTtl: StackValidationPolicy = clusterPolicy(rule);
