/**
 * Checks over real resources' inputs, so the pack also catches a hand-modified stack: SKU,
 * static IPs, probe behaviour, floating IP, probe port, NSG, keep-alive, fault domains and
 * shared disks. Cluster settings come from the stamped tags (`facts.ts`).
 */
import { maxSharesLimit } from "../validate";
import { decodeFactsTags } from "./facts";
import { AZURE_IDLE_TIMEOUT_SEC } from "./network";
import { verdicts, type ResourceCheck, type ResourceView } from "./types";

export const T = {
  lb: "azure-native:network:LoadBalancer",
  pip: "azure-native:network:PublicIPAddress",
  nic: "azure-native:network:NetworkInterface",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nat: "azure-native:network:NatGateway",
  avset: "azure-native:compute:AvailabilitySet",
  disk: "azure-native:compute:Disk",
  vm: "azure-native:compute:VirtualMachine",
} as const;

/** Tag on the WSFC interconnect NSG (its NICs are in no LB pool). */
export const INTERCONNECT_NSG_TAG = "ha-cluster-nsg";

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj =>
  x && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : {};
const arr = (x: unknown): Obj[] => (Array.isArray(x) ? x.map(obj) : []);
const facts = (r: ResourceView) => decodeFactsTags(r.inputs.tags);

export const standardSku: ResourceCheck = {
  id: "standard-sku",
  description:
    "Basic load balancers and public IPs are retired (30 Sep 2025): only Standard gives zone redundancy, static frontends and HA ports.",
  enforcement: "mandatory",
  types: [T.lb, T.pip],
  check(r) {
    const v = verdicts(this);
    const sku = obj(r.inputs.sku).name;
    if (sku === "Standard") return [v.pass(`${r.name}: SKU Standard`)];
    return [
      v.fail(
        `${r.name}: SKU ${sku === undefined ? "unset (Basic)" : String(sku)}: set sku.name to "Standard"`,
      ),
    ];
  },
};

