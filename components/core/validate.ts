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
import {
  ABS_PATH,
  ADMIN_USER,
  CLUSTERPRO_CLUSTER_NAME,
  IMAGE_VERSION,
  isDnsSuffix,
  isHostName,
  isInternetWide,
  JOIN_USER,
  LIST_MAX,
  LOCATION,
  MANAGEMENT_PORTS,
  NODE_LIMITS,
  NSG_NAME_MAX,
  OU_PATH,
  SUBNET_ID,
  SUBNET_NAME,
  TAGS,
  VERSION_TEXT,
  VM_SIZE,
  VNET_NAME,
  WSFC_ROLE_NAME,
} from "./limits";
import { osFamily } from "./os";
import { regionHasZones } from "./regions";
import type { clusterEntrySchema } from "./schema";
import { allowsOnlyOneNic, ONE_NIC_VM_SIZES } from "./vm-sizes";

// what was written: the relational rules run before the schema's static defaults apply
type Entry = z.input<typeof clusterEntrySchema>;
type Seg = PropertyKey;

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
  if (partial.network && "vnetName" in net && net.vnetName !== undefined) {
    if (!VNET_NAME.re.test(net.vnetName)) add(["network", "vnetName"], VNET_NAME.rule);
  }
  if (partial.network && "subnetName" in net && net.subnetName !== undefined) {
    if (!SUBNET_NAME.re.test(net.subnetName)) add(["network", "subnetName"], SUBNET_NAME.rule);
  }
  // (a private DNS zone's own subnetId rule, below, names the VNet it needs)
  if (
    partial.network &&
    "subnetId" in net &&
    typeof net.subnetId === "string" &&
    !partial.dns?.private
  ) {
    if (!SUBNET_ID.re.test(net.subnetId)) add(["network", "subnetId"], SUBNET_ID.rule);
  }
  if (partial.name !== undefined && `${partial.name}-nsg`.length > NSG_NAME_MAX) {
    add(["name"], `makes the NSG name longer than ${NSG_NAME_MAX} characters`);
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

  if (allNodes.length > LIST_MAX.nodes) {
    add(
      ["nodes"],
      `lists ${allNodes.length} nodes; at most ${LIST_MAX.nodes}, the WSFC limit and this package's maximum (${NODE_LIMITS.wsfc.source})`,
      "[…]",
    );
  }
  if (sw.kind === "clusterpro" && allNodes.length !== NODE_LIMITS.clusterproMirror.exactly) {
    add(
      ["nodes"],
      `lists ${allNodes.length} nodes; a CLUSTERPRO cluster with a mirror disk has exactly ${NODE_LIMITS.clusterproMirror.exactly} (${NODE_LIMITS.clusterproMirror.source})`,
      "[…]",
    );
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
  const zonal = partial.location !== undefined && regionHasZones(e.location);
  const ZONES_SOURCE =
    "Microsoft Learn, 'Azure regions with availability zone support' (regions.ts)";
  if (zones && partial.location !== undefined && !zonal) {
    add(
      ["placement", "zones"],
      `region ${e.location} has no availability zones; use placement.availabilitySet (${ZONES_SOURCE})`,
    );
  }
  if (e.publicLb?.zoneRedundant === true && partial.location !== undefined && !zonal) {
    add(
      ["publicLb", "zoneRedundant"],
      `region ${e.location} has no availability zones, so a zone-redundant public IP is impossible; remove it (${ZONES_SOURCE})`,
      true,
    );
  }

  // ---- vm --------------------------------------------------------------------------------
  if (partial.vm && ADMIN_USER.reserved.has(e.vm.adminUsername.toLowerCase())) {
    add(
      ["vm", "adminUsername"],
      `Azure refuses this admin name (reserved: administrator, admin, root, user1, …, support_388945a0); choose another, e.g. azureadmin (${ADMIN_USER.source})`,
    );
  }
  const userMax = ADMIN_USER.maxLength[family ?? "windows"];
  if (
    partial.vm &&
    (!new RegExp(`^[A-Za-z_][A-Za-z0-9_.-]{0,${userMax - 1}}$`).test(e.vm.adminUsername) ||
      (family !== "linux" && e.vm.adminUsername.endsWith(".")))
  ) {
    add(
      ["vm", "adminUsername"],
      `expected 1–${userMax} letters, digits, '_', '.', '-', starting with a letter or '_'${family === "linux" ? "" : ", not ending in '.'"} (${family ?? "windows"}; ${ADMIN_USER.source})`,
    );
  }
  if (partial.vm && !VM_SIZE.re.test(e.vm.size)) add(["vm", "size"], VM_SIZE.rule);
  if (partial.vm?.imageVersion !== undefined && !IMAGE_VERSION.re.test(e.vm.imageVersion!))
    add(["vm", "imageVersion"], IMAGE_VERSION.rule);
  if ((partial.vm?.sshPublicKeys?.length ?? 0) > LIST_MAX.sshPublicKeys)
    add(["vm", "sshPublicKeys"], `lists more than ${LIST_MAX.sshPublicKeys} keys`, "[…]");
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
  if (partial.location !== undefined && !LOCATION.re.test(e.location)) {
    add(["location"], LOCATION.rule);
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
    if (sw.roleName !== undefined && !WSFC_ROLE_NAME.re.test(sw.roleName))
      add(["software", "roleName"], WSFC_ROLE_NAME.rule);
    if (sw.dnsSuffix !== undefined && !isDnsSuffix(sw.dnsSuffix))
      add(
        ["software", "dnsSuffix"],
        "expected a DNS suffix of two or more labels (letters, digits, hyphens; ≤ 253 characters), e.g. corp.local",
      );
    if (sw.domain && !JOIN_USER.re.test(sw.domain.joinUser))
      add(["software", "domain", "joinUser"], JOIN_USER.rule);
    if (sw.domain?.ouPath !== undefined && !OU_PATH.re.test(sw.domain.ouPath))
      add(["software", "domain", "ouPath"], OU_PATH.rule);
    if (
      sw.domain &&
      (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(sw.domain.name) || !isDnsSuffix(sw.domain.name))
    ) {
      add(["software", "domain", "name"], "expected a DNS domain name such as corp.example.com");
    }
    if (sw.domain && sw.dnsSuffix)
      add(
        ["software", "dnsSuffix"],
        "only workgroup clusters take a dnsSuffix; domain members use the domain's",
      );
  }
  if (sw.kind === "clusterpro") {
    const v = VERSION_TEXT.test(sw.version) ? parseVersion(sw.version) : undefined;
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
    if (sw.clusterName !== undefined && !CLUSTERPRO_CLUSTER_NAME.re.test(sw.clusterName))
      add(["software", "clusterName"], CLUSTERPRO_CLUSTER_NAME.rule);
    if (sw.azureCliPath !== undefined && family) {
      const rule = ABS_PATH[family];
      if (!rule.re.test(sw.azureCliPath) || sw.azureCliPath.length > ABS_PATH.maxLength)
        add(
          ["software", "azureCliPath"],
          `${rule.rule}; ≤ ${ABS_PATH.maxLength} characters (${family})`,
        );
    }
    if (
      sw.mirrorDisk?.mountPoint !== undefined &&
      (!ABS_PATH.linux.re.test(sw.mirrorDisk.mountPoint) ||
        sw.mirrorDisk.mountPoint.length > ABS_PATH.maxLength)
    ) {
      add(["software", "mirrorDisk", "mountPoint"], `${ABS_PATH.linux.rule}, e.g. /mnt/md`);
    }
    if (
      sw.heartbeat?.intervalSec !== undefined &&
      sw.heartbeat.timeoutSec !== undefined &&
      sw.heartbeat.intervalSec >= sw.heartbeat.timeoutSec
    ) {
      add(
        ["software", "heartbeat", "intervalSec"],
        `must be shorter than heartbeat.timeoutSec (${sw.heartbeat.timeoutSec} s): CLUSTERPRO sends several heartbeats within one timeout (Cluster WebUI refuses an interval ≥ the timeout)`,
      );
    }
    const np = sw.networkPartition ?? {};
    if (np.endpoint !== undefined && !isHostName(np.endpoint)) {
      add(
        ["software", "networkPartition", "endpoint"],
        "expected a host name (letters, digits, hyphens, dots; ≤ 253 characters) or an IPv4 address, e.g. management.azure.com",
      );
    }
    if ((np.pingTargets?.length ?? 0) > LIST_MAX.pingTargets) {
      add(
        ["software", "networkPartition", "pingTargets"],
        `lists ${np.pingTargets!.length} targets; at most ${LIST_MAX.pingTargets}`,
        "[…]",
      );
    }
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
  if (e.dns?.updater && sw.kind === "none") {
    add(
      ["dns", "updater"],
      "only CLUSTERPRO's Azure DNS resource logs in as a service principal; with software none nothing uses it: remove dns.updater",
      "{…}",
    );
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
      (!/^[A-Za-z0-9._()-]{1,90}$/.test(e.dns.existingZone.resourceGroupName) ||
        e.dns.existingZone.resourceGroupName.endsWith("."))
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

  // ---- list maxima -------------------------------------------------------------------------
  const tooLong = (segs: Seg[], list: readonly unknown[] | undefined, max: number) => {
    if (list && list.length > max)
      add(
        segs,
        `lists ${list.length} entries; at most ${max} (the package's limit, README "Limits")`,
        "[…]",
      );
  };
  tooLong(["dns", "clientPorts"], e.dns?.clientPorts, LIST_MAX.clientPorts);
  tooLong(["dns", "clientSources"], e.dns?.clientSources, LIST_MAX.clientSources);
  tooLong(["internalLb", "clientSources"], e.internalLb?.clientSources, LIST_MAX.clientSources);
  tooLong(["publicLb", "clientSources"], e.publicLb?.clientSources, LIST_MAX.clientSources);
  tooLong(["internalLb", "rules"], e.internalLb?.rules, LIST_MAX.lbRules);
  tooLong(["publicLb", "rules"], e.publicLb?.rules, LIST_MAX.lbRules);
  tooLong(["sharedDisks"], e.sharedDisks, LIST_MAX.sharedDisks);

  // ---- management ports never open to the Internet -----------------------------------------
  // A public-LB rule or a DNS client port on SSH/RDP/WinRM with an Internet-wide source would
  // let anyone reach the nodes' management endpoints. Refused outright (no opt-out): reach the
  // nodes through Azure Bastion, a jump host in the VNet, or a narrow source prefix.
  const HOW =
    "reach the nodes through Azure Bastion, a jump host in the VNet, or list a narrow source prefix (your office's CIDR) in clientSources";
  if (e.publicLb) {
    const wide = (e.publicLb.clientSources ?? ["Internet"]).filter(isInternetWide);
    if (wide.length > 0) {
      (e.publicLb.rules ?? []).forEach((r, i) => {
        for (const p of [r.frontendPort, r.backendPort]) {
          if (MANAGEMENT_PORTS[p] === undefined) continue;
          add(
            ["publicLb", "rules", i],
            `opens ${MANAGEMENT_PORTS[p]} (port ${p}) to ${wide.join(", ")} (publicLb.clientSources${e.publicLb?.clientSources ? "" : ", default Internet"}): management ports are never exposed to the Internet; ${HOW}`,
            `${r.frontendPort}→${r.backendPort}`,
          );
          break;
        }
      });
    }
  }
  if (e.dns?.clientPorts) {
    const wide = (e.dns.clientSources ?? []).filter(isInternetWide);
    if (wide.length > 0) {
      e.dns.clientPorts.forEach((p, i) => {
        if (MANAGEMENT_PORTS[p] !== undefined)
          add(
            ["dns", "clientPorts", i],
            `opens ${MANAGEMENT_PORTS[p]} (port ${p}) to ${wide.join(", ")} (dns.clientSources): management ports are never exposed to the Internet; ${HOW}`,
          );
      });
    }
  }

  // ---- tags --------------------------------------------------------------------------------
  const tags = partial.tags ?? {};
  const tagKeys = Object.keys(tags);
  if (tagKeys.length > TAGS.perResource - TAGS.ownTags) {
    add(
      ["tags"],
      `lists ${tagKeys.length} tags; at most ${TAGS.perResource - TAGS.ownTags}: Azure allows ${TAGS.perResource} per resource and the component stamps up to ${TAGS.ownTags} of its own (${TAGS.source})`,
      "{…}",
    );
  }
  const storageAccount = sw.kind === "wsfc" && (sw.witness?.kind ?? "cloud") === "cloud";
  const keyMax = storageAccount ? TAGS.keyMaxStorage : TAGS.keyMax;
  for (const k of tagKeys) {
    const segs: Seg[] = ["tags", k];
    if (TAGS.reservedPrefix.test(k))
      add(
        segs,
        "ha-cluster* tag keys are reserved: the components stamp them and the policy pack reads them; rename the tag",
        k,
      );
    else if (
      k.length === 0 ||
      k.length > keyMax ||
      TAGS.keyForbidden.test(k) ||
      [...k].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
    )
      add(
        segs,
        `expected a tag name of 1–${keyMax} characters${storageAccount ? " (the cloud witness is a storage account: 128)" : ""} without < > % & \\ ? / or control characters (${TAGS.source})`,
        k.length > 60 ? `${k.slice(0, 57)}...` : k,
      );
    const v = tags[k];
    if (v.length > TAGS.valueMax)
      add(
        segs,
        `tag values have at most ${TAGS.valueMax} characters (${TAGS.source})`,
        `${v.length} characters`,
      );
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
