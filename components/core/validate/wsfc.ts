/**
 * WSFC: Windows image, witness, names that reach PowerShell (cluster, role, DNS suffix, domain
 * join user and OU), the core cluster IP and management point, the interconnect subnet and NICs.
 */
import { cidrWithin, isIpv4, parseCidr } from "../addressing";
import {
  allowsOnlyOneNic,
  isDnsSuffix,
  isDomainName,
  JOIN_USER,
  NETBIOS_NAME,
  ONE_NIC_VM_SIZES,
} from "../azure-limits";
import { OU_PATH, WSFC_ROLE_NAME } from "../limits";
import { checkHostAddress, type Ctx, type Seg } from "./context";
import { subnetPrefixProblem } from "./network";

type Wsfc = Extract<Ctx["facts"]["sw"], { kind: "wsfc" }>;

function wsfcOf(ctx: Ctx): Wsfc | undefined {
  const sw = ctx.facts.sw;
  return sw.kind === "wsfc" ? sw : undefined;
}

/** The WSFC software block: Windows image, witness, names, domain. */
export function wsfc(ctx: Ctx): void {
  const sw = wsfcOf(ctx);
  if (!sw) return;
  const family = ctx.facts.family;
  if (family && family !== "windows")
    ctx.add(["vm", "os"], "WSFC needs a Windows image (windows-2019, windows-2022, windows-2025)");
  witness(ctx, sw);
  if (sw.clusterName !== undefined && !NETBIOS_NAME.test(sw.clusterName)) {
    ctx.add(["software", "clusterName"], "expected a NetBIOS name: 1–15 letters, digits, hyphens");
  }
  if (sw.roleName !== undefined && !WSFC_ROLE_NAME.re.test(sw.roleName))
    ctx.add(["software", "roleName"], WSFC_ROLE_NAME.rule);
  if (sw.dnsSuffix !== undefined && !isDnsSuffix(sw.dnsSuffix))
    ctx.add(
      ["software", "dnsSuffix"],
      "expected a DNS suffix of two or more labels (letters, digits, hyphens; ≤ 253 characters), e.g. corp.local",
    );
  if (sw.domain && !JOIN_USER.re.test(sw.domain.joinUser))
    ctx.add(["software", "domain", "joinUser"], JOIN_USER.rule);
  if (sw.domain?.ouPath !== undefined && !OU_PATH.re.test(sw.domain.ouPath))
    ctx.add(["software", "domain", "ouPath"], OU_PATH.rule);
  if (sw.domain && !isDomainName(sw.domain.name)) {
    ctx.add(["software", "domain", "name"], "expected a DNS domain name such as corp.example.com");
  }
  if (sw.domain && sw.dnsSuffix)
    ctx.add(
      ["software", "dnsSuffix"],
      "only workgroup clusters take a dnsSuffix; domain members use the domain's",
    );
}

function witness(ctx: Ctx, sw: Wsfc): void {
  if (sw.witness?.kind === "disk") {
    const shared = ctx.e.sharedDisks ?? [];
    if (shared.length === 0)
      ctx.add(
        ["software", "witness"],
        "a disk witness needs a shared disk in sharedDisks",
        "{ kind: disk }",
      );
    else if (sw.witness.diskName && !shared.some((d) => d.name === sw.witness?.diskName)) {
      ctx.add(
        ["software", "witness", "diskName"],
        `names no shared disk (${shared.map((d) => d.name).join(", ")})`,
      );
    }
  } else if (sw.witness?.diskName) {
    ctx.add(["software", "witness", "diskName"], "only a disk witness takes a diskName");
  }
}

