/**
 * Network rules: keep-alive, floating IP, probe port, fault domains, shared disks, egress and DNS
 * TTL. The first five have both forms: over the cluster's settings (components, `plan`) and over
 * the real resource (`plan`, the pack: it sees hand edits too).
 */
import { maxSharesLimit } from "../validate";
import { defineRule, type Verdict, type VerdictMakers } from "./types";
import { arr, obj, stampedFacts, T } from "./view";

/** Azure LB / NAT gateway / Azure Firewall default idle timeout (s). */
export const AZURE_IDLE_TIMEOUT_SEC = 240;
/** Largest DNS TTL (s) before client switch time is dominated by caches. */
export const DNS_TTL_ADVICE_SEC = 60;

export const tcpKeepAliveIdleTimeout = defineRule({
  id: "tcp-keepalive-idle-timeout",
  description:
    "TCP keep-alive must fire before Azure's idle timeout (240 s by default), or idle connections through the LB or NAT gateway are silently dropped.",
  enforcement: "mandatory",
  cluster(f, v) {
    if (!f.wsfc) return [];
    const idleSec = f.lb ? Math.min(f.lb.minIdleTimeoutMin * 60, 6000) : AZURE_IDLE_TIMEOUT_SEC;
    const ka = f.wsfc.keepAliveMs / 1000;
    if (ka < idleSec) return [v.pass(`keep-alive ${ka} s < idle timeout ${idleSec} s`)];
    return [
      v.fail(
        `keep-alive ${ka} s ≥ idle timeout ${idleSec} s: set KeepAliveTime below ${idleSec * 1000} ms (230000 for 4 min), or raise the rules' idleTimeoutMinutes`,
      ),
    ];
  },
  resource: {
    types: [T.lb, T.nat],
    check(r, v) {
      const f = stampedFacts(r);
      if (!f?.wsfc) return [];
      const ka = f.wsfc.keepAliveMs / 1000;
      const idleMin = (x: unknown) => Number(x ?? AZURE_IDLE_TIMEOUT_SEC / 60) * 60;
      const idles =
        r.type === T.lb
          ? arr(r.inputs.loadBalancingRules).map((x) => idleMin(x.idleTimeoutInMinutes))
          : [idleMin(r.inputs.idleTimeoutInMinutes)];
      if (idles.length === 0) return [];
      const min = Math.min(...idles);
      if (ka < min) return [v.pass(`${r.name}: keep-alive ${ka} s < idle timeout ${min} s`)];
      return [
        v.fail(
          `${r.name}: idle timeout ${min} s ≤ keep-alive ${ka} s: raise idleTimeoutInMinutes above ${Math.ceil(ka / 60)}`,
        ),
      ];
    },
  },
});

export const floatingIpVipOwner = defineRule({
  id: "floating-ip-vip-owner",
  description:
    "Floating IP keeps the VIP as the packet's destination: it must be on exactly when the guest owns the VIP (WSFC IP resource, CLUSTERPRO DSR), or traffic is dropped.",
  enforcement: "mandatory",
  cluster(f, v) {
    if (!f.lb) return [];
    const owner = f.guestOwnsVip
      ? `the guest owns the VIP (${f.software === "wsfc" ? "WSFC IP resource" : "CLUSTERPRO DSR"})`
      : "the guest does not own the VIP";
    if (f.lb.floatingIp === f.guestOwnsVip)
      return [v.pass(`floating IP ${f.lb.floatingIp ? "on" : "off"}: ${owner}`)];
    if (f.lb.floatingIp) {
      return [
        v.fail(
          `floating IP on but ${owner}${f.software === "clusterpro" ? " (DSR exists for the internal LB only)" : ""}: set floatingIp: false`,
        ),
      ];
    }
    return [v.fail(`floating IP off but ${owner}: set floatingIp: true`)];
  },
  resource: {
    types: [T.lb],
    check(r, v) {
      const f = stampedFacts(r);
      if (!f) return [];
      const want = f.guestOwnsVip;
      const owns = `the guest ${want ? "owns" : "does not own"} the VIP`;
      const bad = arr(r.inputs.loadBalancingRules).filter(
        (x) => (x.enableFloatingIP === true) !== want,
      );
      if (bad.length === 0)
        return [
          v.pass(`${r.name}: floating IP ${want ? "enabled" : "disabled"} on every rule (${owns})`),
        ];
      return [
        v.fail(
          `${r.name}: rule(s) ${bad.map((x) => String(x.name)).join(", ")} have floating IP ${want ? "off" : "on"} but ${owns}: set enableFloatingIP ${want}`,
        ),
      ];
    },
  },
});

export const probePortFree = defineRule({
  id: "probe-port-free",
  description:
    "The LB probe must target the port the cluster's probe responder listens on, and no LB rule may use it: a rule port is answered by the service on every node, so the LB sends traffic to the standby.",
  enforcement: "mandatory",
  cluster(f, v) {
    if (!f.lb || !f.lb.rulePorts) return [];
    if (!f.lb.rulePorts.includes(f.lb.probePort))
      return [v.pass(`probe port ${f.lb.probePort} is used by no rule`)];
    return [
      v.fail(
        `probe port ${f.lb.probePort} is also a rule port: choose a free probe port (e.g. 26001 or 59999)`,
      ),
    ];
  },
  resource: {
    types: [T.lb],
    check(r, v) {
      const f = stampedFacts(r);
      const probes = arr(r.inputs.probes);
      if (probes.length === 0) return [];
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
      if (bad.length > 0) return [v.fail(`${r.name}: ${bad.join("; ")}`)];
      const list = probes.map((p) => String(p.port)).join(", ");
      return [v.pass(`${r.name}: probe port ${list} free and consistent`)];
    },
  },
});

