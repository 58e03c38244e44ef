/**
 * Public argument types of the three cluster components (hand-written: they carry the TypeDoc),
 * and the resolved (defaults applied) form every builder works from, derived from the schema.
 * The Args types are pinned to the zod schema in `schema.ts` by test/contract-types.test.ts:
 * `z.input` of each schema and its Args type must be identical, so drift fails the build.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { OsFamily, OsName, ImageReference } from "./os";
import type {
  bootstrapSchema,
  clusterproNpSchema,
  clusterproSchema,
  createdNetworkSchema,
  dataDiskSchema,
  DefaultedEntry,
  DiskSku,
  dnsSchema,
  existingNetworkSchema,
  internalLbSchema,
  lbRuleSchema,
  nodeSchema,
  noneSchema,
  SecretInput,
  sharedDiskSchema,
  Topology,
  vmSchema,
  wsfcSchema,
} from "./schema";
import type { ScheduledEventsArgs } from "./scheduled-events";
import type { ResolvedScheduledEvents } from "./scheduled-events";

export type { DiskSku, SecretInput, Topology, OsName, OsFamily, ImageReference };
export type { ScheduledEventsArgs };
/** @internal */
export type { ResolvedScheduledEvents } from "./scheduled-events";

/** Create a VNet and subnet for the cluster. */
export interface CreatedNetworkArgs {
  /** VNet address space (CIDR), e.g. "10.5.0.0/24". */
  addressSpace: string;
  /** Subnet of the nodes (CIDR) inside `addressSpace`; /29 or larger. */
  subnetPrefix: string;
  /** Attach a NAT gateway to the subnet for node egress. Default: true. */
  natGateway?: boolean;
  /** Azure name of the VNet. Default: "<cluster>-vnet". */
  vnetName?: string;
  /** Azure name of the subnet. Default: "<cluster>-subnet". */
  subnetName?: string;
  /**
   * DNS servers of the VNet (its DHCP options, `dhcpOptions.dnsServers`), e.g. the domain
   * controllers a domain cluster joins through. Required for a WSFC domain cluster on a created
   * VNet. Default: none (Azure-provided DNS).
   */
  dnsServers?: string[];
  /**
   * WSFC only: a second subnet (CIDR, inside `addressSpace`, not overlapping `subnetPrefix`) for
   * cluster-only traffic, seed 000's interconnect LAN. Every node then gets a second static NIC
   * there (`nodes[].interconnectIp`), in no LB pool and with no public IP. Microsoft's current
   * guidance is one NIC per node; this exists for fidelity to the seed. Default: none.
   */
  interconnectSubnetPrefix?: string;
}

/** Use an existing subnet. Its owner attaches egress (NAT gateway) to it. */
export interface ExistingNetworkArgs {
  /** Resource id of the subnet. */
  subnetId: pulumi.Input<string>;
  /** The subnet's prefix (CIDR), needed to check addresses before anything is created. */
  subnetPrefix: string;
  /**
   * Must stay false/absent: a NAT gateway belongs to the subnet's owner. Default: false (the
   * component attaches no NAT gateway to an existing subnet).
   */
  natGateway?: boolean;
}

/** One cluster node. Resource names derive from `name`, never from the position in the list. */
export interface NodeArgs {
  /** VM and computer name (CLUSTERPRO: lowercase; Windows: at most 15 characters). */
  name: string;
  /** Static private IP of the node's NIC, inside the subnet. */
  privateIp: string;
  /** Availability zone ("1"–"3") with `placement.zones`. Default: round-robin over the zones. */
  zone?: string;
  /**
   * Static IP of the node's second NIC on `network.interconnectSubnetPrefix` (required there,
   * forbidden otherwise). Default: none.
   */
  interconnectIp?: string;
}

/** Availability set or zones. Default: an availability set with 2 fault and 5 update domains. */
export type PlacementArgs =
  | {
      /** Place the nodes in an availability set. */
      availabilitySet: {
        /** Fault domains, 1–3. Default: 2. */
        faultDomains?: number;
        /** Update domains, 1–20. Default: 5. */
        updateDomains?: number;
      };
    }
  | {
      /**
       * Place the nodes in these availability zones ("1", "2", "3"; at least one, no repeats).
       * Nodes without `zone` are spread round-robin over them. No default.
       */
      zones: ("1" | "2" | "3")[];
    };

