/** Network: the VNet and subnet CIDRs and names, a brought subnet's id, NAT gateway, DNS servers. */
import {
  canonicalCidr,
  cidrWithin,
  isIpv4,
  isNetworkAddress,
  parseCidr,
  type Cidr,
} from "../addressing";
import {
  NSG_NAME_MAX,
  SUBNET_ID,
  SUBNET_MAX_PREFIX,
  SUBNET_NAME,
  VNET_NAME,
} from "../azure-limits";
import type { Ctx } from "./context";

/** Address space, subnet prefix, VNet/subnet names, subnet id, NSG name length, NAT gateway. */
export function network(ctx: Ctx): void {
  const { partial } = ctx;
  const net = partial.network;
  if (net) cidrs(ctx);
  if (net && "vnetName" in net && net.vnetName !== undefined) {
    if (!VNET_NAME.re.test(net.vnetName)) ctx.add(["network", "vnetName"], VNET_NAME.rule);
  }
  if (net && "subnetName" in net && net.subnetName !== undefined) {
    if (!SUBNET_NAME.re.test(net.subnetName)) ctx.add(["network", "subnetName"], SUBNET_NAME.rule);
  }
  // (a private DNS zone's own subnetId rule, in dns.ts, names the VNet it needs)
  if (net && "subnetId" in net && typeof net.subnetId === "string" && !partial.dns?.private) {
    if (!SUBNET_ID.re.test(net.subnetId)) ctx.add(["network", "subnetId"], SUBNET_ID.rule);
  }
  if (partial.name !== undefined && `${partial.name}-nsg`.length > NSG_NAME_MAX) {
    ctx.add(["name"], `makes the NSG name longer than ${NSG_NAME_MAX} characters`);
  }
  if (net && "subnetId" in net && net.natGateway === true) {
    ctx.add(
      ["network", "natGateway"],
      "a NAT gateway attaches to the subnet, which you own here: attach it to your subnet and leave natGateway unset",
    );
  }
}

function cidrs(ctx: Ctx): void {
  const net = ctx.partial.network!;
  const { vnet } = ctx.facts;
  if ("addressSpace" in net && net.addressSpace !== undefined) {
    if (!vnet) ctx.add(["network", "addressSpace"], "expected an IPv4 CIDR such as 10.5.0.0/24");
    else if (!isNetworkAddress(vnet))
      ctx.add(
        ["network", "addressSpace"],
        `has host bits set; did you mean ${canonicalCidr(vnet)}?`,
      );
  }
  const why = subnetPrefixProblem(parseCidr(net.subnetPrefix), "10.5.0.0/24", vnet);
  if (why) ctx.add(["network", "subnetPrefix"], why);
}

/** Why a subnet CIDR is unusable (shape, host bits, size, outside the VNet), or undefined. */
export function subnetPrefixProblem(
  c: Cidr | undefined,
  example: string,
  vnet: Cidr | undefined,
): string | undefined {
  if (!c) return `expected an IPv4 CIDR such as ${example}`;
  if (!isNetworkAddress(c)) return `has host bits set; did you mean ${canonicalCidr(c)}?`;
  if (c.prefix > SUBNET_MAX_PREFIX) return "Azure subnets are /29 or larger (/2 to /29)";
  if (vnet && !cidrWithin(c, vnet)) return `must lie inside the VNet address space ${vnet.text}`;
  return undefined;
}

/** `network.dnsServers`: IPv4 addresses; a WSFC domain cluster on a created VNet needs them. */
export function dnsServers(ctx: Ctx): void {
  const net = ctx.partial.network;
  const created = net && "addressSpace" in net ? net : undefined;
  (created?.dnsServers ?? []).forEach((d, i) => {
    if (!isIpv4(d))
      ctx.add(["network", "dnsServers", i], "expected an IPv4 address of a DNS server");
  });
  const sw = ctx.facts.sw;
  if (sw.kind === "wsfc" && sw.domain && created && (created.dnsServers ?? []).length === 0) {
    ctx.add(
      ["network", "dnsServers"],
      `a domain cluster on a VNet the component creates needs DNS servers that resolve ${sw.domain.name} (the domain controllers): without them the domain join fails; or give network.subnetId of a VNet that has them`,
      "(missing)",
    );
  }
}
