/**
 * Rules that relate fields of one cluster entry (after its shape passed `schema.ts`).
 * Each problem names the path, the value and what is allowed; all problems are collected.
 */
import type { z } from "zod";
import {
  azureReserved,
  canonicalCidr,
  cidrWithin,
  ipInCidr,
  isIpv4,
  isNetworkAddress,
  parseCidr,
  usableRange,
  type Cidr,
} from "./addressing";
import { ConfigProblem, joinPath, showValue, valueAt } from "./errors";
import { MIN_TOLERATED_PAUSE_SEC } from "./heartbeat";
import { osFamily } from "./os";
import type { clusterEntrySchema } from "./schema";
import { allowsOnlyOneNic, ONE_NIC_VM_SIZES } from "./vm-sizes";

type Entry = z.output<typeof clusterEntrySchema>;
type Seg = PropertyKey;

/** Azure refuses these Windows admin user names. */
const RESERVED_WINDOWS_USERS = new Set(
  (
    "administrator admin user user1 test user2 test1 user3 admin1 1 123 a actuser adm admin2 " +
    "aspnet backup console david guest john owner root server sql support support_388945a0 sys " +
    "test2 test3 user4 user5"
  ).split(" "),
);

/** Supported CLUSTERPRO versions (clpcfset exists since 4.3; 5.1+ needs clpcfadm.py). */
export const CLUSTERPRO_MIN = [4, 3] as const;
export const CLUSTERPRO_MAX = [5, 0] as const;

/** Max shares of an Azure shared disk by SKU and size (Microsoft Learn, "Share an Azure managed disk"). */
export function maxSharesLimit(sku: string, sizeGb: number): number {
  if (sku === "UltraSSD_LRS" || sku === "PremiumV2_LRS") return 15;
  if (sizeGb <= 512) return 3;
  if (sizeGb <= 4096) return 5;
  return 10;
}

/** Parses "4.3", "5.0", "5.0.2" into [major, minor]. */
export function parseVersion(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)*$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function cmp(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1];
}

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;

/** Why an NSG source prefix is wrong (CIDR, IPv4, * or service tag), or undefined when valid. */
export function sourcePrefixProblem(s: string): string | undefined {
  const cidr = parseCidr(s);
  if (!(s === "*" || isIpv4(s) || cidr !== undefined || SERVICE_TAG.test(s))) {
    return "expected a CIDR, an IPv4 address, * or a service tag such as VirtualNetwork or Internet";
  }
  if (cidr && !isNetworkAddress(cidr))
    return `has host bits set; did you mean ${canonicalCidr(cidr)}?`;
  return undefined;
}

/** A valid DNS zone name: at least two labels, each 1–63 characters. */
export function isDnsZoneName(s: string): boolean {
  const labels = s.replace(/\.$/, "").split(".");
  return labels.length >= 2 && s.length <= 253 && labels.every((l) => DNS_LABEL.test(l));
}

/**
 * Validates one cluster entry. `base` is the path of the entry, e.g. ["clusters", 0].
 * Top-level fields whose shape failed are absent from `partial`; the rules that need them are
 * skipped, every other rule still runs, so one pass reports every problem.
 */
