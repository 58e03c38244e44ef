/**
 * Rules with only a resource form, over real resources' inputs (so the pack also catches a
 * hand-modified stack): SKU, static IPs, probe behaviour, NSG, shared-disk caching and patching.
 * Cluster settings come from the stamped tags (`facts.ts`).
 */
import { defineRule } from "./types";
import { arr, obj, oneAndMany, stampedFacts, T } from "./view";

/** Tag on the WSFC interconnect NSG (its NICs are in no LB pool). */
export const INTERCONNECT_NSG_TAG = "ha-cluster-nsg";

export const standardSku = defineRule({
  id: "standard-sku",
  description:
    "Basic load balancers and public IPs are retired (30 Sep 2025): only Standard gives zone redundancy, static frontends and HA ports.",
  enforcement: "mandatory",
  resource: {
    types: [T.lb, T.pip],
    check(r, v) {
      const sku = obj(r.inputs.sku).name;
      if (sku === "Standard") return [v.pass(`${r.name}: SKU Standard`)];
      return [
        v.fail(
          `${r.name}: SKU ${sku === undefined ? "unset (Basic)" : String(sku)}: set sku.name to "Standard"`,
        ),
      ];
    },
  },
});

export const staticIps = defineRule({
  id: "static-ips",
  description:
    "The VIP and node addresses are written into the cluster configuration: a dynamic address that changes breaks the cluster and the LB probe path.",
  enforcement: "mandatory",
  resource: {
    types: [T.lb, T.nic, T.pip],
    check(r, v) {
      const bad: string[] = [];
      if (r.type === T.pip) {
        if (r.inputs.publicIPAllocationMethod !== "Static")
          bad.push(
            `publicIPAllocationMethod ${String(r.inputs.publicIPAllocationMethod ?? "unset (Dynamic)")}`,
          );
      } else {
        const configs =
          r.type === T.lb ? arr(r.inputs.frontendIPConfigurations) : arr(r.inputs.ipConfigurations);
        for (const c of configs) {
          if (r.type === T.lb && c.subnet === undefined && c.privateIPAddress === undefined)
            continue; // public frontend
          if (c.privateIPAllocationMethod !== "Static" || c.privateIPAddress === undefined) {
            bad.push(
              `${String(c.name ?? "ipconfig")}: ${String(c.privateIPAllocationMethod ?? "Dynamic")}${c.privateIPAddress === undefined ? " without privateIPAddress" : ""}`,
            );
          }
        }
      }
      if (bad.length === 0) return [v.pass(`${r.name}: static addresses`)];
      return [
        v.fail(
          `${r.name}: ${bad.join("; ")}: use privateIPAllocationMethod/publicIPAllocationMethod "Static" with a fixed address`,
        ),
      ];
    },
  },
});

export const noProbeAllProbedUp = defineRule({
  id: "no-probe-all-probed-up",
  description:
    "noHealthyBackendsBehavior AllProbedUp sends traffic to every node when none answers the probe, i.e. to a standby during a failover.",
  enforcement: "mandatory",
  resource: {
    types: [T.lb],
    check(r, v) {
      const bad = arr(r.inputs.probes).filter((p) => p.noHealthyBackendsBehavior === "AllProbedUp");
      if (bad.length === 0) return [v.pass(`${r.name}: no probe with AllProbedUp`)];
      return [
        v.fail(
          `${r.name}: probe ${bad.map((p) => String(p.name)).join(", ")} has noHealthyBackendsBehavior AllProbedUp: set it to AllProbedDown`,
        ),
      ];
    },
  },
});

/** Whether a port range spec ("*", "80", "80-90") covers a port. */
export function portCovered(spec: unknown, port: number): boolean {
  if (spec === "*") return true;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(spec ?? ""));
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return port >= lo && port <= hi;
}

const PROBE_SOURCES = new Set([
  "AzureLoadBalancer",
  "*",
  "168.63.129.16",
  "168.63.129.16/32",
  "Internet",
  "Any",
]);

