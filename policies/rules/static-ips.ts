/** Resource policy `static-ips`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { staticIps as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const staticIps: ResourceValidationPolicy = resourcePolicy(rule);
