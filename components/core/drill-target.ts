/**
 * What `azure-ha-cluster drill` needs to find a deployed cluster's resources, derived from the
 * resolved config the same way the components name them (pure; every component's `drillTarget`,
 * exported by the stack program).
 */
import { failoverBudget, type FailoverBudget } from "./budget";
import { childName } from "./naming";
import type { Topology } from "./schema";
import type { ResolvedCluster } from "./types";

/** A deployed cluster as the drill sees it. Plain JSON (stack outputs carry it). */
export interface DrillTarget {
  /** Cluster (component) name; the `ha-cluster` tag of every child. */
  cluster: string;
  /** internal-lb | public-lb | dns. */
  topology: Topology;
  /** Resource group of the VMs and the LB. */
  resourceGroupName: string;
  /** In-guest cluster software. */
  software: "clusterpro" | "wsfc" | "none";
  /** OS family of the nodes (decides RunShellScript or RunPowerShellScript). */
  osFamily: "linux" | "windows";
  /** The nodes, in config order. */
  nodes: {
    /** Node name in the config. */
    name: string;
    /** Azure VM name. */
    vm: string;
    /** The cluster software's name for the node (CLUSTERPRO servers are lowercase). */
    clusterNode: string;
    /** Static private IP (the LB backend address). */
    privateIp: string;
  }[];
  /** The failover group (CLUSTERPRO) or role (WSFC) the drill moves. */
  group: string;
  /** LB topologies: the load balancer; undefined for dns. */
  loadBalancer?: {
    /** The LB's Azure name. */
    name: string;
    /** Its load-balancing rule names (the drill reads the first one's health). */
    rules: string[];
  };
  /** DNS topology: the record clients resolve; undefined for the LB topologies. */
  dns?: {
    /** Zone name. */
    zoneName: string;
    /** Resource group of the zone. */
    zoneResourceGroup: string;
    /** Record set name (relative). */
    recordName: string;
    /** TTL the updater sets, in seconds. */
    ttlSec: number;
    /** Private zone (not supported by the drill). */
    private: boolean;
  };
  /** The plan's failover budget (the same function the planner uses). */
  failoverBudget: FailoverBudget;
}

/**
 * The drill target of a resolved cluster (users read it from a component's `drillTarget`).
 * @internal
 */
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
