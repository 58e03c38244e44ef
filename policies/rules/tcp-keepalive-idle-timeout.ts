/** Resource policy `tcp-keepalive-idle-timeout`: checks the real resource's inputs (catches hand edits too). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { keepAliveIdle as rule } from "../../components/core/rules";
import { resourcePolicy } from "./adapt";

export const tcpKeepaliveIdleTimeout: ResourceValidationPolicy = resourcePolicy(rule);
