/**
 * The rule registry: every rule once. `CLUSTER_RULES`, `RESOURCE_CHECKS` and the policy pack
 * (`policies/rules.ts`) are derived from it, so a rule added here runs everywhere its forms allow.
 */
import {
  clusterproHeartbeatAbc,
  clusterproOsBoot,
  clusterproOsBootUnknown,
  clusterproPingTarget,
  clusterproPreFinalScript,
  clusterproShutdownMonitor,
} from "./clusterpro";
import {
  dnsTtlAdvice,
  faultDomains,
  floatingIpVipOwner,
  nodeEgress,
  probePortFree,
  sharedDiskLimits,
  tcpKeepAliveIdleTimeout,
} from "./network";
import {
  nodesPatchApart,
  noProbeAllProbedUp,
  nsgAllowsProbe,
  sharedDiskCachingNone,
  standardSku,
  staticIps,
} from "./resources";
import { scheduledEventsAgent } from "./scheduled-events";
import {
  detectionOutlastsPause,
  sqlAgLeaseBelowDetection,
  wsfcHeartbeatRanges,
  wsfcOsDetectionLimit,
  wsfcSameSubnetNotLooser,
} from "./timing";
import type { ClusterRule, ResourceRule, Rule } from "./types";
import { wsfcClientRole } from "./wsfc";

/**
 * Every rule, in report order: `CLUSTER_RULES` and `RESOURCE_CHECKS` keep it, and the pack lists
 * the rules it runs in their cluster form first, then those it runs in their resource form.
 */
export const RULES: readonly Rule[] = [
  detectionOutlastsPause,
  wsfcHeartbeatRanges,
  wsfcSameSubnetNotLooser,
  wsfcOsDetectionLimit,
  sqlAgLeaseBelowDetection,
  clusterproHeartbeatAbc,
  clusterproShutdownMonitor,
  clusterproOsBoot,
  clusterproOsBootUnknown,
  clusterproPreFinalScript,
  clusterproPingTarget,
  standardSku,
  staticIps,
  noProbeAllProbedUp,
  floatingIpVipOwner,
  probePortFree,
  nsgAllowsProbe,
  tcpKeepAliveIdleTimeout,
  faultDomains,
  sharedDiskLimits,
  sharedDiskCachingNone,
  nodesPatchApart,
  nodeEgress,
  dnsTtlAdvice,
  wsfcClientRole,
  scheduledEventsAgent,
];

/** Whether a rule has a cluster form. */
export const hasClusterForm = (r: Rule): r is ClusterRule => r.cluster !== undefined;
/** Whether a rule has a resource form. */
export const hasResourceForm = (r: Rule): r is ResourceRule => r.resource !== undefined;

/** Every rule with a cluster form: the components and `plan` run them on a cluster's settings. */
export const CLUSTER_RULES: readonly ClusterRule[] = RULES.filter(hasClusterForm);

/**
 * Every rule with a resource form: `plan` and the pack run them on the real resources. The pack
 * runs a rule with both forms in this one (it sees hand edits too).
 */
export const RESOURCE_CHECKS: readonly ResourceRule[] = RULES.filter(hasResourceForm);
