/**
 * HaClusterPublicLb under mocks: Standard static public IP, Standard public LB (probe, rules,
 * floating IP per software), NSG (clients to the backend port, AzureLoadBalancer to the probe),
 * NAT gateway egress and no public IP on any node. Then the public-LB validation rules.
 */
import { record, one, ofType, value } from "./helpers";
import { HaClusterPublicLb } from "../components/public-lb";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";
import { T } from "./support/types";

describe.each([
  // stack, floating IP, frontend port, backend port, probe port
  ["plb-windows", false, 80, 8080, 26001],
  ["plb-wsfc", true, 80, 80, 59999],
])("HaClusterPublicLb %s", (stack, floating, fe, be, probePort) => {
  const seed = stackCluster(stack);
  let cluster: HaClusterPublicLb;
  let rs: Awaited<ReturnType<typeof record>>;
  beforeAll(async () => {
    rs = await record(() => (cluster = new HaClusterPublicLb(seed.name, argsOf(seed))));
  });

  it("creates a Standard, static, zone-redundant public IP as the LB frontend", () => {
    const pip = one(rs, T.pip, `${seed.name}-pip`).inputs as any;
    expect(pip).toMatchObject({
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      publicIPAddressVersion: "IPv4",
      zones: ["1", "2", "3"],
    });
    const lb = one(rs, T.lb).inputs as any;
    expect(lb.sku).toEqual({ name: "Standard", tier: "Regional" });
    expect(lb.frontendIPConfigurations).toHaveLength(1);
    expect(lb.frontendIPConfigurations[0].publicIPAddress).toEqual({ id: `${seed.name}-pip_id` });
    expect(lb.frontendIPConfigurations[0].privateIPAddress).toBeUndefined();
  });

  it(`probes TCP ${probePort} and forwards ${fe} -> ${be} (floating IP ${floating})`, () => {
    const lb = one(rs, T.lb).inputs as any;
    expect(lb.probes).toHaveLength(1);
    expect(lb.probes[0]).toMatchObject({ protocol: "Tcp", port: probePort, intervalInSeconds: 5 });
    expect(lb.loadBalancingRules).toHaveLength(1);
    expect(lb.loadBalancingRules[0]).toMatchObject({
      protocol: "Tcp",
      frontendPort: fe,
      backendPort: be,
      enableFloatingIP: floating,
      // egress is the NAT gateway, not SNAT through the frontend
      disableOutboundSnat: true,
    });
    expect(lb.outboundRules).toBeUndefined();
    expect(lb.backendAddressPools).toEqual([{ name: "backend" }]);
  });

  it("puts both node NICs in the backend pool, without public IPs", () => {
    const nics = ofType(rs, T.nic).map((n) => (n.inputs as any).ipConfigurations[0]);
    expect(nics).toHaveLength(2);
    expect(nics.map((n) => n.privateIPAddress)).toEqual(seed.nodes.map((n) => n.privateIp));
    for (const n of nics) {
      expect(n.publicIPAddress).toBeUndefined();
      expect(n.loadBalancerBackendAddressPools).toHaveLength(1);
      expect(n.loadBalancerBackendAddressPools[0].id).toMatch(/\/backendAddressPools\/backend$/);
    }
  });

  it(`allows TCP ${be} from the Internet and the probe from AzureLoadBalancer`, () => {
    const rules = (one(rs, T.nsg).inputs as any).securityRules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        sourceAddressPrefix: "Internet",
        destinationPortRange: String(be),
        protocol: "Tcp",
        access: "Allow",
        direction: "Inbound",
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        sourceAddressPrefix: "AzureLoadBalancer",
        destinationPortRange: String(probePort),
        protocol: "Tcp",
        access: "Allow",
        direction: "Inbound",
      }),
    );
    expect(rules).toHaveLength(2);
  });

  it("gives the subnet a NAT gateway for egress that does not depend on the active node", () => {
    expect(ofType(rs, T.nat)).toHaveLength(1);
    expect((one(rs, T.subnet).inputs as any).natGateway).toEqual({ id: `${seed.name}-nat_id` });
    expect(
      ofType(rs, T.pip)
        .map((p) => p.name)
        .sort(),
    ).toEqual([`${seed.name}-nat-pip`, `${seed.name}-pip`].sort());
  });

  it("outputs the public IP address, the LB and the common outputs", async () => {
    expect(await value(cluster.publicIpAddress)).toBe("203.0.113.10");
    expect(cluster.loadBalancer).toBeDefined();
    expect(cluster.vms).toHaveLength(2);
    expect(cluster.nics).toHaveLength(2);
    expect(await value(cluster.probePort)).toBe(probePort);
    const budget = await value(cluster.failoverBudget);
    expect(budget.toleratedPauseSec).toBeGreaterThanOrEqual(30);
  });
});

