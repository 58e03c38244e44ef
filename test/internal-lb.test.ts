import { record, one, ofType } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { T } from "./support/types";

describe("HaClusterInternalLb with the seed configs", () => {
  it.each([
    ["ilb-linux", false, 80, 8080, 26001, "10.5.0.200"],
    ["ilb-linux-dsr", true, 80, 80, 26001, "10.5.0.200"],
    ["ilb-wsfc", true, 1433, 1433, 59999, "10.4.0.101"],
  ])(
    "%s: Standard LB, static VIP, probe, rule ports, floating IP %s",
    async (stack, floating, fe, be, probePort, vip) => {
      const seed = stackCluster(stack);
      const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
      const lb = one(rs, T.lb).inputs as any;
      expect(lb.sku).toEqual({ name: "Standard", tier: "Regional" });
      expect(lb.frontendIPConfigurations[0]).toMatchObject({
        privateIPAllocationMethod: "Static",
        privateIPAddress: vip,
      });
      expect(lb.probes[0]).toMatchObject({
        protocol: "Tcp",
        port: probePort,
        intervalInSeconds: 5,
        noHealthyBackendsBehavior: "AllProbedDown",
      });
      expect(lb.loadBalancingRules).toHaveLength(1);
      expect(lb.loadBalancingRules[0]).toMatchObject({
        frontendPort: fe,
        backendPort: be,
        enableFloatingIP: floating,
        protocol: "Tcp",
      });
      const nics = ofType(rs, T.nic).map((n) => (n.inputs as any).ipConfigurations[0]);
      expect(nics.map((n) => n.privateIPAllocationMethod)).toEqual(["Static", "Static"]);
      expect(nics.map((n) => n.privateIPAddress)).toEqual(seed.nodes.map((n) => n.privateIp));
      for (const n of nics) expect(n.publicIPAddress).toBeUndefined();
      expect(one(rs, T.avset).inputs).toMatchObject({
        platformFaultDomainCount: 2,
        platformUpdateDomainCount: 5,
        sku: { name: "Aligned" },
      });
      const nsgRules = (one(rs, T.nsg).inputs as any).securityRules;
      expect(nsgRules).toContainEqual(
        expect.objectContaining({
          sourceAddressPrefix: "AzureLoadBalancer",
          destinationPortRange: String(probePort),
          access: "Allow",
          direction: "Inbound",
        }),
      );
      expect(ofType(rs, T.nat)).toHaveLength(1);
      // the only public IP is the NAT gateway's
      expect(ofType(rs, T.pip).map((p) => p.name)).toEqual([`${seed.name}-nat-pip`]);
      expect((one(rs, T.subnet).inputs as any).natGateway).toEqual({ id: `${seed.name}-nat_id` });
    },
  );
});

