/**
 * Public argument types of the three cluster components, and the resolved (defaults applied)
 * form every builder works from. The zod schema in `schema.ts` checks the same shape at run time.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OsFamily, OsName, ImageReference } from "./os";
import type { SecretInput, Topology } from "./schema";

export type { SecretInput, Topology, OsName, OsFamily, ImageReference };

/** Create a VNet and subnet for the cluster. */
export interface CreatedNetworkArgs {
  /** VNet address space (CIDR), e.g. "10.5.0.0/24". */
  addressSpace: string;
  /** Subnet of the nodes (CIDR) inside `addressSpace`. */
  subnetPrefix: string;
  /** Attach a NAT gateway to the subnet for node egress. Default: true. */
  natGateway?: boolean;
  /** Azure name of the VNet. Default: "<cluster>-vnet". */
  vnetName?: string;
  /** Azure name of the subnet. Default: "<cluster>-subnet". */
  subnetName?: string;
}

/** Use an existing subnet. Its owner attaches egress (NAT gateway) to it. */
export interface ExistingNetworkArgs {
  /** Resource id of the subnet. */
  subnetId: pulumi.Input<string>;
  /** The subnet's prefix (CIDR), needed to check addresses before anything is created. */
  subnetPrefix: string;
  /** Must stay false/absent: a NAT gateway belongs to the subnet's owner. */
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
}

/** Availability set or zones. Default: an availability set with 2 fault and 5 update domains. */
export type PlacementArgs =
  | {
      availabilitySet: {
        /** 1–3, default 2. */ faultDomains?: number;
        /** 1–20, default 5. */ updateDomains?: number;
      };
    }
  | { zones: string[] };

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
  /** Linux: SSH public keys; when given, password login is switched off. */
  sshPublicKeys?: string[];
  /** Image version. Default: "latest" (pin it for reproducible environments). */
  imageVersion?: string;
  /** OS disk SKU. Default: Premium_LRS. */
  osDiskSku?: string;
}

/** The per-node data disk (CLUSTERPRO mirror disk). */
export interface DataDiskArgs {
  /** Size in GiB. */
  sizeGb: number;
  /** Disk SKU. Default: Premium_LRS. */
  sku?: string;
  /** LUN. Default: 0. */
  lun?: number;
}

/** An Azure shared disk attached to every node (host caching None). */
export interface SharedDiskArgs {
  /** Name (unique within the cluster). */
  name: string;
  /** Size in GiB. */
  sizeGb: number;
  /** Disk SKU (Standard_LRS cannot be shared). Default: Premium_LRS. */
  sku?: string;
  /** Nodes that may attach it, ≥ the node count, within Azure's limit for the size. Default: node count. */
  maxShares?: number;
  /** LUN. Default: 1 + the index of the disk (the data disk takes 0). */
  lun?: number;
}

/** An internal/public LB rule. */
export interface LbRuleArgs {
  /** Frontend port (0 only for HA ports). */
  frontendPort: number;
  /** Backend port (0 only for HA ports). */
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
  /** Consecutive probe answers that flip a node's state. Default: 2. */
  threshold?: number;
}

/** Internal Standard load balancer whose frontend IP is the cluster VIP. */
export interface InternalLbArgs {
  /** The VIP: a free static address in the subnet. */
  frontendIp: string;
  /** TCP port that only the active node answers. */
  probePort: number;
  /** Floating IP (DSR). Default: true for WSFC (required), false otherwise. CLUSTERPRO + true = DSR. */
  floatingIp?: boolean;
  /** One HA-ports rule (protocol All, port 0) instead of `rules`. Default: false. */
  haPorts?: boolean;
  /** Probe timing. Default: 5 s × 2. */
  probe?: ProbeArgs;
  /** NSG sources allowed to the backend ports. Default: ["VirtualNetwork"]. */
  clientSources?: string[];
  /** Load-balancing rules. Required unless `haPorts`. */
  rules?: LbRuleArgs[];
}

