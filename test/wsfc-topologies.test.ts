/**
 * Issue 20: WSFC comes online on every topology and reproduces seed 000 (public-LB role IP,
 * domain clusters, client ports in the guest firewall, disks in the role, management point,
 * patching, the interconnect and the quorum disk, the witness key).
 */
import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { record, ofType, one } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { parseComponentArgs } from "../components/core/config";
import { OS_NAMES, imageFor } from "../components/core/os";
import {
  AUTOMATIC_BY_PLATFORM_IMAGES,
  patchModeFor,
  supportsAutomaticByPlatform,
} from "../components/core/patching";
import { interconnectNsgRulesFor } from "../components/core/nsg";
import { evaluateCluster, nodesPatchApart } from "../components/core/rules";
import { domainUser, renderWsfcScripts } from "../components/bootstrap/wsfc";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";
import { parsePowerShell } from "./support/powershell";
import { ensureBuilt, runPlan, writeStackFile } from "./support/cli";
import { T } from "./support/types";

const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};
const WSFC_STACKS = ["ilb-wsfc", "ilb-wsfc-domain", "plb-wsfc", "dns-wsfc"];

function argsFor(seed: ReturnType<typeof stackCluster>) {
  const args = argsOf(seed);
  if (args.software.domain) args.software.domain.joinPassword = "Join-Pa55word";
  return args;
}

async function build(seed: ReturnType<typeof stackCluster>) {
  const Component = COMPONENTS[seed.topology];
  const rs = await record(() => new Component(seed.name, argsFor(seed)));
  const runs = ofType(rs, T.run);
  const script = (step: string, node?: string) => {
    const r = runs.find(
      (x) =>
        (x.inputs as any).tags["ha-cluster-step"] === step &&
        (node === undefined || (x.inputs as any).tags["ha-cluster-node"] === node),
    );
    if (!r) throw new Error(`no ${step} step`);
    return String((r.inputs as any).source.script);
  };
  return { rs, runs, script };
}

/** The form script of a config, rendered directly (pure, no mocks). */
function formOf(seed: ReturnType<typeof stackCluster>): string {
  const c = parseComponentArgs(seed.name, seed.topology as any, argsFor(seed));
  const s = renderWsfcScripts(c, {
    publicIpAddress: seed.topology === "public-lb" ? "20.1.2.3" : undefined,
    dns:
      seed.topology === "dns"
        ? { subscriptionId: "s", zoneResourceGroupName: "rg", identityClientId: "id" }
        : undefined,
  });
  return s[`form/${seed.nodes[0].name}`];
}

const paths = (seed: unknown) => problemsOf([seed]).map((p) => p.path);

