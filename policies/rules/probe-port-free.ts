/** Resource policy `probe-port-free`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { lbProbePort as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const probePortFree: ResourceValidationPolicy = resourcePolicy(rule);
