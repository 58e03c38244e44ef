/**
 * The pack's policies (only `index.ts` constructs the PolicyPack; tests and `plan` import this).
 * Cluster rules whose resource form exists (floating IP, probe port, keep-alive, fault domains,
 * shared disks) run here in that form: it sees the real resource, hand edits included.
 */
import type { Policies } from "@pulumi/policy";
import { clusterproHeartbeatAbc } from "./rules/clusterpro-heartbeat-abc";
import { clusterproOsBoot } from "./rules/clusterpro-os-boot";
import { clusterproOsBootUnknown } from "./rules/clusterpro-os-boot-unknown";
import { clusterproPingTarget } from "./rules/clusterpro-ping-target";
import { clusterproPreFinalScript } from "./rules/clusterpro-pre-final-script";
import { clusterproShutdownMonitor } from "./rules/clusterpro-shutdown-monitor";
import { detectionOutlastsPause } from "./rules/detection-outlasts-pause";
import { dnsTtl } from "./rules/dns-ttl";
import { faultDomains } from "./rules/fault-domains";
import { floatingIpVipOwner } from "./rules/floating-ip-vip-owner";
import { noProbeAllProbedUp } from "./rules/no-probe-all-probed-up";
import { nodeEgress } from "./rules/node-egress";
import { nodesPatchApart } from "./rules/nodes-patch-apart";
import { nsgAllowsProbe } from "./rules/nsg-allows-probe";
import { pacemakerCorosyncToken } from "./rules/pacemaker-corosync-token";
import { probePortFree } from "./rules/probe-port-free";
import { scheduledEventsAgent } from "./rules/scheduled-events-agent";
import { sharedDiskCachingNone } from "./rules/shared-disk-caching-none";
import { sharedDiskLimits } from "./rules/shared-disk-limits";
import { sqlAgLeaseBelowDetection } from "./rules/sql-ag-lease-below-detection";
import { standardSku } from "./rules/standard-sku";
import { staticIps } from "./rules/static-ips";
import { tcpKeepaliveIdleTimeout } from "./rules/tcp-keepalive-idle-timeout";
import { wsfcHeartbeatRanges } from "./rules/wsfc-heartbeat-ranges";
import { wsfcClientRole } from "./rules/wsfc-client-role";
import { wsfcOsDetectionLimit } from "./rules/wsfc-os-detection-limit";
import { wsfcSameSubnetNotLooser } from "./rules/wsfc-same-subnet-not-looser";

export { clusterGroups } from "./rules/adapt";

/** Every policy of the pack, cluster (stack) rules first. */
export const policies: Policies = [
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
  pacemakerCorosyncToken,
  nodeEgress,
  dnsTtl,
  wsfcClientRole,
  scheduledEventsAgent,
  standardSku,
  staticIps,
  noProbeAllProbedUp,
  floatingIpVipOwner,
  probePortFree,
  nsgAllowsProbe,
  tcpKeepaliveIdleTimeout,
  faultDomains,
  sharedDiskLimits,
  sharedDiskCachingNone,
  nodesPatchApart,
];