/** Public Standard load balancer. */
export interface PublicLbArgs {
  /** TCP port that only the active node answers. */
  probePort: number;
  /** Floating IP. Default: true for WSFC, false otherwise. */
  floatingIp?: boolean;
  /** Probe timing. Default: 5 s × 2. */
  probe?: ProbeArgs;
  /** NSG sources allowed to the backend ports. Default: ["Internet"] (as the seeds; narrow it). */
  clientSources?: string[];
  /** Load-balancing rules. */
  rules: LbRuleArgs[];
  /** DNS label of the public IP. Default: none. */
  dnsLabel?: string;
  /** Zone-redundant public IP. Default: true where the region has availability zones. */
  zoneRedundant?: boolean;
}

/** The DNS updater's service principal (CLUSTERPRO's azuredns resource logs in with it). */
export interface DnsUpdaterArgs {
  tenantId: string;
  /** Application (client) id: the azuredns "User URI". */
  appId: string;
  /** Object id of the service principal: receives the custom DNS role at zone scope. */
  objectId: string;
  /** PEM of the certificate (secret). */
  certificatePem: SecretInput;
}

/** Azure DNS name switching. */
export interface DnsArgs {
  /** DNS zone, e.g. "cluster1.zone". */
  zoneName: string;
  /** Record set name (relative), e.g. "test-record1". */
  recordName: string;
  /** TTL set on every update. Default: 30 s (Azure's default is 3600). */
  ttlSec?: number;
  /** Private DNS zone linked to the VNet (WSFC only). Default: false. */
  private?: boolean;
  /** Use an existing zone in this resource group. Default: the component creates the zone. */
  existingZone?: { resourceGroupName: string };
  /**
   * TCP ports clients reach on the node addresses the record points at; the NSG allows them
   * from `clientSources`. Default: none (Azure's default NSG rule already admits the VNet).
   */
  clientPorts?: number[];
  /** NSG sources allowed to `clientPorts`. Default: ["VirtualNetwork"]. */
  clientSources?: string[];
  /** CLUSTERPRO: the service principal; WSFC uses a managed identity instead. */
  updater?: DnsUpdaterArgs;
}

/** CLUSTERPRO NP resolution settings. */
export interface ClusterproNetworkPartitionArgs {
  /** Internal LB: always-on hosts in the VNet for PING NP (required there). */
  pingTargets?: string[];
  /** DNS/public LB: the endpoint genw1 checks. Default: management.azure.com. */
  endpoint?: string;
  /** Port of `endpoint`. Default: 443. */
  port?: number;
  /** genw1/ipw1/ipw2 interval. Default: Linux 30 s, Windows 60 s (derived from the seeds). */
  intervalSec?: number;
  /** genw1/ipw1/ipw2 retries. Default: 1. */
  retries?: number;
  /** mtw1 interval. Default: 30 s. */
  multiTargetIntervalSec?: number;
  /** mtw1 retries. Default: Linux 0, Windows 1. */
  multiTargetRetries?: number;
  /** Grace C in A + B + C. Default: 30 s. */
  graceSec?: number;
  /** Public LB: timeout of the script run before mtw1's final action. Default: 30 s. */
  preFinalScriptTimeoutSec?: number;
}

/** CLUSTERPRO X / EXPRESSCLUSTER X. */
export interface ClusterproArgs {
  kind: "clusterpro";
  /** Product version, 4.3–5.0 (clpcfset). */
  version: string;
  /** Heartbeat; timeout default A + B + C (DNS, public LB) or 120 s Linux / 210 s Windows. */
  heartbeat?: { timeoutSec?: number; intervalSec?: number };
  networkPartition?: ClusterproNetworkPartitionArgs;
  /** Shutdown-monitor timeout, ≤ heartbeat timeout. Default: the product's (heartbeat timeout). */
  shutdownMonitorTimeoutSec?: number;
  /** Package URL, often a SAS URL (secret). Default: the image has CLUSTERPRO installed. */
  installerUrl?: SecretInput;
  /** License keys/file content (secret). */
  licenses?: SecretInput;
  /** Azure CLI path on the nodes (DNS topology). Default: /usr/bin/az (Linux). */
  azureCliPath?: string;
  /** Cluster name in clp.conf. Default: the component name. */
  clusterName?: string;
  /** Mirror disk layout. */
  mirrorDisk?: {
    /** Cluster partition size, ≥ 1 GiB. Default: 1. */
    clusterPartitionGb?: number;
    /** Linux mount point. Default: /mnt/md. */
    mountPoint?: string;
    /** Linux file system. Default: ext4. */
    fs?: "ext4" | "xfs";
    /** Windows data partition. Default: G. */
    driveLetter?: string;
    /** Windows cluster partition. Default: F. */
    clusterPartitionDriveLetter?: string;
  };
}

