/**
 * Public argument types of the three cluster components, and the resolved (defaults applied)
 * form every builder works from. The zod schema in `schema.ts` checks the same shape at run time.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OsFamily, OsName, ImageReference } from "./os";
import type { SecretInput, Topology } from "./schema";
import type { ResolvedScheduledEvents, ScheduledEventsArgs } from "./scheduled-events";

export type { SecretInput, Topology, OsName, OsFamily, ImageReference };
export type { ResolvedScheduledEvents, ScheduledEventsArgs };

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
      zones: string[];
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
  osDiskSku?: string;
}

/** The per-node data disk (CLUSTERPRO mirror disk). */
export interface DataDiskArgs {
  /** Size in GiB, 1–65536. */
  sizeGb: number;
  /** Disk SKU. Default: StandardSSD_LRS. */
  sku?: string;
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
  sku?: string;
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
  windowMin?: number;
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
// Resolved form: every default applied, every secret a pulumi.Input<string>.

/** A node with its zone resolved. */
export interface ResolvedNode {
  /** VM and computer name. */
  name: string;
  /** Static private IP of the node's NIC. */
  privateIp: string;
  /**
   * Availability zone: given, or round-robin over `placement.zones`; undefined with an availability
   * set.
   */
  zone?: string;
  /** Static IP of the second (interconnect) NIC; undefined without an interconnect. */
  interconnectIp?: string;
}

/** A load-balancing rule with its defaults applied and its Azure name. */
export interface ResolvedLbRule {
  /** Rule name: "ha-ports", or "<protocol lowercase>-<frontendPort>", e.g. "tcp-1433". */
  name: string;
  /** Frontend port (0 for HA ports). */
  frontendPort: number;
  /** Backend port (0 for HA ports). */
  backendPort: number;
  /** Protocol; default Tcp, All for HA ports. */
  protocol: "Tcp" | "Udp" | "All";
  /** Idle timeout in minutes; default 4. */
  idleTimeoutMinutes: number;
}

/** The internal or public load balancer with every default applied. */
export interface ResolvedLb {
  /** Which load balancer: internal (topology internal-lb) or public (topology public-lb). */
  kind: "internal" | "public";
  /** Internal: the VIP. Public: undefined (the public IP is allocated by Azure). */
  frontendIp?: string;
  /** TCP port only the active node answers. */
  probePort: number;
  /** Floating IP; default true for WSFC, false otherwise. */
  floatingIp: boolean;
  /** One HA-ports rule instead of per-port rules; default false (always false for a public LB). */
  haPorts: boolean;
  /** Probe timing; default 5 s interval × 2 answers. */
  probe: {
    /** Seconds between probes; default 5. */
    intervalSec: number;
    /** Consecutive answers that flip a node's state; default 2. */
    threshold: number;
  };
  /**
   * NSG sources allowed to the backend ports; default ["VirtualNetwork"] (internal), ["Internet"]
   * (public).
   */
  clientSources: string[];
  /** Load-balancing rules (one "ha-ports" rule with `haPorts`). */
  rules: ResolvedLbRule[];
  /** Public LB: DNS label of the public IP; undefined when not given. */
  dnsLabel?: string;
  /**
   * Zone-redundant frontend. Internal: true with `placement.zones`. Public: `publicLb.zoneRedundant`,
   * default true where the region has availability zones.
   */
  zoneRedundant: boolean;
}

/** The DNS settings with every default applied. */
export interface ResolvedDns {
  /** DNS zone without a trailing dot. */
  zoneName: string;
  /** Record set name (relative), or "@" for the zone apex. */
  recordName: string;
  /** The name clients resolve: `<recordName>.<zoneName>` (the zone name for "@"). */
  fqdn: string;
  /** TTL set on every update, in seconds; default 30. */
  ttlSec: number;
  /** Private DNS zone linked to the VNet; default false. */
  private: boolean;
  /** The existing zone's resource group; undefined when the component creates the zone. */
  existingZone?: {
    /** Resource group that holds the existing zone. */
    resourceGroupName: string;
  };
  /**
   * Always set by `resolveEntry` (optional so hand-built resolved values stay valid); sorted,
   * deduplicated, default [].
   */
  clientPorts?: number[];
  /** Always set by `resolveEntry`; default ["VirtualNetwork"]. */
  clientSources?: string[];
  /** The updater's role; undefined means "custom" (hand-built resolved values stay valid). */
  updaterRole?:
    | "custom"
    | "dns-zone-contributor"
    | {
        /** Full resource id of the role definition to assign at the zone. */
        roleDefinitionId: string;
      };
  /** CLUSTERPRO's service principal; undefined when not given (WSFC uses a managed identity). */
  updater?: {
    /** Microsoft Entra tenant id. */
    tenantId: string;
    /** Application (client) id. */
    appId: string;
    /** Object id of the service principal. */
    objectId: string;
    /** PEM of the certificate, as a secret. */
    certificatePem: pulumi.Input<string>;
  };
}

/** CLUSTERPRO network-partition resolution with every default applied. */
export interface ResolvedClusterproNp {
  /** "ping": internal LB (ping NP); "monitors": DNS/public LB (genw1/ipw1/ipw2 + mtw1). */
  method: "ping" | "monitors";
  /** Ping NP targets; default []. */
  pingTargets: string[];
  /** Endpoint genw1 checks; default "management.azure.com". */
  endpoint: string;
  /** Port of `endpoint`; default 443. */
  port: number;
  /** genw1/ipw1/ipw2 interval in seconds; default Linux 30, Windows 60. */
  intervalSec: number;
  /** genw1/ipw1/ipw2 retries; default 1. */
  retries: number;
  /** mtw1 interval in seconds; default 30. */
  multiTargetIntervalSec: number;
  /** mtw1 retries; default Linux 0, Windows 1. */
  multiTargetRetries: number;
  /** Grace C of A + B + C in seconds; default 30. */
  graceSec: number;
  /** Public LB: timeout of the script run before mtw1's final action, in seconds; default 30. */
  preFinalScriptTimeoutSec: number;
  /** mtw1's final action: DNS "stop cluster service and shut down OS"; public LB "none". */
  finalAction: "shutdown" | "none";
}

/** CLUSTERPRO settings with every default applied. */
export interface ResolvedClusterpro {
  /** CLUSTERPRO X / EXPRESSCLUSTER X. */
  kind: "clusterpro";
  /** Product version as given. */
  version: string;
  /** Major.minor as numbers, e.g. [5, 0]. */
  versionParts: [number, number];
  /** Cluster name in clp.conf; default the component name. */
  clusterName: string;
  /** Heartbeat settings. */
  heartbeat: {
    /**
     * Timeout in seconds: configured, A + B + C (DNS, public LB) or 120 Linux / 210 Windows
     * (internal LB).
     */
    timeoutSec: number;
    /** Only set when configured: the clp.conf path of the interval is unconfirmed. */
    intervalSec?: number;
    /** Where `timeoutSec` came from: the config, A + B + C, or the internal-LB default. */
    timeoutSource: "config" | "A+B+C" | "default";
  };
  /** Network-partition resolution. */
  networkPartition: ResolvedClusterproNp;
  /** Shutdown-monitor timeout in seconds; undefined: the product's default. */
  shutdownMonitorTimeoutSec?: number;
  /** Installer URL (secret); undefined: the image has CLUSTERPRO installed. */
  installerUrl?: pulumi.Input<string>;
  /** License keys/file content (secret); undefined when not given. */
  licenses?: pulumi.Input<string>;
  /** Azure CLI path on the nodes; default `/usr/bin/az` (Linux) or the Windows CLI2 `az.cmd`. */
  azureCliPath: string;
  /** Mirror disk layout. */
  mirrorDisk: {
    /** Cluster partition size in GiB; default 1. */
    clusterPartitionGb: number;
    /** Linux mount point; default /mnt/md. */
    mountPoint: string;
    /** Linux file system; default ext4. */
    fs: "ext4" | "xfs";
    /** Windows data partition, upper case; default G. */
    driveLetter: string;
    /** Windows cluster partition, upper case; default F. */
    clusterPartitionDriveLetter: string;
  };
  /** DSR: the VIP on the loopback, moved with the group (internal LB + floating IP). */
  dsr: boolean;
  /** The Scheduled Events agent; default on, freeze tolerance heartbeat timeout − 10 s. */
  scheduledEvents: ResolvedScheduledEvents;
}

/** WSFC settings with every default applied. */
export interface ResolvedWsfc {
  /** Windows Server Failover Clustering. */
  kind: "wsfc";
  /** Heartbeat; default 1000 ms × 40 for both subnets. */
  heartbeat: Required<WsfcHeartbeatArgs>;
  /** AD domain to join; undefined: a workgroup cluster. */
  domain?: {
    /** DNS name of the domain. */
    name: string;
    /** User allowed to join computers to the domain. */
    joinUser: string;
    /** Password of `joinUser`, as a secret. */
    joinPassword: pulumi.Input<string>;
    /** OU for the computer accounts; undefined: the domain's default. */
    ouPath?: string;
  };
  /** Quorum witness; default cloud. */
  witness: {
    /** "cloud" (storage account) or "disk" (a shared disk). */
    kind: "cloud" | "disk";
    /** Disk witness: the shared disk; default the last entry of `sharedDisks`. */
    diskName?: string;
  };
  /** Static core cluster IP; undefined: none (distributed management point). */
  clusterIp?: string;
  /** Management point; default "singleton" with `clusterIp`, else "distributed". */
  managementPoint: "distributed" | "singleton";
  /** Client role ownership; default "ip-and-disks". */
  roleMode: "ip-and-disks" | "none";
  /** Cluster (CNO) name; default derived from the component name (≤ 15 characters). */
  clusterName: string;
  /** Name of the role owning the VIP; default "<component name>-role". */
  roleName: string;
  /** Primary DNS suffix (workgroup clusters); default "<cluster name, lowercase>.local". */
  dnsSuffix: string;
  /** The Scheduled Events agent; default on, freeze tolerance detection − 10 s. */
  scheduledEvents: ResolvedScheduledEvents;
}

/** No in-guest cluster software. */
export interface ResolvedNone {
  /** Infrastructure only. */
  kind: "none";
}

/** A cluster's configuration with every default applied (see each args field for the defaults). */
export interface ResolvedCluster {
  /** Cluster (component) name. */
  name: string;
  /** How clients reach the active node. */
  topology: Topology;
  /** Resource group of the cluster. */
  resourceGroupName: string;
  /** Whether the component creates the resource group; default true. */
  createResourceGroup: boolean;
  /** Azure region. */
  location: string;
  /** The network: a created VNet and subnet, or an existing subnet. */
  network:
    | {
        /** The component creates the VNet and subnet. */
        kind: "created";
        /** VNet address space (CIDR). */
        addressSpace: string;
        /** Subnet of the nodes (CIDR). */
        subnetPrefix: string;
        /** NAT gateway on the subnet; default true. */
        natGateway: boolean;
        /** Azure name of the VNet; default "<cluster>-vnet". */
        vnetName: string;
        /** Azure name of the subnet; default "<cluster>-subnet". */
        subnetName: string;
        /** The VNet's DNS servers (DHCP options); default [] (Azure-provided DNS). */
        dnsServers: string[];
        /** WSFC interconnect subnet (CIDR); undefined without one. */
        interconnectSubnetPrefix?: string;
      }
    | {
        /** An existing subnet. */
        kind: "existing";
        /** Resource id of the subnet. */
        subnetId: pulumi.Input<string>;
        /** The subnet's prefix (CIDR). */
        subnetPrefix: string;
        /** Always false: the subnet's owner attaches egress. */
        natGateway: false;
      };
  /** The nodes, in the given order, with zones resolved. */
  nodes: ResolvedNode[];
  /** Availability set (default: 2 fault, 5 update domains) or zones. */
  placement:
    | {
        /** An availability set. */
        kind: "availabilitySet";
        /** Fault domains; default 2. */
        faultDomains: number;
        /** Update domains; default 5. */
        updateDomains: number;
      }
    | {
        /** Availability zones. */
        kind: "zones";
        /** The zones the nodes are spread over. */
        zones: string[];
      };
  /** The nodes' VM settings. */
  vm: {
    /** VM size. */
    size: string;
    /** Friendly OS name. */
    os: OsName;
    /** OS family derived from `os`. */
    osFamily: OsFamily;
    /** Marketplace image of `os`; version default "latest". */
    image: ImageReference;
    /** Local administrator user. */
    adminUsername: string;
    /** Undefined: the component generates one. */
    adminPassword?: pulumi.Input<string>;
    /** SSH public keys; default []. */
    sshPublicKeys: string[];
    /** OS disk SKU; default StandardSSD_LRS. */
    osDiskSku: string;
  };
  /** Per-node data disk; undefined when not given. */
  dataDisk?: {
    /** Size in GiB. */
    sizeGb: number;
    /** Disk SKU; default StandardSSD_LRS. */
    sku: string;
    /** LUN; default 0. */
    lun: number;
  };
  /** Shared disks; default []. */
  sharedDisks: {
    /** Name (unique within the cluster). */
    name: string;
    /** Size in GiB. */
    sizeGb: number;
    /** Disk SKU; default Premium_LRS. */
    sku: string;
    /** Nodes that may attach it; default the node count. */
    maxShares: number;
    /** LUN; default 1 + the index of the disk. */
    lun: number;
  }[];
  /** In-guest cluster software. */
  software: ResolvedClusterpro | ResolvedWsfc | ResolvedNone;
  /** Failover budget inputs. */
  failover: {
    /** Maintenance pause detection must outlast, in seconds; default 30. */
    toleratedPauseSec: number;
    /** OS boot time in seconds; undefined when not given. */
    osBootSec?: number;
    /** SQL Server AG lease timeout in seconds; undefined when not given. */
    sqlAgLeaseTimeoutSec?: number;
  };
  /** In-guest bootstrap settings. */
  bootstrap: {
    /** Out-of-guest wait after each reboot step, in seconds; default Linux 180, Windows 360. */
    rebootWaitSec: number;
  };
  /** The load balancer (internal-lb, public-lb topologies); undefined for dns. */
  lb?: ResolvedLb;
  /** The DNS settings (dns topology); undefined otherwise. */
  dns?: ResolvedDns;
  /** Health-probe alerts; every default applied. */
  monitoring: {
    /** Create the alerts (LB topologies); default true. */
    enabled: boolean;
    /** Action group resource id; undefined = none. */
    actionGroupId?: string;
    /** Window in minutes; default 5. */
    windowMin: number;
    /** Severity 0–4; default 1. */
    severity: number;
  };
  /** Tags on every resource (the component adds its own); default {}. */
  tags: Record<string, string>;
}
