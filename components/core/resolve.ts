/**
 * Defaults, applied in one pure function, including those that depend on other fields
 * (floating IP on for WSFC; heartbeat timeout from OS family and topology; NP method by topology).
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import {
  abc,
  DERIVED_NP_DEFAULTS,
  MIN_TOLERATED_PAUSE_SEC,
  PING_NP_HEARTBEAT_SEC,
  WSFC_AZURE_RELAXED,
  wsfcDetectionSec,
} from "./heartbeat";
import { imageFor, osFamily } from "./os";
import { resolveScheduledEvents } from "./scheduled-events";
import { regionHasZones } from "./regions";
import { REBOOT_WAIT_SEC, type clusterEntrySchema, type SecretInput } from "./schema";
import type {
  ResolvedCluster,
  ResolvedClusterpro,
  ResolvedLb,
  ResolvedLbRule,
  ResolvedWsfc,
} from "./types";
import { parseVersion } from "./validate";

type Entry = z.output<typeof clusterEntrySchema>;

/** Turns a secret field into a secret Input: `{ secure }` and plain strings alike. */
export function toSecret(v: SecretInput): pulumi.Input<string> {
  if (typeof v === "object" && v !== null && "secure" in v && !pulumi.Output.isInstance(v)) {
    return pulumi.secret(v.secure);
  }
  return pulumi.secret(v as pulumi.Input<string>);
}

/** Azure default names of the cluster's VNet and subnet. */
export function defaultNetworkNames(cluster: string) {
  return { vnetName: `${cluster}-vnet`, subnetName: `${cluster}-subnet` };
}

/** The WSFC cluster (CNO) name: NetBIOS, at most 15 characters. */
export function defaultWsfcClusterName(cluster: string): string {
  return cluster
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, 15)
    .replace(/-+$/, "");
}

/** Applies every default. The entry must have passed `validateEntry`. */
export function resolveEntry(e: Entry): ResolvedCluster {
  const family = osFamily(e.vm.os);
  const net = e.network;
  const network: ResolvedCluster["network"] =
    "addressSpace" in net
      ? {
          kind: "created",
          addressSpace: net.addressSpace,
          subnetPrefix: net.subnetPrefix,
          natGateway: net.natGateway ?? true,
          vnetName: net.vnetName ?? defaultNetworkNames(e.name).vnetName,
          subnetName: net.subnetName ?? defaultNetworkNames(e.name).subnetName,
          dnsServers: [...(net.dnsServers ?? [])],
          interconnectSubnetPrefix: net.interconnectSubnetPrefix,
        }
      : {
          kind: "existing",
          subnetId: net.subnetId,
          subnetPrefix: net.subnetPrefix,
          natGateway: false,
        };

  const placement: ResolvedCluster["placement"] =
    e.placement && "zones" in e.placement
      ? { kind: "zones", zones: [...e.placement.zones] }
      : {
          kind: "availabilitySet",
          faultDomains: e.placement?.availabilitySet.faultDomains ?? 2,
          updateDomains: e.placement?.availabilitySet.updateDomains ?? 5,
        };

  const nodes = e.nodes.map((n, i) => ({
    name: n.name,
    privateIp: n.privateIp,
    ...(n.interconnectIp !== undefined ? { interconnectIp: n.interconnectIp } : {}),
    zone:
      placement.kind === "zones"
        ? (n.zone ?? placement.zones[i % placement.zones.length])
        : undefined,
  }));

  const lb = resolveLb(e);
  const software = resolveSoftware(e, family, lb);

  return {
    name: e.name,
    topology: e.topology,
    resourceGroupName: e.resourceGroupName,
    createResourceGroup: e.createResourceGroup ?? true,
    location: e.location,
    network,
    nodes,
    placement,
    vm: {
      size: e.vm.size,
      os: e.vm.os,
      osFamily: family,
      image: imageFor(e.vm.os, e.vm.imageVersion ?? "latest"),
      adminUsername: e.vm.adminUsername,
      adminPassword: e.vm.adminPassword === undefined ? undefined : toSecret(e.vm.adminPassword),
      sshPublicKeys: e.vm.sshPublicKeys ?? [],
      osDiskSku: e.vm.osDiskSku ?? "StandardSSD_LRS",
    },
    dataDisk: e.dataDisk
      ? {
          sizeGb: e.dataDisk.sizeGb,
          sku: e.dataDisk.sku ?? "StandardSSD_LRS",
          lun: e.dataDisk.lun ?? 0,
        }
      : undefined,
    sharedDisks: (e.sharedDisks ?? []).map((d, i) => ({
      name: d.name,
      sizeGb: d.sizeGb,
      sku: d.sku ?? "Premium_LRS",
      maxShares: d.maxShares ?? Math.max(2, e.nodes.length),
      lun: d.lun ?? 1 + i,
    })),
    software,
    failover: {
      toleratedPauseSec: e.failover?.toleratedPauseSec ?? MIN_TOLERATED_PAUSE_SEC,
      osBootSec: e.failover?.osBootSec,
      sqlAgLeaseTimeoutSec: e.failover?.sqlAgLeaseTimeoutSec,
    },
    bootstrap: {
      rebootWaitSec:
        e.bootstrap?.rebootWaitSec ??
        (family === "windows" ? REBOOT_WAIT_SEC.windows : REBOOT_WAIT_SEC.linux),
    },
    lb,
    dns: e.dns
      ? {
          zoneName: e.dns.zoneName.replace(/\.$/, ""),
          recordName: e.dns.recordName,
          fqdn: `${e.dns.recordName === "@" ? "" : `${e.dns.recordName}.`}${e.dns.zoneName.replace(/\.$/, "")}`,
          ttlSec: e.dns.ttlSec ?? 30,
          private: e.dns.private ?? false,
          existingZone: e.dns.existingZone,
          clientPorts: [...new Set(e.dns.clientPorts ?? [])].sort((a, b) => a - b),
          clientSources: e.dns.clientSources ?? ["VirtualNetwork"],
          updaterRole: e.dns.updaterRole ?? "custom",
          updater: e.dns.updater
            ? { ...e.dns.updater, certificatePem: toSecret(e.dns.updater.certificatePem) }
            : undefined,
        }
      : undefined,
    monitoring: {
      enabled: e.monitoring?.enabled ?? true,
      actionGroupId: e.monitoring?.actionGroupId,
      windowMin: e.monitoring?.windowMin ?? 5,
      severity: e.monitoring?.severity ?? 1,
    },
    tags: { ...(e.tags ?? {}) },
  };
}

