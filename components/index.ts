/**
 * azure-ha-cluster: highly available failover clusters on Azure VMs (WSFC, CLUSTERPRO X /
 * EXPRESSCLUSTER X) behind an internal LB, a public LB or Azure DNS.
 */
export { HaClusterInternalLb } from "./internal-lb";
export { HaClusterPublicLb } from "./public-lb";
export { HaClusterDns } from "./dns";
export type {
  HaClusterInternalLbArgs,
  HaClusterPublicLbArgs,
  HaClusterDnsArgs,
  HaClusterCommonArgs,
  ClusterConfig,
  CreatedNetworkArgs,
  ExistingNetworkArgs,
  NodeArgs,
  PlacementArgs,
  VmArgs,
  DataDiskArgs,
  SharedDiskArgs,
  LbRuleArgs,
  ProbeArgs,
  InternalLbArgs,
  PublicLbArgs,
  DnsArgs,
  DnsUpdaterArgs,
  ClusterproArgs,
  ClusterproNetworkPartitionArgs,
  WsfcArgs,
  WsfcHeartbeatArgs,
  NoSoftwareArgs,
  FailoverArgs,
  MonitoringArgs,
  BootstrapArgs,
  DiskSku,
  SecretInput,
  Topology,
  OsName,
  OsFamily,
  ImageReference,
  ScheduledEventsArgs,
} from "./core/types";
export { SE_EVENT_TYPES, type SeEventType } from "./core/enums";
export type { SecureConfigValue } from "./core/schema";
export type { ClusterNetwork, ClusterNodes } from "./nodes";
export type { BootstrapStep } from "./bootstrap/run-command";
export { HaClusterBase } from "./cluster-base";
export { PolicyViolationError, type ClusterVerdict, type Enforcement } from "./core/rules";
export { OS_NAMES } from "./core/os";
export { DISK_SKUS, TOPOLOGIES } from "./core/enums";
export type { FailoverBudget } from "./core/budget";
export { ConfigError, type ConfigProblem } from "./core/errors";
// issue 25: what `azure-ha-cluster drill --stack-outputs` reads (a component's `drillTarget`)
export type { DrillTarget } from "./core/drill-target";
export { probeThresholds, type AlertCondition } from "./monitoring";
