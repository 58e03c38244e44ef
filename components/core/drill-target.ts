/**
 * What `azure-ha-cluster drill` needs to find a deployed cluster's resources, derived from the
 * resolved config the same way the components name them (pure; exported by the stack program).
 */
import { failoverBudget, type FailoverBudget } from "./budget";
import { childName } from "./naming";
import type { ResolvedCluster } from "./types";

/** A deployed cluster as the drill sees it. Plain JSON (stack outputs carry it). */
export interface DrillTarget {
  /** Cluster (component) name; the `ha-cluster` tag of every child. */
  cluster: string;
  /** internal-lb | public-lb | dns. */
  topology: ResolvedCluster["topology"];
  /** Resource group of the VMs and the LB. */
  resourceGroupName: string;
  /** In-guest cluster software. */
  software: "clusterpro" | "wsfc" | "none";
  /** OS family of the nodes (decides RunShellScript or RunPowerShellScript). */
  osFamily: "linux" | "windows";
  /** Nodes: Azure VM name, the cluster's own name for the node, private IP. */
  nodes: { name: string; vm: string; clusterNode: string; privateIp: string }[];
  /** The failover group (CLUSTERPRO) or role (WSFC) the drill moves. */
  group: string;
  /** LB topologies: the LB's Azure name and its load-balancing rule names. */
  loadBalancer?: { name: string; rules: string[] };
  /** DNS topology: the zone, its resource group, the record and its TTL. */
  dns?: {
    zoneName: string;
    zoneResourceGroup: string;
    recordName: string;
    ttlSec: number;
    private: boolean;
  };
  /** The plan's failover budget (the same function the planner uses). */
  failoverBudget: FailoverBudget;
}

/** The drill target of a resolved cluster. */
export function drillTarget(c: ResolvedCluster): DrillTarget {
  const sw = c.software;
  return {
    cluster: c.name,
    topology: c.topology,
    resourceGroupName: c.resourceGroupName,
    software: sw.kind,
    osFamily: c.vm.osFamily,
    nodes: c.nodes.map((n) => ({
      name: n.name,
      // nodes.ts: vmName and computerName are the node name; CLUSTERPRO servers are lowercase
      vm: n.name,
      clusterNode: sw.kind === "clusterpro" ? n.name.toLowerCase() : n.name,
      privateIp: n.privateIp,
    })),
    // CLUSTERPRO: the seeds' group name (bootstrap/clusterpro/params.ts NAMES.group)
    group: sw.kind === "wsfc" ? sw.roleName : "failover1",
    loadBalancer: c.lb
      ? { name: childName(c.name, "lb"), rules: c.lb.rules.map((r) => r.name) }
      : undefined,
    dns: c.dns
      ? {
          zoneName: c.dns.zoneName,
          zoneResourceGroup: c.dns.existingZone?.resourceGroupName ?? c.resourceGroupName,
          recordName: c.dns.recordName,
          ttlSec: c.dns.ttlSec,
          private: c.dns.private,
        }
      : undefined,
    failoverBudget: failoverBudget(c),
  };
}
