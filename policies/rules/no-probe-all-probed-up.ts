/** Resource policy `no-probe-all-probed-up`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { noProbeAllProbedUp as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const noProbeAllProbedUp: ResourceValidationPolicy = resourcePolicy(rule);