/** The nodes' VM settings. */
export interface VmArgs {
  /** VM size, e.g. "Standard_D2s_v5". */
  size: string;
  /** Friendly OS name; decides the image and the bootstrap language. */
  os: OsName;
  /** Local administrator user. */
  adminUsername: string;
  /** Administrator password (secret). Default: a generated 24-character RandomPassword. */
  adminPassword?: SecretInput;
  /**
   * Linux: SSH public keys; when given, password login is switched off. Default: none (password
   * login).
   */
  sshPublicKeys?: string[];
  /** Image version. Default: "latest" (pin it for reproducible environments). */
  imageVersion?: string;
  /** OS disk SKU. Default: StandardSSD_LRS. */
  osDiskSku?: DiskSku;
}

/** The per-node data disk (CLUSTERPRO mirror disk). */
export interface DataDiskArgs {
  /** Size in GiB, 1–65536. */
  sizeGb: number;
  /** Disk SKU. Default: StandardSSD_LRS. */
  sku?: DiskSku;
  /** LUN, 0–63. Default: 0. */
  lun?: number;
}

/** An Azure shared disk attached to every node (host caching None). */
export interface SharedDiskArgs {
  /** Name (unique within the cluster; up to 31 lowercase letters, digits and hyphens). */
  name: string;
  /** Size in GiB, 1–65536. */
  sizeGb: number;
  /** Disk SKU (Standard_LRS cannot be shared). Default: Premium_LRS. */
  sku?: DiskSku;
  /**
   * Nodes that may attach it, 2–15, ≥ the node count, within Azure's limit for the SKU and size.
   * Default: the node count.
   */
  maxShares?: number;
  /** LUN, 0–63. Default: 1 + the index of the disk (the data disk takes 0). */
  lun?: number;
}

/** An internal/public LB rule. */
export interface LbRuleArgs {
  /** Frontend port, 1–65535 (0 only for HA ports). No default. */
  frontendPort: number;
  /**
   * Backend port, 1–65535 (0 only for HA ports); equal to `frontendPort` with CLUSTERPRO DSR. No
   * default.
   */
  backendPort: number;
  /** Tcp, Udp or All (HA ports). Default: Tcp. */
  protocol?: "Tcp" | "Udp" | "All";
  /** Idle timeout in minutes, 4–100. Default: 4. */
  idleTimeoutMinutes?: number;
}

/** The LB health probe. */
export interface ProbeArgs {
  /** Seconds between probes (≥ 5). Default: 5. */
  intervalSec?: number;
  /** Consecutive probe answers that flip a node's state, 1–100. Default: 2. */
  threshold?: number;
}

/** Internal Standard load balancer whose frontend IP is the cluster VIP. */
export interface InternalLbArgs {
  /** The VIP: a free static address in the subnet. No default. */
  frontendIp: string;
  /** TCP port that only the active node answers, 1–65535. No default. */
  probePort: number;
  /**
   * Floating IP (DSR). Default: true for WSFC (required), false otherwise. CLUSTERPRO + true = DSR.
   */
  floatingIp?: boolean;
  /** One HA-ports rule (protocol All, port 0) instead of `rules`. Default: false. */
  haPorts?: boolean;
  /** Probe timing. Default: 5 s × 2. */
  probe?: ProbeArgs;
  /** NSG sources allowed to the backend ports. Default: ["VirtualNetwork"]. */
  clientSources?: string[];
  /**
   * Load-balancing rules (at most 100). Required unless `haPorts` (then the component makes the
   * one rule).
   */
  rules?: LbRuleArgs[];
}

/** Public Standard load balancer. */
export interface PublicLbArgs {
  /** TCP port that only the active node answers, 1–65535. No default. */
  probePort: number;
  /** Floating IP. Default: true for WSFC, false otherwise. */
  floatingIp?: boolean;
  /** Probe timing. Default: 5 s × 2. */
  probe?: ProbeArgs;
  /** NSG sources allowed to the backend ports. Default: ["Internet"] (as the seeds; narrow it). */
  clientSources?: string[];
  /** Load-balancing rules (at least one; Tcp/Udp, ports 1–65535). No default. */
  rules: LbRuleArgs[];
  /** DNS label of the public IP (`<label>.<region>.cloudapp.azure.com`). Default: none. */
  dnsLabel?: string;
  /** Zone-redundant public IP. Default: true where the region has availability zones. */
  zoneRedundant?: boolean;
}

