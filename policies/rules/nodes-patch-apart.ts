/** Resource policy `nodes-patch-apart`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { nodesPatchApart as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const nodesPatchApart: ResourceValidationPolicy = resourcePolicy(rule);