describe("HaClusterPublicLb options", () => {
  it("a DNS label reaches the public IP and the frontendFqdn output", async () => {
    const seed = stackCluster("plb-wsfc");
    let cluster!: HaClusterPublicLb;
    const rs = await record(() => (cluster = new HaClusterPublicLb(seed.name, argsOf(seed))));
    expect((one(rs, T.pip, `${seed.name}-pip`).inputs as any).dnsSettings).toEqual({
      domainNameLabel: "plb-wsfc-demo",
    });
    expect(await value(cluster.frontendFqdn!)).toBe("plb-wsfc-demo.japaneast.cloudapp.azure.com");
  });

  it("without a label: no dnsSettings and no frontendFqdn", async () => {
    const seed = stackCluster("plb-wsfc");
    delete seed.publicLb!.dnsLabel;
    let cluster!: HaClusterPublicLb;
    const rs = await record(() => (cluster = new HaClusterPublicLb(seed.name, argsOf(seed))));
    expect((one(rs, T.pip, `${seed.name}-pip`).inputs as any).dnsSettings).toBeUndefined();
    expect(cluster.frontendFqdn).toBeUndefined();
  });

  it.each([
    ["zoneRedundant false", (c: any) => (c.publicLb.zoneRedundant = false)],
    ["a region without zones", (c: any) => (c.location = "westcentralus")],
  ])("%s: a regional (non-zonal) public IP", async (_d, mutate) => {
    const seed = stackCluster("plb-wsfc");
    mutate(seed);
    const rs = await record(() => new HaClusterPublicLb(seed.name, argsOf(seed)));
    expect((one(rs, T.pip, `${seed.name}-pip`).inputs as any).zones).toBeUndefined();
  });

  it("narrowed client sources replace Internet in the NSG", async () => {
    const seed = stackCluster("plb-wsfc");
    seed.publicLb!.clientSources = ["198.51.100.0/24", "203.0.113.0/24"];
    const rs = await record(() => new HaClusterPublicLb(seed.name, argsOf(seed)));
    const rules = (one(rs, T.nsg).inputs as any).securityRules;
    const clients = rules.find((r: any) => r.name === "allow-clients-tcp");
    expect(clients.sourceAddressPrefixes).toEqual(["198.51.100.0/24", "203.0.113.0/24"]);
    expect(clients.sourceAddressPrefix).toBeUndefined();
    expect(clients.destinationPortRange).toBe("80");
  });
});

// ---- validation --------------------------------------------------------------------------------

const windows = () => stackCluster("plb-windows");
const wsfc = () => stackCluster("plb-wsfc");
type Mutator = (c: any) => void;

describe("public-LB validation", () => {
  it.each([
    ["the plb-windows seed is valid", windows],
    ["the plb-wsfc seed is valid", wsfc],
  ])("%s", (_d, base) => {
    expect(problemsOf([base()])).toEqual([]);
  });

  const cases: [string, () => any, Mutator, string, RegExp][] = [
    [
      "no publicLb block",
      windows,
      (c) => delete c.publicLb,
      "clusters[0].publicLb",
      /needs an? publicLb block/,
    ],
    [
      "no rules",
      windows,
      (c) => (c.publicLb.rules = []),
      "clusters[0].publicLb.rules",
      /at least one rule/,
    ],
    [
      "probe port 0",
      windows,
      (c) => (c.publicLb.probePort = 0),
      "clusters[0].publicLb.probePort",
      /1 to 65535/,
    ],
    [
      "probe port = backend port",
      windows,
      (c) => (c.publicLb.probePort = 8080),
      "clusters[0].publicLb.probePort",
      /probe port must be a port only/,
    ],
    [
      "HA ports on a public LB",
      windows,
      (c) => (c.publicLb.rules = [{ frontendPort: 0, backendPort: 0, protocol: "All" }]),
      "clusters[0].publicLb.rules[0]",
      /internal Standard LBs only/,
    ],
    [
      "CLUSTERPRO with floating IP",
      windows,
      (c) => (c.publicLb.floatingIp = true),
      "clusters[0].publicLb.floatingIp",
      /node address/,
    ],
    [
      "WSFC without floating IP",
      wsfc,
      (c) => (c.publicLb.floatingIp = false),
      "clusters[0].publicLb.floatingIp",
      /WSFC needs floating IP/,
    ],
    [
      "bad client source",
      windows,
      (c) => (c.publicLb.clientSources = ["my office"]),
      "clusters[0].publicLb.clientSources[0]",
      /CIDR, an IPv4 address/,
    ],
    [
      "client source with host bits",
      windows,
      (c) => (c.publicLb.clientSources = ["198.51.100.7/24"]),
      "clusters[0].publicLb.clientSources[0]",
      /did you mean 198\.51\.100\.0\/24/,
    ],
    [
      "bad DNS label",
      windows,
      (c) => (c.publicLb.dnsLabel = "Bad_Label"),
      "clusters[0].publicLb.dnsLabel",
      /lowercase letters, digits and hyphens/,
    ],
    [
      "same backend port twice",
      windows,
      (c) => c.publicLb.rules.push({ frontendPort: 81, backendPort: 8080 }),
      "clusters[0].publicLb.rules[1].backendPort",
      /RulesUseSameBackendPortProtocolAndPool/,
    ],
    [
      "internalLb on a public-lb cluster",
      windows,
      (c) => (c.internalLb = { frontendIp: "10.5.0.200", probePort: 26001 }),
      "clusters[0].internalLb",
      /belongs to topology internal-lb/,
    ],
  ];
  it.each(cases)("%s", (_d, base, mutate, path, message) => {
    const c = base();
    mutate(c);
    const hit = problemsOf([c]).find((p) => p.path === path);
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});
