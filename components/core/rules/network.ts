/**
 * Network rules over a cluster's settings: keep-alive, floating IP, probe port, fault domains,
 * shared disks, egress and DNS TTL. Most have a resource form in `resources.ts` too.
 */
import { maxSharesLimit } from "../validate";
import { verdicts, type ClusterRule } from "./types";

/** Azure LB / NAT gateway / Azure Firewall default idle timeout (s). */
export const AZURE_IDLE_TIMEOUT_SEC = 240;
/** Largest DNS TTL (s) before client switch time is dominated by caches. */
export const DNS_TTL_ADVICE_SEC = 60;

export const tcpKeepAliveIdleTimeout: ClusterRule = {
  id: "tcp-keepalive-idle-timeout",
  description:
    "TCP keep-alive must fire before Azure's idle timeout (240 s by default), or idle connections through the LB or NAT gateway are silently dropped.",
  enforcement: "mandatory",
  evaluate(f) {
    if (!f.wsfc) return [];
    const v = verdicts(this);
    const idleSec = f.lb ? Math.min(f.lb.minIdleTimeoutMin * 60, 6000) : AZURE_IDLE_TIMEOUT_SEC;
    const ka = f.wsfc.keepAliveMs / 1000;
    if (ka < idleSec) return [v.pass(`keep-alive ${ka} s < idle timeout ${idleSec} s`)];
    return [
      v.fail(
        `keep-alive ${ka} s ≥ idle timeout ${idleSec} s: set KeepAliveTime below ${idleSec * 1000} ms (230000 for 4 min), or raise the rules' idleTimeoutMinutes`,
      ),
    ];
  },
};

export const floatingIpVipOwner: ClusterRule = {
  id: "floating-ip-vip-owner",
  description:
    "Floating IP keeps the VIP as the packet's destination: it must be on exactly when the guest owns the VIP (WSFC IP resource, CLUSTERPRO DSR), or traffic is dropped.",
  enforcement: "mandatory",
  evaluate(f) {
    if (!f.lb) return [];
    const v = verdicts(this);
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
};

export const probePortFree: ClusterRule = {
  id: "probe-port-free",
  description:
    "The probe port must be answered only by the cluster's probe responder: a port also used by an LB rule is answered by the service on every node, so the LB sends traffic to the standby.",
  enforcement: "mandatory",
  evaluate(f) {
    if (!f.lb || !f.lb.rulePorts) return [];
    const v = verdicts(this);
    if (!f.lb.rulePorts.includes(f.lb.probePort))
      return [v.pass(`probe port ${f.lb.probePort} is used by no rule`)];
    return [
      v.fail(
        `probe port ${f.lb.probePort} is also a rule port: choose a free probe port (e.g. 26001 or 59999)`,
      ),
    ];
  },
};

export const faultDomains: ClusterRule = {
  id: "fault-domains",
  description:
    "Nodes must sit in at least two fault domains or zones, or one host or rack failure takes down every node.",
  enforcement: "mandatory",
  evaluate(f) {
    const v = verdicts(this);
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
};

export const sharedDiskLimits: ClusterRule = {
  id: "shared-disk-limits",
  description:
    "Shared disks need maxShares between the node count and Azure's limit for the SKU and size, and a shareable SKU; otherwise a node cannot attach it or Azure refuses the disk.",
  enforcement: "mandatory",
  evaluate(f) {
    if (!f.sharedDisks || f.sharedDisks.length === 0) return [];
    const v = verdicts(this);
    return f.sharedDisks.map((d) => {
      const limit = maxSharesLimit(d.sku, d.sizeGb);
      if (d.sku === "Standard_LRS")
        return v.fail(
          `shared disk ${d.name}: Standard HDD cannot be shared: use Premium_LRS or StandardSSD_LRS`,
        );
      if (d.maxShares > limit)
        return v.fail(
          `shared disk ${d.name}: maxShares ${d.maxShares} > ${limit} allowed for ${d.sku} ${d.sizeGb} GiB: set maxShares ≤ ${limit} or a larger disk`,
        );
      if (d.maxShares < Math.max(2, f.nodeCount))
        return v.fail(
          `shared disk ${d.name}: maxShares ${d.maxShares} < ${Math.max(2, f.nodeCount)} nodes: raise maxShares`,
        );
      return v.pass(
        `shared disk ${d.name}: maxShares ${d.maxShares} within ${Math.max(2, f.nodeCount)}–${limit}`,
      );
    });
  },
};

export const nodeEgress: ClusterRule = {
  id: "node-egress",
  description:
    "Standard LB backends get no outbound internet: without egress, installers, Azure CLI logins, the port checker and DNS updates fail.",
  enforcement: "advisory",
  evaluate(f) {
    const v = verdicts(this);
    if (f.egress === "nat") return [v.pass("NAT gateway on the subnet")];
    if (f.egress === "none")
      return [
        v.fail(
          "network.natGateway is false: give the subnet egress (NAT gateway or firewall) or set natGateway: true",
        ),
      ];
    return [v.fail("existing subnet: make sure it has egress (a NAT gateway or a firewall route)")];
  },
};

export const dnsTtlAdvice: ClusterRule = {
  id: "dns-ttl",
  description:
    "Clients keep a cached A record for its TTL: a long TTL keeps them on the failed node long after the record moves.",
  enforcement: "advisory",
  evaluate(f) {
    if (!f.dns) return [];
    const v = verdicts(this);
    if (f.dns.ttlSec <= DNS_TTL_ADVICE_SEC)
      return [v.pass(`TTL ${f.dns.ttlSec} s ≤ ${DNS_TTL_ADVICE_SEC} s`)];
    return [
      v.fail(
        `TTL ${f.dns.ttlSec} s: clients may reach the old node for ${f.dns.ttlSec} s after a failover: set dns.ttlSec ≤ ${DNS_TTL_ADVICE_SEC} (default 30)`,
      ),
    ];
  },
};
