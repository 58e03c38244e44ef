/**
 * HaClusterDns: a whole failover cluster whose clients find the active node through an Azure DNS
 * A record that the active node writes on every failover. Pulumi owns the zone (public, or
 * private and linked to the VNet), the updater's least-privilege role and its assignment at
 * zone scope; the cluster owns the record.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dns from "@pulumi/azure-native/dns";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { buildBootstrap } from "./bootstrap";
import { HaClusterBase } from "./cluster-base";
import { parseComponentArgs } from "./core/config-lazy";
import { deterministicGuid } from "./core/guid";
import { childName, clusterTags } from "./core/naming";
import { nsgRulesFor } from "./core/nsg";
import type { HaClusterDnsArgs, ResolvedDns } from "./core/types";
import { buildNetwork, buildNodes } from "./nodes";

export type { HaClusterDnsArgs } from "./core/types";

/**
 * The record actions the updater's custom role grants, and nothing else (pure).
 *
 * - Public zone, the seeds' set: `A/write` (create or replace the record set), `A/delete` (the
 *   product may delete the record on deactivation), `NS/read` (the record monitor resolves the
 *   name at the zone's own name servers, which it looks up first).
 * - CLUSTERPRO adds `A/read`: NEC's azuredns runs `az network dns record-set a add-record` /
 *   `remove-record`, which GET the record set before they PUT it. Without read, `add-record`
 *   swallows the 403 and writes a fresh set with TTL 3600, and `remove-record` and the
 *   post-activation TTL fix (`record-set a update --set ttl=…`, also GET then PUT) fail.
 *   The A records of a public zone are public data anyway: reading them discloses nothing.
 * - WSFC (and no software): the updater PUTs the whole record set (address and TTL) in one
 *   request, so it needs no read. (Its "already correct?" GET guard then gets a 403 and the
 *   updater simply PUTs: same record, one extra write per role-online event.)
 * - Private zone (WSFC only): `privateDnsZones/A/write` and `A/delete`; it has no delegation,
 *   so no NS read, and the updater verifies through DNS from inside the linked VNet.
 */
export function dnsRoleActions(d: Pick<ResolvedDns, "private">, software: string): string[] {
  if (d.private) {
    return [
      "Microsoft.Network/privateDnsZones/A/write",
      "Microsoft.Network/privateDnsZones/A/delete",
    ];
  }
  return [
    ...(software === "clusterpro" ? ["Microsoft.Network/dnsZones/A/read"] : []),
    "Microsoft.Network/dnsZones/A/write",
    "Microsoft.Network/dnsZones/A/delete",
    "Microsoft.Network/dnsZones/NS/read",
  ];
}

/**
 * Built-in role GUIDs (Microsoft Learn, "Azure built-in roles", Networking): DNS Zone
 * Contributor and Private DNS Zone Contributor.
 */
export const DNS_ZONE_CONTRIBUTOR = "befefa01-2a29-4197-83a8-272ff33ce314";
export const PRIVATE_DNS_ZONE_CONTRIBUTOR = "b12aa53e-6015-4669-85d0-8515ebb3ae7f";

/** The VNet id of a subnet id: `…/virtualNetworks/<vnet>/subnets/<subnet>` without the subnet. */
export function vnetIdOfSubnet(subnetId: string): string {
  const m = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
  if (!m) throw new Error(`cannot derive the VNet id from the subnet id ${subnetId}`);
  return m[1];
}

/** A failover cluster whose clients follow an Azure DNS A record. */
export class HaClusterDns extends HaClusterBase {
  /** The zone the component created; undefined with `dns.existingZone`. */
  public readonly zone?: dns.Zone | privatedns.PrivateZone;
  /** Resource id of the zone (created or existing): the scope of the updater's role. */
  public readonly zoneId!: pulumi.Output<string>;
  /** The name clients resolve, e.g. test-record1.cluster1.zone. */
  public readonly fqdn!: pulumi.Output<string>;
  /** TTL the in-guest updater sets on every update, in seconds. */
  public readonly ttlSec!: pulumi.Output<number>;
  /**
   * Public zones created here: the zone's Azure name servers. A zone that is not delegated from
   * its parent domain (like the seeds' cluster1.zone) is reached only by querying these.
   * Empty for private and existing zones.
   */
  public readonly nameServers!: pulumi.Output<string[]>;
  /** How clients resolve `fqdn` (delegation or VNet link), in one sentence. */
  public readonly resolution!: pulumi.Output<string>;
  /** The private zone's link to the cluster VNet (private zones only). */
  public readonly vnetLink?: privatedns.VirtualNetworkLink;
  /** WSFC: the user-assigned identity attached to every node, which updates the record. */
  public readonly identity?: managedidentity.UserAssignedIdentity;
  /**
   * The custom role with only the record actions, one per resource group of the zone (absent
   * when nobody updates the record, or with `dns.updaterRole` a given or built-in role).
   */
  public readonly roleDefinition?: authorization.RoleDefinition;
  /** The role's assignment at zone scope to the updater. */
  public readonly roleAssignment?: authorization.RoleAssignment;

