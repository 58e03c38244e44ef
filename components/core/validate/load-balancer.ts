/**
 * Load balancers: floating IP per software, the ILB frontend (VIP), the public DNS label,
 * client sources, rules (HA ports, DSR ports, Azure's duplicate-rule refusals) and the probe port.
 */
import { canonicalCidr, isIpv4, isNetworkAddress, parseCidr } from "../addressing";
import { PUBLIC_IP_DNS_LABEL, SERVICE_TAG } from "../azure-limits";
import { checkHostAddress, type Ctx } from "./context";

type Lb = NonNullable<Ctx["e"]["internalLb"] | Ctx["e"]["publicLb"]>;
interface LbView {
  lb: Lb;
  key: "internalLb" | "publicLb";
  floating: boolean;
  rules: NonNullable<Lb["rules"]>;
}

function lbOf(ctx: Ctx): LbView | undefined {
  const { e } = ctx;
  const lb = e.internalLb ?? e.publicLb;
  if (!lb) return undefined;
  const floating = lb.floatingIp ?? ctx.facts.sw.kind === "wsfc";
  return { lb, key: e.internalLb ? "internalLb" : "publicLb", floating, rules: lb.rules ?? [] };
}

/** The `internalLb` / `publicLb` block. */
export function loadBalancer(ctx: Ctx): void {
  const v = lbOf(ctx);
  if (!v) return;
  frontend(ctx, v);
  clientSources(ctx, v);
  if (ctx.e.internalLb?.haPorts ?? false) haPortsRules(ctx, v);
  else portRules(ctx, v);
  floatingIp(ctx, v);
  duplicateRules(ctx, v);
}

function frontend(ctx: Ctx, { lb, key }: LbView): void {
  const { e } = ctx;
  const { sw, nodeIps, subnet } = ctx.facts;
  if (sw.kind === "wsfc" && lb.floatingIp === false) {
    ctx.add(
      [key, "floatingIp"],
      "WSFC needs floating IP: the cluster's IP resource owns the frontend IP, so packets must keep it as destination",
      false,
    );
  }
  if (e.internalLb) {
    const vip = e.internalLb.frontendIp;
    const segs = ["internalLb", "frontendIp"];
    if (!isIpv4(vip)) ctx.add(segs, "expected an IPv4 address in the subnet");
    else if (subnet) {
      if (nodeIps.has(vip))
        ctx.add(
          segs,
          `is ${nodeIps.get(vip)}'s address; the VIP must be a free address in ${subnet.text}`,
        );
      else checkHostAddress(ctx, segs, vip, subnet, "the VIP");
    }
  }
  if (e.publicLb?.dnsLabel !== undefined && !PUBLIC_IP_DNS_LABEL.test(e.publicLb.dnsLabel)) {
    ctx.add(
      ["publicLb", "dnsLabel"],
      "expected 3–63 lowercase letters, digits and hyphens, starting with a letter",
    );
  }
}

function clientSources(ctx: Ctx, { lb, key }: LbView): void {
  lb.clientSources?.forEach((s, i) => {
    const cidr = parseCidr(s);
    const ok = s === "*" || isIpv4(s) || cidr !== undefined || SERVICE_TAG.test(s);
    if (!ok)
      ctx.add(
        [key, "clientSources", i],
        "expected a CIDR, an IPv4 address, * or a service tag such as VirtualNetwork or Internet",
      );
    else if (cidr && !isNetworkAddress(cidr))
      ctx.add([key, "clientSources", i], `has host bits set; did you mean ${canonicalCidr(cidr)}?`);
  });
}

function haPortsRules(ctx: Ctx, { key, rules }: LbView): void {
  rules.forEach((r, i) => {
    if (!(r.protocol === "All" && r.frontendPort === 0 && r.backendPort === 0)) {
      ctx.add(
        [key, "rules", i],
        "haPorts is on: it makes one rule (protocol All, port 0); remove the other rules",
        `${r.frontendPort}→${r.backendPort}`,
      );
    }
  });
}

function portRules(ctx: Ctx, { key, rules }: LbView): void {
  const { e } = ctx;
  if (rules.length === 0 && e.internalLb)
    ctx.add(["internalLb", "rules"], "needs at least one rule, or haPorts: true");
  rules.forEach((r, i) => {
    if (r.protocol !== "All" && r.frontendPort !== 0 && r.backendPort !== 0) return;
    const value = `${r.protocol ?? "Tcp"} ${r.frontendPort}→${r.backendPort}`;
    if (e.publicLb)
      ctx.add(
        [key, "rules", i],
        "HA ports (protocol All, port 0) exist on internal Standard LBs only; give ports 1–65535 and Tcp/Udp",
        value,
      );
    else
      ctx.add(
        [key, "rules", i],
        "protocol All with port 0 is an HA-ports rule: set internalLb.haPorts: true instead",
        value,
      );
  });
}

/** Floating IP (DSR): CLUSTERPRO on the internal LB only, same ports; never with software none. */
function floatingIp(ctx: Ctx, { key, floating, rules }: LbView): void {
  const kind = ctx.facts.sw.kind;
  if (floating && kind === "clusterpro") {
    if (ctx.e.publicLb) {
      ctx.add(
        ["publicLb", "floatingIp"],
        "CLUSTERPRO behind a public LB answers on the node address (the seeds); floating IP (DSR) is built for the internal LB only",
        true,
      );
    }
    rules.forEach((r, i) => {
      if (r.frontendPort !== r.backendPort) {
        ctx.add(
          [key, "rules", i, "backendPort"],
          `floating IP (DSR) keeps the destination port: backendPort must equal frontendPort (${r.frontendPort})`,
        );
      }
    });
  }
  if (floating && kind === "none") {
    ctx.add(
      [key, "floatingIp"],
      "floating IP needs a guest that owns the VIP (WSFC, or CLUSTERPRO DSR); with software none the traffic would be dropped",
      true,
    );
  }
}

/** Azure refuses: same protocol + backend port + pool without floating IP; duplicate frontend port. */
function duplicateRules(ctx: Ctx, { lb, key, floating, rules }: LbView): void {
  const seenFront = new Map<string, number>();
  const seenBack = new Map<string, number>();
  rules.forEach((r, i) => {
    const proto = r.protocol ?? "Tcp";
    const fk = `${proto}/${r.frontendPort}`;
    if (seenFront.has(fk))
      ctx.add(
        [key, "rules", i, "frontendPort"],
        `rules[${seenFront.get(fk)}] already uses ${proto} ${r.frontendPort} on this frontend`,
      );
    else seenFront.set(fk, i);
    const bk = `${proto}/${r.backendPort}`;
    if (!floating && seenBack.has(bk)) {
      ctx.add(
        [key, "rules", i, "backendPort"],
        `Azure refuses two rules with the same protocol, backend port and pool without floating IP (RulesUseSameBackendPortProtocolAndPool): rules[${seenBack.get(bk)}] already uses ${proto} ${r.backendPort}`,
      );
    } else seenBack.set(bk, i);
    if (r.frontendPort === lb.probePort || r.backendPort === lb.probePort) {
      ctx.add(
        [key, "probePort"],
        `is used by rules[${i}] (${r.frontendPort}→${r.backendPort}); the probe port must be a port only the cluster's probe responder listens on`,
        lb.probePort,
      );
    }
  });
}