/** WSFC heartbeat settings (Delay × Threshold = detection). Default: 1000 ms × 40 (Azure relaxed). */
export interface WsfcHeartbeatArgs {
  sameSubnetDelayMs?: number;
  sameSubnetThreshold?: number;
  crossSubnetDelayMs?: number;
  crossSubnetThreshold?: number;
}

/** Windows Server Failover Clustering. */
export interface WsfcArgs {
  kind: "wsfc";
  heartbeat?: WsfcHeartbeatArgs;
  /** AD domain to join. Absent: a workgroup cluster (same local admin on every node). */
  domain?: { name: string; joinUser: string; joinPassword: SecretInput; ouPath?: string };
  /** Quorum witness. Default: cloud witness (the component creates the storage account). */
  witness?: { kind: "cloud" | "disk"; diskName?: string };
  /** Static core cluster IP. Default: none (distributed management point). */
  clusterIp?: string;
  /** Cluster name (≤ 15 characters). Default: derived from the component name. */
  clusterName?: string;
  /** Name of the role owning the VIP. Default: "<cluster>-role". */
  roleName?: string;
  /** Workgroup clusters: primary DNS suffix. Default: "<cluster name>.local". */
  dnsSuffix?: string;
}

/** Infrastructure only: no in-guest cluster software. */
export interface NoSoftwareArgs {
  kind: "none";
}

/** Failover budget inputs. */
export interface FailoverArgs {
  /** Maintenance pause detection must outlast. Default 30 s; never below 30. */
  toleratedPauseSec?: number;
  /** OS boot time, when known (advisory rule: must exceed the heartbeat timeout). */
  osBootSec?: number;
  /** SQL Server AG lease timeout, when an AG runs on the cluster (advisory rule). */
  sqlAgLeaseTimeoutSec?: number;
}

/** What every cluster component takes. */
export interface HaClusterCommonArgs {
  /** Resource group of the cluster. */
  resourceGroupName: string;
  /** Create the group. Default: true; false = it exists already. */
  createResourceGroup?: boolean;
  /** Azure region, e.g. "japaneast". */
  location: string;
  network: CreatedNetworkArgs | ExistingNetworkArgs;
  /** At least 2 nodes. */
  nodes: NodeArgs[];
  placement?: PlacementArgs;
  vm: VmArgs;
  /** Per-node data disk; required for CLUSTERPRO (mirror disk). */
  dataDisk?: DataDiskArgs;
  sharedDisks?: SharedDiskArgs[];
  software: ClusterproArgs | WsfcArgs | NoSoftwareArgs;
  failover?: FailoverArgs;
  /** Tags on every resource; yours win over the component's. */
  tags?: Record<string, string>;
}

/** Args of `HaClusterInternalLb`. */
export interface HaClusterInternalLbArgs extends HaClusterCommonArgs {
  internalLb: InternalLbArgs;
}

/** Args of `HaClusterPublicLb`. */
export interface HaClusterPublicLbArgs extends HaClusterCommonArgs {
  publicLb: PublicLbArgs;
}

/** Args of `HaClusterDns`. */
export interface HaClusterDnsArgs extends HaClusterCommonArgs {
  dns: DnsArgs;
}

/** One entry of the stack config `azure-ha-cluster:clusters`. */
export interface ClusterConfig extends HaClusterCommonArgs {
  name: string;
  topology: Topology;
  internalLb?: InternalLbArgs;
  publicLb?: PublicLbArgs;
  dns?: DnsArgs;
}

// ---------------------------------------------------------------------------------------------
// Resolved form: every default applied, every secret a pulumi.Input<string>.

export interface ResolvedNode {
  name: string;
  privateIp: string;
  zone?: string;
}

export interface ResolvedLbRule {
  name: string;
  frontendPort: number;
  backendPort: number;
  protocol: "Tcp" | "Udp" | "All";
  idleTimeoutMinutes: number;
}

