/** Stack policy `sql-ag-lease-below-detection`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { sqlAgLeaseBelowDetection as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const sqlAgLeaseBelowDetection: StackValidationPolicy = clusterPolicy(rule);