export function validateEntry(partial: Partial<Entry>, base: Seg[], raw: unknown): ConfigProblem[] {
  const e = partial as Entry;
  const problems: ConfigProblem[] = [];
  const at = (segs: Seg[]) => [...base, ...segs];
  const add = (segs: Seg[], message: string, value?: unknown) => {
    const full = at(segs);
    problems.push({
      path: joinPath("", full),
      value: showValue(value === undefined ? valueAt(raw, segs) : value, segs),
      message,
    });
  };

  const family = partial.vm ? osFamily(partial.vm.os) : undefined;
  const sw: Entry["software"] = partial.software ?? { kind: "none" };
  const allNodes = partial.nodes ?? [];

  // ---- topology blocks -------------------------------------------------------------------
  const blocks = { "internal-lb": "internalLb", "public-lb": "publicLb", dns: "dns" } as const;
  const wanted = partial.topology ? blocks[partial.topology] : undefined;
  for (const [topo, key] of wanted ? Object.entries(blocks) : []) {
    // presence in the raw entry: a block whose shape failed is reported by the schema
    const present = valueAt(raw, [key]) !== undefined;
    if (key === wanted && !present) {
      add([key], `topology ${e.topology} needs ${key === "dns" ? "a" : "an"} ${key} block`);
    } else if (key !== wanted && present) {
      add([key], `${key} belongs to topology ${topo}, not ${e.topology}; remove it`, "{…}");
    }
  }

  // ---- network ---------------------------------------------------------------------------
  let subnet: Cidr | undefined;
  let vnet: Cidr | undefined;
  const net = partial.network ?? { subnetPrefix: "", addressSpace: undefined };
  if (!partial.network) {
    // shape problem already reported
  } else if ("addressSpace" in net && net.addressSpace !== undefined) {
    vnet = parseCidr(net.addressSpace);
    if (!vnet) add(["network", "addressSpace"], "expected an IPv4 CIDR such as 10.5.0.0/24");
    else if (!isNetworkAddress(vnet))
      add(["network", "addressSpace"], `has host bits set; did you mean ${canonicalCidr(vnet)}?`);
  }
  subnet = partial.network ? parseCidr(net.subnetPrefix) : undefined;
  if (!partial.network) {
    // shape problem already reported
  } else if (!subnet) {
    add(["network", "subnetPrefix"], "expected an IPv4 CIDR such as 10.5.0.0/24");
  } else if (!isNetworkAddress(subnet)) {
    add(["network", "subnetPrefix"], `has host bits set; did you mean ${canonicalCidr(subnet)}?`);
    subnet = undefined;
  } else if (subnet.prefix > 29) {
    add(["network", "subnetPrefix"], "Azure subnets are /29 or larger (/2 to /29)");
    subnet = undefined;
  } else if (vnet && !cidrWithin(subnet, vnet)) {
    add(["network", "subnetPrefix"], `must lie inside the VNet address space ${vnet.text}`);
  }
  if ("subnetId" in net && net.natGateway === true) {
    add(
      ["network", "natGateway"],
      "a NAT gateway attaches to the subnet, which you own here: attach it to your subnet and leave natGateway unset",
    );
  }

  // ---- nodes -----------------------------------------------------------------------------
  const nodeIps = new Map<string, string>();
  const nodeNames = new Map<string, number>();
  allNodes.forEach((n, i) => {
    const lower = n.name.toLowerCase();
    if (nodeNames.has(lower)) {
      add(
        ["nodes", i, "name"],
        `duplicates nodes[${nodeNames.get(lower)}].name; node names must be unique`,
      );
    } else nodeNames.set(lower, i);
    const maxLen = family === "windows" ? 15 : 63;
    if (
      !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(n.name) ||
      n.name.length > maxLen ||
      /^\d+$/.test(n.name)
    ) {
      add(
        ["nodes", i, "name"],
        `expected a computer name of 1–${maxLen} letters, digits and hyphens (${family}), not all digits, no leading or trailing hyphen`,
      );
    } else if (sw.kind === "clusterpro" && n.name !== lower) {
      add(["nodes", i, "name"], `CLUSTERPRO server names are lowercase; use "${lower}"`);
    }
    if (!isIpv4(n.privateIp)) {
      add(["nodes", i, "privateIp"], "expected an IPv4 address such as 10.5.0.110");
    } else {
      if (nodeIps.has(n.privateIp)) {
        add(
          ["nodes", i, "privateIp"],
          `is already ${nodeIps.get(n.privateIp)}'s address; node IPs must be unique`,
        );
      } else nodeIps.set(n.privateIp, n.name);
      if (subnet)
        checkHostAddress(["nodes", i, "privateIp"], n.privateIp, subnet, "a node's address");
    }
  });

  function checkHostAddress(segs: Seg[], ip: string, c: Cidr, what: string): boolean {
    if (!ipInCidr(ip, c)) {
      add(segs, `${what} must lie inside the subnet ${c.text} (${usableRange(c)})`);
      return false;
    }
    if (azureReserved(c).includes(ip)) {
      add(
        segs,
        `is reserved by Azure in ${c.text} (the first four and the last address); use ${usableRange(c)}`,
      );
      return false;
    }
    return true;
  }

  // ---- placement -------------------------------------------------------------------------
  const zones = e.placement && "zones" in e.placement ? e.placement.zones : undefined;
  allNodes.forEach((n, i) => {
    if (n.zone === undefined) return;
    if (!zones) add(["nodes", i, "zone"], "a node zone needs placement.zones");
    else if (!zones.includes(n.zone as "1"))
      add(["nodes", i, "zone"], `must be one of placement.zones (${zones.join(", ")})`);
  });
  if (zones && new Set(zones).size !== zones.length)
    add(["placement", "zones"], "lists a zone twice");

  // ---- vm --------------------------------------------------------------------------------
  if (
    partial.vm &&
    family === "windows" &&
    RESERVED_WINDOWS_USERS.has(e.vm.adminUsername.toLowerCase())
  ) {
    add(
      ["vm", "adminUsername"],
      "Azure refuses this Windows admin name; choose another (e.g. azureadmin)",
    );
  }
  if (
    partial.vm &&
    (!/^[A-Za-z_][A-Za-z0-9_.-]{0,19}$/.test(e.vm.adminUsername) ||
      e.vm.adminUsername.endsWith("."))
  ) {
    add(
      ["vm", "adminUsername"],
      "expected 1–20 letters, digits, '_', '.', '-', starting with a letter or '_'",
    );
  }
  if (partial.vm && family === "windows" && e.vm.sshPublicKeys !== undefined) {
    add(["vm", "sshPublicKeys"], "SSH keys are for Linux images; Windows nodes use adminPassword");
  }
  (partial.vm?.sshPublicKeys ?? []).forEach((k, i) => {
    if (
      !/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/.test(k.trim())
    ) {
      add(
        ["vm", "sshPublicKeys", i],
        "expected an OpenSSH public key (ssh-rsa/ssh-ed25519/ecdsa-… AAAA…)",
      );
    }
  });
  if (
    partial.resourceGroupName !== undefined &&
    (!/^[A-Za-z0-9._()-]{1,90}$/.test(e.resourceGroupName) || e.resourceGroupName.endsWith("."))
  ) {
    add(
      ["resourceGroupName"],
      "expected 1–90 letters, digits, '_', '-', '.', '(', ')', not ending in '.'",
    );
  }
  if (partial.location !== undefined && !/^[a-z0-9]+$/.test(e.location)) {
    add(["location"], "expected an Azure region name such as japaneast (lowercase, no spaces)");
  }

  // ---- disks -----------------------------------------------------------------------------
  const luns = new Map<number, string>();
  const useLun = (segs: Seg[], lun: number, owner: string) => {
    if (luns.has(lun)) add(segs, `LUN ${lun} is already used by ${luns.get(lun)}`, lun);
    else luns.set(lun, owner);
  };
  if (e.dataDisk) useLun(["dataDisk", "lun"], e.dataDisk.lun ?? 0, "dataDisk");
  if (sw.kind === "clusterpro" && !e.dataDisk) {
    add(
      ["dataDisk"],
      "CLUSTERPRO needs a data disk per node for the mirror disk, e.g. { sizeGb: 20 }",
    );
  }
  const diskNames = new Set<string>();
  (e.sharedDisks ?? []).forEach((d, i) => {
    const sku = d.sku ?? "Premium_LRS";
    if (diskNames.has(d.name)) add(["sharedDisks", i, "name"], "shared disk names must be unique");
    diskNames.add(d.name);
    if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(d.name)) {
      add(["sharedDisks", i, "name"], "expected up to 31 lowercase letters, digits and hyphens");
    }
    if (sku === "Standard_LRS") {
      add(
        ["sharedDisks", i, "sku"],
        "Standard HDD cannot be shared; use Premium_LRS, StandardSSD_LRS, a ZRS SKU, PremiumV2_LRS or UltraSSD_LRS",
        sku,
      );
    }
    const limit = maxSharesLimit(sku, d.sizeGb);
    const shares = d.maxShares ?? allNodes.length;
    if (shares > limit) {
      add(
        ["sharedDisks", i, "maxShares"],
        `${sku} of ${d.sizeGb} GiB allows at most ${limit} shares`,
        shares,
      );
    }
    if (shares < allNodes.length) {
      add(
        ["sharedDisks", i, "maxShares"],
        `must be at least the node count (${allNodes.length}) so every node can attach it`,
        shares,
      );
    }
    if (zones && new Set(zones).size > 1 && !sku.endsWith("_ZRS")) {
      add(
        ["sharedDisks", i, "sku"],
        "nodes span several zones: a shared disk must be zone-redundant (Premium_ZRS or StandardSSD_ZRS)",
        sku,
      );
    }
    useLun(["sharedDisks", i, "lun"], d.lun ?? 1 + i, `sharedDisks[${i}]`);
  });

  // ---- failover --------------------------------------------------------------------------
  const pause = e.failover?.toleratedPauseSec;
  if (pause !== undefined && pause < MIN_TOLERATED_PAUSE_SEC) {
    add(
      ["failover", "toleratedPauseSec"],
      `must be at least ${MIN_TOLERATED_PAUSE_SEC} s (Azure's memory-preserving maintenance pauses a VM up to 30 s)`,
    );
  }

  // ---- software --------------------------------------------------------------------------
  let vip: string | undefined;
  if (sw.kind === "wsfc") {
    if (family && family !== "windows")
      add(["vm", "os"], "WSFC needs a Windows image (windows-2019, windows-2022, windows-2025)");
    if (sw.witness?.kind === "disk") {
      const shared = e.sharedDisks ?? [];
      if (shared.length === 0)
        add(
          ["software", "witness"],
          "a disk witness needs a shared disk in sharedDisks",
          "{ kind: disk }",
        );
      else if (sw.witness.diskName && !shared.some((d) => d.name === sw.witness?.diskName)) {
        add(
          ["software", "witness", "diskName"],
          `names no shared disk (${shared.map((d) => d.name).join(", ")})`,
        );
      }
    } else if (sw.witness?.diskName) {
      add(["software", "witness", "diskName"], "only a disk witness takes a diskName");
    }
    if (sw.clusterName !== undefined && !/^[A-Za-z0-9-]{1,15}$/.test(sw.clusterName)) {
      add(["software", "clusterName"], "expected a NetBIOS name: 1–15 letters, digits, hyphens");
    }
    if (sw.domain && !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(sw.domain.name)) {
      add(["software", "domain", "name"], "expected a DNS domain name such as corp.example.com");
    }
    if (sw.domain && sw.dnsSuffix)
      add(
        ["software", "dnsSuffix"],
        "only workgroup clusters take a dnsSuffix; domain members use the domain's",
      );
  }
  if (sw.kind === "clusterpro") {
    const v = parseVersion(sw.version);
    if (!v) add(["software", "version"], 'expected a version such as "4.3", "5.0" or "5.0.2"');
    else if (cmp(v, CLUSTERPRO_MIN) < 0) {
      add(
        ["software", "version"],
        "automated configuration needs clpcfset, bundled since X 4.3; supported: 4.3–5.0 (upgrade the product, or build older versions by hand)",
      );
    } else if (cmp(v, CLUSTERPRO_MAX) > 0) {
      add(
        ["software", "version"],
        "supported: 4.3–5.0; X 5.1+ recommends clpcfadm.py, whose syntax is not confirmed yet",
      );
    }
    const np = sw.networkPartition ?? {};
    if (!partial.topology) {
      // topology shape problem already reported; NP rules depend on it
    } else if (e.topology === "internal-lb") {
      const targets = np.pingTargets ?? [];
      if (targets.length === 0) {
        add(
          ["software", "networkPartition", "pingTargets"],
          "the internal-LB topology resolves network partitions by ping: give at least one always-on host in the VNet that is neither a node nor the VIP (the seeds use 10.5.0.5)",
        );
      }
      for (const k of [
        "endpoint",
        "port",
        "intervalSec",
        "retries",
        "multiTargetIntervalSec",
        "multiTargetRetries",
        "graceSec",
        "preFinalScriptTimeoutSec",
      ] as const) {
        if (np[k] !== undefined)
          add(
            ["software", "networkPartition", k],
            "belongs to monitor-based NP (dns, public-lb); the internal-LB topology uses pingTargets",
          );
      }
    } else {
      if (np.pingTargets !== undefined)
        add(
          ["software", "networkPartition", "pingTargets"],
          `topology ${e.topology} resolves network partitions with monitors (genw1, ipw1, ipw2, mtw1), not ping`,
          "[…]",
        );
      if (e.topology === "dns" && np.preFinalScriptTimeoutSec !== undefined) {
        add(
          ["software", "networkPartition", "preFinalScriptTimeoutSec"],
          "only the public-LB topology runs a script before mtw1's final action",
        );
      }
    }
    (np.pingTargets ?? []).forEach((t, i) => {
      const segs: Seg[] = ["software", "networkPartition", "pingTargets", i];
      if (!isIpv4(t)) add(segs, "expected an IPv4 address");
      else if (nodeIps.has(t))
        add(
          segs,
          `is ${nodeIps.get(t)}'s address; a ping target must be a third host, or an isolated node still sees itself`,
        );
      else if (e.internalLb && t === e.internalLb.frontendIp)
        add(
          segs,
          "is the ILB frontend, which does not answer ping; use an always-on host in the VNet",
        );
    });
    // Refused, never accepted and dropped: NEC documents the shutdown monitor (clp.conf `haltp`)
    // with `method` and `action` only (EXPRESSCLUSTER/CreateClusterOnLinux
    // doc/jp/ClusterParameters_Linux_jp.md); no clp.conf path for its timeout is public.
    if (sw.shutdownMonitorTimeoutSec !== undefined) {
      add(
        ["software", "shutdownMonitorTimeoutSec"],
        "cannot be set: the shutdown monitor's timeout has no documented clp.conf path (NEC documents only haltp/method and haltp/action), so it would not be written; the product default applies (the heartbeat timeout). Remove this field",
      );
    }
    if (e.topology === "dns" && e.dns) {
      if (e.dns.private)
        add(
          ["dns", "private"],
          "CLUSTERPRO's Azure DNS resource uses `az network dns` (public zones only); use a public zone",
          true,
        );
      if (!e.dns.updater)
        add(
          ["dns", "updater"],
          "CLUSTERPRO's Azure DNS resource logs in as a service principal: give { tenantId, appId, objectId, certificatePem }",
        );
    }
    if (
      family === "windows" &&
      sw.mirrorDisk?.driveLetter &&
      sw.mirrorDisk.driveLetter.toUpperCase() ===
        sw.mirrorDisk.clusterPartitionDriveLetter?.toUpperCase()
    ) {
      add(
        ["software", "mirrorDisk", "driveLetter"],
        "must differ from clusterPartitionDriveLetter",
      );
    }
  }
  if (e.topology === "dns" && e.dns && sw.kind === "wsfc" && e.dns.updater) {
    add(
      ["dns", "updater"],
      "the WSFC updater uses a managed identity attached to the nodes; remove dns.updater",
      "{…}",
    );
  }

  // ---- load balancers --------------------------------------------------------------------
  const lb = e.internalLb ?? e.publicLb;
  const lbKey = e.internalLb ? "internalLb" : "publicLb";
  if (lb) {
    const floating = lb.floatingIp ?? sw.kind === "wsfc";
    if (sw.kind === "wsfc" && lb.floatingIp === false) {
      add(
        [lbKey, "floatingIp"],
        "WSFC needs floating IP: the cluster's IP resource owns the frontend IP, so packets must keep it as destination",
        false,
      );
    }
    if (e.internalLb) {
      vip = e.internalLb.frontendIp;
      if (!isIpv4(vip)) add(["internalLb", "frontendIp"], "expected an IPv4 address in the subnet");
      else if (subnet) {
        if (nodeIps.has(vip))
          add(
            ["internalLb", "frontendIp"],
            `is ${nodeIps.get(vip)}'s address; the VIP must be a free address in ${subnet.text}`,
          );
        else checkHostAddress(["internalLb", "frontendIp"], vip, subnet, "the VIP");
      }
    }
    if (
      e.publicLb?.dnsLabel !== undefined &&
      !/^[a-z][a-z0-9-]{1,61}[a-z0-9]$/.test(e.publicLb.dnsLabel)
    ) {
      add(
        ["publicLb", "dnsLabel"],
        "expected 3–63 lowercase letters, digits and hyphens, starting with a letter",
      );
    }
    lb.clientSources?.forEach((s, i) => {
      const ok = s === "*" || isIpv4(s) || parseCidr(s) !== undefined || SERVICE_TAG.test(s);
      if (!ok)
        add(
          [lbKey, "clientSources", i],
          "expected a CIDR, an IPv4 address, * or a service tag such as VirtualNetwork or Internet",
        );
      else if (parseCidr(s) && !isNetworkAddress(parseCidr(s)!))
        add(
          [lbKey, "clientSources", i],
          `has host bits set; did you mean ${canonicalCidr(parseCidr(s)!)}?`,
        );
    });
    const haPorts = e.internalLb?.haPorts ?? false;
    const rules = lb.rules ?? [];
    if (haPorts) {
      rules.forEach((r, i) => {
        if (!(r.protocol === "All" && r.frontendPort === 0 && r.backendPort === 0)) {
          add(
            [lbKey, "rules", i],
            "haPorts is on: it makes one rule (protocol All, port 0); remove the other rules",
            `${r.frontendPort}→${r.backendPort}`,
          );
        }
      });
    } else {
      if (rules.length === 0 && e.internalLb)
        add(["internalLb", "rules"], "needs at least one rule, or haPorts: true");
      rules.forEach((r, i) => {
        const all = r.protocol === "All";
        if (all || r.frontendPort === 0 || r.backendPort === 0) {
          if (e.publicLb)
            add(
              [lbKey, "rules", i],
              "HA ports (protocol All, port 0) exist on internal Standard LBs only; give ports 1–65535 and Tcp/Udp",
              `${r.protocol ?? "Tcp"} ${r.frontendPort}→${r.backendPort}`,
            );
          else
            add(
              [lbKey, "rules", i],
              "protocol All with port 0 is an HA-ports rule: set internalLb.haPorts: true instead",
              `${r.protocol ?? "Tcp"} ${r.frontendPort}→${r.backendPort}`,
            );
        }
      });
    }
    if (floating && sw.kind === "clusterpro") {
      if (e.publicLb) {
        add(
          ["publicLb", "floatingIp"],
          "CLUSTERPRO behind a public LB answers on the node address (the seeds); floating IP (DSR) is built for the internal LB only",
          true,
        );
      }
      rules.forEach((r, i) => {
        if (r.frontendPort !== r.backendPort) {
          add(
            [lbKey, "rules", i, "backendPort"],
            `floating IP (DSR) keeps the destination port: backendPort must equal frontendPort (${r.frontendPort})`,
          );
        }
      });
    }
    if (floating && sw.kind === "none") {
      add(
        [lbKey, "floatingIp"],
        "floating IP needs a guest that owns the VIP (WSFC, or CLUSTERPRO DSR); with software none the traffic would be dropped",
        true,
      );
    }
    // Azure refuses: same protocol + backend port + pool without floating IP; duplicate frontend port.
    const seenFront = new Map<string, number>();
    const seenBack = new Map<string, number>();
    rules.forEach((r, i) => {
      const proto = r.protocol ?? "Tcp";
      const fk = `${proto}/${r.frontendPort}`;
      if (seenFront.has(fk))
        add(
          [lbKey, "rules", i, "frontendPort"],
          `rules[${seenFront.get(fk)}] already uses ${proto} ${r.frontendPort} on this frontend`,
        );
      else seenFront.set(fk, i);
      const bk = `${proto}/${r.backendPort}`;
      if (!floating && seenBack.has(bk)) {
        add(
          [lbKey, "rules", i, "backendPort"],
          `Azure refuses two rules with the same protocol, backend port and pool without floating IP (RulesUseSameBackendPortProtocolAndPool): rules[${seenBack.get(bk)}] already uses ${proto} ${r.backendPort}`,
        );
      } else seenBack.set(bk, i);
      if (r.frontendPort === lb.probePort || r.backendPort === lb.probePort) {
        add(
          [lbKey, "probePort"],
          `is used by rules[${i}] (${r.frontendPort}→${r.backendPort}); the probe port must be a port only the cluster's probe responder listens on`,
          lb.probePort,
        );
      }
    });
  }
  if (sw.kind === "wsfc" && sw.clusterIp !== undefined) {
    const segs: Seg[] = ["software", "clusterIp"];
    if (!isIpv4(sw.clusterIp)) add(segs, "expected an IPv4 address in the subnet");
    else if (nodeIps.has(sw.clusterIp))
      add(segs, `is ${nodeIps.get(sw.clusterIp)}'s address; the core cluster IP must be free`);
    else if (sw.clusterIp === vip)
      add(
        segs,
        "is the VIP, which belongs to the role; the core cluster IP must be another free address",
      );
    else if (subnet) checkHostAddress(segs, sw.clusterIp, subnet, "the core cluster IP");
  }

  // ---- DNS -------------------------------------------------------------------------------
  if (e.dns) {
    if (!isDnsZoneName(e.dns.zoneName))
      add(
        ["dns", "zoneName"],
        "expected a DNS zone name of two or more labels (letters, digits, hyphens), e.g. cluster1.zone",
      );
    if (!/^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i.test(e.dns.recordName) && e.dns.recordName !== "@") {
      add(
        ["dns", "recordName"],
        "expected one DNS label (1–63 letters, digits, hyphens), e.g. test-record1",
      );
    }
    if (
      e.dns.existingZone &&
      !/^[A-Za-z0-9._()-]{1,90}$/.test(e.dns.existingZone.resourceGroupName)
    ) {
      add(["dns", "existingZone", "resourceGroupName"], "expected a resource group name");
    }
    if (e.dns.updater) {
      const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      for (const k of ["tenantId", "appId", "objectId"] as const) {
        if (!guid.test(e.dns.updater[k]))
          add(
            ["dns", "updater", k],
            k === "appId"
              ? "expected the application (client) id, a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not the User URI (the guides' azuredns \"User URI\", e.g. http://azure-test, is the service principal's name: take appId from `az ad sp create-for-rbac`'s output)"
              : "expected a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
          );
      }
    }
    const fqdn =
      e.dns.recordName === "@" ? e.dns.zoneName : `${e.dns.recordName}.${e.dns.zoneName}`;
    if (fqdn.replace(/\.$/, "").length > 253) {
      add(
        ["dns", "recordName"],
        `makes the name ${fqdn.length} characters long; a DNS name has at most 253`,
      );
    }
    const seenPorts = new Map<number, number>();
    (e.dns.clientPorts ?? []).forEach((p, i) => {
      if (seenPorts.has(p))
        add(["dns", "clientPorts", i], `duplicates clientPorts[${seenPorts.get(p)}]`);
      else seenPorts.set(p, i);
    });
    e.dns.clientSources?.forEach((s, i) => {
      const why = sourcePrefixProblem(s);
      if (why) add(["dns", "clientSources", i], why);
    });
    if (e.dns.clientSources !== undefined && e.dns.clientPorts === undefined) {
      add(
        ["dns", "clientSources"],
        "opens nothing without dns.clientPorts: list the TCP ports clients use, e.g. [8080]",
        "[…]",
      );
    }
    // A private zone is linked to the subnet's VNet; its id is the subnet id without /subnets/….
    const subnetId =
      partial.network && "subnetId" in partial.network ? partial.network.subnetId : undefined;
    if (
      e.dns.private &&
      typeof subnetId === "string" &&
      !/\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(subnetId)
    ) {
      add(
        ["network", "subnetId"],
        "a private DNS zone is linked to the subnet's VNet: expected /subscriptions/…/virtualNetworks/<vnet>/subnets/<subnet>",
      );
    }
  }

  // ---- WSFC: management point, VNet DNS servers, interconnect (issue 20) -------------------
  if (sw.kind === "wsfc" && sw.managementPoint === "singleton" && sw.clusterIp === undefined) {
    add(
      ["software", "clusterIp"],
      "managementPoint singleton creates the cluster name on a static address (New-Cluster -StaticAddress): give clusterIp, a free address in the subnet",
      "(missing)",
    );
  }
  if (sw.kind === "wsfc" && sw.managementPoint === "distributed" && sw.clusterIp !== undefined) {
    add(
      ["software", "clusterIp"],
      "a distributed management point has no cluster IP: remove clusterIp, or set managementPoint: singleton",
    );
  }
  const created =
    partial.network && "addressSpace" in partial.network ? partial.network : undefined;
  (created?.dnsServers ?? []).forEach((d, i) => {
    if (!isIpv4(d)) add(["network", "dnsServers", i], "expected an IPv4 address of a DNS server");
  });
  if (sw.kind === "wsfc" && sw.domain && created && (created.dnsServers ?? []).length === 0) {
    add(
      ["network", "dnsServers"],
      `a domain cluster on a VNet the component creates needs DNS servers that resolve ${sw.domain.name} (the domain controllers): without them the domain join fails; or give network.subnetId of a VNet that has them`,
      "(missing)",
    );
  }
  const icPrefix = created?.interconnectSubnetPrefix;
  let ic: Cidr | undefined;
  if (icPrefix !== undefined) {
    ic = parseCidr(icPrefix);
    const segs: Seg[] = ["network", "interconnectSubnetPrefix"];
    if (sw.kind !== "wsfc") {
      add(segs, "the interconnect is a WSFC option (cluster network role 1); remove it");
      ic = undefined;
    } else if (!ic) add(segs, "expected an IPv4 CIDR such as 10.4.1.0/24");
    else if (!isNetworkAddress(ic)) {
      add(segs, `has host bits set; did you mean ${canonicalCidr(ic)}?`);
      ic = undefined;
    } else if (ic.prefix > 29) {
      add(segs, "Azure subnets are /29 or larger (/2 to /29)");
      ic = undefined;
    } else if (vnet && !cidrWithin(ic, vnet)) {
      add(segs, `must lie inside the VNet address space ${vnet.text}`);
    } else if (subnet && (cidrWithin(ic, subnet) || cidrWithin(subnet, ic))) {
      add(
        segs,
        `overlaps network.subnetPrefix ${subnet.text}; the interconnect is a subnet of its own`,
      );
    }
    if (partial.vm && allowsOnlyOneNic(e.vm.size)) {
      add(
        ["vm", "size"],
        `allows one NIC only (${ONE_NIC_VM_SIZES.join(", ")}); the interconnect gives every node a second NIC: choose a size with two or more (e.g. Standard_D4s_v5)`,
      );
    }
  }
  const role = partial.dns?.updaterRole;
  if (
    role &&
    typeof role === "object" &&
    !/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
      role.roleDefinitionId,
    )
  ) {
    add(
      ["dns", "updaterRole", "roleDefinitionId"],
      "expected /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid> (e.g. the roleDefinitionId output of the cluster that defined the group's role)",
    );
  }
  const icIps = new Map<string, string>();
  allNodes.forEach((n, i) => {
    const segs: Seg[] = ["nodes", i, "interconnectIp"];
    if (n.interconnectIp === undefined) {
      if (icPrefix !== undefined && sw.kind === "wsfc")
        add(
          segs,
          `network.interconnectSubnetPrefix is set: every node needs an interconnectIp inside it`,
          "(missing)",
        );
      return;
    }
    if (icPrefix === undefined) {
      add(segs, "needs network.interconnectSubnetPrefix (a created VNet's second subnet)");
      return;
    }
    if (!isIpv4(n.interconnectIp)) add(segs, "expected an IPv4 address such as 10.4.1.11");
    else if (icIps.has(n.interconnectIp))
      add(
        segs,
        `is already ${icIps.get(n.interconnectIp)}'s interconnect address; they must be unique`,
      );
    else {
      icIps.set(n.interconnectIp, n.name);
      if (ic) checkHostAddress(segs, n.interconnectIp, ic, "an interconnect address");
    }
  });
  return problems;
}
