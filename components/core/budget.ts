/**
 * The failover budget of a cluster (pure): how long until a failure is detected, what pause it
 * tolerates, how long clients take to follow the active node, and an RTO estimate.
 */
import { wsfcDetectionSec } from "./heartbeat";
import type { ResolvedCluster } from "./types";

/** One cluster's failover budget, in seconds. */
export interface FailoverBudget {
  /** The cluster (component) name. */
  cluster: string;
  /** Time until the standby declares the active node dead. */
  detectionSec: number;
  /** The maintenance pause detection must outlast (`failover.toleratedPauseSec`, default 30). */
  toleratedPauseSec: number;
  /** Time until clients reach the new active node once it serves (probe flip, or DNS TTL + update). */
  clientSwitchSec: number;
  /** Estimate: detection + group start + client switch. */
  rtoSec: number;
  /** How much longer detection takes than the tolerated pause (> 0 required). */
  marginSec: number;
  /** Estimated time for the failover group / role to come online on the standby. */
  groupStartSec: number;
  /** How clients follow the active node: the LB probe, or the DNS record's TTL + update. */
  clientSwitch: "lb-probe" | "dns" | "none";
  /**
   * Planned maintenance (Reboot/Redeploy announced by Scheduled Events) of the active node:
   * with the agent, drain (group stop + start on a peer) + client switch, no detection timeout;
   * without it, the same as `rtoSec` (the cluster notices only when heartbeats stop). Always set
   * by `failoverBudget` (optional so hand-built budgets stay valid).
   */
  plannedMaintenanceSec?: number;
  /** "drain": the Scheduled Events agent moves the groups first; "detection": no agent. */
  plannedMaintenance?: "drain" | "detection";
}

/**
 * Estimated time for the in-guest updater to rewrite the A record once the group is online
 * (Azure CLI login + record-set update, or IMDS token + REST call).
 */
export const DNS_UPDATE_SEC = 15;

/** Estimated time for the failover group / role to come online on the standby. */
export const GROUP_START_SEC = 30;

/** Estimated time for a graceful stop of the group / role on the drained node. */
export const GROUP_STOP_SEC = 30;

/**
 * The failover budget of a cluster. Detection: WSFC same-subnet delay × threshold (the nodes
 * share one subnet), CLUSTERPRO heartbeat timeout. Client switch: LB probe interval × threshold,
 * or DNS TTL + the updater's time. RTO: detection + group start + client switch. Planned
 * maintenance with the Scheduled Events agent: group stop + group start + client switch.
 */
export function failoverBudget(c: ResolvedCluster): FailoverBudget {
  const sw = c.software;
  const detectionSec =
    sw.kind === "wsfc"
      ? wsfcDetectionSec(sw.heartbeat.sameSubnetDelayMs, sw.heartbeat.sameSubnetThreshold)
      : sw.kind === "clusterpro"
        ? sw.heartbeat.timeoutSec
        : 0;
  const clientSwitchSec = c.lb
    ? c.lb.probe.intervalSec * c.lb.probe.threshold
    : c.dns
      ? c.dns.ttlSec + DNS_UPDATE_SEC
      : 0;
  const start = sw.kind === "none" ? 0 : GROUP_START_SEC;
  const rtoSec = detectionSec + start + clientSwitchSec;
  const agent = sw.kind !== "none" && sw.scheduledEvents.enabled;
  return {
    cluster: c.name,
    detectionSec,
    toleratedPauseSec: c.failover.toleratedPauseSec,
    clientSwitchSec,
    rtoSec,
    marginSec: detectionSec - c.failover.toleratedPauseSec,
    groupStartSec: start,
    clientSwitch: c.lb ? "lb-probe" : c.dns ? "dns" : "none",
    plannedMaintenanceSec: agent ? GROUP_STOP_SEC + start + clientSwitchSec : rtoSec,
    plannedMaintenance: agent ? "drain" : "detection",
  };
}
