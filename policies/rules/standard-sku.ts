/** Resource policy `standard-sku`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { standardSku as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const standardSku: ResourceValidationPolicy = resourcePolicy(rule);