/** The DNS updater's service principal (CLUSTERPRO's azuredns resource logs in with it). */
export interface DnsUpdaterArgs {
  /** Microsoft Entra tenant id (GUID) the service principal belongs to. No default. */
  tenantId: string;
  /** Application (client) id (GUID): the azuredns "User URI". No default. */
  appId: string;
  /**
   * Object id (GUID) of the service principal: receives the custom DNS role at zone scope. No
   * default.
   */
  objectId: string;
  /** PEM of the service principal's certificate (secret). No default. */
  certificatePem: SecretInput;
}

/** Azure DNS name switching. */
export interface DnsArgs {
  /** DNS zone, e.g. "cluster1.zone" (two or more labels). No default. */
  zoneName: string;
  /** Record set name (relative, one label or "@"), e.g. "test-record1". No default. */
  recordName: string;
  /** TTL set on every update. Default: 30 s (Azure's default is 3600). */
  ttlSec?: number;
  /** Private DNS zone linked to the VNet (WSFC only). Default: false. */
  private?: boolean;
  /** Use an existing zone in this resource group. Default: the component creates the zone. */
  existingZone?: {
    /** Resource group that holds the existing zone. */
    resourceGroupName: string;
  };
  /**
   * The updater's role at zone scope. "custom": one least-privilege custom role per resource group
   * of the zone (deterministic name and GUID, assignable at that group, shared by the clusters
   * there); `{ roleDefinitionId }`: a role you defined; "dns-zone-contributor": Azure's built-in
   * DNS Zone Contributor (or Private DNS Zone Contributor), broader: every record of the zone.
   * Default: "custom".
   */
  updaterRole?:
    | "custom"
    | "dns-zone-contributor"
    | {
        /** Full resource id of the role definition to assign at the zone. */
        roleDefinitionId: string;
      };
  /**
   * TCP ports clients reach on the node addresses the record points at; the NSG allows them
   * from `clientSources`. At most 100; SSH/RDP/WinRM ports are refused with an Internet-wide
   * source. Default: none (Azure's default NSG rule already admits the VNet).
   */
  clientPorts?: number[];
  /** NSG sources allowed to `clientPorts`. Default: ["VirtualNetwork"]. */
  clientSources?: string[];
  /**
   * CLUSTERPRO (required there): the service principal; WSFC uses a managed identity instead.
   * Default: none.
   */
  updater?: DnsUpdaterArgs;
}

/** CLUSTERPRO NP resolution settings. */
export interface ClusterproNetworkPartitionArgs {
  /**
   * Internal LB: always-on hosts in the VNet for PING NP (required there, 1–16). Default:
   * none.
   */
  pingTargets?: string[];
  /**
   * DNS/public LB: the endpoint genw1 checks, a host name or IPv4 address. Default:
   * "management.azure.com".
   */
  endpoint?: string;
  /** Port of `endpoint`. Default: 443. */
  port?: number;
  /**
   * genw1/ipw1/ipw2 interval, 1–999 s. Default: Linux 30 s, Windows 60 s (derived from the seeds).
   */
  intervalSec?: number;
  /** genw1/ipw1/ipw2 retries, 0–999. Default: 1. */
  retries?: number;
  /** mtw1 interval, 1–999 s. Default: 30 s. */
  multiTargetIntervalSec?: number;
  /** mtw1 retries, 0–999. Default: Linux 0, Windows 1. */
  multiTargetRetries?: number;
  /** Grace C in A + B + C, 0–9999 s. Default: 30 s. */
  graceSec?: number;
  /** Public LB: timeout of the script run before mtw1's final action. Default: 30 s. */
  preFinalScriptTimeoutSec?: number;
}

