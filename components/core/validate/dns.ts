/**
 * DNS topology: zone and record names, the existing zone's group, the updater's service
 * principal and role, client ports and sources, a private zone's VNet; and who uses dns.updater.
 */
import {
  DNS_NAME_MAX,
  DNS_RECORD_NAME,
  GUID,
  isDnsZoneName,
  isResourceGroupName,
  ROLE_DEFINITION_ID,
  sourcePrefixProblem,
  SUBNET_ID_VNET_TAIL,
} from "../azure-limits";
import type { Ctx } from "./context";

/** `dns.updater` only where it is used (CLUSTERPRO's Azure DNS resource). */
export function dnsUpdaterUse(ctx: Ctx): void {
  const { e } = ctx;
  const kind = ctx.facts.sw.kind;
  if (e.dns?.updater && kind === "none") {
    ctx.add(
      ["dns", "updater"],
      "only CLUSTERPRO's Azure DNS resource logs in as a service principal; with software none nothing uses it: remove dns.updater",
      "{…}",
    );
  }
  if (e.topology === "dns" && e.dns && kind === "wsfc" && e.dns.updater) {
    ctx.add(
      ["dns", "updater"],
      "the WSFC updater uses a managed identity attached to the nodes; remove dns.updater",
      "{…}",
    );
  }
}

/** The `dns` block. */
export function dns(ctx: Ctx): void {
  const d = ctx.e.dns;
  if (!d) return;
  names(ctx, d);
  if (d.updater) {
    for (const k of ["tenantId", "appId", "objectId"] as const) {
      if (!GUID.test(d.updater[k]))
        ctx.add(
          ["dns", "updater", k],
          k === "appId"
            ? "expected the application (client) id, a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not the User URI (the guides' azuredns \"User URI\", e.g. http://azure-test, is the service principal's name: take appId from `az ad sp create-for-rbac`'s output)"
            : "expected a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        );
    }
  }
  const fqdn = d.recordName === "@" ? d.zoneName : `${d.recordName}.${d.zoneName}`;
  if (fqdn.replace(/\.$/, "").length > DNS_NAME_MAX) {
    ctx.add(
      ["dns", "recordName"],
      `makes the name ${fqdn.length} characters long; a DNS name has at most ${DNS_NAME_MAX}`,
    );
  }
  clientAccess(ctx, d);
  privateZoneVnet(ctx, d);
}

type Dns = NonNullable<Ctx["e"]["dns"]>;

function names(ctx: Ctx, d: Dns): void {
  if (!isDnsZoneName(d.zoneName))
    ctx.add(
      ["dns", "zoneName"],
      "expected a DNS zone name of two or more labels (letters, digits, hyphens), e.g. cluster1.zone",
    );
  if (!DNS_RECORD_NAME.test(d.recordName) && d.recordName !== "@") {
    ctx.add(
      ["dns", "recordName"],
      "expected one DNS label (1–63 letters, digits, hyphens), e.g. test-record1",
    );
  }
  if (d.existingZone && !isResourceGroupName(d.existingZone.resourceGroupName)) {
    ctx.add(["dns", "existingZone", "resourceGroupName"], "expected a resource group name");
  }
}

function clientAccess(ctx: Ctx, d: Dns): void {
  const seen = new Map<number, number>();
  (d.clientPorts ?? []).forEach((p, i) => {
    if (seen.has(p)) ctx.add(["dns", "clientPorts", i], `duplicates clientPorts[${seen.get(p)}]`);
    else seen.set(p, i);
  });
  d.clientSources?.forEach((s, i) => {
    const why = sourcePrefixProblem(s);
    if (why) ctx.add(["dns", "clientSources", i], why);
  });
  if (d.clientSources !== undefined && d.clientPorts === undefined) {
    ctx.add(
      ["dns", "clientSources"],
      "opens nothing without dns.clientPorts: list the TCP ports clients use, e.g. [8080]",
      "[…]",
    );
  }
}

/** A private zone is linked to the subnet's VNet; its id is the subnet id without /subnets/…. */
function privateZoneVnet(ctx: Ctx, d: Dns): void {
  const net = ctx.partial.network;
  const subnetId = net && "subnetId" in net ? net.subnetId : undefined;
  if (d.private && typeof subnetId === "string" && !SUBNET_ID_VNET_TAIL.test(subnetId)) {
    ctx.add(
      ["network", "subnetId"],
      "a private DNS zone is linked to the subnet's VNet: expected /subscriptions/…/virtualNetworks/<vnet>/subnets/<subnet>",
    );
  }
}

/** `dns.updaterRole.roleDefinitionId`: a role definition's resource id. */
export function dnsUpdaterRole(ctx: Ctx): void {
  const role = ctx.partial.dns?.updaterRole;
  if (role && typeof role === "object" && !ROLE_DEFINITION_ID.test(role.roleDefinitionId)) {
    ctx.add(
      ["dns", "updaterRole", "roleDefinitionId"],
      "expected /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid> (e.g. the roleDefinitionId output of the cluster that defined the group's role)",
    );
  }
}