export const staticIps: ResourceCheck = {
  id: "static-ips",
  description:
    "The VIP and node addresses are written into the cluster configuration: a dynamic address that changes breaks the cluster and the LB probe path.",
  enforcement: "mandatory",
  types: [T.lb, T.nic, T.pip],
  check(r) {
    const v = verdicts(this);
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
        if (r.type === T.lb && c.subnet === undefined && c.privateIPAddress === undefined) continue; // public frontend
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
};

export const noProbeAllProbedUp: ResourceCheck = {
  id: "no-probe-all-probed-up",
  description:
    "noHealthyBackendsBehavior AllProbedUp sends traffic to every node when none answers the probe, i.e. to a standby during a failover.",
  enforcement: "mandatory",
  types: [T.lb],
  check(r) {
    const v = verdicts(this);
    const bad = arr(r.inputs.probes).filter((p) => p.noHealthyBackendsBehavior === "AllProbedUp");
    if (bad.length === 0) return [v.pass(`${r.name}: no probe with AllProbedUp`)];
    return [
      v.fail(
        `${r.name}: probe ${bad.map((p) => String(p.name)).join(", ")} has noHealthyBackendsBehavior AllProbedUp: set it to AllProbedDown`,
      ),
    ];
  },
};

export const lbFloatingIp: ResourceCheck = {
  id: "floating-ip-vip-owner",
  description:
    "Floating IP on the LB rules must be on exactly when the guest owns the VIP (stamped vip=guest), or traffic is dropped.",
  enforcement: "mandatory",
  types: [T.lb],
  check(r) {
    const f = facts(r);
    if (!f) return [];
    const v = verdicts(this);
    const want = f.guestOwnsVip;
    const bad = arr(r.inputs.loadBalancingRules).filter(
      (x) => (x.enableFloatingIP === true) !== want,
    );
    if (bad.length === 0)
      return [
        v.pass(
          `${r.name}: floating IP ${want ? "enabled" : "disabled"} on every rule (the guest ${want ? "owns" : "does not own"} the VIP)`,
        ),
      ];
    return [
      v.fail(
        `${r.name}: rule(s) ${bad.map((x) => String(x.name)).join(", ")} have floating IP ${want ? "off" : "on"} but the guest ${want ? "owns" : "does not own"} the VIP: set enableFloatingIP ${want}`,
      ),
    ];
  },
};

export const lbProbePort: ResourceCheck = {
  id: "probe-port-free",
  description:
    "The LB probe must target the port the in-guest responder listens on (stamped probe=), and no rule may use it.",
  enforcement: "mandatory",
  types: [T.lb],
  check(r) {
    const f = facts(r);
    const v = verdicts(this);
    const probes = arr(r.inputs.probes);
    const ports = new Set(
      arr(r.inputs.loadBalancingRules)
        .flatMap((x) => [x.frontendPort, x.backendPort])
        .filter((p) => typeof p === "number" && p > 0),
    );
    const bad: string[] = [];
    for (const p of probes) {
      if (ports.has(p.port))
        bad.push(`probe port ${String(p.port)} is also a rule port: choose a free probe port`);
      if (f?.lb && p.port !== f.lb.probePort)
        bad.push(
          `probe port ${String(p.port)} ≠ ${f.lb.probePort} configured in the guest: use ${f.lb.probePort}`,
        );
    }
    if (probes.length === 0) return [];
    if (bad.length === 0)
      return [
        v.pass(
          `${r.name}: probe port ${probes.map((p) => String(p.port)).join(", ")} free and consistent`,
        ),
      ];
    return [v.fail(`${r.name}: ${bad.join("; ")}`)];
  },
};

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

export const nsgAllowsProbe: ResourceCheck = {
  id: "nsg-allows-probe",
  description:
    "The LB probe comes from 168.63.129.16 (service tag AzureLoadBalancer): if the NSG blocks it, no node is healthy and the VIP goes dark.",
  enforcement: "mandatory",
  types: [T.nsg],
  check(r) {
    const f = facts(r);
    if (!f?.lb) return [];
    // The WSFC interconnect NSG guards the second NICs, which are in no LB pool: no probe there.
    if (obj(r.inputs.tags)[INTERCONNECT_NSG_TAG] === "interconnect") return [];
    const v = verdicts(this);
    const port = f.lb.probePort;
    const matching = arr(r.inputs.securityRules)
      .filter(
        (s) =>
          (s.direction ?? "Inbound") === "Inbound" && (s.protocol === "Tcp" || s.protocol === "*"),
      )
      .filter((s) =>
        [
          s.sourceAddressPrefix,
          ...(Array.isArray(s.sourceAddressPrefixes) ? s.sourceAddressPrefixes : []),
        ].some((x) => PROBE_SOURCES.has(String(x))),
      )
      .filter((s) =>
        [
          s.destinationPortRange,
          ...(Array.isArray(s.destinationPortRanges) ? s.destinationPortRanges : []),
        ].some((x) => portCovered(x, port)),
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
};

export const keepAliveIdle: ResourceCheck = {
  id: "tcp-keepalive-idle-timeout",
  description:
    "Idle timeouts of LB rules and the NAT gateway must exceed the guest's TCP keep-alive, or idle connections are dropped.",
  enforcement: "mandatory",
  types: [T.lb, T.nat],
  check(r) {
    const f = facts(r);
    if (!f?.wsfc) return [];
    const v = verdicts(this);
    const ka = f.wsfc.keepAliveMs / 1000;
    const idles =
      r.type === T.lb
        ? arr(r.inputs.loadBalancingRules).map((x) => Number(x.idleTimeoutInMinutes ?? 4) * 60)
        : [Number(r.inputs.idleTimeoutInMinutes ?? AZURE_IDLE_TIMEOUT_SEC / 60) * 60];
    if (idles.length === 0) return [];
    const min = Math.min(...idles);
    if (ka < min) return [v.pass(`${r.name}: keep-alive ${ka} s < idle timeout ${min} s`)];
    return [
      v.fail(
        `${r.name}: idle timeout ${min} s ≤ keep-alive ${ka} s: raise idleTimeoutInMinutes above ${Math.ceil(ka / 60)}`,
      ),
    ];
  },
};

export const availabilitySetFaultDomains: ResourceCheck = {
  id: "fault-domains",
  description: "An availability set with one fault domain puts every node on one rack.",
  enforcement: "mandatory",
  types: [T.avset],
  check(r) {
    const v = verdicts(this);
    const fd = Number(r.inputs.platformFaultDomainCount ?? 2);
    if (fd >= 2) return [v.pass(`${r.name}: ${fd} fault domains`)];
    return [v.fail(`${r.name}: ${fd} fault domain: set platformFaultDomainCount to 2 or 3`)];
  },
};

export const diskShares: ResourceCheck = {
  id: "shared-disk-limits",
  description:
    "A shared disk's maxShares must stay within Azure's limit for its SKU and size and reach every node.",
  enforcement: "mandatory",
  types: [T.disk],
  check(r) {
    const shares = Number(r.inputs.maxShares ?? 1);
    if (!(shares > 1)) return [];
    const v = verdicts(this);
    const sku = String(obj(r.inputs.sku).name ?? "Standard_LRS");
    const size = Number(r.inputs.diskSizeGB ?? 0);
    const nodes = facts(r)?.nodeCount ?? 2;
    if (sku === "Standard_LRS")
      return [
        v.fail(`${r.name}: Standard HDD cannot be shared: use Premium_LRS or StandardSSD_LRS`),
      ];
    const limit = maxSharesLimit(sku, size);
    if (shares > limit)
      return [
        v.fail(
          `${r.name}: maxShares ${shares} > ${limit} allowed for ${sku} ${size} GiB: lower maxShares or enlarge the disk`,
        ),
      ];
    if (shares < nodes)
      return [v.fail(`${r.name}: maxShares ${shares} < ${nodes} nodes: raise maxShares`)];
    return [v.pass(`${r.name}: maxShares ${shares} within ${nodes}–${limit}`)];
  },
};

export const sharedDiskCachingNone: ResourceCheck = {
  id: "shared-disk-caching-none",
  description:
    "Shared disks need host caching None: a host cache breaks SCSI persistent reservations and lets nodes see stale data.",
  enforcement: "mandatory",
  types: [T.vm],
  check(r) {
    const f = facts(r);
    if (!f || f.sharedLuns.length === 0) return [];
    const v = verdicts(this);
    const disks = arr(obj(r.inputs.storageProfile).dataDisks).filter((d) =>
      f.sharedLuns.includes(Number(d.lun)),
    );
    const bad = disks.filter((d) => (d.caching ?? "None") !== "None");
    if (bad.length === 0)
      return [v.pass(`${r.name}: shared disk LUN(s) ${f.sharedLuns.join(", ")} with caching None`)];
    return [
      v.fail(
        `${r.name}: shared disk LUN(s) ${bad.map((d) => `${String(d.lun)} (${String(d.caching)})`).join(", ")}: set caching "None"`,
      ),
    ];
  },
};

/**
 * Nodes that patch themselves on their own schedule can all install and reboot in the same
 * window: Windows `AutomaticByOS` (or automatic updates with no patch mode) and Linux
 * `ImageDefault` (the image's own updater) ignore update domains and zones. `AutomaticByPlatform`
 * is availability-first (one update domain / zone at a time) and Windows `Manual` leaves
 * patching to you (Cluster-Aware Updating for WSFC). Source: Microsoft Learn, "Automatic Guest
 * Patching for Azure Virtual Machines and Scale Sets" (azure-compute-docs
 * articles/virtual-machines/automatic-vm-guest-patching.md, "Patch orchestration modes").
 */
export const nodesPatchApart: ResourceCheck = {
  id: "nodes-patch-apart",
  description:
    "Cluster nodes must not patch and reboot themselves at the same time: AutomaticByOS and a Linux image's own updater ignore update domains and zones.",
  enforcement: "advisory",
  types: [T.vm],
  check(r) {
    const f = facts(r);
    if (!f) return [];
    const v = verdicts(this);
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
    if (eff === "AutomaticByPlatform") return [v.pass(`${r.name}: patchMode AutomaticByPlatform`)];
    return [
      v.fail(
        `${r.name}: patchMode ${String(eff)}: the image's own updater may patch and reboot every node at once; disable it and patch node by node, or use an image that supports AutomaticByPlatform`,
      ),
    ];
  },
};