/** CLUSTERPRO X / EXPRESSCLUSTER X. */
export interface ClusterproArgs {
  /** Selects CLUSTERPRO X / EXPRESSCLUSTER X. */
  kind: "clusterpro";
  /** Product version, 4.3–5.0 (clpcfset), e.g. "5.0". No default. */
  version: string;
  /** Heartbeat settings. Default: the timeout below, the product's interval. */
  heartbeat?: {
    /**
     * Heartbeat timeout, 1–9999 s. Default: A + B + C of the NP monitors (DNS, public LB; 120 s
     * Linux / 210 s Windows with the default monitors), or 120 s Linux / 210 s Windows (internal LB).
     */
    timeoutSec?: number;
    /** Heartbeat interval, 1–99 s. Default: the product's (not written to clp.conf). */
    intervalSec?: number;
  };
  /** Network-partition resolution. Default: every field's default (method by topology). */
  networkPartition?: ClusterproNetworkPartitionArgs;
  /**
   * Shutdown-monitor timeout. REFUSED today: no clp.conf path for it is documented (NEC documents
   * the shutdown monitor `haltp` with `method` and `action` only), so a value could not be written;
   * setting it is a configuration error. The product default applies (the heartbeat timeout).
   */
  shutdownMonitorTimeoutSec?: number;
  /** Package URL, often a SAS URL (secret). Default: the image has CLUSTERPRO installed. */
  installerUrl?: SecretInput;
  /**
   * License keys/file content (secret). Default: none (the licenses already registered on the
   * image).
   */
  licenses?: SecretInput;
  /**
   * Azure CLI path on the nodes (DNS topology): an absolute path of letters, digits, `. _ - +`
   * (Windows also spaces and parentheses). Default: `/usr/bin/az` (Linux),
   * `C:\Program Files\Microsoft SDKs\Azure\CLI2\wbin\az.cmd` (Windows).
   */
  azureCliPath?: string;
  /** Cluster name in clp.conf: 1–31 letters, digits, '-', '_'. Default: the component name. */
  clusterName?: string;
  /**
   * The Scheduled Events agent (drains the node before Azure maintenance). Default: enabled,
   * approve on, freeze tolerance = heartbeat timeout − 10 s.
   */
  scheduledEvents?: ScheduledEventsArgs;
  /** Mirror disk layout. Default: every field's default. */
  mirrorDisk?: {
    /** Cluster partition size, 1–1024 GiB. Default: 1. */
    clusterPartitionGb?: number;
    /** Linux mount point. Default: /mnt/md. */
    mountPoint?: string;
    /** Linux file system. Default: ext4. */
    fs?: "ext4" | "xfs";
    /** Windows data partition, a drive letter D–Z. Default: G. */
    driveLetter?: string;
    /** Windows cluster partition, a drive letter D–Z (not `driveLetter`). Default: F. */
    clusterPartitionDriveLetter?: string;
  };
}

/**
 * WSFC heartbeat settings (Delay × Threshold = detection). Default: 1000 ms × 40 (Azure relaxed).
 */
export interface WsfcHeartbeatArgs {
  /** SameSubnetDelay: milliseconds between heartbeats within one subnet. Default: 1000. */
  sameSubnetDelayMs?: number;
  /** SameSubnetThreshold: missed heartbeats within one subnet before a node counts as down. Default: 40. */
  sameSubnetThreshold?: number;
  /** CrossSubnetDelay: milliseconds between heartbeats across subnets. Default: 1000. */
  crossSubnetDelayMs?: number;
  /** CrossSubnetThreshold: missed heartbeats across subnets before a node counts as down. Default: 40. */
  crossSubnetThreshold?: number;
}

