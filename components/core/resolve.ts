/**
 * From a checked entry to the resolved cluster the builders work from. The static defaults are
 * already applied by the schema (`DEFAULTS`, `.default()`); `derivedDefaults` applies the ones
 * that depend on other fields (floating IP on for WSFC; heartbeat timeout from A + B + C or the
 * OS family; NP method by topology; names from the cluster name; ...), and `resolveEntry` shapes
 * the result and wraps every secret.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  abc,
  DERIVED_NP_DEFAULTS,
  PING_NP_HEARTBEAT_SEC,
  wsfcDetectionSec,
  type NpMonitorDefaults,
} from "./heartbeat";
import { imageFor, osFamily } from "./os";
import { regionHasZones } from "./regions";
import { resolveScheduledEvents } from "./scheduled-events";
import { DEFAULTS, REBOOT_WAIT_SEC, type DefaultedEntry, type SecretInput } from "./schema";
import type {
  ResolvedCluster,
  ResolvedClusterpro,
  ResolvedDns,
  ResolvedLb,
  ResolvedLbRule,
  ResolvedWsfc,
} from "./types";
import { parseVersion } from "./validate";

type Entry = DefaultedEntry;
type Clusterpro = Extract<Entry["software"], { kind: "clusterpro" }>;
type Wsfc = Extract<Entry["software"], { kind: "wsfc" }>;

/** Turns a secret field into a secret Input: `{ secure }` and plain strings alike. */
export function toSecret(v: SecretInput): pulumi.Input<string> {
  if (typeof v === "object" && v !== null && "secure" in v && !pulumi.Output.isInstance(v)) {
    return pulumi.secret(v.secure);
  }
  return pulumi.secret(v as pulumi.Input<string>);
}

/** The WSFC cluster (CNO) name: NetBIOS, at most 15 characters. */
export function defaultWsfcClusterName(cluster: string): string {
  return cluster
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, 15)
    .replace(/-+$/, "");
}

/** The CLUSTERPRO heartbeat timeout: configured, A + B + C (monitor NP) or the ping-NP default. */
function clusterproTimeout(e: Entry, sw: Clusterpro, monitors: NpMonitorDefaults) {
  const family = osFamily(e.vm.os);
  const configured = sw.heartbeat?.timeoutSec;
  if (configured !== undefined) return { timeoutSec: configured, source: "config" as const };
  if (e.topology === "internal-lb") {
    return { timeoutSec: PING_NP_HEARTBEAT_SEC[family], source: "default" as const };
  }
  return { timeoutSec: abc(monitors).total, source: "A+B+C" as const };
}

/**
 * Every default that depends on other fields (the static ones are `DEFAULTS`, applied by the
 * schema). Pure; the entry must have passed `validateEntry`.
 */
export function derivedDefaults(e: Entry) {
  const family = osFamily(e.vm.os);
  const zones = "zones" in e.placement ? e.placement.zones : undefined;
  const wsfc = e.software.kind === "wsfc" ? e.software : undefined;
  const clusterpro = e.software.kind === "clusterpro" ? e.software : undefined;
  // CLUSTERPRO NP monitor timing: derived per OS family (heartbeat.ts, from the seeds' A + B + C)
  const np = clusterpro?.networkPartition;
  const d = DERIVED_NP_DEFAULTS[family];
  const monitors: NpMonitorDefaults = {
    intervalSec: np?.intervalSec ?? d.intervalSec,
    retries: np?.retries ?? d.retries,
    multiTargetIntervalSec: np?.multiTargetIntervalSec ?? d.multiTargetIntervalSec,
    multiTargetRetries: np?.multiTargetRetries ?? d.multiTargetRetries,
    graceSec: np?.graceSec ?? d.graceSec,
  };
  const floatingIp = (e.internalLb ?? e.publicLb)?.floatingIp ?? e.software.kind === "wsfc";
  const wsfcName = wsfc?.clusterName ?? defaultWsfcClusterName(e.name);
  return {
    family,
    vnetName: `${e.name}-vnet`,
    subnetName: `${e.name}-subnet`,
    /** The zone of node i: given, or round-robin over `placement.zones`. */
    zoneOf: (i: number) => (zones ? (e.nodes[i].zone ?? zones[i % zones.length]) : undefined),
    sharedDiskMaxShares: Math.max(2, e.nodes.length),
    /** The data disk takes LUN 0; shared disk i takes 1 + i. */
    sharedDiskLun: (i: number) => 1 + i,
    rebootWaitSec: REBOOT_WAIT_SEC[family],
    floatingIp,
    zoneRedundant: e.internalLb ? zones !== undefined : regionHasZones(e.location),
    clusterpro: clusterpro && {
      method: e.topology === "internal-lb" ? ("ping" as const) : ("monitors" as const),
      monitors,
      heartbeat: clusterproTimeout(e, clusterpro, monitors),
      clusterName: e.name,
      azureCliPath:
        family === "linux"
          ? "/usr/bin/az"
          : "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd",
      finalAction: e.topology === "dns" ? ("shutdown" as const) : ("none" as const),
      dsr: e.topology === "internal-lb" && floatingIp,
    },
    wsfc: wsfc && {
      clusterName: wsfcName,
      roleName: `${e.name}-role`,
      dnsSuffix: `${wsfcName.toLowerCase()}.local`,
      managementPoint: wsfc.clusterIp ? ("singleton" as const) : ("distributed" as const),
      /** Disk witness: the last shared disk. */
      witnessDisk: e.sharedDisks?.[e.sharedDisks.length - 1]?.name,
    },
  };
}