/** `software.clusterIp`: a free address in the subnet, neither a node's nor the VIP. */
export function wsfcClusterIp(ctx: Ctx): void {
  const sw = wsfcOf(ctx);
  if (sw?.clusterIp === undefined) return;
  const { nodeIps, vip, subnet } = ctx.facts;
  const segs: Seg[] = ["software", "clusterIp"];
  if (!isIpv4(sw.clusterIp)) ctx.add(segs, "expected an IPv4 address in the subnet");
  else if (nodeIps.has(sw.clusterIp))
    ctx.add(segs, `is ${nodeIps.get(sw.clusterIp)}'s address; the core cluster IP must be free`);
  else if (sw.clusterIp === vip)
    ctx.add(
      segs,
      "is the VIP, which belongs to the role; the core cluster IP must be another free address",
    );
  else if (subnet) checkHostAddress(ctx, segs, sw.clusterIp, subnet, "the core cluster IP");
}

/** Management point: singleton needs clusterIp; distributed has none. */
export function wsfcManagementPoint(ctx: Ctx): void {
  const sw = wsfcOf(ctx);
  if (sw?.managementPoint === "singleton" && sw.clusterIp === undefined) {
    ctx.add(
      ["software", "clusterIp"],
      "managementPoint singleton creates the cluster name on a static address (New-Cluster -StaticAddress): give clusterIp, a free address in the subnet",
      "(missing)",
    );
  }
  if (sw?.managementPoint === "distributed" && sw.clusterIp !== undefined) {
    ctx.add(
      ["software", "clusterIp"],
      "a distributed management point has no cluster IP: remove clusterIp, or set managementPoint: singleton",
    );
  }
}

/** `network.interconnectSubnetPrefix`: WSFC only, a subnet of its own in the VNet; two NICs. */
export function interconnect(ctx: Ctx): void {
  const net = ctx.partial.network;
  const icPrefix = net && "addressSpace" in net ? net.interconnectSubnetPrefix : undefined;
  if (icPrefix === undefined) return;
  const { vnet, subnet } = ctx.facts;
  const ic = parseCidr(icPrefix);
  const segs: Seg[] = ["network", "interconnectSubnetPrefix"];
  const why = subnetPrefixProblem(ic, "10.4.1.0/24", vnet);
  if (ctx.facts.sw.kind !== "wsfc")
    ctx.add(segs, "the interconnect is a WSFC option (cluster network role 1); remove it");
  else if (why) ctx.add(segs, why);
  else if (subnet && ic && (cidrWithin(ic, subnet) || cidrWithin(subnet, ic)))
    ctx.add(
      segs,
      `overlaps network.subnetPrefix ${subnet.text}; the interconnect is a subnet of its own`,
    );
  if (ctx.partial.vm && allowsOnlyOneNic(ctx.e.vm.size)) {
    ctx.add(
      ["vm", "size"],
      `allows one NIC only (${ONE_NIC_VM_SIZES.join(", ")}); the interconnect gives every node a second NIC: choose a size with two or more (e.g. Standard_D4s_v5)`,
    );
  }
}

/** Each node's `interconnectIp`: present exactly when the interconnect is, unique, inside it. */
export function interconnectIps(ctx: Ctx): void {
  const net = ctx.partial.network;
  const icPrefix = net && "addressSpace" in net ? net.interconnectSubnetPrefix : undefined;
  const { ic, sw } = ctx.facts;
  const seen = new Map<string, string>();
  ctx.facts.nodes.forEach((n, i) => {
    const segs: Seg[] = ["nodes", i, "interconnectIp"];
    if (n.interconnectIp === undefined) {
      if (icPrefix !== undefined && sw.kind === "wsfc")
        ctx.add(
          segs,
          `network.interconnectSubnetPrefix is set: every node needs an interconnectIp inside it`,
          "(missing)",
        );
      return;
    }
    if (icPrefix === undefined) {
      ctx.add(segs, "needs network.interconnectSubnetPrefix (a created VNet's second subnet)");
      return;
    }
    if (!isIpv4(n.interconnectIp)) ctx.add(segs, "expected an IPv4 address such as 10.4.1.11");
    else if (seen.has(n.interconnectIp))
      ctx.add(
        segs,
        `is already ${seen.get(n.interconnectIp)}'s interconnect address; they must be unique`,
      );
    else {
      seen.set(n.interconnectIp, n.name);
      if (ic) checkHostAddress(ctx, segs, n.interconnectIp, ic, "an interconnect address");
    }
  });
}
