/** Resource policy `floating-ip-vip-owner`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { lbFloatingIp as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const floatingIpVipOwner: ResourceValidationPolicy = resourcePolicy(rule);