type Derived = ReturnType<typeof derivedDefaults>;

/** Applies every default. The entry must have passed `validateEntry`. */
export function resolveEntry(e: Entry): ResolvedCluster {
  const d = derivedDefaults(e);
  const net = e.network;
  return {
    name: e.name,
    topology: e.topology,
    resourceGroupName: e.resourceGroupName,
    createResourceGroup: e.createResourceGroup,
    location: e.location,
    network:
      "addressSpace" in net
        ? {
            kind: "created",
            addressSpace: net.addressSpace,
            subnetPrefix: net.subnetPrefix,
            natGateway: net.natGateway,
            vnetName: net.vnetName ?? d.vnetName,
            subnetName: net.subnetName ?? d.subnetName,
            dnsServers: net.dnsServers,
            interconnectSubnetPrefix: net.interconnectSubnetPrefix,
          }
        : {
            kind: "existing",
            subnetId: net.subnetId,
            subnetPrefix: net.subnetPrefix,
            natGateway: false,
          },
    nodes: e.nodes.map((n, i) => ({
      name: n.name,
      privateIp: n.privateIp,
      ...(n.interconnectIp !== undefined ? { interconnectIp: n.interconnectIp } : {}),
      zone: d.zoneOf(i),
    })),
    placement:
      "zones" in e.placement
        ? { kind: "zones", zones: e.placement.zones }
        : { kind: "availabilitySet", ...e.placement.availabilitySet },
    vm: {
      size: e.vm.size,
      os: e.vm.os,
      osFamily: d.family,
      image: imageFor(e.vm.os, e.vm.imageVersion),
      adminUsername: e.vm.adminUsername,
      adminPassword: e.vm.adminPassword === undefined ? undefined : toSecret(e.vm.adminPassword),
      sshPublicKeys: e.vm.sshPublicKeys,
      osDiskSku: e.vm.osDiskSku,
    },
    dataDisk: e.dataDisk,
    sharedDisks: (e.sharedDisks ?? []).map((s, i) => ({
      name: s.name,
      sizeGb: s.sizeGb,
      sku: s.sku,
      maxShares: s.maxShares ?? d.sharedDiskMaxShares,
      lun: s.lun ?? d.sharedDiskLun(i),
    })),
    software: resolveSoftware(e, d),
    failover: {
      toleratedPauseSec: e.failover.toleratedPauseSec,
      osBootSec: e.failover.osBootSec,
      sqlAgLeaseTimeoutSec: e.failover.sqlAgLeaseTimeoutSec,
    },
    bootstrap: { rebootWaitSec: e.bootstrap?.rebootWaitSec ?? d.rebootWaitSec },
    lb: resolveLb(e, d),
    dns: resolveDns(e),
    monitoring: {
      enabled: e.monitoring.enabled,
      actionGroupId: e.monitoring.actionGroupId,
      windowMin: e.monitoring.windowMin,
      severity: e.monitoring.severity,
    },
    tags: e.tags,
  };
}

function resolveDns(e: Entry): ResolvedDns | undefined {
  if (!e.dns) return undefined;
  const zoneName = e.dns.zoneName.replace(/\.$/, "");
  return {
    zoneName,
    recordName: e.dns.recordName,
    fqdn: e.dns.recordName === "@" ? zoneName : `${e.dns.recordName}.${zoneName}`,
    ttlSec: e.dns.ttlSec,
    private: e.dns.private,
    existingZone: e.dns.existingZone,
    clientPorts: [...new Set(e.dns.clientPorts)].sort((a, b) => a - b),
    clientSources: e.dns.clientSources,
    updaterRole: e.dns.updaterRole,
    updater: e.dns.updater && {
      ...e.dns.updater,
      certificatePem: toSecret(e.dns.updater.certificatePem),
    },
  };
}

