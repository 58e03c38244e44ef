/**
 * The shape of one cluster entry (stack config `azure-ha-cluster:clusters[i]`, or a component's
 * args plus `name` and `topology`). Shape only: types, enums, ranges. Rules that relate fields
 * (addresses inside subnets, DSR ports, topology blocks) live in `validate.ts`; defaults in
 * `resolve.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TOPOLOGIES } from "./enums";
import { OS_NAMES } from "./os";
import { scheduledEventsSchema } from "./scheduled-events";

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

/** Matches a secret field: an Output/Promise, a `{ secure }` value or a string (policed later). */
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

export const lbRuleSchema = z.strictObject({
  frontendPort: portOrZero,
  backendPort: portOrZero,
  protocol: z.enum(["Tcp", "Udp", "All"]).optional(),
  /** Idle timeout in minutes, 4–100 (Azure). Default 4. */
  idleTimeoutMinutes: int(4, 100).optional(),
});

export const probeSchema = z.strictObject({
  /** Seconds between probes, 5–2147483646 (Azure). Default 5. */
  intervalSec: int(5, 2147483646).optional(),
  /** Consecutive answers that flip a backend's state. Default 2. */
  threshold: int(1, 100).optional(),
});

export const internalLbSchema = z.strictObject({
  frontendIp: text,
  probePort: port,
  floatingIp: z.boolean({ error: "expected true or false" }).optional(),
  haPorts: z.boolean({ error: "expected true or false" }).optional(),
  probe: probeSchema.optional(),
  clientSources: z.array(sourcePrefix).min(1, { error: "needs at least one source" }).optional(),
  rules: z.array(lbRuleSchema).optional(),
});

export const publicLbSchema = z.strictObject({
  probePort: port,
  floatingIp: z.boolean({ error: "expected true or false" }).optional(),
  probe: probeSchema.optional(),
  clientSources: z.array(sourcePrefix).min(1, { error: "needs at least one source" }).optional(),
  rules: z.array(lbRuleSchema).min(1, { error: "needs at least one rule" }),
  /** DNS label of the public IP: <label>.<region>.cloudapp.azure.com. */
  dnsLabel: text.optional(),
  /** Zone-redundant public IP (zones 1, 2, 3). Default: true where the region has zones. */
  zoneRedundant: z.boolean({ error: "expected true or false" }).optional(),
});

export const dnsSchema = z.strictObject({
  zoneName: text,
  recordName: text,
  /** Seconds; short (default 30) so clients follow a failover fast. */
  ttlSec: int(
    1,
    2147483647,
    " seconds; keep it short (default 30) so clients follow a failover",
  ).optional(),
  private: z.boolean({ error: "expected true or false" }).optional(),
  /** TCP ports clients reach on the node addresses (NSG allow rule). Default: none. */
  clientPorts: z
    .array(port)
    .min(1, { error: "needs at least one port, or leave it out" })
    .optional(),
  /** NSG sources for `clientPorts`. Default: ["VirtualNetwork"]. */
  clientSources: z.array(sourcePrefix).min(1, { error: "needs at least one source" }).optional(),
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
    .optional(),
  updater: z
    .strictObject({
      tenantId: text,
      appId: text,
      objectId: text,
      certificatePem: secretValue,
    })
    .optional(),
});

const clusterproNpSchema = z.strictObject({
  pingTargets: z.array(text).optional(),
  endpoint: text.optional(),
  port: port.optional(),
  intervalSec: int(1, 999).optional(),
  retries: int(0, 999).optional(),
  multiTargetIntervalSec: int(1, 999).optional(),
  multiTargetRetries: int(0, 999).optional(),
  graceSec: int(0, 9999).optional(),
  preFinalScriptTimeoutSec: int(1, 9999).optional(),
});

export const clusterproSchema = z.strictObject({
  kind: z.literal("clusterpro"),
  version: z.string({ error: 'expected a version string such as "5.0"' }),
  heartbeat: z
    .strictObject({
      timeoutSec: int(1, 9999).optional(),
      intervalSec: int(1, 99).optional(),
    })
    .optional(),
  networkPartition: clusterproNpSchema.optional(),
  shutdownMonitorTimeoutSec: int(1, 9999).optional(),
  installerUrl: secretValue.optional(),
  licenses: secretValue.optional(),
  azureCliPath: text.optional(),
  clusterName: text.optional(),
  /** The Scheduled Events agent. Default: on. */
  scheduledEvents: scheduledEventsSchema.optional(),
  mirrorDisk: z
    .strictObject({
      clusterPartitionGb: int(1, 1024).optional(),
      mountPoint: text.optional(),
      fs: z.enum(["ext4", "xfs"]).optional(),
      driveLetter: z
        .string()
        .regex(/^[D-Z]$/i, { error: "expected one drive letter D–Z" })
        .optional(),
      clusterPartitionDriveLetter: z
        .string()
        .regex(/^[D-Z]$/i, { error: "expected one drive letter D–Z" })
        .optional(),
    })
    .optional(),
});

