/**
 * The config contract: the shape of one cluster entry (stack config
 * `azure-ha-cluster:clusters[i]`, or a component's args plus `name` and `topology`) and its static
 * defaults. Shape only: types, enums, ranges, and `.default()`s taken from `DEFAULTS`. Rules that
 * relate fields (addresses inside subnets, DSR ports, topology blocks) live in `validate.ts`; the
 * defaults that depend on other fields (floating IP, heartbeat timeout, NP method, names) in
 * `resolve.ts`. The public Args types in `types.ts` are pinned to this schema by
 * test/contract-types.test.ts (z.input of each schema ⇔ its Args type, both directions).
 *
 * `z.input` of a schema is what a user may write (a defaulted field is optional);
 * `z.output` is the entry with every static default applied, what `resolve.ts` starts from.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DISK_SKUS, TOPOLOGIES } from "./enums";
import { MIN_TOLERATED_PAUSE_SEC, WSFC_AZURE_RELAXED } from "./heartbeat";
import { OS_NAMES } from "./os";
import { scheduledEventsSchema } from "./scheduled-events";

// Defined without zod in ./enums (the package root exports it; config-lazy.ts).
export { DISK_SKUS, type DiskSku } from "./enums";

/** The availability zones `placement.zones` accepts. */
export const ZONES = ["1", "2", "3"] as const;
/** An availability zone. */
export type Zone = (typeof ZONES)[number];

/** Azure metric-alert window sizes, in minutes (PT1M, PT5M, PT15M, PT30M, PT1H). */
export const ALERT_WINDOWS_MIN = [1, 5, 15, 30, 60] as const;

const PROBE_DEFAULTS = { intervalSec: 5, threshold: 2 } as const;
const LB_RULE_DEFAULTS = { protocol: "Tcp", idleTimeoutMinutes: 4 } as const;

/**
 * Every static default of a cluster entry: a value that depends on no other field. The schema
 * below applies them (`.default()`); the README's "Defaults worth knowing" quotes them (a test
 * checks it). Paths follow the config: `vm.osDiskSku` is `DEFAULTS.vm.osDiskSku`; list entries
 * (`sharedDisks[]`, `rules[]`) have their element's defaults; software settings are under their
 * `kind`. Defaults that depend on other fields (floating IP on for WSFC, heartbeat timeout
 * A + B + C, NP method and monitor timing by topology and OS, reboot wait and Azure CLI path by
 * OS, names derived from the cluster name, LUNs and max shares) are applied by `resolveEntry`.
 */
export const DEFAULTS = {
  createResourceGroup: true,
  network: { natGateway: true, dnsServers: [] },
  placement: { availabilitySet: { faultDomains: 2, updateDomains: 5 } },
  vm: { imageVersion: "latest", sshPublicKeys: [], osDiskSku: "StandardSSD_LRS" },
  dataDisk: { sku: "StandardSSD_LRS", lun: 0 },
  sharedDisks: { sku: "Premium_LRS" },
  internalLb: {
    haPorts: false,
    probe: PROBE_DEFAULTS,
    clientSources: ["VirtualNetwork"],
    rules: LB_RULE_DEFAULTS,
  },
  publicLb: { probe: PROBE_DEFAULTS, clientSources: ["Internet"], rules: LB_RULE_DEFAULTS },
  dns: {
    ttlSec: 30,
    private: false,
    clientPorts: [],
    clientSources: ["VirtualNetwork"],
    updaterRole: "custom",
  },
  software: {
    clusterpro: {
      networkPartition: {
        pingTargets: [],
        endpoint: "management.azure.com",
        port: 443,
        preFinalScriptTimeoutSec: 30,
      },
      mirrorDisk: {
        clusterPartitionGb: 1,
        mountPoint: "/mnt/md",
        fs: "ext4",
        driveLetter: "G",
        clusterPartitionDriveLetter: "F",
      },
    },
    wsfc: {
      heartbeat: WSFC_AZURE_RELAXED,
      witness: { kind: "cloud" },
      role: { mode: "ip-and-disks" },
    },
  },
  failover: { toleratedPauseSec: MIN_TOLERATED_PAUSE_SEC },
  monitoring: { enabled: true, windowMin: 5, severity: 1 },
  tags: {},
} as const;

/** A value given as `{ secure: … }` in a stack-config file (encrypted; opaque to the planner). */
export interface SecureConfigValue {
  /** The encrypted value as Pulumi writes it to the stack file. */
  secure: string;
}