export interface ResolvedLb {
  kind: "internal" | "public";
  /** Internal: the VIP. Public: undefined (the public IP is allocated by Azure). */
  frontendIp?: string;
  probePort: number;
  floatingIp: boolean;
  haPorts: boolean;
  probe: { intervalSec: number; threshold: number };
  clientSources: string[];
  rules: ResolvedLbRule[];
  dnsLabel?: string;
  zoneRedundant: boolean;
}

export interface ResolvedDns {
  zoneName: string;
  recordName: string;
  fqdn: string;
  ttlSec: number;
  private: boolean;
  existingZone?: { resourceGroupName: string };
  /** Always set by `resolveEntry` (optional so hand-built resolved values stay valid). */
  clientPorts?: number[];
  /** Always set by `resolveEntry`; default ["VirtualNetwork"]. */
  clientSources?: string[];
  updater?: {
    tenantId: string;
    appId: string;
    objectId: string;
    certificatePem: pulumi.Input<string>;
  };
}

export interface ResolvedClusterproNp {
  /** "ping": internal LB (ping NP); "monitors": DNS/public LB (genw1/ipw1/ipw2 + mtw1). */
  method: "ping" | "monitors";
  pingTargets: string[];
  endpoint: string;
  port: number;
  intervalSec: number;
  retries: number;
  multiTargetIntervalSec: number;
  multiTargetRetries: number;
  graceSec: number;
  preFinalScriptTimeoutSec: number;
  /** mtw1's final action: DNS "stop cluster service and shut down OS"; public LB "none". */
  finalAction: "shutdown" | "none";
}

export interface ResolvedClusterpro {
  kind: "clusterpro";
  version: string;
  /** Major.minor as numbers, e.g. [5, 0]. */
  versionParts: [number, number];
  clusterName: string;
  heartbeat: {
    timeoutSec: number;
    /** Only set when configured: the clp.conf path of the interval is unconfirmed. */
    intervalSec?: number;
    timeoutSource: "config" | "A+B+C" | "default";
  };
  networkPartition: ResolvedClusterproNp;
  shutdownMonitorTimeoutSec?: number;
  installerUrl?: pulumi.Input<string>;
  licenses?: pulumi.Input<string>;
  azureCliPath: string;
  mirrorDisk: {
    clusterPartitionGb: number;
    mountPoint: string;
    fs: "ext4" | "xfs";
    driveLetter: string;
    clusterPartitionDriveLetter: string;
  };
  /** DSR: the VIP on the loopback, moved with the group (internal LB + floating IP). */
  dsr: boolean;
}

export interface ResolvedWsfc {
  kind: "wsfc";
  heartbeat: Required<WsfcHeartbeatArgs>;
  domain?: { name: string; joinUser: string; joinPassword: pulumi.Input<string>; ouPath?: string };
  witness: { kind: "cloud" | "disk"; diskName?: string };
  clusterIp?: string;
  clusterName: string;
  roleName: string;
  dnsSuffix: string;
}

export interface ResolvedNone {
  kind: "none";
}

export interface ResolvedCluster {
  name: string;
  topology: Topology;
  resourceGroupName: string;
  createResourceGroup: boolean;
  location: string;
  network:
    | {
        kind: "created";
        addressSpace: string;
        subnetPrefix: string;
        natGateway: boolean;
        vnetName: string;
        subnetName: string;
      }
    | { kind: "existing"; subnetId: pulumi.Input<string>; subnetPrefix: string; natGateway: false };
  nodes: ResolvedNode[];
  placement:
    | { kind: "availabilitySet"; faultDomains: number; updateDomains: number }
    | { kind: "zones"; zones: string[] };
  vm: {
    size: string;
    os: OsName;
    osFamily: OsFamily;
    image: ImageReference;
    adminUsername: string;
    /** Undefined: the component generates one. */
    adminPassword?: pulumi.Input<string>;
    sshPublicKeys: string[];
    osDiskSku: string;
  };
  dataDisk?: { sizeGb: number; sku: string; lun: number };
  sharedDisks: { name: string; sizeGb: number; sku: string; maxShares: number; lun: number }[];
  software: ResolvedClusterpro | ResolvedWsfc | ResolvedNone;
  failover: { toleratedPauseSec: number; osBootSec?: number; sqlAgLeaseTimeoutSec?: number };
  lb?: ResolvedLb;
  dns?: ResolvedDns;
  tags: Record<string, string>;
}