/** Windows Server Failover Clustering. */
export interface WsfcArgs {
  /** Selects Windows Server Failover Clustering. */
  kind: "wsfc";
  /** Heartbeat settings. Default: 1000 ms × 40 for both subnets (Azure relaxed). */
  heartbeat?: WsfcHeartbeatArgs;
  /** AD domain to join. Default: none, a workgroup cluster (same local admin on every node). */
  domain?: {
    /** DNS name of the domain, e.g. "corp.example.com". */
    name: string;
    /** User allowed to join computers to the domain. */
    joinUser: string;
    /** Password of `joinUser` (secret). */
    joinPassword: SecretInput;
    /** OU for the computer accounts. Default: the domain's default Computers container. */
    ouPath?: string;
  };
  /** Quorum witness. Default: cloud witness (the component creates the storage account). */
  witness?: {
    /** "cloud" (storage account) or "disk" (a shared disk). */
    kind: "cloud" | "disk";
    /** Disk witness: the shared disk to use. Default: the last entry of `sharedDisks`. */
    diskName?: string;
  };
  /**
   * Static core cluster IP: a free address in the subnet, not the VIP; required with
   * `managementPoint: singleton`, forbidden with `distributed`. Default: none.
   */
  clusterIp?: string;
  /**
   * The cluster's management point (New-Cluster -ManagementPointNetworkType). "distributed": a
   * distributed network name on the node addresses (WS2019+; no cluster IP, no LB). "singleton":
   * a classic cluster name on `clusterIp`; choose it for SQL Server 2017 and older FCI setup on
   * WS2019+, and for tools that expect a cluster IP. Default: "singleton" when `clusterIp` is
   * given, else "distributed".
   */
  managementPoint?: "distributed" | "singleton";
  /**
   * Who owns the client role. "ip-and-disks": the component creates the role `roleName` with the
   * VIP's IP Address resource (LB topologies) and every shared disk except the witness, so the
   * address and the data move together. "none": no role; the shared disks stay in Available
   * Storage and the application's installer (e.g. SQL Server FCI setup) creates its own role,
   * IP and network name (set the probe port on its IP resource yourself). Default:
   * { mode: "ip-and-disks" }.
   */
  role?: {
    /** "ip-and-disks" (default) or "none". */
    mode: "ip-and-disks" | "none";
  };
  /**
   * Cluster name (NetBIOS: 1–15 letters, digits, hyphens). Default: the component name without
   * other characters, cut to 15 characters, trailing hyphens removed.
   */
  clusterName?: string;
  /** Name of the role owning the VIP (1–63 letters, digits, -, _, .). Default: "<component name>-role". */
  roleName?: string;
  /** Workgroup clusters: primary DNS suffix (a DNS name). Default: "<cluster name, lowercase>.local". */
  dnsSuffix?: string;
  /**
   * The Scheduled Events agent (drains the node before Azure maintenance). Default: enabled,
   * approve on, freeze tolerance = SameSubnetDelay × SameSubnetThreshold − 10 s.
   */
  scheduledEvents?: ScheduledEventsArgs;
}

/** Infrastructure only: no in-guest cluster software. */
export interface NoSoftwareArgs {
  /** Selects no cluster software. */
  kind: "none";
}

/** Failover budget inputs. */
export interface FailoverArgs {
  /** Maintenance pause detection must outlast, in seconds. Default: 30; never below 30. */
  toleratedPauseSec?: number;
  /**
   * OS boot time in seconds, when known (advisory rule: must exceed the heartbeat timeout).
   * Default: none.
   */
  osBootSec?: number;
  /**
   * SQL Server AG lease timeout in seconds, when an AG runs on the cluster (advisory rule).
   * Default: none.
   */
  sqlAgLeaseTimeoutSec?: number;
}

/**
 * Azure Monitor alerts on the load balancer's health-probe metric (LB topologies; the DNS
 * topology has no LB metric: see the README's "Monitoring").
 */
export interface MonitoringArgs {
  /** Create the alerts. Default: true. */
  enabled?: boolean;
  /** Action group (resource id) the alerts notify. Default: none (alerts show in the portal only). */
  actionGroupId?: string;
  /** Evaluation window in minutes: 1, 5, 15, 30 or 60. Default: 5 (evaluated every minute). */
  windowMin?: 1 | 5 | 15 | 30 | 60;
  /** Alert severity, 0 (critical) to 4 (verbose). Default: 1. */
  severity?: number;
}

/** How the in-guest bootstrap runs. */
export interface BootstrapArgs {
  /**
   * Seconds of the out-of-guest wait (a `time.Sleep`) after each reboot step, before the boot gate
   * checks that the node rebooted: the 30 s the reboot step leaves before the reboot, plus the time
   * a VM of this OS needs to shut down, boot and start its VM agent. 90–3600. Default: Linux 180,
   * Windows 360. A node that takes longer fails fast at the gate ("did not reboot"): raise it.
   */
  rebootWaitSec?: number;
}