describe("HaClusterInternalLb behaviour", () => {
  const names = (rs: { type: string; name: string }[]) =>
    new Set(
      rs
        .filter((r) => r.type.startsWith("azure-native:") || r.type.startsWith("random:"))
        .map((r) => `${r.type}::${r.name}`),
    );

  it("adding a third node renames and replaces none of the first two nodes' resources", async () => {
    const seed = stackCluster("ilb-linux");
    // a third node: not with CLUSTERPRO, whose mirror disk takes exactly two (issue 22)
    seed.software = { kind: "none" };
    const two = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const grown = structuredClone(seed);
    grown.nodes.push({ name: "node3", privateIp: "10.5.0.112" });
    const three = await record(() => new HaClusterInternalLb(seed.name, argsOf(grown)));
    const before = names(two);
    const after = names(three);
    for (const n of before) expect(after).toContain(n);
    const added = [...after].filter((n) => !before.has(n));
    expect(added.every((n) => n.includes("node3"))).toBe(true);
    expect(added.length).toBeGreaterThanOrEqual(3); // NIC, VM, data disk
    // the first two nodes keep their inputs (static IPs, VM names)
    const nic = (rs: typeof two, n: string) =>
      (one(rs, T.nic, `${seed.name}-${n}-nic`).inputs as any).ipConfigurations[0].privateIPAddress;
    expect(nic(three, "node1")).toBe("10.5.0.110");
    expect(nic(three, "node2")).toBe("10.5.0.111");
  });

  it("software kind none plans the infrastructure alone: no bootstrap step", async () => {
    const seed = stackCluster("ilb-linux");
    seed.software = { kind: "none" };
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    expect(
      ofType(rs, "azure-native:compute:VirtualMachineRunCommandByVirtualMachine"),
    ).toHaveLength(0);
    expect(ofType(rs, "azure-native:compute:VirtualMachineExtension")).toHaveLength(0);
    expect(ofType(rs, T.vm)).toHaveLength(2);
    expect(ofType(rs, T.lb)).toHaveLength(1);
  });

  it("parents every child to the component and derives names from the component name", async () => {
    const seed = stackCluster("ilb-linux");
    const rs = await record(() => new HaClusterInternalLb("c9", argsOf(seed)));
    const comp = one(rs, "azure-ha-cluster:index:HaClusterInternalLb");
    expect(comp.name).toBe("c9");
    const children = rs.filter((r) => r !== comp);
    expect(
      children.every(
        (r) => r.parent === "c9" && r.parentType === "azure-ha-cluster:index:HaClusterInternalLb",
      ),
    ).toBe(true);
    expect(children.every((r) => r.name.startsWith("c9-"))).toBe(true);
  });

  it("opens the backend port to the configured client sources and tags every resource", async () => {
    const seed = stackCluster("ilb-linux");
    seed.internalLb!.clientSources = ["10.9.0.0/16", "VirtualNetwork"];
    seed.tags = { env: "test" };
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const rules = (one(rs, T.nsg).inputs as any).securityRules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        protocol: "Tcp",
        sourceAddressPrefixes: ["10.9.0.0/16", "VirtualNetwork"],
        destinationPortRange: "8080",
      }),
    );
    expect(rules).toHaveLength(2);
    for (const r of rs.filter((x) => x.custom && "tags" in x.inputs)) {
      expect(r.inputs.tags).toMatchObject({ env: "test", "ha-cluster": seed.name });
    }
  });

  it("generates the admin password as a secret, and never shows it", async () => {
    const seed = stackCluster("ilb-wsfc");
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    expect(ofType(rs, "random:index/randomPassword:RandomPassword")).toHaveLength(1);
    for (const vm of ofType(rs, T.vm))
      expect((vm.inputs as any).osProfile.adminPassword).toBe("[secret]");
    expect(JSON.stringify(rs)).not.toContain("mock-generated-password");
  });

  it("uses SSH keys and no password on Linux when keys are given; zones instead of an availability set", async () => {
    const seed = stackCluster("ilb-linux");
    seed.vm.sshPublicKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests user@host"];
    seed.placement = { zones: ["1", "2"] };
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const vms = ofType(rs, T.vm).map((v) => v.inputs as any);
    expect(vms.map((v) => v.zones)).toEqual([["1"], ["2"]]);
    expect(vms[0].osProfile.linuxConfiguration.disablePasswordAuthentication).toBe(true);
    expect(vms[0].osProfile.adminPassword).toBeUndefined();
    expect(ofType(rs, T.avset)).toHaveLength(0);
    expect((one(rs, T.lb).inputs as any).frontendIPConfigurations[0].zones).toEqual([
      "1",
      "2",
      "3",
    ]);
  });

  it("attaches shared disks to every node with caching None, and makes HA-ports rules", async () => {
    const seed = stackCluster("ilb-wsfc");
    seed.internalLb!.haPorts = true;
    delete seed.internalLb!.rules;
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const shared = one(rs, "azure-native:compute:Disk", `${seed.name}-shared-data`).inputs as any;
    expect(shared).toMatchObject({ maxShares: 2, sku: { name: "Premium_LRS" }, diskSizeGB: 256 });
    for (const vm of ofType(rs, T.vm)) {
      expect((vm.inputs as any).storageProfile.dataDisks).toContainEqual(
        expect.objectContaining({
          lun: 1,
          caching: "None",
          createOption: "Attach",
          managedDisk: { id: `${seed.name}-shared-data_id` },
        }),
      );
    }
    expect((one(rs, T.lb).inputs as any).loadBalancingRules).toEqual([
      expect.objectContaining({
        protocol: "All",
        frontendPort: 0,
        backendPort: 0,
        enableFloatingIP: true,
      }),
    ]);
  });

  it("refuses a bad config before registering anything", async () => {
    const seed = stackCluster("ilb-linux");
    seed.internalLb!.frontendIp = "10.5.0.110";
    const rs = await record(() => {
      expect(() => new HaClusterInternalLb(seed.name, argsOf(seed))).toThrow(
        /internalLb\.frontendIp: "10\.5\.0\.110" — is node1's address; the VIP must be a free address in 10\.5\.0\.0\/24/,
      );
    });
    expect(rs).toHaveLength(0);
  });
});