/**
 * A secret field: in a component, any `pulumi.Input<string>` (wrapped in `pulumi.secret` before it
 * reaches a resource); in a stack-config file, `{ secure: … }`.
 */
export type SecretInput = pulumi.Input<string> | SecureConfigValue;

/**
 * Matches a secret field: an Output/Promise, a `{ secure }` value or a string (policed later).
 * Every secret field of the contract uses this one schema: `SECRET_FIELDS` (errors.ts) is the set
 * of field names whose schema it is.
 */
export const secretValue = z.custom<SecretInput>(
  (v) =>
    typeof v === "string" ||
    pulumi.Output.isInstance(v) ||
    v instanceof Promise ||
    (typeof v === "object" &&
      v !== null &&
      typeof (v as { secure?: unknown }).secure === "string" &&
      Object.keys(v).length === 1),
  { message: "expected a secret: { secure: … } in a stack file, or a pulumi.Input<string>" },
);

/** Matches a plain string or a Pulumi Output (e.g. a subnet id from another stack). */
const stringInput = z.custom<pulumi.Input<string>>(
  (v) => typeof v === "string" || pulumi.Output.isInstance(v) || v instanceof Promise,
  { message: "expected a string or a pulumi.Input<string>" },
);

const int = (min: number, max: number, what = "") =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}${what}` })
    .int({ error: `expected a whole number from ${min} to ${max}${what}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}${what}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}${what}` });

const port = int(1, 65535);
const portOrZero = int(0, 65535, " (0 only for HA ports)");
const text = z.string({ error: "expected a string" }).min(1, { error: "must not be empty" });

/** A client source for NSG rules: a CIDR, an IP or a service tag such as VirtualNetwork. */
const sourcePrefix = text;

const bool = z.boolean({ error: "expected true or false" });

/** NSG sources, at least one. */
const clientSources = z.array(sourcePrefix).min(1, { error: "needs at least one source" });

export const lbRuleSchema = z.strictObject({
  frontendPort: portOrZero,
  backendPort: portOrZero,
  protocol: z.enum(["Tcp", "Udp", "All"]).default(LB_RULE_DEFAULTS.protocol),
  /** Idle timeout in minutes, 4–100 (Azure). */
  idleTimeoutMinutes: int(4, 100).default(LB_RULE_DEFAULTS.idleTimeoutMinutes),
});

export const probeSchema = z.strictObject({
  /** Seconds between probes, 5–2147483646 (Azure). */
  intervalSec: int(5, 2147483646).default(PROBE_DEFAULTS.intervalSec),
  /** Consecutive answers that flip a backend's state. */
  threshold: int(1, 100).default(PROBE_DEFAULTS.threshold),
});

export const internalLbSchema = z.strictObject({
  frontendIp: text,
  probePort: port,
  floatingIp: bool.optional(),
  haPorts: bool.default(DEFAULTS.internalLb.haPorts),
  probe: probeSchema.prefault({}),
  clientSources: clientSources.default(() => [...DEFAULTS.internalLb.clientSources]),
  rules: z.array(lbRuleSchema).optional(),
});

export const publicLbSchema = z.strictObject({
  probePort: port,
  floatingIp: bool.optional(),
  probe: probeSchema.prefault({}),
  clientSources: clientSources.default(() => [...DEFAULTS.publicLb.clientSources]),
  rules: z.array(lbRuleSchema).min(1, { error: "needs at least one rule" }),
  /** DNS label of the public IP: <label>.<region>.cloudapp.azure.com. */
  dnsLabel: text.optional(),
  /** Zone-redundant public IP (zones 1, 2, 3). Default: true where the region has zones. */
  zoneRedundant: bool.optional(),
});

export const dnsSchema = z.strictObject({
  zoneName: text,
  recordName: text,
  /** Seconds; short so clients follow a failover fast. */
  ttlSec: int(
    1,
    2147483647,
    ` seconds; keep it short (default ${DEFAULTS.dns.ttlSec}) so clients follow a failover`,
  ).default(DEFAULTS.dns.ttlSec),
  private: bool.default(DEFAULTS.dns.private),
  /** TCP ports clients reach on the node addresses (NSG allow rule). */
  clientPorts: z
    .array(port)
    .min(1, { error: "needs at least one port, or leave it out" })
    .default(() => [...DEFAULTS.dns.clientPorts]),
  /** NSG sources for `clientPorts`. */
  clientSources: clientSources.default(() => [...DEFAULTS.dns.clientSources]),
  existingZone: z.strictObject({ resourceGroupName: text }).optional(),
  /** The updater's role: the shared custom role (default), a given one, or the built-in one. */
  updaterRole: z
    .union(
      [z.enum(["custom", "dns-zone-contributor"]), z.strictObject({ roleDefinitionId: text })],
      {
        error:
          'expected "custom", "dns-zone-contributor" or { roleDefinitionId: "/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>" }',
      },
    )
    .default(DEFAULTS.dns.updaterRole),
  updater: z
    .strictObject({
      tenantId: text,
      appId: text,
      objectId: text,
      certificatePem: secretValue,
    })
    .optional(),
});

const NP = DEFAULTS.software.clusterpro.networkPartition;
const MIRROR = DEFAULTS.software.clusterpro.mirrorDisk;

/** CLUSTERPRO NP resolution; the monitor timing defaults depend on the OS (`resolve.ts`). */
export const clusterproNpSchema = z.strictObject({
  pingTargets: z.array(text).default(() => [...NP.pingTargets]),
  endpoint: text.default(NP.endpoint),
  port: port.default(NP.port),
  intervalSec: int(1, 999).optional(),
  retries: int(0, 999).optional(),
  multiTargetIntervalSec: int(1, 999).optional(),
  multiTargetRetries: int(0, 999).optional(),
  graceSec: int(0, 9999).optional(),
  preFinalScriptTimeoutSec: int(1, 9999).default(NP.preFinalScriptTimeoutSec),
});

const driveLetter = z.string().regex(/^[D-Z]$/i, { error: "expected one drive letter D–Z" });

export const clusterproSchema = z.strictObject({
  kind: z.literal("clusterpro"),
  version: z.string({ error: 'expected a version string such as "5.0"' }),
  heartbeat: z
    .strictObject({
      timeoutSec: int(1, 9999).optional(),
      intervalSec: int(1, 99).optional(),
    })
    .optional(),
  networkPartition: clusterproNpSchema.prefault({}),
  shutdownMonitorTimeoutSec: int(1, 9999).optional(),
  installerUrl: secretValue.optional(),
  licenses: secretValue.optional(),
  azureCliPath: text.optional(),
  clusterName: text.optional(),
  /** The Scheduled Events agent. Default: on. */
  scheduledEvents: scheduledEventsSchema.optional(),
  mirrorDisk: z
    .strictObject({
      clusterPartitionGb: int(1, 1024).default(MIRROR.clusterPartitionGb),
      mountPoint: text.default(MIRROR.mountPoint),
      fs: z.enum(["ext4", "xfs"]).default(MIRROR.fs),
      driveLetter: driveLetter.default(MIRROR.driveLetter),
      clusterPartitionDriveLetter: driveLetter.default(MIRROR.clusterPartitionDriveLetter),
    })
    .prefault({}),
});

const WSFC = DEFAULTS.software.wsfc;

export const wsfcSchema = z.strictObject({
  kind: z.literal("wsfc"),
  heartbeat: z
    .strictObject({
      sameSubnetDelayMs: z
        .number({ error: "expected a number of milliseconds" })
        .default(WSFC.heartbeat.sameSubnetDelayMs),
      sameSubnetThreshold: z
        .number({ error: "expected a number" })
        .default(WSFC.heartbeat.sameSubnetThreshold),
      crossSubnetDelayMs: z
        .number({ error: "expected a number of milliseconds" })
        .default(WSFC.heartbeat.crossSubnetDelayMs),
      crossSubnetThreshold: z
        .number({ error: "expected a number" })
        .default(WSFC.heartbeat.crossSubnetThreshold),
    })
    .prefault({}),
  domain: z
    .strictObject({
      name: text,
      joinUser: text,
      joinPassword: secretValue,
      ouPath: text.optional(),
    })
    .optional(),
  witness: z
    .strictObject({
      kind: z.enum(["cloud", "disk"]),
      diskName: text.optional(),
    })
    .default(() => ({ ...WSFC.witness })),
  clusterIp: text.optional(),
  /** Cluster management point: a distributed network name, or a singleton with `clusterIp`. */
  managementPoint: z
    .enum(["distributed", "singleton"], { error: 'expected "distributed" or "singleton"' })
    .optional(),
  /** Who owns the client role: the component (VIP + shared data disks), or an installer. */
  role: z
    .strictObject({
      mode: z.enum(["ip-and-disks", "none"], { error: 'expected "ip-and-disks" or "none"' }),
    })
    .default(() => ({ ...WSFC.role })),
  clusterName: text.optional(),
  roleName: text.optional(),
  /** Primary DNS suffix for a workgroup cluster. Default "<cluster name>.local". */
  dnsSuffix: text.optional(),
  /** The Scheduled Events agent. Default: on. */
  scheduledEvents: scheduledEventsSchema.optional(),
});

export const noneSchema = z.strictObject({ kind: z.literal("none") });

export const softwareSchema = z.discriminatedUnion(
  "kind",
  [clusterproSchema, wsfcSchema, noneSchema],
  { error: 'expected kind to be one of "clusterpro", "wsfc", "none"' },
);

export const createdNetworkSchema = z.strictObject({
  addressSpace: text,
  subnetPrefix: text,
  natGateway: bool.default(DEFAULTS.network.natGateway),
  vnetName: text.optional(),
  subnetName: text.optional(),
  /** DNS servers of the VNet (DHCP options), e.g. the domain controllers. Default: Azure DNS. */
  dnsServers: z
    .array(text)
    .min(1, { error: "needs at least one server, or leave it out" })
    .default(() => [...DEFAULTS.network.dnsServers]),
  /** WSFC: a second subnet for cluster-only traffic (seed 000's interconnect LAN). */
  interconnectSubnetPrefix: text.optional(),
});

export const existingNetworkSchema = z.strictObject({
  subnetId: stringInput,
  subnetPrefix: text,
  /** Refused when true (validate.ts): the subnet's owner attaches egress. */
  natGateway: bool.optional(),
});

export const networkSchema = z.union([createdNetworkSchema, existingNetworkSchema], {
  error: "expected { addressSpace, subnetPrefix } (create a VNet) or { subnetId, subnetPrefix }",
});

export const nodeSchema = z.strictObject({
  name: text,
  privateIp: text,
  /** Availability zone of this node (with placement.zones). Default: round-robin over zones. */
  zone: text.optional(),
  /** Static address of the node's second NIC on `network.interconnectSubnetPrefix`. */
  interconnectIp: text.optional(),
});

const AVAILABILITY_SET = DEFAULTS.placement.availabilitySet;

export const placementSchema = z
  .union(
    [
      z.strictObject({
        availabilitySet: z.strictObject({
          faultDomains: int(1, 3).default(AVAILABILITY_SET.faultDomains),
          updateDomains: int(1, 20).default(AVAILABILITY_SET.updateDomains),
        }),
      }),
      z.strictObject({
        zones: z
          .array(z.enum(ZONES, { error: 'expected zone "1", "2" or "3"' }))
          .min(1, { error: "needs at least one zone" }),
      }),
    ],
    { error: "expected { availabilitySet: { faultDomains, updateDomains } } or { zones: [...] }" },
  )
  .prefault({ availabilitySet: {} });

const diskSku = z.enum(DISK_SKUS, { error: "expected a disk SKU" });

export const vmSchema = z.strictObject({
  size: text,
  os: z.enum(OS_NAMES),
  adminUsername: text,
  adminPassword: secretValue.optional(),
  sshPublicKeys: z.array(text).default(() => [...DEFAULTS.vm.sshPublicKeys]),
  imageVersion: text.default(DEFAULTS.vm.imageVersion),
  osDiskSku: diskSku.default(DEFAULTS.vm.osDiskSku),
});

export const dataDiskSchema = z.strictObject({
  sizeGb: int(1, 65536),
  sku: diskSku.default(DEFAULTS.dataDisk.sku),
  lun: int(0, 63).default(DEFAULTS.dataDisk.lun),
});

/** One shared disk; `maxShares` and `lun` default from the node count and position (`resolve.ts`). */
export const sharedDiskSchema = z.strictObject({
  name: text,
  sizeGb: int(1, 65536),
  sku: diskSku.default(DEFAULTS.sharedDisks.sku),
  maxShares: int(2, 15).optional(),
  lun: int(0, 63).optional(),
});

export const failoverSchema = z.strictObject({
  toleratedPauseSec: z
    .number({ error: "expected a number of seconds" })
    .default(DEFAULTS.failover.toleratedPauseSec),
  osBootSec: z.number({ error: "expected a number of seconds" }).positive().optional(),
  sqlAgLeaseTimeoutSec: z.number({ error: "expected a number of seconds" }).positive().optional(),
});

/** Health-probe alerts (issue 25). Azure metric-alert windows: PT1M, PT5M, PT15M, PT30M, PT1H. */
export const monitoringSchema = z.strictObject({
  enabled: bool.default(DEFAULTS.monitoring.enabled),
  actionGroupId: z
    .string({ error: "expected a string" })
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/microsoft\.insights\/actionGroups\/[^/]+$/i,
      {
        error:
          "expected an action group resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/microsoft.insights/actionGroups/<name>",
      },
    )
    .optional(),
  windowMin: z
    .union(
      ALERT_WINDOWS_MIN.map((m) => z.literal(m)),
      { error: "expected one of 1, 5, 15, 30, 60 (minutes; Azure metric-alert window sizes)" },
    )
    .default(DEFAULTS.monitoring.windowMin),
  severity: int(0, 4, " (Azure alert severity)").default(DEFAULTS.monitoring.severity),
});

/** Reboot wait bounds (seconds): the reboot step's 30 s delay plus at least a minute of reboot. */
export const REBOOT_WAIT_SEC = { min: 90, max: 3600, linux: 180, windows: 360 } as const;

export const bootstrapSchema = z.strictObject({
  rebootWaitSec: int(REBOOT_WAIT_SEC.min, REBOOT_WAIT_SEC.max, " seconds").optional(),
});

/** What every component takes (`HaClusterCommonArgs`): a cluster entry without `name`,
 * `topology` and the topology blocks. */
export const commonArgsShape = {
  resourceGroupName: text,
  createResourceGroup: bool.default(DEFAULTS.createResourceGroup),
  location: text,
  network: networkSchema,
  nodes: z.array(nodeSchema).min(2, { error: "a cluster needs at least 2 nodes" }),
  placement: placementSchema,
  vm: vmSchema,
  dataDisk: dataDiskSchema.optional(),
  sharedDisks: z.array(sharedDiskSchema).optional(),
  software: softwareSchema,
  failover: failoverSchema.prefault({}),
  monitoring: monitoringSchema.prefault({}),
  bootstrap: bootstrapSchema.optional(),
  tags: z.record(z.string(), z.string()).default(() => ({ ...DEFAULTS.tags })),
};

/** Everything of a cluster entry except `name` and `topology`. */
export const clusterArgsShape = {
  ...commonArgsShape,
  internalLb: internalLbSchema.optional(),
  publicLb: publicLbSchema.optional(),
  dns: dnsSchema.optional(),
};

/**
 * Each component's args (`HaClusterInternalLbArgs`, `HaClusterPublicLbArgs`, `HaClusterDnsArgs`):
 * the common shape plus the component's own block, required.
 */
export const componentArgsSchemas = {
  "internal-lb": z.strictObject({ ...commonArgsShape, internalLb: internalLbSchema }),
  "public-lb": z.strictObject({ ...commonArgsShape, publicLb: publicLbSchema }),
  dns: z.strictObject({ ...commonArgsShape, dns: dnsSchema }),
} as const;

// Defined without zod in ./enums (the package root exports it; config-lazy.ts).
export { TOPOLOGIES, type Topology } from "./enums";

export const clusterEntrySchema = z.strictObject({
  name: z.string({ error: "expected a string" }).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
    error: "expected 2–32 lowercase letters, digits or hyphens, starting with a letter",
  }),
  topology: z.enum(TOPOLOGIES),
  ...clusterArgsShape,
});

type Def = {
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The names of the fields whose schema is `secretValue`, anywhere in `schema` (through optional,
 * default, list, record and union wrappers): the fields whose values are never printed.
 */
export function secretFieldNames(schema: z.ZodType): Set<string> {
  const out = new Set<string>();
  const seen = new Set<z.ZodType>();
  const isSecret = (s: z.ZodType): boolean => {
    const inner = defOf(s).innerType;
    return s === secretValue || (inner !== undefined && isSecret(inner));
  };
  const walk = (s: z.ZodType) => {
    if (seen.has(s)) return;
    seen.add(s);
    const def = defOf(s);
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      if (isSecret(field)) out.add(key);
      walk(field);
    }
    for (const next of [def.innerType, def.element, def.valueType, ...(def.options ?? [])]) {
      if (next) walk(next);
    }
  };
  walk(schema);
  return out;
}

/** One cluster entry as written (stack config, or a component's args plus name and topology). */
export type ClusterEntry = z.input<typeof clusterEntrySchema>;
/** One cluster entry with every static default applied (`DEFAULTS`). */
export type DefaultedEntry = z.output<typeof clusterEntrySchema>;