export const wsfcSchema = z.strictObject({
  kind: z.literal("wsfc"),
  heartbeat: z
    .strictObject({
      sameSubnetDelayMs: z.number({ error: "expected a number of milliseconds" }).optional(),
      sameSubnetThreshold: z.number({ error: "expected a number" }).optional(),
      crossSubnetDelayMs: z.number({ error: "expected a number of milliseconds" }).optional(),
      crossSubnetThreshold: z.number({ error: "expected a number" }).optional(),
    })
    .optional(),
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
    .optional(),
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
    .optional(),
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

const createdNetworkSchema = z.strictObject({
  addressSpace: text,
  subnetPrefix: text,
  natGateway: z.boolean({ error: "expected true or false" }).optional(),
  vnetName: text.optional(),
  subnetName: text.optional(),
  /** DNS servers of the VNet (DHCP options), e.g. the domain controllers. Default: Azure DNS. */
  dnsServers: z
    .array(text)
    .min(1, { error: "needs at least one server, or leave it out" })
    .optional(),
  /** WSFC: a second subnet for cluster-only traffic (seed 000's interconnect LAN). */
  interconnectSubnetPrefix: text.optional(),
});

const existingNetworkSchema = z.strictObject({
  subnetId: stringInput,
  subnetPrefix: text,
  natGateway: z.boolean({ error: "expected true or false" }).optional(),
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

export const placementSchema = z.union(
  [
    z.strictObject({
      availabilitySet: z.strictObject({
        faultDomains: int(1, 3).optional(),
        updateDomains: int(1, 20).optional(),
      }),
    }),
    z.strictObject({
      zones: z
        .array(z.enum(["1", "2", "3"], { error: 'expected zone "1", "2" or "3"' }))
        .min(1, { error: "needs at least one zone" }),
    }),
  ],
  { error: "expected { availabilitySet: { faultDomains, updateDomains } } or { zones: [...] }" },
);

const diskSku = z.enum(
  [
    "Standard_LRS",
    "StandardSSD_LRS",
    "StandardSSD_ZRS",
    "Premium_LRS",
    "Premium_ZRS",
    "PremiumV2_LRS",
    "UltraSSD_LRS",
  ],
  { error: "expected a disk SKU" },
);

export const vmSchema = z.strictObject({
  size: text,
  os: z.enum(OS_NAMES),
  adminUsername: text,
  adminPassword: secretValue.optional(),
  sshPublicKeys: z.array(text).optional(),
  imageVersion: text.optional(),
  osDiskSku: diskSku.optional(),
});

export const dataDiskSchema = z.strictObject({
  sizeGb: int(1, 65536),
  sku: diskSku.optional(),
  lun: int(0, 63).optional(),
});

export const sharedDiskSchema = z.strictObject({
  name: text,
  sizeGb: int(1, 65536),
  sku: diskSku.optional(),
  maxShares: int(2, 15).optional(),
  lun: int(0, 63).optional(),
});

export const failoverSchema = z.strictObject({
  toleratedPauseSec: z.number({ error: "expected a number of seconds" }).optional(),
  osBootSec: z.number({ error: "expected a number of seconds" }).positive().optional(),
  sqlAgLeaseTimeoutSec: z.number({ error: "expected a number of seconds" }).positive().optional(),
});

/** Health-probe alerts (issue 25). Azure metric-alert windows: PT1M, PT5M, PT15M, PT30M, PT1H. */
export const monitoringSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).optional(),
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
    .union([z.literal(1), z.literal(5), z.literal(15), z.literal(30), z.literal(60)], {
      error: "expected one of 1, 5, 15, 30, 60 (minutes; Azure metric-alert window sizes)",
    })
    .optional(),
  severity: int(0, 4, " (Azure alert severity)").optional(),
});

/** Reboot wait bounds (seconds): the reboot step's 30 s delay plus at least a minute of reboot. */
export const REBOOT_WAIT_SEC = { min: 90, max: 3600, linux: 180, windows: 360 } as const;

export const bootstrapSchema = z.strictObject({
  rebootWaitSec: int(REBOOT_WAIT_SEC.min, REBOOT_WAIT_SEC.max, " seconds").optional(),
});

/** Everything of a cluster entry except `name` and `topology`: the components' args. */
export const clusterArgsShape = {
  resourceGroupName: text,
  createResourceGroup: z.boolean({ error: "expected true or false" }).optional(),
  location: text,
  network: networkSchema,
  nodes: z.array(nodeSchema).min(2, { error: "a cluster needs at least 2 nodes" }),
  placement: placementSchema.optional(),
  vm: vmSchema,
  dataDisk: dataDiskSchema.optional(),
  sharedDisks: z.array(sharedDiskSchema).optional(),
  software: softwareSchema,
  failover: failoverSchema.optional(),
  monitoring: monitoringSchema.optional(),
  bootstrap: bootstrapSchema.optional(),
  internalLb: internalLbSchema.optional(),
  publicLb: publicLbSchema.optional(),
  dns: dnsSchema.optional(),
  tags: z.record(z.string(), z.string()).optional(),
};

// Defined without zod in ./enums (the package root exports it; config-lazy.ts).
export { TOPOLOGIES, type Topology } from "./enums";

export const clusterEntrySchema = z.strictObject({
  name: z.string({ error: "expected a string" }).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
    error: "expected 2–32 lowercase letters, digits or hyphens, starting with a letter",
  }),
  topology: z.enum(TOPOLOGIES),
  ...clusterArgsShape,
});

/** One cluster entry as written in stack config. */
export type ClusterEntry = z.input<typeof clusterEntrySchema>;