export const nsgAllowsProbe = defineRule({
  id: "nsg-allows-probe",
  description:
    "The LB probe comes from 168.63.129.16 (service tag AzureLoadBalancer): if the NSG blocks it, no node is healthy and the VIP goes dark.",
  enforcement: "mandatory",
  resource: {
    types: [T.nsg],
    check(r, v) {
      const f = stampedFacts(r);
      if (!f?.lb) return [];
      // The WSFC interconnect NSG guards the second NICs, which are in no LB pool: no probe there.
      if (obj(r.inputs.tags)[INTERCONNECT_NSG_TAG] === "interconnect") return [];
      const port = f.lb.probePort;
      const matching = arr(r.inputs.securityRules)
        .filter(
          (s) =>
            (s.direction ?? "Inbound") === "Inbound" &&
            (s.protocol === "Tcp" || s.protocol === "*"),
        )
        .filter((s) =>
          oneAndMany(s, "sourceAddressPrefix", "sourceAddressPrefixes").some((x) =>
            PROBE_SOURCES.has(String(x)),
          ),
        )
        .filter((s) =>
          oneAndMany(s, "destinationPortRange", "destinationPortRanges").some((x) =>
            portCovered(x, port),
          ),
        )
        .sort((a, b) => Number(a.priority) - Number(b.priority));
      const first = matching[0];
      if (first && first.access === "Allow")
        return [
          v.pass(`${r.name}: rule ${String(first.name)} allows AzureLoadBalancer to TCP ${port}`),
        ];
      if (first)
        return [
          v.fail(
            `${r.name}: rule ${String(first.name)} (priority ${String(first.priority)}) denies AzureLoadBalancer to the probe port ${port}: allow it at a lower priority number`,
          ),
        ];
      return [
        v.fail(
          `${r.name}: no inbound rule allows AzureLoadBalancer to the probe port ${port}: add one (source AzureLoadBalancer, TCP ${port})`,
        ),
      ];
    },
  },
});

export const sharedDiskCachingNone = defineRule({
  id: "shared-disk-caching-none",
  description:
    "Shared disks need host caching None: a host cache breaks SCSI persistent reservations and lets nodes see stale data.",
  enforcement: "mandatory",
  resource: {
    types: [T.vm],
    check(r, v) {
      const f = stampedFacts(r);
      if (!f || f.sharedLuns.length === 0) return [];
      const disks = arr(obj(r.inputs.storageProfile).dataDisks).filter((d) =>
        f.sharedLuns.includes(Number(d.lun)),
      );
      const bad = disks.filter((d) => (d.caching ?? "None") !== "None");
      if (bad.length === 0)
        return [
          v.pass(`${r.name}: shared disk LUN(s) ${f.sharedLuns.join(", ")} with caching None`),
        ];
      return [
        v.fail(
          `${r.name}: shared disk LUN(s) ${bad.map((d) => `${String(d.lun)} (${String(d.caching)})`).join(", ")}: set caching "None"`,
        ),
      ];
    },
  },
});

/**
 * Nodes that patch themselves on their own schedule can all install and reboot in the same
 * window: Windows `AutomaticByOS` (or automatic updates with no patch mode) and Linux
 * `ImageDefault` (the image's own updater) ignore update domains and zones. `AutomaticByPlatform`
 * is availability-first (one update domain / zone at a time) and Windows `Manual` leaves
 * patching to you (Cluster-Aware Updating for WSFC). Source: Microsoft Learn, "Automatic Guest
 * Patching for Azure Virtual Machines and Scale Sets" (azure-compute-docs
 * articles/virtual-machines/automatic-vm-guest-patching.md, "Patch orchestration modes").
 */
export const nodesPatchApart = defineRule({
  id: "nodes-patch-apart",
  description:
    "Cluster nodes must not patch and reboot themselves at the same time: AutomaticByOS and a Linux image's own updater ignore update domains and zones.",
  enforcement: "advisory",
  resource: {
    types: [T.vm],
    check(r, v) {
      const f = stampedFacts(r);
      if (!f) return [];
      const os = obj(r.inputs.osProfile);
      const win = os.windowsConfiguration !== undefined ? obj(os.windowsConfiguration) : undefined;
      const lin = os.linuxConfiguration !== undefined ? obj(os.linuxConfiguration) : undefined;
      const conf = win ?? lin ?? {};
      const mode = obj(conf.patchSettings).patchMode;
      if (win) {
        const auto = win.enableAutomaticUpdates;
        const eff = mode ?? (auto === false ? "Manual" : "AutomaticByOS");
        if (eff === "AutomaticByPlatform" || eff === "Manual")
          return [v.pass(`${r.name}: patchMode ${String(eff)}`)];
        return [
          v.fail(
            `${r.name}: patchMode ${String(eff)}: Windows Update may reboot every node in the same window; use AutomaticByPlatform (supported images) or Manual with Cluster-Aware Updating`,
          ),
        ];
      }
      const eff = mode ?? "ImageDefault";
      if (eff === "AutomaticByPlatform")
        return [v.pass(`${r.name}: patchMode AutomaticByPlatform`)];
      return [
        v.fail(
          `${r.name}: patchMode ${String(eff)}: the image's own updater may patch and reboot every node at once; disable it and patch node by node, or use an image that supports AutomaticByPlatform`,
        ),
      ];
    },
  },
});
