/** Resource policy `fault-domains`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { availabilitySetFaultDomains as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const faultDomains: ResourceValidationPolicy = resourcePolicy(rule);
