/**
 * Management ports never open to the Internet. A public-LB rule or a DNS client port on
 * SSH/RDP/WinRM with an Internet-wide source would let anyone reach the nodes' management
 * endpoints. Refused outright (no opt-out): reach the nodes through Azure Bastion, a jump host in
 * the VNet, or a narrow source prefix.
 */
import { isInternetWide, MANAGEMENT_PORTS } from "../azure-limits";
import type { Ctx } from "./context";

const HOW =
  "reach the nodes through Azure Bastion, a jump host in the VNet, or list a narrow source prefix (your office's CIDR) in clientSources";

/** Public-LB rules and DNS client ports on 22/3389/5985/5986 from `Internet`, `*` or 0.0.0.0/0. */
export function managementPorts(ctx: Ctx): void {
  const { e } = ctx;
  if (e.publicLb) {
    const given = e.publicLb.clientSources;
    const wide = (given ?? ["Internet"]).filter(isInternetWide);
    if (wide.length > 0) {
      (e.publicLb.rules ?? []).forEach((r, i) => {
        const p = [r.frontendPort, r.backendPort].find((x) => MANAGEMENT_PORTS[x] !== undefined);
        if (p === undefined) return;
        ctx.add(
          ["publicLb", "rules", i],
          `opens ${MANAGEMENT_PORTS[p]} (port ${p}) to ${wide.join(", ")} (publicLb.clientSources${given ? "" : ", default Internet"}): management ports are never exposed to the Internet; ${HOW}`,
          `${r.frontendPort}→${r.backendPort}`,
        );
      });
    }
  }
  if (e.dns?.clientPorts) {
    const wide = (e.dns.clientSources ?? []).filter(isInternetWide);
    if (wide.length === 0) return;
    e.dns.clientPorts.forEach((p, i) => {
      if (MANAGEMENT_PORTS[p] !== undefined)
        ctx.add(
          ["dns", "clientPorts", i],
          `opens ${MANAGEMENT_PORTS[p]} (port ${p}) to ${wide.join(", ")} (dns.clientSources): management ports are never exposed to the Internet; ${HOW}`,
        );
    });
  }
}
