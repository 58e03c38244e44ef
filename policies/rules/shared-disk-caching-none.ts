/** Resource policy `shared-disk-caching-none`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { sharedDiskCachingNone as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const sharedDiskCachingNone: ResourceValidationPolicy = resourcePolicy(rule);