export const faultDomains = defineRule({
  id: "fault-domains",
  description:
    "Nodes must sit in at least two fault domains or zones, or one host or rack failure takes down every node.",
  enforcement: "mandatory",
  cluster(f, v) {
    const { faultDomains: fd, zones } = f.placement;
    if (zones !== undefined) {
      if (zones >= 2 || f.nodeCount < 2) return [v.pass(`nodes in ${zones} zones`)];
      return [v.fail(`nodes in ${zones} zone: list at least 2 zones in placement.zones`)];
    }
    if (fd === undefined) return [];
    if (fd >= 2) return [v.pass(`availability set with ${fd} fault domains`)];
    return [
      v.fail(
        `availability set with ${fd} fault domain: set placement.availabilitySet.faultDomains to 2 or 3`,
      ),
    ];
  },
  resource: {
    types: [T.avset],
    check(r, v) {
      const fd = Number(r.inputs.platformFaultDomainCount ?? 2);
      if (fd >= 2) return [v.pass(`${r.name}: ${fd} fault domains`)];
      return [v.fail(`${r.name}: ${fd} fault domain: set platformFaultDomainCount to 2 or 3`)];
    },
  },
});

/**
 * A shared disk against Azure's sharing limits: a shareable SKU, maxShares within the limit for
 * its SKU and size, and enough shares for every node. `who` names the disk in the message.
 */
function sharedDiskVerdict(
  v: VerdictMakers,
  who: string,
  d: { sku: string; sizeGb: number; maxShares: number },
  nodes: number,
): Verdict {
  if (d.sku === "Standard_LRS")
    return v.fail(`${who}: Standard HDD cannot be shared: use Premium_LRS or StandardSSD_LRS`);
  const limit = maxSharesLimit(d.sku, d.sizeGb);
  if (d.maxShares > limit)
    return v.fail(
      `${who}: maxShares ${d.maxShares} > ${limit} allowed for ${d.sku} ${d.sizeGb} GiB: set maxShares ≤ ${limit} or a larger disk`,
    );
  if (d.maxShares < nodes)
    return v.fail(`${who}: maxShares ${d.maxShares} < ${nodes} nodes: raise maxShares`);
  return v.pass(`${who}: maxShares ${d.maxShares} within ${nodes}–${limit}`);
}

export const sharedDiskLimits = defineRule({
  id: "shared-disk-limits",
  description:
    "Shared disks need maxShares between the node count and Azure's limit for the SKU and size, and a shareable SKU; otherwise a node cannot attach it or Azure refuses the disk.",
  enforcement: "mandatory",
  cluster(f, v) {
    const nodes = Math.max(2, f.nodeCount);
    return (f.sharedDisks ?? []).map((d) =>
      sharedDiskVerdict(v, `shared disk ${d.name}`, d, nodes),
    );
  },
  resource: {
    types: [T.disk],
    check(r, v) {
      const maxShares = Number(r.inputs.maxShares ?? 1);
      if (!(maxShares > 1)) return [];
      const sku = String(obj(r.inputs.sku).name ?? "Standard_LRS");
      const sizeGb = Number(r.inputs.diskSizeGB ?? 0);
      const nodes = Math.max(2, stampedFacts(r)?.nodeCount ?? 2);
      return [sharedDiskVerdict(v, r.name, { sku, sizeGb, maxShares }, nodes)];
    },
  },
});

export const nodeEgress = defineRule({
  id: "node-egress",
  description:
    "Standard LB backends get no outbound internet: without egress, installers, Azure CLI logins, the port checker and DNS updates fail.",
  enforcement: "advisory",
  cluster(f, v) {
    if (f.egress === "nat") return [v.pass("NAT gateway on the subnet")];
    if (f.egress === "none")
      return [
        v.fail(
          "network.natGateway is false: give the subnet egress (NAT gateway or firewall) or set natGateway: true",
        ),
      ];
    return [v.fail("existing subnet: make sure it has egress (a NAT gateway or a firewall route)")];
  },
});

export const dnsTtlAdvice = defineRule({
  id: "dns-ttl",
  description:
    "Clients keep a cached A record for its TTL: a long TTL keeps them on the failed node long after the record moves.",
  enforcement: "advisory",
  cluster(f, v) {
    if (!f.dns) return [];
    if (f.dns.ttlSec <= DNS_TTL_ADVICE_SEC)
      return [v.pass(`TTL ${f.dns.ttlSec} s ≤ ${DNS_TTL_ADVICE_SEC} s`)];
    return [
      v.fail(
        `TTL ${f.dns.ttlSec} s: clients may reach the old node for ${f.dns.ttlSec} s after a failover: set dns.ttlSec ≤ ${DNS_TTL_ADVICE_SEC} (default 30)`,
      ),
    ];
  },
});