/** What every cluster component takes. */
export interface HaClusterCommonArgs {
  /** Resource group of the cluster (1–90 characters). No default. */
  resourceGroupName: string;
  /** Create the group. Default: true; false = it exists already. */
  createResourceGroup?: boolean;
  /** Azure region, e.g. "japaneast". */
  location: string;
  /** Create a VNet and subnet, or use an existing subnet. No default. */
  network: CreatedNetworkArgs | ExistingNetworkArgs;
  /** The cluster nodes: 2–64; CLUSTERPRO (mirror disk) exactly 2. No default. */
  nodes: NodeArgs[];
  /** Availability set or zones. Default: an availability set with 2 fault and 5 update domains. */
  placement?: PlacementArgs;
  /** The nodes' VM settings. No default. */
  vm: VmArgs;
  /** Per-node data disk; required for CLUSTERPRO (mirror disk). Default: none. */
  dataDisk?: DataDiskArgs;
  /** Azure shared disks attached to every node. Default: none. */
  sharedDisks?: SharedDiskArgs[];
  /** In-guest cluster software: CLUSTERPRO, WSFC or none. No default. */
  software: ClusterproArgs | WsfcArgs | NoSoftwareArgs;
  /** Failover budget inputs. Default: a tolerated pause of 30 s, no advisory inputs. */
  failover?: FailoverArgs;
  /** Health-probe alerts (LB topologies). Default: enabled, 5-minute window, severity 1. */
  monitoring?: MonitoringArgs;
  /** In-guest bootstrap settings. Default: the reboot wait of the OS (see BootstrapArgs). */
  bootstrap?: BootstrapArgs;
  /**
   * Tags on every resource: at most 40, names ≤ 512 characters (128 with a cloud witness) without
   * `< > % & \ ? /`, values ≤ 256; `ha-cluster*` names are reserved for the components.
   * Default: none (only the component's).
   */
  tags?: Record<string, string>;
}

/** Args of `HaClusterInternalLb`. */
export interface HaClusterInternalLbArgs extends HaClusterCommonArgs {
  /** The internal load balancer and its VIP. No default. */
  internalLb: InternalLbArgs;
}

/** Args of `HaClusterPublicLb`. */
export interface HaClusterPublicLbArgs extends HaClusterCommonArgs {
  /** The public load balancer. No default. */
  publicLb: PublicLbArgs;
}

/** Args of `HaClusterDns`. */
export interface HaClusterDnsArgs extends HaClusterCommonArgs {
  /** The DNS zone and record clients resolve. No default. */
  dns: DnsArgs;
}

/** One entry of the stack config `azure-ha-cluster:clusters`. */
export interface ClusterConfig extends HaClusterCommonArgs {
  /**
   * Cluster (component) name: 2–32 lowercase letters, digits or hyphens, starting with a letter.
   */
  name: string;
  /** How clients reach the active node; decides which of the three blocks below is required. */
  topology: Topology;
  /** Topology internal-lb (required there, forbidden otherwise). */
  internalLb?: InternalLbArgs;
  /** Topology public-lb (required there, forbidden otherwise). */
  publicLb?: PublicLbArgs;
  /** Topology dns (required there, forbidden otherwise). */
  dns?: DnsArgs;
}

// ---------------------------------------------------------------------------------------------
// Resolved form (internal): the schema's output — every static default of `DEFAULTS` applied —
// reshaped for the builders, plus the derived defaults of `resolve.ts`, every secret a
// pulumi.Input<string>. Each field's type comes from the schema; only the fields `resolve.ts`
// adds or reshapes are written here. Not part of the public contract: not exported from the
// package root, and tagged internal (stripInternal), so the published declarations do not carry
// them. `ResolvedCluster` itself stays in the declarations as an opaque name (only its members
// are tagged), because internal declarations that the public ones import (the policy rules')
// name it.

