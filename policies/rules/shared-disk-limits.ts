/** Resource policy `shared-disk-limits`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { diskShares as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const sharedDiskLimits: ResourceValidationPolicy = resourcePolicy(rule);
