/**
 * HaClusterDns under mocks: the zone (public / private + VNet link, created / existing), the
 * updater's least-privilege role at zone scope and its assignment, the WSFC identity on every
 * node, and never an A record resource. Then the DNS validation rules.
 */
import { record, one, ofType, value } from "./helpers";
import { HaClusterDns, dnsRoleActions, vnetIdOfSubnet } from "../components/dns";
import { deterministicGuid } from "../components/core/guid";
import { MOCK_SUBSCRIPTION_ID } from "../cli/mocks";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";
import { T } from "./support/types";

const PUBLIC_CLUSTERPRO = [
  "Microsoft.Network/dnsZones/A/read",
  "Microsoft.Network/dnsZones/A/write",
  "Microsoft.Network/dnsZones/A/delete",
  "Microsoft.Network/dnsZones/NS/read",
];
const PRIVATE = [
  "Microsoft.Network/privateDnsZones/A/write",
  "Microsoft.Network/privateDnsZones/A/delete",
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const sorted = (xs: string[]) => [...xs].sort();

function noRecordResource(rs: { type: string }[]) {
  // the cluster owns the A record: Pulumi must never create one
  expect(ofType(rs as any, T.recordSet)).toHaveLength(0);
  expect(ofType(rs as any, T.privateRecordSet)).toHaveLength(0);
  expect(rs.filter((r) => /RecordSet/i.test(r.type))).toHaveLength(0);
}

describe("HaClusterDns, seed 001 (CLUSTERPRO Linux, public zone)", () => {
  const seed = stackCluster("dns-linux");
  let cluster: HaClusterDns;
  let rs: Awaited<ReturnType<typeof record>>;
  beforeAll(async () => {
    rs = await record(() => (cluster = new HaClusterDns(seed.name, argsOf(seed))));
  });

  it("creates the public zone cluster1.zone and no A record", () => {
    expect(one(rs, T.zone).inputs).toMatchObject({
      zoneName: "cluster1.zone",
      zoneType: "Public",
      location: "global",
      resourceGroupName: "TestGroup1",
    });
    expect(ofType(rs, T.pzone)).toHaveLength(0);
    noRecordResource(rs);
  });

  it("grants one custom role per resource group (record actions only), assignable at the group, not the zone", () => {
    const role = one(rs, T.roleDef).inputs as any;
    const zoneId = `${seed.name}-zone_id`;
    const rgId = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/TestGroup1`;
    expect(role.permissions).toHaveLength(1);
    expect(sorted(role.permissions[0].actions)).toEqual(sorted(PUBLIC_CLUSTERPRO));
    expect(role.permissions[0].notActions).toEqual([]);
    expect(role.assignableScopes).toEqual([rgId]);
    expect(role.assignableScopes).not.toContain(zoneId);
    expect(role.scope).toBe(rgId);
    expect(role.roleType).toBe("CustomRole");
    // shared by every cluster of the group: the name and GUID do not carry the cluster's name
    expect(role.roleName).not.toContain(seed.name);
    expect(role.roleName).toContain("TestGroup1");
    expect(role.roleDefinitionId).toBe(
      deterministicGuid(
        "dns-updater-role",
        MOCK_SUBSCRIPTION_ID,
        "TestGroup1",
        "public-clusterpro",
      ),
    );
  });

  it("assigns the role at zone scope to the configured service principal", () => {
    const role = one(rs, T.roleDef).inputs as any;
    const asg = one(rs, T.roleAsg).inputs as any;
    expect(asg.scope).toBe(`${seed.name}-zone_id`);
    expect(asg.principalId).toBe(seed.dns!.updater!.objectId);
    expect(asg.principalType).toBe("ServicePrincipal");
    expect(asg.roleDefinitionId).toBe(
      `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${role.roleDefinitionId}`,
    );
    expect(asg.roleAssignmentName).toMatch(GUID);
    expect(asg.roleAssignmentName).toBe(
      deterministicGuid(
        "dns-role-assignment",
        MOCK_SUBSCRIPTION_ID,
        "TestGroup1",
        "cluster1.zone",
        seed.name,
      ),
    );
    // a service principal needs no identity on the VMs
    expect(ofType(rs, T.identity)).toHaveLength(0);
    for (const vm of ofType(rs, T.vm)) expect((vm.inputs as any).identity).toBeUndefined();
  });

  it("opens the business port on the nodes from the VNet, and gives nodes no public IP", () => {
    const rules = (one(rs, T.nsg).inputs as any).securityRules;
    expect(rules).toEqual([
      expect.objectContaining({
        name: "allow-clients-tcp",
        protocol: "Tcp",
        destinationPortRange: "8080",
        sourceAddressPrefix: "VirtualNetwork",
        access: "Allow",
        direction: "Inbound",
      }),
    ]);
    for (const nic of ofType(rs, T.nic)) {
      expect((nic.inputs as any).ipConfigurations[0].publicIPAddress).toBeUndefined();
    }
    expect(ofType(rs, T.pip).map((p) => p.name)).toEqual([`${seed.name}-nat-pip`]);
  });

  it("outputs the fqdn, the TTL, the zone's name servers and how to resolve it", async () => {
    expect(await value(cluster.fqdn)).toBe("test-record1.cluster1.zone");
    expect(await value(cluster.ttlSec)).toBe(30);
    expect(await value(cluster.nameServers)).toEqual([
      "ns1-01.azure-dns.com.",
      "ns2-01.azure-dns.net.",
    ]);
    expect(await value(cluster.resolution)).toMatch(/delegated.*ns1-01\.azure-dns\.com\./);
    expect(await value(cluster.zoneId)).toBe(`${seed.name}-zone_id`);
    expect(cluster.zone).toBeDefined();
    expect(cluster.identity).toBeUndefined();
    expect(cluster.vms).toHaveLength(2);
  });

  it("names the role and the assignment the same on every run", async () => {
    const again = await record(() => new HaClusterDns(seed.name, argsOf(seed)));
    expect((one(again, T.roleDef).inputs as any).roleDefinitionId).toBe(
      (one(rs, T.roleDef).inputs as any).roleDefinitionId,
    );
    expect((one(again, T.roleAsg).inputs as any).roleAssignmentName).toBe(
      (one(rs, T.roleAsg).inputs as any).roleAssignmentName,
    );
  });
});

describe("HaClusterDns, WSFC with a private zone", () => {
  const seed = stackCluster("dns-wsfc");
  let cluster: HaClusterDns;
  let rs: Awaited<ReturnType<typeof record>>;
  beforeAll(async () => {
    rs = await record(() => (cluster = new HaClusterDns(seed.name, argsOf(seed))));
  });

  it("creates the private zone linked to the cluster VNet, resolution only", () => {
    expect(one(rs, T.pzone).inputs).toMatchObject({
      privateZoneName: "cluster1.internal",
      location: "global",
    });
    expect(ofType(rs, T.zone)).toHaveLength(0);
    expect(one(rs, T.link).inputs).toMatchObject({
      privateZoneName: "cluster1.internal",
      location: "global",
      registrationEnabled: false,
      virtualNetwork: { id: `${seed.name}-vnet_id` },
    });
    noRecordResource(rs);
  });

  it("creates one identity, attaches it to both VMs and assigns it the private-zone role", () => {
    const identity = one(rs, T.identity);
    const vms = ofType(rs, T.vm);
    expect(vms).toHaveLength(2);
    for (const vm of vms) {
      expect((vm.inputs as any).identity).toEqual({
        type: "UserAssigned",
        userAssignedIdentities: [`${identity.name}_id`],
      });
    }
    const role = one(rs, T.roleDef).inputs as any;
    expect(sorted(role.permissions[0].actions)).toEqual(sorted(PRIVATE));
    expect(role.assignableScopes).toEqual([
      `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${seed.resourceGroupName}`,
    ]);
    const asg = one(rs, T.roleAsg).inputs as any;
    expect(asg.scope).toBe(`${seed.name}-zone_id`);
    expect(asg.principalId).toBe(`${identity.name}-principal-id`);
    expect(asg.principalType).toBe("ServicePrincipal");
  });

  it("outputs the identity and no name servers", async () => {
    expect(cluster.identity).toBeDefined();
    expect(await value(cluster.nameServers)).toEqual([]);
    expect(await value(cluster.resolution)).toMatch(/inside the VNet/);
    expect(await value(cluster.fqdn)).toBe("app.cluster1.internal");
  });
});

describe("HaClusterDns with an existing zone or an existing subnet", () => {
  it("existing public zone: no zone resource; role and assignment scoped to its id", async () => {
    const seed = stackCluster("dns-linux");
    seed.dns!.existingZone = { resourceGroupName: "dns-rg" };
    let cluster!: HaClusterDns;
    const rs = await record(() => (cluster = new HaClusterDns(seed.name, argsOf(seed))));
    const zoneId = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones/cluster1.zone`;
    expect(ofType(rs, T.zone)).toHaveLength(0);
    expect(ofType(rs, T.pzone)).toHaveLength(0);
    noRecordResource(rs);
    const role = one(rs, T.roleDef).inputs as any;
    // the role lives at the zone's resource group; the assignment stays at the zone
    expect(role.assignableScopes).toEqual([
      `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/dns-rg`,
    ]);
    expect((one(rs, T.roleAsg).inputs as any).scope).toBe(zoneId);
    expect(cluster.zone).toBeUndefined();
    expect(await value(cluster.zoneId)).toBe(zoneId);
  });

  it("existing private zone in a given subnet: links the subnet's VNet", async () => {
    const seed = stackCluster("dns-wsfc");
    const vnet =
      "/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub";
    seed.network = { subnetId: `${vnet}/subnets/cluster`, subnetPrefix: "10.7.0.0/24" };
    seed.dns!.existingZone = { resourceGroupName: "dns-rg" };
    const rs = await record(() => new HaClusterDns(seed.name, argsOf(seed)));
    expect(ofType(rs, T.pzone)).toHaveLength(0);
    expect(one(rs, T.link).inputs).toMatchObject({
      resourceGroupName: "dns-rg",
      privateZoneName: "cluster1.internal",
      virtualNetwork: { id: vnet },
    });
    expect((one(rs, T.roleAsg).inputs as any).scope).toBe(
      `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/dns-rg/providers/Microsoft.Network/privateDnsZones/cluster1.internal`,
    );
  });

  it("no client ports: no NSG rule at all (the DNS topology has no LB probe)", async () => {
    const seed = stackCluster("dns-linux");
    delete seed.dns!.clientPorts;
    const rs = await record(() => new HaClusterDns(seed.name, argsOf(seed)));
    expect((one(rs, T.nsg).inputs as any).securityRules).toEqual([]);
  });

  it("refuses a bad config before registering anything", async () => {
    const seed = stackCluster("dns-linux");
    seed.dns!.ttlSec = 0;
    const rs = await record(() => {
      expect(() => new HaClusterDns(seed.name, argsOf(seed))).toThrow(/dns\.ttlSec/);
    });
    expect(rs).toHaveLength(0);
  });
});

describe("dnsRoleActions / vnetIdOfSubnet", () => {
  it.each([
    [false, "clusterpro", PUBLIC_CLUSTERPRO],
    [false, "wsfc", PUBLIC_CLUSTERPRO.filter((a) => !a.endsWith("/A/read"))],
    [false, "none", PUBLIC_CLUSTERPRO.filter((a) => !a.endsWith("/A/read"))],
    [true, "wsfc", PRIVATE],
  ])("private %s, %s", (priv, sw, expected) => {
    expect(sorted(dnsRoleActions({ private: priv }, sw))).toEqual(sorted(expected));
    // record actions only: nothing on the zone itself, no wildcards
    for (const a of dnsRoleActions({ private: priv }, sw))
      expect(a).toMatch(/Zones\/(A|NS)\/(read|write|delete)$/);
  });

  it("derives the VNet id from a subnet id, and refuses anything else", () => {
    expect(
      vnetIdOfSubnet(
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/x",
      ),
    ).toBe("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v");
    expect(() => vnetIdOfSubnet("/subscriptions/s/whatever")).toThrow(/VNet id/);
  });
});

// ---- validation --------------------------------------------------------------------------------

const linux = () => stackCluster("dns-linux");
const wsfc = () => stackCluster("dns-wsfc");
type Mutator = (c: any) => void;

describe("DNS validation", () => {
  it.each([
    ["the dns-linux seed is valid", linux],
    ["the dns-wsfc seed is valid", wsfc],
  ])("%s", (_d, base) => {
    expect(problemsOf([base()])).toEqual([]);
  });

  const cases: [string, () => any, Mutator, string, RegExp][] = [
    [
      "TTL 0",
      linux,
      (c) => (c.dns.ttlSec = 0),
      "clusters[0].dns.ttlSec",
      /1 to 2147483647 seconds; keep it short/,
    ],
    [
      "TTL beyond 2^31-1",
      linux,
      (c) => (c.dns.ttlSec = 2147483648),
      "clusters[0].dns.ttlSec",
      /1 to 2147483647/,
    ],
    [
      "fractional TTL",
      linux,
      (c) => (c.dns.ttlSec = 1.5),
      "clusters[0].dns.ttlSec",
      /whole number/,
    ],
    [
      "zone with one label",
      linux,
      (c) => (c.dns.zoneName = "zone"),
      "clusters[0].dns.zoneName",
      /two or more labels/,
    ],
    [
      "record with a space",
      linux,
      (c) => (c.dns.recordName = "test record"),
      "clusters[0].dns.recordName",
      /one DNS label/,
    ],
    [
      "updater objectId not a GUID",
      linux,
      (c) => (c.dns.updater.objectId = "sp-1"),
      "clusters[0].dns.updater.objectId",
      /GUID/,
    ],
    [
      "updater missing for CLUSTERPRO",
      linux,
      (c) => delete c.dns.updater,
      "clusters[0].dns.updater",
      /service principal/,
    ],
    [
      "updater certificate missing",
      linux,
      (c) => delete c.dns.updater.certificatePem,
      "clusters[0].dns.updater.certificatePem",
      /expected a secret: \{ secure: … \}/,
    ],
    [
      "private zone with CLUSTERPRO",
      linux,
      (c) => (c.dns.private = true),
      "clusters[0].dns.private",
      /public zones only/,
    ],
    [
      "updater given to WSFC",
      wsfc,
      (c) => (c.dns.updater = linux().dns!.updater),
      "clusters[0].dns.updater",
      /managed identity/,
    ],
    [
      "client port 0",
      linux,
      (c) => (c.dns.clientPorts = [0]),
      "clusters[0].dns.clientPorts[0]",
      /1 to 65535/,
    ],
    [
      "client port twice",
      linux,
      (c) => (c.dns.clientPorts = [8080, 8080]),
      "clusters[0].dns.clientPorts[1]",
      /duplicates clientPorts\[0\]/,
    ],
    [
      "empty client ports",
      linux,
      (c) => (c.dns.clientPorts = []),
      "clusters[0].dns.clientPorts",
      /at least one port/,
    ],
    [
      "bad client source",
      linux,
      (c) => (c.dns.clientSources = ["my office"]),
      "clusters[0].dns.clientSources[0]",
      /CIDR, an IPv4 address, \* or a service tag/,
    ],
    [
      "client source with host bits",
      linux,
      (c) => (c.dns.clientSources = ["10.1.2.3/16"]),
      "clusters[0].dns.clientSources[0]",
      /did you mean 10\.1\.0\.0\/16/,
    ],
    [
      "client sources without ports",
      linux,
      (c) => {
        delete c.dns.clientPorts;
        c.dns.clientSources = ["10.0.0.0/8"];
      },
      "clusters[0].dns.clientSources",
      /dns\.clientPorts/,
    ],
    [
      "private zone, subnet id without a VNet",
      wsfc,
      (c) => (c.network = { subnetId: "/subscriptions/s/subnets", subnetPrefix: "10.7.0.0/24" }),
      "clusters[0].network.subnetId",
      /linked to the subnet's VNet/,
    ],
    [
      "existing zone group name",
      linux,
      (c) => (c.dns.existingZone = { resourceGroupName: "bad/rg" }),
      "clusters[0].dns.existingZone.resourceGroupName",
      /resource group name/,
    ],
    [
      "unknown dns field",
      linux,
      (c) => (c.dns.ttl = 30),
      "clusters[0].dns.ttl",
      /not a known field/,
    ],
  ];
  it.each(cases)("%s", (_d, base, mutate, path, message) => {
    const c = base();
    mutate(c);
    const problems = problemsOf([c]);
    const hit = problems.find((p) => p.path === path);
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("never prints the updater's certificate", () => {
    const c = linux();
    c.dns!.updater!.certificatePem = "-----BEGIN CERTIFICATE----- plaintext";
    const problems = problemsOf([c]);
    const hit = problems.find((p) => p.path === "clusters[0].dns.updater.certificatePem");
    expect(hit?.value).toBe("[secret]");
    expect(JSON.stringify(problems)).not.toContain("BEGIN CERTIFICATE");
  });
});

describe("HaClusterDns: the updater's role is a choice (dns.updaterRole)", () => {
  it("a given role definition id: no custom role, the assignment uses it at zone scope", async () => {
    const seed = stackCluster("dns-wsfc");
    const given =
      "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555";
    (seed.dns as any).updaterRole = { roleDefinitionId: given };
    const rs = await record(() => new HaClusterDns(seed.name, argsOf(seed)));
    expect(ofType(rs, T.roleDef)).toHaveLength(0);
    const asg = one(rs, T.roleAsg).inputs as any;
    expect(asg.roleDefinitionId).toBe(given);
    expect(asg.scope).toBe(`${seed.name}-zone_id`);
  });

  it.each([
    ["dns-wsfc", "b12aa53e-6015-4669-85d0-8515ebb3ae7f"],
    ["dns-linux", "befefa01-2a29-4197-83a8-272ff33ce314"],
  ])("%s: the built-in DNS zone contributor role is an explicit opt-in", async (stack, guid) => {
    const seed = stackCluster(stack);
    (seed.dns as any).updaterRole = "dns-zone-contributor";
    const rs = await record(() => new HaClusterDns(seed.name, argsOf(seed)));
    expect(ofType(rs, T.roleDef)).toHaveLength(0);
    const asg = one(rs, T.roleAsg).inputs as any;
    expect(asg.roleDefinitionId).toBe(
      `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    );
    expect(asg.scope).toBe(`${seed.name}-zone_id`);
  });
});