type Out<S extends z.ZodType> = z.output<S>;
/** A secret as the builders take it: wrapped in pulumi.secret by the resolver. */
type Secret = pulumi.Input<string>;
type CreatedNetworkOut = Out<typeof createdNetworkSchema>;
type AvailabilitySetOut = Extract<DefaultedEntry["placement"], { availabilitySet: unknown }>;
type ClusterproOut = Out<typeof clusterproSchema>;
type WsfcOut = Out<typeof wsfcSchema>;
type DnsOut = Out<typeof dnsSchema>;

/**
 * A node with its zone resolved (round-robin over `placement.zones` when not given).
 * @internal
 */
export type ResolvedNode = Out<typeof nodeSchema>;

/**
 * A load-balancing rule with its defaults applied and its Azure name: "ha-ports", or
 * "<protocol lowercase>-<frontendPort>", e.g. "tcp-1433".
 * @internal
 */
export type ResolvedLbRule = { name: string } & Out<typeof lbRuleSchema>;

/**
 * The internal or public load balancer with every default applied.
 * @internal
 */
export type ResolvedLb = Pick<
  Out<typeof internalLbSchema>,
  "probePort" | "haPorts" | "probe" | "clientSources"
> & {
  /** Which load balancer: internal (topology internal-lb) or public (topology public-lb). */
  kind: "internal" | "public";
  /** Internal: the VIP. Public: undefined (the public IP is allocated by Azure). */
  frontendIp?: string;
  /** Floating IP; derived default: true for WSFC, false otherwise. */
  floatingIp: boolean;
  /** Load-balancing rules (one "ha-ports" rule with `haPorts`; always false for a public LB). */
  rules: ResolvedLbRule[];
  /** Public LB: DNS label of the public IP; undefined when not given. */
  dnsLabel?: string;
  /**
   * Zone-redundant frontend. Internal: true with `placement.zones`. Public:
   * `publicLb.zoneRedundant`, default true where the region has availability zones.
   */
  zoneRedundant: boolean;
};

/**
 * The DNS settings with every default applied.
 * @internal
 */
export type ResolvedDns = Omit<
  DnsOut,
  "clientPorts" | "clientSources" | "updaterRole" | "updater"
> &
  /** Always set by `resolveEntry` (optional so hand-built resolved values stay valid). */
  Partial<Pick<DnsOut, "clientPorts" | "clientSources" | "updaterRole">> & {
    /** The name clients resolve: `<recordName>.<zoneName>` (the zone name for "@"). */
    fqdn: string;
    /** CLUSTERPRO's service principal; undefined when not given. */
    updater?: Omit<NonNullable<DnsOut["updater"]>, "certificatePem"> & { certificatePem: Secret };
  };

/**
 * CLUSTERPRO network-partition resolution with every default applied (monitor timing by OS
 * family: heartbeat.ts DERIVED_NP_DEFAULTS).
 * @internal
 */
export type ResolvedClusterproNp = Required<Out<typeof clusterproNpSchema>> & {
  /** "ping": internal LB (ping NP); "monitors": DNS/public LB (genw1/ipw1/ipw2 + mtw1). */
  method: "ping" | "monitors";
  /** mtw1's final action: DNS "stop cluster service and shut down OS"; public LB "none". */
  finalAction: "shutdown" | "none";
};

/**
 * CLUSTERPRO settings with every default applied.
 * @internal
 */
export type ResolvedClusterpro = Pick<
  ClusterproOut,
  "kind" | "version" | "shutdownMonitorTimeoutSec" | "mirrorDisk"
> &
  Required<Pick<ClusterproOut, "clusterName" | "azureCliPath">> & {
    /** Major.minor as numbers, e.g. [5, 0]. */
    versionParts: [number, number];
    /** Heartbeat settings. */
    heartbeat: {
      /** Timeout in seconds: configured, A + B + C (DNS, public LB) or the internal-LB default. */
      timeoutSec: number;
      /** Only set when configured: the clp.conf path of the interval is unconfirmed. */
      intervalSec?: number;
      /** Where `timeoutSec` came from: the config, A + B + C, or the internal-LB default. */
      timeoutSource: "config" | "A+B+C" | "default";
    };
    /** Network-partition resolution. */
    networkPartition: ResolvedClusterproNp;
    /** Installer URL (secret); undefined: the image has CLUSTERPRO installed. */
    installerUrl?: Secret;
    /** License keys/file content (secret); undefined when not given. */
    licenses?: Secret;
    /** DSR: the VIP on the loopback, moved with the group (internal LB + floating IP). */
    dsr: boolean;
    /** The Scheduled Events agent; freeze tolerance derived from the heartbeat timeout. */
    scheduledEvents: ResolvedScheduledEvents;
  };