function resolveLb(e: Entry): ResolvedLb | undefined {
  const src = e.internalLb ?? e.publicLb;
  if (!src) return undefined;
  const internal = e.internalLb !== undefined;
  const haPorts = e.internalLb?.haPorts ?? false;
  const rules: ResolvedLbRule[] = haPorts
    ? [
        {
          name: "ha-ports",
          frontendPort: 0,
          backendPort: 0,
          protocol: "All",
          idleTimeoutMinutes: src.rules?.[0]?.idleTimeoutMinutes ?? 4,
        },
      ]
    : (src.rules ?? []).map((r) => {
        const protocol = r.protocol ?? "Tcp";
        return {
          name: `${protocol.toLowerCase()}-${r.frontendPort}`,
          frontendPort: r.frontendPort,
          backendPort: r.backendPort,
          protocol,
          idleTimeoutMinutes: r.idleTimeoutMinutes ?? 4,
        };
      });
  return {
    kind: internal ? "internal" : "public",
    frontendIp: e.internalLb?.frontendIp,
    probePort: src.probePort,
    floatingIp: src.floatingIp ?? e.software.kind === "wsfc",
    haPorts,
    probe: { intervalSec: src.probe?.intervalSec ?? 5, threshold: src.probe?.threshold ?? 2 },
    clientSources: src.clientSources ?? [internal ? "VirtualNetwork" : "Internet"],
    rules,
    dnsLabel: e.publicLb?.dnsLabel,
    zoneRedundant: internal
      ? e.placement !== undefined && "zones" in e.placement
      : (e.publicLb?.zoneRedundant ?? regionHasZones(e.location)),
  };
}

