/** Resource policy `nsg-allows-probe`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { nsgAllowsProbe as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const nsgAllowsProbe: ResourceValidationPolicy = resourcePolicy(rule);