/**
 * WSFC settings with every default applied.
 * @internal
 */
export type ResolvedWsfc = Pick<WsfcOut, "kind" | "heartbeat" | "witness" | "clusterIp"> &
  Required<Pick<WsfcOut, "managementPoint" | "clusterName" | "roleName" | "dnsSuffix">> & {
    /** AD domain to join; undefined: a workgroup cluster. */
    domain?: Omit<NonNullable<WsfcOut["domain"]>, "joinPassword"> & { joinPassword: Secret };
    /** Client role ownership (`role.mode`). */
    roleMode: WsfcOut["role"]["mode"];
    /** The Scheduled Events agent; freeze tolerance derived from detection. */
    scheduledEvents: ResolvedScheduledEvents;
  };

/**
 * No in-guest cluster software.
 * @internal
 */
export type ResolvedNone = Out<typeof noneSchema>;

/**
 * A cluster's configuration with every default applied: what every builder works from. Opaque in
 * the published declarations (every member is tagged internal).
 */
export interface ResolvedCluster {
  /** Cluster (component) name. @internal */
  name: DefaultedEntry["name"];
  /** How clients reach the active node. @internal */
  topology: DefaultedEntry["topology"];
  /** Resource group of the cluster. @internal */
  resourceGroupName: DefaultedEntry["resourceGroupName"];
  /** Whether the component creates the resource group. @internal */
  createResourceGroup: DefaultedEntry["createResourceGroup"];
  /** Azure region. @internal */
  location: DefaultedEntry["location"];
  /** A created VNet and subnet (names derived from the cluster name), or an existing subnet. @internal */
  network:
    | ({ kind: "created" } & Required<Omit<CreatedNetworkOut, "interconnectSubnetPrefix">> &
        Pick<CreatedNetworkOut, "interconnectSubnetPrefix">)
    | ({ kind: "existing" } & Omit<Out<typeof existingNetworkSchema>, "natGateway"> & {
          /** Always false: the subnet's owner attaches egress. */
          natGateway: false;
        });
  /** The nodes, in the given order, with zones resolved. @internal */
  nodes: ResolvedNode[];
  /** Availability set or zones. @internal */
  placement:
    | ({ kind: "availabilitySet" } & AvailabilitySetOut["availabilitySet"])
    | ({ kind: "zones" } & Exclude<DefaultedEntry["placement"], AvailabilitySetOut>);
  /** The nodes' VM settings; `osFamily` and `image` derived from `os` and `imageVersion`. @internal */
  vm: Omit<Out<typeof vmSchema>, "imageVersion" | "adminPassword"> & {
    /** OS family derived from `os`. */
    osFamily: OsFamily;
    /** Marketplace image of `os` at `imageVersion`. */
    image: ImageReference;
    /** Undefined: the component generates one. */
    adminPassword?: Secret;
  };
  /** Per-node data disk; undefined when not given. @internal */
  dataDisk?: Out<typeof dataDiskSchema>;
  /** Shared disks; `maxShares` and `lun` derived from the node count and position. @internal */
  sharedDisks: Required<Out<typeof sharedDiskSchema>>[];
  /** In-guest cluster software. @internal */
  software: ResolvedClusterpro | ResolvedWsfc | ResolvedNone;
  /** Failover budget inputs. @internal */
  failover: DefaultedEntry["failover"];
  /** In-guest bootstrap settings; the reboot wait derived from the OS family. @internal */
  bootstrap: Required<Out<typeof bootstrapSchema>>;
  /** The load balancer (internal-lb, public-lb topologies); undefined for dns. @internal */
  lb?: ResolvedLb;
  /** The DNS settings (dns topology); undefined otherwise. @internal */
  dns?: ResolvedDns;
  /** Health-probe alerts. @internal */
  monitoring: DefaultedEntry["monitoring"];
  /** Tags on every resource (the component adds its own). @internal */
  tags: DefaultedEntry["tags"];
}
