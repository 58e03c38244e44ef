/** Nodes: computer names, private addresses, and how many nodes the product allows. */
import { isIpv4 } from "../addressing";
import { COMPUTER_NAME, isComputerName, NODE_LIMITS } from "../azure-limits";
import { LIST_MAX } from "../limits";
import { checkHostAddress, type Ctx } from "./context";

/** Each node: a unique computer name (lowercase for CLUSTERPRO), a unique address in the subnet. */
export function nodes(ctx: Ctx): void {
  const { family, sw, subnet } = ctx.facts;
  const ips = new Map<string, string>();
  const names = new Map<string, number>();
  ctx.facts.nodes.forEach((n, i) => {
    const lower = n.name.toLowerCase();
    if (names.has(lower)) {
      ctx.add(
        ["nodes", i, "name"],
        `duplicates nodes[${names.get(lower)}].name; node names must be unique`,
      );
    } else names.set(lower, i);
    const maxLen = COMPUTER_NAME.maxLength[family === "windows" ? "windows" : "linux"];
    if (!isComputerName(n.name, maxLen)) {
      ctx.add(
        ["nodes", i, "name"],
        `expected a computer name of 1–${maxLen} letters, digits and hyphens (${family}), not all digits, no leading or trailing hyphen`,
      );
    } else if (sw.kind === "clusterpro" && n.name !== lower) {
      ctx.add(["nodes", i, "name"], `CLUSTERPRO server names are lowercase; use "${lower}"`);
    }
    if (!isIpv4(n.privateIp)) {
      ctx.add(["nodes", i, "privateIp"], "expected an IPv4 address such as 10.5.0.110");
      return;
    }
    if (ips.has(n.privateIp)) {
      ctx.add(
        ["nodes", i, "privateIp"],
        `is already ${ips.get(n.privateIp)}'s address; node IPs must be unique`,
      );
    } else ips.set(n.privateIp, n.name);
    if (subnet)
      checkHostAddress(ctx, ["nodes", i, "privateIp"], n.privateIp, subnet, "a node's address");
  });
}

/** Node count: at most 64 (WSFC); exactly 2 for CLUSTERPRO with its mirror disk. */
export function nodeCount(ctx: Ctx): void {
  const count = ctx.facts.nodes.length;
  if (count > LIST_MAX.nodes) {
    ctx.add(
      ["nodes"],
      `lists ${count} nodes; at most ${LIST_MAX.nodes}, the WSFC limit and this package's maximum (${NODE_LIMITS.wsfc.source})`,
      "[…]",
    );
  }
  if (ctx.facts.sw.kind === "clusterpro" && count !== NODE_LIMITS.clusterproMirror.exactly) {
    ctx.add(
      ["nodes"],
      `lists ${count} nodes; a CLUSTERPRO cluster with a mirror disk has exactly ${NODE_LIMITS.clusterproMirror.exactly} (${NODE_LIMITS.clusterproMirror.source})`,
      "[…]",
    );
  }
}
