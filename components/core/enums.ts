/**
 * Allowed-value lists that the package root exports, kept apart from the zod schema so that
 * `require("azure-ha-cluster")` does not load zod (see config-lazy.ts). The schema builds its
 * enums from these.
 */

/** The topologies: how clients reach the active node. */
export const TOPOLOGIES = ["internal-lb", "public-lb", "dns"] as const;
/** How clients reach the active node. */
export type Topology = (typeof TOPOLOGIES)[number];

/** The Scheduled Events types the agent can act on. */
export const SE_EVENT_TYPES = ["Freeze", "Reboot", "Redeploy"] as const;
/** An event type the agent can act on. */
export type SeEventType = (typeof SE_EVENT_TYPES)[number];

/** The Azure disk SKUs a disk field accepts. */
export const DISK_SKUS = [
  "Standard_LRS",
  "StandardSSD_LRS",
  "StandardSSD_ZRS",
  "Premium_LRS",
  "Premium_ZRS",
  "PremiumV2_LRS",
  "UltraSSD_LRS",
] as const;
/** An Azure disk SKU. */
export type DiskSku = (typeof DISK_SKUS)[number];
