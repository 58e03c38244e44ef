/** Stack policy `pacemaker-corosync-token`: the pure rule run on every cluster's stamped settings. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { pacemakerCorosyncToken as rule } from "../../components/core/rules";
import { clusterPolicy } from "./adapt";

export const pacemakerCorosyncToken: StackValidationPolicy = clusterPolicy(rule);
