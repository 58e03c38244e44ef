import { record, one, ofType } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { argsOf, stackCluster } from "./fixtures/clusters";

const T = {
  lb: "azure-native:network:LoadBalancer",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  nsg: "azure-native:network:NetworkSecurityGroup",
  avset: "azure-native:compute:AvailabilitySet",
  nat: "azure-native:network:NatGateway",
  pip: "azure-native:network:PublicIPAddress",
  subnet: "azure-native:network:Subnet",
};

describe("HaClusterInternalLb with the seed configs", () => {
  it.each([
    ["ilb-linux", false, 80, 8080, 26001, "10.5.0.200"],
    ["ilb-linux-dsr", true, 80, 80, 26001, "10.5.0.200"],
    ["ilb-wsfc", true, 1433, 1433, 59999, "10.4.0.101"],
  ])("%s: Standard LB, static VIP, probe, rule ports, floating IP %s", async (stack, floating, fe, be, probePort, vip) => {
    const seed = stackCluster(stack);
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const lb = one(rs, T.lb).inputs as any;
    expect(lb.sku).toEqual({ name: "Standard", tier: "Regional" });
    expect(lb.frontendIPConfigurations[0]).toMatchObject({ privateIPAllocationMethod: "Static", privateIPAddress: vip });
    expect(lb.probes[0]).toMatchObject({ protocol: "Tcp", port: probePort, intervalInSeconds: 5, noHealthyBackendsBehavior: "AllProbedDown" });
    expect(lb.loadBalancingRules).toHaveLength(1);
    expect(lb.loadBalancingRules[0]).toMatchObject({ frontendPort: fe, backendPort: be, enableFloatingIP: floating, protocol: "Tcp" });
    const nics = ofType(rs, T.nic).map((n) => (n.inputs as any).ipConfigurations[0]);
    expect(nics.map((n) => n.privateIPAllocationMethod)).toEqual(["Static", "Static"]);
    expect(nics.map((n) => n.privateIPAddress)).toEqual(seed.nodes.map((n) => n.privateIp));
    for (const n of nics) expect(n.publicIPAddress).toBeUndefined();
    expect(one(rs, T.avset).inputs).toMatchObject({ platformFaultDomainCount: 2, platformUpdateDomainCount: 5, sku: { name: "Aligned" } });
    const nsgRules = (one(rs, T.nsg).inputs as any).securityRules;
    expect(nsgRules).toContainEqual(expect.objectContaining({ sourceAddressPrefix: "AzureLoadBalancer", destinationPortRange: String(probePort), access: "Allow", direction: "Inbound" }));
    expect(ofType(rs, T.nat)).toHaveLength(1);
    // the only public IP is the NAT gateway's
    expect(ofType(rs, T.pip).map((p) => p.name)).toEqual([`${seed.name}-nat-pip`]);
    expect((one(rs, T.subnet).inputs as any).natGateway).toEqual({ id: `${seed.name}-nat_id` });
  });
});