  constructor(name: string, args: HaClusterDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad config creates no resource.
    const c = parseComponentArgs(name, "dns", args);
    super("azure-ha-cluster:index:HaClusterDns", name, c, opts);
    const d = c.dns!;
    const tags = clusterTags(c);
    const parent = { parent: this };
    // Egress (NAT gateway by default): Azure CLI logins and record updates need it.
    const net = buildNetwork(name, c, nsgRulesFor(c), tags, this);
    const client = authorization.getClientConfigOutput(parent);
    const subscriptionId = client.subscriptionId;

    // ---- the zone --------------------------------------------------------------------------
    const zoneRg: pulumi.Output<string> = d.existingZone
      ? pulumi.output(d.existingZone.resourceGroupName)
      : net.resourceGroupName;
    const provider = d.private ? "privateDnsZones" : "dnsZones";
    let zone: dns.Zone | privatedns.PrivateZone | undefined;
    if (!d.existingZone) {
      zone = d.private
        ? new privatedns.PrivateZone(
            childName(name, "zone"),
            { resourceGroupName: zoneRg, location: "global", privateZoneName: d.zoneName, tags },
            parent,
          )
        : new dns.Zone(
            childName(name, "zone"),
            {
              resourceGroupName: zoneRg,
              location: "global",
              zoneName: d.zoneName,
              zoneType: "Public",
              tags,
            },
            parent,
          );
    }
    // An existing zone is addressed by id; it must live in the provider's subscription.
    const zoneId: pulumi.Output<string> = zone
      ? zone.id
      : pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${zoneRg}/providers/Microsoft.Network/${provider}/${d.zoneName}`;
    // No A record resource here, ever: the active node creates and rewrites it on every failover
    // (and may delete it), so a Pulumi-owned record would be pointed back at one node by `up`.

    let vnetLink: privatedns.VirtualNetworkLink | undefined;
    if (d.private) {
      // A created VNet has its id; a given subnet's VNet id is the subnet id's prefix.
      const given = c.network.kind === "existing" ? c.network.subnetId : "";
      const vnetId = net.vnetId ?? pulumi.output(given).apply(vnetIdOfSubnet);
      vnetLink = new privatedns.VirtualNetworkLink(
        childName(name, "zone-link"),
        {
          resourceGroupName: zoneRg,
          privateZoneName: zone ? zone.name : d.zoneName,
          virtualNetworkLinkName: childName(name, "zone-link"),
          location: "global",
          virtualNetwork: { id: vnetId },
          // Resolution only: auto-registration would add every node's own name, not the
          // cluster's, and a VNet takes one registration zone at most.
          registrationEnabled: false,
          tags,
        },
        parent,
      );
    }

    // ---- the updater -----------------------------------------------------------------------
    const sw = c.software.kind;
    const identity =
      sw === "wsfc"
        ? new managedidentity.UserAssignedIdentity(
            childName(name, "dns-identity"),
            {
              resourceGroupName: net.resourceGroupName,
              location: c.location,
              resourceName: childName(name, "dns-identity"),
              tags,
            },
            parent,
          )
        : undefined;
    const principalId: pulumi.Input<string> | undefined = identity
      ? identity.principalId
      : d.updater?.objectId;

    let roleDefinition: authorization.RoleDefinition | undefined;
    let roleAssignment: authorization.RoleAssignment | undefined;
    if (principalId !== undefined) {
      // The updater's role (dns.updaterRole), the same way for WSFC and CLUSTERPRO:
      // - "custom" (default): ONE custom role per resource group of the zone, not per cluster
      //   (a tenant holds at most 5,000 custom roles, and Microsoft calls a resource instance in
      //   AssignableScopes "not recommended": Microsoft Learn, "Azure custom roles" / "Azure role
      //   definitions", AssignableScopes). Name and GUID derive from subscription, group and
      //   action set only, so every cluster of that group computes the same role; a second
      //   cluster there (in this or another stack) passes its id as { roleDefinitionId }.
      // - { roleDefinitionId }: a role defined elsewhere.
      // - "dns-zone-contributor": the built-in DNS Zone Contributor / Private DNS Zone
      //   Contributor (broader: every record set of the zone), an explicit opt-in.
      // The assignment stays at zone scope in every case.
      const zoneRgName = d.existingZone?.resourceGroupName ?? c.resourceGroupName;
      const choice = d.updaterRole ?? "custom";
      const kind = `${d.private ? "private" : "public"}-${sw === "clusterpro" ? "clusterpro" : "wsfc"}`;
      let roleDefinitionFullId: pulumi.Output<string>;
      if (choice === "custom") {
        const rgScope = pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${zoneRgName}`;
        const roleGuid = subscriptionId.apply((s) =>
          deterministicGuid("dns-updater-role", s, zoneRgName, kind),
        );
        roleDefinition = new authorization.RoleDefinition(
          childName(name, "dns-role"),
          {
            scope: rgScope,
            roleDefinitionId: roleGuid,
            roleName: pulumi.interpolate`azure-ha-cluster DNS record updater (${kind}, ${zoneRgName}, ${subscriptionId})`,
            description: `Lets the active node of an azure-ha-cluster cluster write the A records of ${d.private ? "private" : "public"} DNS zones in ${zoneRgName}, assigned per zone; nothing else.`,
            roleType: "CustomRole",
            permissions: [{ actions: dnsRoleActions(d, sw), notActions: [] }],
            assignableScopes: [rgScope],
          },
          parent,
        );
        roleDefinitionFullId = pulumi
          .all([roleDefinition.id, subscriptionId, roleGuid])
          .apply(
            ([, s, g]) =>
              `/subscriptions/${s}/providers/Microsoft.Authorization/roleDefinitions/${g}`,
          );
      } else if (choice === "dns-zone-contributor") {
        const builtin = d.private ? PRIVATE_DNS_ZONE_CONTRIBUTOR : DNS_ZONE_CONTRIBUTOR;
        roleDefinitionFullId = pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${builtin}`;
      } else {
        roleDefinitionFullId = pulumi.output(choice.roleDefinitionId);
      }
      roleAssignment = new authorization.RoleAssignment(
        childName(name, "dns-role-assignment"),
        {
          scope: zoneId,
          roleAssignmentName: subscriptionId.apply((s) =>
            deterministicGuid("dns-role-assignment", s, zoneRgName, d.zoneName, name),
          ),
          roleDefinitionId: roleDefinitionFullId,
          principalId,
          // Set explicitly: a just-created identity may not have replicated yet, and ARM then
          // refuses the assignment (PrincipalNotFound) unless it is told the principal's type.
          principalType: "ServicePrincipal",
          description: `${name}: ${d.fqdn} updater`,
        },
        parent,
      );
    }

    // ---- the nodes ---------------------------------------------------------------------------
    const nodes = buildNodes(
      name,
      c,
      net,
      { identityIds: identity ? [identity.id] : undefined },
      tags,
      this,
    );
    const bootstrap = buildBootstrap({
      name,
      c,
      net,
      nodes,
      tags,
      parent: this,
      dns: {
        zoneResourceGroupName: zoneRg,
        subscriptionId,
        identityClientId: identity?.clientId,
      },
    });

    const nameServers: pulumi.Output<string[]> =
      zone && !d.private ? (zone as dns.Zone).nameServers.apply((n) => n ?? []) : pulumi.output([]);
    this.zone = zone;
    this.zoneId = zoneId;
    this.fqdn = pulumi.output(d.fqdn);
    this.ttlSec = pulumi.output(d.ttlSec);
    this.nameServers = nameServers;
    this.resolution = d.private
      ? pulumi.output(`${d.fqdn} resolves inside the VNet linked to the private zone ${d.zoneName}`)
      : nameServers.apply((ns) =>
          ns.length > 0
            ? `${d.fqdn}: unless ${d.zoneName} is delegated from its parent domain, clients must query its Azure name servers (${ns.join(", ")}), e.g. nslookup ${d.fqdn} ${ns[0]}`
            : `${d.fqdn}: unless ${d.zoneName} is delegated from its parent domain, clients must query the zone's Azure name servers (az network dns zone show -g … -n ${d.zoneName} --query nameServers)`,
        );
    this.vnetLink = vnetLink;
    this.identity = identity;
    this.roleDefinition = roleDefinition;
    this.roleAssignment = roleAssignment;
    this.finish(net, nodes, bootstrap, {
      zone: this.zone,
      zoneId: this.zoneId,
      fqdn: this.fqdn,
      ttlSec: this.ttlSec,
      nameServers: this.nameServers,
      resolution: this.resolution,
      identity: this.identity,
    });
  }
}