function resolveLb(e: Entry, d: Derived): ResolvedLb | undefined {
  const src = e.internalLb ?? e.publicLb;
  if (!src) return undefined;
  const haPorts = e.internalLb?.haPorts ?? false;
  const rules: ResolvedLbRule[] = haPorts
    ? [
        {
          name: "ha-ports",
          frontendPort: 0,
          backendPort: 0,
          protocol: "All",
          idleTimeoutMinutes:
            src.rules?.[0]?.idleTimeoutMinutes ?? DEFAULTS.internalLb.rules.idleTimeoutMinutes,
        },
      ]
    : (src.rules ?? []).map((r) => ({
        name: `${r.protocol.toLowerCase()}-${r.frontendPort}`,
        ...r,
      }));
  return {
    kind: e.internalLb ? "internal" : "public",
    frontendIp: e.internalLb?.frontendIp,
    probePort: src.probePort,
    floatingIp: d.floatingIp,
    haPorts,
    probe: src.probe,
    clientSources: src.clientSources,
    rules,
    dnsLabel: e.publicLb?.dnsLabel,
    zoneRedundant: e.publicLb?.zoneRedundant ?? d.zoneRedundant,
  };
}

function resolveSoftware(e: Entry, d: Derived): ResolvedCluster["software"] {
  const sw = e.software;
  if (sw.kind === "none") return { kind: "none" };
  if (sw.kind === "wsfc") return resolveWsfc(sw, d.wsfc!);
  const c = d.clusterpro!;
  const out: ResolvedClusterpro = {
    kind: "clusterpro",
    version: sw.version,
    versionParts: parseVersion(sw.version) ?? [0, 0],
    clusterName: sw.clusterName ?? c.clusterName,
    heartbeat: {
      timeoutSec: c.heartbeat.timeoutSec,
      intervalSec: sw.heartbeat?.intervalSec,
      timeoutSource: c.heartbeat.source,
    },
    networkPartition: {
      method: c.method,
      pingTargets: sw.networkPartition.pingTargets,
      endpoint: sw.networkPartition.endpoint,
      port: sw.networkPartition.port,
      ...c.monitors,
      preFinalScriptTimeoutSec: sw.networkPartition.preFinalScriptTimeoutSec,
      finalAction: c.finalAction,
    },
    shutdownMonitorTimeoutSec: sw.shutdownMonitorTimeoutSec,
    installerUrl: sw.installerUrl === undefined ? undefined : toSecret(sw.installerUrl),
    licenses: sw.licenses === undefined ? undefined : toSecret(sw.licenses),
    azureCliPath: sw.azureCliPath ?? c.azureCliPath,
    mirrorDisk: {
      ...sw.mirrorDisk,
      driveLetter: sw.mirrorDisk.driveLetter.toUpperCase(),
      clusterPartitionDriveLetter: sw.mirrorDisk.clusterPartitionDriveLetter.toUpperCase(),
    },
    dsr: c.dsr,
    scheduledEvents: resolveScheduledEvents(sw.scheduledEvents, c.heartbeat.timeoutSec),
  };
  return out;
}

function resolveWsfc(sw: Wsfc, w: NonNullable<Derived["wsfc"]>): ResolvedWsfc {
  return {
    kind: "wsfc",
    heartbeat: sw.heartbeat,
    domain: sw.domain && { ...sw.domain, joinPassword: toSecret(sw.domain.joinPassword) },
    witness:
      sw.witness.kind === "disk"
        ? { kind: "disk", diskName: sw.witness.diskName ?? w.witnessDisk }
        : { kind: "cloud" },
    clusterIp: sw.clusterIp,
    managementPoint: sw.managementPoint ?? w.managementPoint,
    roleMode: sw.role.mode,
    clusterName: sw.clusterName ?? w.clusterName,
    roleName: sw.roleName ?? w.roleName,
    dnsSuffix: sw.dnsSuffix ?? w.dnsSuffix,
    scheduledEvents: resolveScheduledEvents(
      sw.scheduledEvents,
      wsfcDetectionSec(sw.heartbeat.sameSubnetDelayMs, sw.heartbeat.sameSubnetThreshold),
    ),
  };
}