function resolveSoftware(
  e: Entry,
  family: "windows" | "linux",
  lb: ResolvedLb | undefined,
): ResolvedCluster["software"] {
  const sw = e.software;
  if (sw.kind === "none") return { kind: "none" };
  if (sw.kind === "wsfc") {
    const clusterName = sw.clusterName ?? defaultWsfcClusterName(e.name);
    const out: ResolvedWsfc = {
      kind: "wsfc",
      heartbeat: {
        sameSubnetDelayMs: sw.heartbeat?.sameSubnetDelayMs ?? WSFC_AZURE_RELAXED.sameSubnetDelayMs,
        sameSubnetThreshold:
          sw.heartbeat?.sameSubnetThreshold ?? WSFC_AZURE_RELAXED.sameSubnetThreshold,
        crossSubnetDelayMs:
          sw.heartbeat?.crossSubnetDelayMs ?? WSFC_AZURE_RELAXED.crossSubnetDelayMs,
        crossSubnetThreshold:
          sw.heartbeat?.crossSubnetThreshold ?? WSFC_AZURE_RELAXED.crossSubnetThreshold,
      },
      domain: sw.domain
        ? { ...sw.domain, joinPassword: toSecret(sw.domain.joinPassword) }
        : undefined,
      witness:
        sw.witness?.kind === "disk"
          ? {
              kind: "disk",
              diskName: sw.witness.diskName ?? e.sharedDisks?.[e.sharedDisks.length - 1]?.name,
            }
          : { kind: "cloud" },
      clusterIp: sw.clusterIp,
      managementPoint: sw.managementPoint ?? (sw.clusterIp ? "singleton" : "distributed"),
      roleMode: sw.role?.mode ?? "ip-and-disks",
      clusterName,
      roleName: sw.roleName ?? `${e.name}-role`,
      dnsSuffix: sw.dnsSuffix ?? `${clusterName.toLowerCase()}.local`,
      scheduledEvents: resolveScheduledEvents(
        sw.scheduledEvents,
        wsfcDetectionSec(
          sw.heartbeat?.sameSubnetDelayMs ?? WSFC_AZURE_RELAXED.sameSubnetDelayMs,
          sw.heartbeat?.sameSubnetThreshold ?? WSFC_AZURE_RELAXED.sameSubnetThreshold,
        ),
      ),
    };
    return out;
  }
  const np = sw.networkPartition ?? {};
  const d = DERIVED_NP_DEFAULTS[family];
  const monitors = {
    intervalSec: np.intervalSec ?? d.intervalSec,
    retries: np.retries ?? d.retries,
    multiTargetIntervalSec: np.multiTargetIntervalSec ?? d.multiTargetIntervalSec,
    multiTargetRetries: np.multiTargetRetries ?? d.multiTargetRetries,
    graceSec: np.graceSec ?? d.graceSec,
  };
  const method = e.topology === "internal-lb" ? "ping" : "monitors";
  const configured = sw.heartbeat?.timeoutSec;
  const timeoutSec =
    configured ?? (method === "monitors" ? abc(monitors).total : PING_NP_HEARTBEAT_SEC[family]);
  const out: ResolvedClusterpro = {
    kind: "clusterpro",
    version: sw.version,
    versionParts: parseVersion(sw.version) ?? [0, 0],
    clusterName: sw.clusterName ?? e.name,
    heartbeat: {
      timeoutSec,
      intervalSec: sw.heartbeat?.intervalSec,
      timeoutSource:
        configured !== undefined ? "config" : method === "monitors" ? "A+B+C" : "default",
    },
    networkPartition: {
      method,
      pingTargets: np.pingTargets ?? [],
      endpoint: np.endpoint ?? "management.azure.com",
      port: np.port ?? 443,
      ...monitors,
      preFinalScriptTimeoutSec: np.preFinalScriptTimeoutSec ?? 30,
      finalAction: e.topology === "dns" ? "shutdown" : "none",
    },
    shutdownMonitorTimeoutSec: sw.shutdownMonitorTimeoutSec,
    installerUrl: sw.installerUrl === undefined ? undefined : toSecret(sw.installerUrl),
    licenses: sw.licenses === undefined ? undefined : toSecret(sw.licenses),
    azureCliPath:
      sw.azureCliPath ??
      (family === "linux"
        ? "/usr/bin/az"
        : "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd"),
    mirrorDisk: {
      clusterPartitionGb: sw.mirrorDisk?.clusterPartitionGb ?? 1,
      mountPoint: sw.mirrorDisk?.mountPoint ?? "/mnt/md",
      fs: sw.mirrorDisk?.fs ?? "ext4",
      driveLetter: (sw.mirrorDisk?.driveLetter ?? "G").toUpperCase(),
      clusterPartitionDriveLetter: (
        sw.mirrorDisk?.clusterPartitionDriveLetter ?? "F"
      ).toUpperCase(),
    },
    dsr: e.topology === "internal-lb" && (lb?.floatingIp ?? false),
    scheduledEvents: resolveScheduledEvents(sw.scheduledEvents, timeoutSec),
  };
  return out;
}