describe("1. public LB: the role's IP resource gets OverrideAddressMatch; ILB forms do not", () => {
  it("plb-wsfc sets OverrideAddressMatch = 1 with Address, ProbePort, /32, Network, EnableDhcp 0", () => {
    const s = formOf(stackCluster("plb-wsfc"));
    expect(s).toContain("$OverrideAddressMatch = 1");
    expect(s).toContain("$RoleIpAddress = '20.1.2.3'");
    expect(s).toContain("$RoleIpSubnetMask = '255.255.255.255'");
    expect(s).toMatch(
      /if \(\$OverrideAddressMatch -eq 1\) \{[\s\S]*?\$want\.OverrideAddressMatch = \[uint32\]1/,
    );
    for (const k of ["Address", "ProbePort", "SubnetMask", "Network", "EnableDhcp"])
      expect(s).toMatch(new RegExp(`^\\s+${k}\\s+= `, "m"));
  });
  it.each(["ilb-wsfc", "ilb-wsfc-domain"])("%s leaves it out", (stack) => {
    expect(formOf(stackCluster(stack))).toContain("$OverrideAddressMatch = 0");
  });
});

describe("2. domain clusters can join and form", () => {
  it("prepare adds the join account to the local Administrators group (by SID), guarded", async () => {
    const { script } = await build(stackCluster("ilb-wsfc-domain"));
    const s = script("prepare", "wsfc-node1");
    expect(s).toContain("$ClusterAdminAccount = 'corp.example.com\\clusterjoin'");
    expect(s).toContain("$adminsSid = 'S-1-5-32-544'");
    expect(s).toMatch(
      /if \(\$members -contains \$accountSid\) \{[\s\S]*?\} else \{\s*Add-LocalGroupMember -SID \$adminsSid -Member \$accountSid/,
    );
    expect(script("prepare", "wsfc-node2")).toContain(
      "$ClusterAdminAccount = 'corp.example.com\\clusterjoin'",
    );
  });

  it("a workgroup prepare adds nobody", () => {
    const c = stackCluster("ilb-wsfc");
    const s = renderWsfcScripts(parseComponentArgs(c.name, "internal-lb", argsFor(c)), {})[
      "prepare/wsfc-node1"
    ];
    expect(s).toContain("$ClusterAdminAccount = ''");
    expect(s).toMatch(/if \(-not \$Workgroup\) \{\s*\$adminsSid/);
  });

  it("the extension user and runAsUser: <DNS domain>\\user, or the UPN / DOMAIN\\user as given", async () => {
    expect(domainUser({ name: "corp.example.com", joinUser: "clusterjoin" })).toBe(
      "corp.example.com\\clusterjoin",
    );
    expect(domainUser({ name: "corp.example.com", joinUser: "joiner@corp.example.net" })).toBe(
      "joiner@corp.example.net",
    );
    expect(domainUser({ name: "corp.example.com", joinUser: "CORPNT\\joiner" })).toBe(
      "CORPNT\\joiner",
    );
    const seed = stackCluster("ilb-wsfc-domain");
    (seed.software as any).domain.joinUser = "joiner@corp.example.net";
    const { rs, runs } = await build(seed);
    for (const e of ofType(rs, T.ext))
      expect((e.inputs as any).settings.User).toBe("joiner@corp.example.net");
    const form = runs.find((r) => (r.inputs as any).tags["ha-cluster-step"] === "form")!;
    expect((form.inputs as any).runAsUser).toBe("joiner@corp.example.net");
  });

  it("a domain cluster on a created VNet without network.dnsServers is refused, naming the field", () => {
    const seed = stackCluster("ilb-wsfc-domain");
    delete (seed.network as any).dnsServers;
    const problems = problemsOf([seed]);
    const p = problems.find((x) => x.path === "clusters[0].network.dnsServers");
    expect(p).toBeDefined();
    expect(p!.message).toMatch(/domain cluster.*DNS servers.*corp\.example\.com/);
    // a given subnet is fine: its VNet (and its DNS servers) belong to the user
    const given = stackCluster("ilb-wsfc-domain");
    given.network = {
      subnetId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/wsfc",
      subnetPrefix: "10.4.0.0/24",
    } as any;
    for (const n of given.nodes) delete (n as any).interconnectIp;
    expect(paths(given)).toEqual([]);
    const bad = stackCluster("ilb-wsfc-domain");
    (bad.network as any).dnsServers = ["dc1"];
    expect(paths(bad)).toEqual(["clusters[0].network.dnsServers[0]"]);
  });

  it("with network.dnsServers, the VNet's DHCP options carry the servers", async () => {
    const { rs } = await build(stackCluster("ilb-wsfc-domain"));
    expect((one(rs, T.vnet).inputs as any).dhcpOptions).toEqual({
      dnsServers: ["10.0.0.4", "10.0.0.5"],
    });
    const wg = await build(stackCluster("ilb-wsfc"));
    expect((one(wg.rs, T.vnet).inputs as any).dhcpOptions).toBeUndefined();
  });
});

describe("3. every WSFC stack's prepare opens each backend/client port in Windows Firewall", () => {
  it.each([
    ["ilb-wsfc", "1433"],
    ["ilb-wsfc-domain", "1433"],
    ["plb-wsfc", "80"],
    ["dns-wsfc", "1433"],
  ])("%s opens TCP %s", async (stack, port) => {
    const { script } = await build(stackCluster(stack));
    const s = script("prepare", "wsfc-node2");
    expect(s).toContain(`$ClientTcpPorts = @('${port}')`);
    expect(s).toContain("$ClientUdpPorts = @()");
    // NSG service tags (VirtualNetwork, Internet) become Any; the NSG keeps filtering
    expect(s).toContain("$ClientSources = @('Any')");
    expect(s).toMatch(
      /\$name = 'azure-ha-cluster-wsfc-clients-' \+ \$proto\.ToLowerInvariant\(\)\s*\n\s*Set-HaFirewallRule -Name \$name -Protocol \$proto -LocalPort @\(\$ports/,
    );
  });

  it("CIDR sources stay as given; UDP rules open UDP", () => {
    const seed = stackCluster("ilb-wsfc");
    (seed.internalLb as any).clientSources = ["10.9.0.0/16", "192.168.1.10"];
    (seed.internalLb as any).rules.push({ frontendPort: 1434, backendPort: 1434, protocol: "Udp" });
    const c = parseComponentArgs(seed.name, "internal-lb", argsFor(seed));
    const s = renderWsfcScripts(c, {})["prepare/wsfc-node1"];
    expect(s).toContain("$ClientSources = @('10.9.0.0/16', '192.168.1.10')");
    expect(s).toContain("$ClientUdpPorts = @('1434')");
  });
});

describe("4. shared data disks end in the role; the installer profile is explicit", () => {
  it("seed 000: the data disk goes into the role, the quorum disk is the witness", () => {
    const s = formOf(stackCluster("ilb-wsfc-domain"));
    expect(s).toContain("$SharedDiskNames = @('data', 'quorum')");
    expect(s).toContain("$RoleDiskNames = @('data')");
    expect(s).toContain("$WitnessKind = 'disk'");
    expect(s).toContain("$WitnessDiskName = 'quorum'");
    expect(s).toContain("$RoleMode = 'ip-and-disks'");
    expect(s).toMatch(
      /if \("\$\(\$disk\.OwnerGroup\.Name\)" -eq \$RoleName\) \{[\s\S]*?\} else \{[\s\S]*?Move-ClusterResource -Name \$name -Group \$RoleName/,
    );
  });
  it("role.mode none: no role, disks stay in Available Storage, said in the script", () => {
    const seed = stackCluster("ilb-wsfc-domain");
    (seed.software as any).role = { mode: "none" };
    const s = formOf(seed);
    expect(s).toContain("$RoleMode = 'none'");
    const none = s.indexOf("if ($RoleMode -eq 'none')");
    expect(none).toBeGreaterThan(0);
    expect(s.indexOf("Add-ClusterGroup -Name $RoleName")).toBeGreaterThan(none);
    expect(s.slice(none, none + 600)).toMatch(/application installer[\s\S]*exit 0/);
  });
});

describe("4. the plan says who owns the client role (wsfc-client-role)", () => {
  const verdict = (seed: ReturnType<typeof stackCluster>) =>
    evaluateCluster(parseComponentArgs(seed.name, seed.topology as any, argsFor(seed))).filter(
      (v) => v.rule === "wsfc-client-role",
    );
  it("ip-and-disks: passes, naming the VIP resource and the data disk (not the quorum disk)", () => {
    const [v] = verdict(stackCluster("ilb-wsfc-domain"));
    expect(v.status).toBe("pass");
    expect(v.message).toBe("role 'ilb-wsfc-domain-role' owns the VIP's IP Address resource, data");
  });
  it("none: an advisory warning that names what the installer must do", () => {
    const seed = stackCluster("ilb-wsfc-domain");
    (seed.software as any).role = { mode: "none" };
    const [v] = verdict(seed);
    expect(v).toMatchObject({ status: "fail", enforcement: "advisory" });
    expect(v.message).toMatch(/ProbePort 59999.*shared disks data from Available Storage/);
  });
});

describe("7. the DNS updater's role id is checked before anything exists", () => {
  it("a malformed roleDefinitionId is refused, naming the field", () => {
    const seed = stackCluster("dns-wsfc");
    (seed.dns as any).updaterRole = { roleDefinitionId: "DNS Zone Contributor" };
    expect(paths(seed)).toEqual(["clusters[0].dns.updaterRole.roleDefinitionId"]);
    (seed.dns as any).updaterRole = {
      roleDefinitionId:
        "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555",
    };
    expect(paths(seed)).toEqual([]);
  });
});

describe("5. management point: a choice", () => {
  it("singleton without clusterIp is refused, naming clusterIp", () => {
    const seed = stackCluster("ilb-wsfc");
    (seed.software as any).managementPoint = "singleton";
    const problems = problemsOf([seed]);
    expect(problems.map((p) => p.path)).toEqual(["clusters[0].software.clusterIp"]);
    expect(problems[0].message).toMatch(/singleton.*clusterIp/);
  });
  it("singleton with clusterIp: New-Cluster -StaticAddress … -ManagementPointNetworkType Singleton", () => {
    const seed = stackCluster("ilb-wsfc");
    Object.assign(seed.software, { managementPoint: "singleton", clusterIp: "10.4.0.50" });
    expect(paths(seed)).toEqual([]);
    const s = formOf(seed);
    expect(s).toContain("$ManagementPoint = 'Singleton'");
    expect(s).toContain("$StaticAddress = '10.4.0.50'");
    expect(s).toContain("$newCluster.ManagementPointNetworkType = $ManagementPoint");
    expect(s).toContain(
      "if ($ManagementPoint -eq 'Singleton') { $newCluster.StaticAddress = $StaticAddress }",
    );
  });
  it("distributed is the WS2019+ default and takes no clusterIp", () => {
    expect(formOf(stackCluster("ilb-wsfc"))).toContain("$ManagementPoint = 'Distributed'");
    const seed = stackCluster("ilb-wsfc");
    Object.assign(seed.software, { managementPoint: "distributed", clusterIp: "10.4.0.50" });
    expect(paths(seed)).toEqual(["clusters[0].software.clusterIp"]);
  });
});

describe("6. patching: no node patches itself on its own schedule", () => {
  it("the AutomaticByPlatform table is Microsoft's list; every offered OS has a mode", () => {
    for (const os of OS_NAMES) {
      const mode = patchModeFor(os);
      if (mode === "AutomaticByPlatform")
        expect(supportsAutomaticByPlatform(imageFor(os))).toBe(true);
      else expect(mode).toBe(os.startsWith("windows-") ? "Manual" : "ImageDefault");
    }
    // automatic-vm-guest-patching.md: 2019-datacenter-gensecond, 2022-datacenter-g2,
    // RHEL 8/9-lvm-gen2, Ubuntu 22.04 gen2 and 24.04 server are listed; 2025-datacenter-g2 and
    // sles-15-sp6 are not.
    expect(patchModeFor("windows-2022")).toBe("AutomaticByPlatform");
    expect(patchModeFor("windows-2019")).toBe("AutomaticByPlatform");
    expect(patchModeFor("windows-2025")).toBe("Manual");
    expect(patchModeFor("rhel-9")).toBe("AutomaticByPlatform");
    expect(patchModeFor("ubuntu-24.04")).toBe("AutomaticByPlatform");
    expect(patchModeFor("sles-15")).toBe("ImageDefault");
    expect(AUTOMATIC_BY_PLATFORM_IMAGES.length).toBeGreaterThan(0);
  });

  it.each(WSFC_STACKS)("%s: no VM with AutomaticByOS; companion settings set", async (stack) => {
    const { rs } = await build(stackCluster(stack));
    const vms = ofType(rs, T.vm);
    expect(vms.length).toBe(2);
    for (const vm of vms) {
      const w = (vm.inputs as any).osProfile.windowsConfiguration;
      expect(w.patchSettings.patchMode).not.toBe("AutomaticByOS");
      expect(w.patchSettings).toMatchObject({
        patchMode: "AutomaticByPlatform",
        automaticByPlatformSettings: { rebootSetting: "IfRequired" },
      });
      expect(w.enableAutomaticUpdates).toBe(true);
      expect(supportsAutomaticByPlatform((vm.inputs as any).storageProfile.imageReference)).toBe(
        true,
      );
      expect(
        nodesPatchApart.resource.check({ type: T.vm, name: vm.name, inputs: vm.inputs as any }),
      ).toEqual([expect.objectContaining({ status: "pass" })]);
    }
  });

  it("windows-2025 gets Manual with automatic updates off; the advisory rule flags AutomaticByOS", async () => {
    const seed = stackCluster("ilb-wsfc");
    seed.vm.os = "windows-2025";
    const { rs } = await build(seed);
    const vm = ofType(rs, T.vm)[0];
    const w = (vm.inputs as any).osProfile.windowsConfiguration;
    expect(w.enableAutomaticUpdates).toBe(false);
    expect(w.patchSettings.patchMode).toBe("Manual");
    const edited = structuredClone(vm.inputs as any);
    edited.osProfile.windowsConfiguration = {
      enableAutomaticUpdates: true,
      patchSettings: { patchMode: "AutomaticByOS" },
    };
    const v = nodesPatchApart.resource.check({ type: T.vm, name: vm.name, inputs: edited });
    expect(v).toEqual([expect.objectContaining({ status: "fail", enforcement: "advisory" })]);
    expect(v[0].message).toMatch(/AutomaticByOS/);
  });
});

describe("8. the witness key: a protected file, used, deleted; a rotated key re-sets the witness", () => {
  it("form moves the key into an ACL'd file at once and deletes it on every exit", () => {
    const s = formOf(stackCluster("ilb-wsfc"));
    const start = s.indexOf("if ($WitnessStorageKey -ne '') {");
    expect(start).toBeGreaterThan(0);
    const block = s.slice(start, s.indexOf('Write-HaLog "start on'));
    // empty file, then the ACL (SYSTEM, Administrators; no inheritance), then the content
    expect(block.indexOf("New-Item -ItemType File")).toBeLessThan(block.indexOf("Set-Acl"));
    expect(block.indexOf("Set-Acl")).toBeLessThan(block.indexOf("WriteAllText"));
    expect(block).toContain("SetAccessRuleProtection($true, $false)");
    expect(block).toContain("@('S-1-5-18', 'S-1-5-32-544')");
    expect(block).toContain("$WitnessStorageKey = $null");
    expect(s).toContain("$HaStopHooks = @({ Remove-HaWitnessKeyFile })");
    expect(s.match(/Remove-HaWitnessKeyFile\n/g)!.length).toBeGreaterThanOrEqual(3);
    // the key is compared by hash, so a rotated key re-sets the witness
    expect(s).toMatch(/-and \$lastHash -eq \$keyHash\)/);
  });

  it("a changed storage key changes the form step's inputs", async () => {
    const forms: string[] = [];
    for (const key of ["key-before-rotation", "key-after-rotation"]) {
      const spy = jest
        .spyOn(storage, "listStorageAccountKeysOutput")
        .mockReturnValue(
          pulumi.output({ keys: [{ keyName: "key1", value: key, permissions: "FULL" }] }) as any,
        );
      try {
        const { rawRecords } = await import("./helpers");
        await build(stackCluster("ilb-wsfc"));
        const form = rawRecords().find(
          (r) => r.type === T.run && (r.inputs as any).tags["ha-cluster-step"] === "form",
        )!;
        forms.push(JSON.stringify((form.inputs as any).protectedParameters));
      } finally {
        spy.mockRestore();
      }
    }
    expect(forms[0]).toContain("key-before-rotation");
    expect(forms[1]).toContain("key-after-rotation");
    expect(forms[0]).not.toBe(forms[1]);
  });
});

describe("9. seed 000 as built there: interconnect NIC and quorum disk", () => {
  it("a second NIC per node on the interconnect subnet, in no LB pool, with its own NSG", async () => {
    const { rs } = await build(stackCluster("ilb-wsfc-domain"));
    const nics = ofType(rs, T.nic);
    expect(nics.map((n) => n.name).sort()).toEqual([
      "ilb-wsfc-domain-wsfc-node1-interconnect-nic",
      "ilb-wsfc-domain-wsfc-node1-nic",
      "ilb-wsfc-domain-wsfc-node2-interconnect-nic",
      "ilb-wsfc-domain-wsfc-node2-nic",
    ]);
    const subnet = one(rs, T.subnet, "ilb-wsfc-domain-interconnect-subnet").inputs as any;
    expect(subnet.addressPrefix).toBe("10.4.1.0/24");
    expect(subnet.natGateway).toBeUndefined();
    for (const [node, ip] of [
      ["wsfc-node1", "10.4.1.11"],
      ["wsfc-node2", "10.4.1.12"],
    ]) {
      const nic = one(rs, T.nic, `ilb-wsfc-domain-${node}-interconnect-nic`).inputs as any;
      expect(nic.ipConfigurations).toHaveLength(1);
      expect(nic.ipConfigurations[0]).toMatchObject({
        privateIPAllocationMethod: "Static",
        privateIPAddress: ip,
        subnet: { id: "ilb-wsfc-domain-interconnect-subnet_id" },
      });
      expect(nic.ipConfigurations[0].loadBalancerBackendAddressPools).toBeUndefined();
      expect(nic.ipConfigurations[0].publicIPAddress).toBeUndefined();
      expect(nic.networkSecurityGroup).toEqual({ id: "ilb-wsfc-domain-interconnect-nsg_id" });
      const client = one(rs, T.nic, `ilb-wsfc-domain-${node}-nic`).inputs as any;
      expect(client.ipConfigurations[0].loadBalancerBackendAddressPools).toHaveLength(1);
      const vm = one(rs, T.vm, `ilb-wsfc-domain-${node}-vm`).inputs as any;
      expect(vm.networkProfile.networkInterfaces).toEqual([
        expect.objectContaining({ id: `ilb-wsfc-domain-${node}-nic_id`, primary: true }),
        expect.objectContaining({
          id: `ilb-wsfc-domain-${node}-interconnect-nic_id`,
          primary: false,
        }),
      ]);
    }
    const nsg = one(rs, T.nsg, "ilb-wsfc-domain-interconnect-nsg").inputs as any;
    const allows = nsg.securityRules.filter((r: any) => r.access === "Allow");
    expect(allows.length).toBeGreaterThan(0);
    for (const r of allows) expect(r.sourceAddressPrefixes).toEqual(["10.4.1.11", "10.4.1.12"]);
    expect(nsg.securityRules).toContainEqual(
      expect.objectContaining({ access: "Deny", priority: 4096, sourceAddressPrefix: "*" }),
    );
  });

  it("form sets the cluster network roles: interconnect 1 (cluster only), client 3", () => {
    const s = formOf(stackCluster("ilb-wsfc-domain"));
    expect(s).toContain("$InterconnectSubnetAddress = '10.4.1.0'");
    expect(s).toContain("$InterconnectSubnetMask = '255.255.255.0'");
    expect(s).toContain('$wantRoles["$InterconnectSubnetAddress/$InterconnectSubnetMask"] = 1');
    expect(s).toContain('$wantRoles["$ClusterSubnetAddress/$ClusterSubnetMask"] = 3');
    expect(s).toMatch(/if \(\[uint32\]\$net\.Role -eq \$want\) \{[\s\S]*?\$net\.Role = \$want/);
    // and the firewall admits cluster traffic from the interconnect addresses too
    const c = stackCluster("ilb-wsfc-domain");
    const prep = renderWsfcScripts(parseComponentArgs(c.name, "internal-lb", argsFor(c)), {})[
      "prepare/wsfc-node1"
    ];
    expect(prep).toContain("$InterconnectIps = @('10.4.1.11', '10.4.1.12')");
    expect(prep).toContain("$peers = @($ClusterNodeIps) + @($InterconnectIps)");
    // the interconnect address never resolves the node name (guarded: only when still on)
    expect(prep).toMatch(
      /if \(-not \$client\.RegisterThisConnectionsAddress\) \{[\s\S]*?\} else \{\s*Set-DnsClient -InterfaceIndex \$mine\[0\]\.InterfaceIndex -RegisterThisConnectionsAddress \$false/,
    );
    expect(formOf(stackCluster("ilb-wsfc"))).toContain("$InterconnectSubnetAddress = ''");
  });

  it("interconnect NSG rules: cluster ports from the interconnect addresses only", () => {
    const seed = stackCluster("ilb-wsfc-domain");
    const c = parseComponentArgs(seed.name, "internal-lb", argsFor(seed));
    const rules = interconnectNsgRulesFor(c);
    expect(
      rules
        .filter((r) => (r.access ?? "Allow") === "Allow")
        .flatMap((r) => r.destinationPortRanges),
    ).toEqual(expect.arrayContaining(["3343", "135", "445", "49152-65535"]));
    expect(
      interconnectNsgRulesFor(
        parseComponentArgs("ilb-wsfc", "internal-lb", argsFor(stackCluster("ilb-wsfc"))),
      ),
    ).toEqual([]);
  });

  it("a VM size with one NIC is refused; so are missing or stray interconnect addresses", () => {
    const seed = stackCluster("ilb-wsfc-domain");
    seed.vm.size = "Standard_DC2s_v2";
    const p = problemsOf([seed]);
    expect(p.map((x) => x.path)).toEqual(["clusters[0].vm.size"]);
    expect(p[0].message).toMatch(/one NIC/);
    const missing = stackCluster("ilb-wsfc-domain");
    delete (missing.nodes[1] as any).interconnectIp;
    expect(paths(missing)).toEqual(["clusters[0].nodes[1].interconnectIp"]);
    const outside = stackCluster("ilb-wsfc-domain");
    (outside.nodes[0] as any).interconnectIp = "10.4.0.21";
    expect(paths(outside)).toEqual(["clusters[0].nodes[0].interconnectIp"]);
    const overlap = stackCluster("ilb-wsfc-domain");
    (overlap.network as any).interconnectSubnetPrefix = "10.4.0.0/25";
    expect(paths(overlap)).toContain("clusters[0].network.interconnectSubnetPrefix");
    const stray = stackCluster("ilb-wsfc");
    (stray.nodes[0] as any).interconnectIp = "10.4.1.11";
    expect(paths(stray)).toEqual(["clusters[0].nodes[0].interconnectIp"]);
  });

  it("every WSFC seed stack is valid and its scripts parse", async () => {
    for (const stack of WSFC_STACKS) {
      expect(problemsOf([stackCluster(stack)])).toEqual([]);
      const s = formOf(stackCluster(stack));
      expect(await parsePowerShell(s)).toEqual([]);
    }
    const c = stackCluster("ilb-wsfc-domain");
    const all = renderWsfcScripts(parseComponentArgs(c.name, "internal-lb", argsFor(c)), {});
    for (const [k, text] of Object.entries(all))
      expect({ k, errors: await parsePowerShell(text) }).toEqual({ k, errors: [] });
  });
});

describe("the planner refuses before any resource exists (exit 2, naming the field)", () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it("a domain cluster on a created VNet without network.dnsServers; singleton without clusterIp", () => {
    const domain = stackCluster("ilb-wsfc-domain");
    delete (domain.network as any).dnsServers;
    const r = runPlan(["--config", writeStackFile([domain]), "--json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/clusters\[0\]\.network\.dnsServers: .*domain cluster/);
    const single = stackCluster("ilb-wsfc");
    (single.software as any).managementPoint = "singleton";
    const s = runPlan(["--config", writeStackFile([single]), "--json"]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/clusters\[0\]\.software\.clusterIp: .*singleton/);
  });

  it("seed 000 as built there plans; role.mode none is a warning in the plan", () => {
    const r = runPlan(["--stack", "ilb-wsfc-domain", "--verbose"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("ilb-wsfc-domain-wsfc-node1-interconnect-nic");
    expect(r.stdout).toMatch(/pass\s+nodes-patch-apart \(advisory\)/);
    expect(r.stdout).toMatch(/Policies: \d+ pass, 0 warn, 0 fail/);
    const none = stackCluster("ilb-wsfc-domain");
    (none.software as any).role = { mode: "none" };
    const n = runPlan(["--config", writeStackFile([none])]);
    expect(n.status).toBe(0);
    expect(n.stdout).toMatch(/warn\s+wsfc-client-role \(advisory\)/);
    expect(n.stdout).toMatch(/no role is created.*ProbePort 59999.*Available Storage/);
  });
});
