/**
 * Table-driven validation: each malformed config names the field path, shows the value (never a
 * secret) and says what is allowed. All problems of a config are reported at once.
 */
import { parseClusters } from "../components/core/config";
import { problemsOf, stackCluster } from "./fixtures/clusters";

type Mutator = (c: any) => void;

const linux = () => stackCluster("ilb-linux");
const wsfc = () => stackCluster("ilb-wsfc");

// [description, base, mutation, expected path, expected message (regex)]
const cases: [string, () => any, Mutator, string, RegExp][] = [
  [
    "unknown topology",
    linux,
    (c) => (c.topology = "gateway"),
    "clusters[0].topology",
    /one of "internal-lb", "public-lb", "dns"/,
  ],
  [
    "bad cluster name",
    linux,
    (c) => (c.name = "Cluster_1"),
    "clusters[0].name",
    /lowercase letters, digits or hyphens/,
  ],
  [
    "misspelled field",
    linux,
    (c) => (c.internalLb.probeport = 1),
    "clusters[0].internalLb.probeport",
    /not a known field/,
  ],
  ["missing location", linux, (c) => delete c.location, "clusters[0].location", /is required/],
  [
    "location with spaces",
    linux,
    (c) => (c.location = "Japan East"),
    "clusters[0].location",
    /region name such as japaneast/,
  ],
  [
    "resource group ending in a dot",
    linux,
    (c) => (c.resourceGroupName = "rg."),
    "clusters[0].resourceGroupName",
    /not ending in '\.'/,
  ],
  [
    "VNet CIDR malformed",
    linux,
    (c) => (c.network.addressSpace = "10.5.0.0/33"),
    "clusters[0].network.addressSpace",
    /IPv4 CIDR/,
  ],
  [
    "VNet CIDR with host bits",
    linux,
    (c) => (c.network.addressSpace = "10.5.0.7/24"),
    "clusters[0].network.addressSpace",
    /did you mean 10\.5\.0\.0\/24/,
  ],
  [
    "subnet outside the VNet",
    linux,
    (c) => (c.network.subnetPrefix = "10.6.0.0/24"),
    "clusters[0].network.subnetPrefix",
    /inside the VNet address space 10\.5\.0\.0\/24/,
  ],
  [
    "subnet smaller than /29",
    linux,
    (c) => ((c.network.subnetPrefix = "10.5.0.0/30"), (c.nodes[0].privateIp = "10.5.0.1")),
    "clusters[0].network.subnetPrefix",
    /\/29 or larger/,
  ],
  [
    "NAT gateway on a subnet you bring",
    linux,
    (c) =>
      (c.network = {
        subnetId:
          "/subscriptions/x/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
        subnetPrefix: "10.5.0.0/24",
        natGateway: true,
      }),
    "clusters[0].network.natGateway",
    /attach it to your subnet/,
  ],
  [
    "network of neither shape",
    linux,
    (c) => (c.network = { cidr: "10.5.0.0/24" }),
    "clusters[0].network",
    /addressSpace, subnetPrefix/,
  ],
  ["one node only", linux, (c) => c.nodes.pop(), "clusters[0].nodes", /at least 2 nodes/],
  [
    "node IP outside the subnet",
    linux,
    (c) => (c.nodes[1].privateIp = "10.6.0.9"),
    "clusters[0].nodes[1].privateIp",
    /inside the subnet 10\.5\.0\.0\/24/,
  ],
  [
    "node IP reserved (first four)",
    linux,
    (c) => (c.nodes[0].privateIp = "10.5.0.3"),
    "clusters[0].nodes[0].privateIp",
    /reserved by Azure/,
  ],
  [
    "node IP reserved (broadcast)",
    linux,
    (c) => (c.nodes[0].privateIp = "10.5.0.255"),
    "clusters[0].nodes[0].privateIp",
    /reserved by Azure/,
  ],
  [
    "node IP not an address",
    linux,
    (c) => (c.nodes[0].privateIp = "10.5.0.300"),
    "clusters[0].nodes[0].privateIp",
    /IPv4 address/,
  ],
  [
    "duplicate node IP",
    linux,
    (c) => (c.nodes[1].privateIp = "10.5.0.110"),
    "clusters[0].nodes[1].privateIp",
    /already node1's address/,
  ],
  [
    "duplicate node name",
    linux,
    (c) => (c.nodes[1].name = "node1"),
    "clusters[0].nodes[1].name",
    /must be unique/,
  ],
  [
    "CLUSTERPRO uppercase server name",
    linux,
    (c) => (c.nodes[1].name = "Node2"),
    "clusters[0].nodes[1].name",
    /lowercase; use "node2"/,
  ],
  [
    "Windows computer name too long",
    wsfc,
    (c) => (c.nodes[0].name = "a-very-long-node-name"),
    "clusters[0].nodes[0].name",
    /1–15 letters/,
  ],
  [
    "computer name with underscore",
    linux,
    (c) => (c.nodes[0].name = "node_1"),
    "clusters[0].nodes[0].name",
    /letters, digits and hyphens/,
  ],
  [
    "VIP is a node's address",
    linux,
    (c) => (c.internalLb.frontendIp = "10.5.0.110"),
    "clusters[0].internalLb.frontendIp",
    /node1's address; the VIP must be a free address in 10\.5\.0\.0\/24/,
  ],
  [
    "VIP outside the subnet",
    linux,
    (c) => (c.internalLb.frontendIp = "10.9.0.200"),
    "clusters[0].internalLb.frontendIp",
    /inside the subnet/,
  ],
  [
    "VIP reserved",
    linux,
    (c) => (c.internalLb.frontendIp = "10.5.0.1"),
    "clusters[0].internalLb.frontendIp",
    /reserved by Azure/,
  ],
  [
    "ping target is a node",
    linux,
    (c) => (c.software.networkPartition.pingTargets = ["10.5.0.111"]),
    "clusters[0].software.networkPartition.pingTargets[0]",
    /node2's address/,
  ],
  [
    "ping target is the VIP",
    linux,
    (c) => (c.software.networkPartition.pingTargets = ["10.5.0.200"]),
    "clusters[0].software.networkPartition.pingTargets[0]",
    /does not answer ping/,
  ],
  [
    "ILB without ping target",
    linux,
    (c) => delete c.software.networkPartition,
    "clusters[0].software.networkPartition.pingTargets",
    /at least one always-on host/,
  ],
  [
    "monitor NP fields on the ILB topology",
    linux,
    (c) => (c.software.networkPartition.graceSec = 30),
    "clusters[0].software.networkPartition.graceSec",
    /uses pingTargets/,
  ],
  [
    "probe port 0",
    linux,
    (c) => (c.internalLb.probePort = 0),
    "clusters[0].internalLb.probePort",
    /1 to 65535/,
  ],
  [
    "rule port too high",
    linux,
    (c) => (c.internalLb.rules[0].backendPort = 65536),
    "clusters[0].internalLb.rules[0].backendPort",
    /0 to 65535/,
  ],
  [
    "port 0 without HA ports",
    linux,
    (c) => (c.internalLb.rules[0] = { frontendPort: 0, backendPort: 0, protocol: "All" }),
    "clusters[0].internalLb.rules[0]",
    /set internalLb\.haPorts: true/,
  ],
  [
    "probe port used by a rule",
    linux,
    (c) => (c.internalLb.probePort = 8080),
    "clusters[0].internalLb.probePort",
    /used by rules\[0\]/,
  ],
  [
    "DSR with different ports",
    linux,
    (c) => (c.internalLb.floatingIp = true),
    "clusters[0].internalLb.rules[0].backendPort",
    /backendPort must equal frontendPort \(80\)/,
  ],
  [
    "WSFC without floating IP",
    wsfc,
    (c) => (c.internalLb.floatingIp = false),
    "clusters[0].internalLb.floatingIp",
    /WSFC needs floating IP/,
  ],
  [
    "two rules on one backend port without floating IP",
    linux,
    (c) => c.internalLb.rules.push({ frontendPort: 81, backendPort: 8080 }),
    "clusters[0].internalLb.rules[1].backendPort",
    /RulesUseSameBackendPortProtocolAndPool/,
  ],
  [
    "two rules on one frontend port",
    linux,
    (c) => c.internalLb.rules.push({ frontendPort: 80, backendPort: 8081 }),
    "clusters[0].internalLb.rules[1].frontendPort",
    /already uses Tcp 80/,
  ],
  [
    "internal-lb topology with a publicLb block",
    linux,
    (c) => (c.publicLb = { probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] }),
    "clusters[0].publicLb",
    /belongs to topology public-lb/,
  ],
  [
    "internal-lb topology without internalLb",
    linux,
    (c) => delete c.internalLb,
    "clusters[0].internalLb",
    /needs an internalLb block/,
  ],
  [
    "fault domains 4",
    linux,
    (c) => (c.placement.availabilitySet.faultDomains = 4),
    "clusters[0].placement.availabilitySet.faultDomains",
    /1 to 3/,
  ],
  [
    "zone 4",
    linux,
    (c) => (c.placement = { zones: ["1", "4"] }),
    "clusters[0].placement",
    /zone|availabilitySet/,
  ],
  [
    "node zone without zones",
    linux,
    (c) => (c.nodes[0].zone = "1"),
    "clusters[0].nodes[0].zone",
    /needs placement\.zones/,
  ],
  [
    "data disk size 0",
    linux,
    (c) => (c.dataDisk.sizeGb = 0),
    "clusters[0].dataDisk.sizeGb",
    /1 to 65536/,
  ],
  [
    "CLUSTERPRO without data disk",
    linux,
    (c) => delete c.dataDisk,
    "clusters[0].dataDisk",
    /mirror disk/,
  ],
  [
    "shared Standard HDD",
    wsfc,
    (c) => (c.sharedDisks[0].sku = "Standard_LRS"),
    "clusters[0].sharedDisks[0].sku",
    /cannot be shared/,
  ],
  [
    "maxShares over the size limit",
    wsfc,
    (c) => ((c.sharedDisks[0].sizeGb = 256), (c.sharedDisks[0].maxShares = 5)),
    "clusters[0].sharedDisks[0].maxShares",
    /at most 3 shares/,
  ],
  [
    "LRS shared disk across zones",
    wsfc,
    (c) => (c.placement = { zones: ["1", "2"] }),
    "clusters[0].sharedDisks[0].sku",
    /zone-redundant/,
  ],
  [
    "disk witness without a shared disk",
    wsfc,
    (c) => ((c.software.witness = { kind: "disk" }), delete c.sharedDisks),
    "clusters[0].software.witness",
    /needs a shared disk/,
  ],
  [
    "WSFC on Linux",
    wsfc,
    (c) => (c.vm.os = "rhel-9"),
    "clusters[0].vm.os",
    /needs a Windows image/,
  ],
  [
    "unknown OS",
    linux,
    (c) => (c.vm.os = "centos-7"),
    "clusters[0].vm.os",
    /one of "windows-2019"/,
  ],
  [
    "reserved Windows admin name",
    wsfc,
    (c) => (c.vm.adminUsername = "Administrator"),
    "clusters[0].vm.adminUsername",
    /Azure refuses this admin name/,
  ],
  [
    "SSH keys on Windows",
    wsfc,
    (c) => (c.vm.sshPublicKeys = ["ssh-ed25519 AAAAC3Nza"]),
    "clusters[0].vm.sshPublicKeys",
    /for Linux images/,
  ],
  [
    "malformed SSH key",
    linux,
    (c) => (c.vm.sshPublicKeys = ["not-a-key"]),
    "clusters[0].vm.sshPublicKeys[0]",
    /OpenSSH public key/,
  ],
  [
    "CLUSTERPRO 4.1 (before clpcfset)",
    linux,
    (c) => (c.software.version = "4.1"),
    "clusters[0].software.version",
    /bundled since X 4\.3/,
  ],
  [
    "CLUSTERPRO 5.1 (clpcfadm)",
    linux,
    (c) => (c.software.version = "5.1"),
    "clusters[0].software.version",
    /4\.3–5\.0/,
  ],
  [
    "unknown software kind",
    linux,
    (c) => (c.software.kind = "pacemaker"),
    "clusters[0].software.kind",
    /clusterpro|wsfc|none/,
  ],
  [
    "tolerated pause below 30 s",
    linux,
    (c) => (c.failover = { toleratedPauseSec: 10 }),
    "clusters[0].failover.toleratedPauseSec",
    /at least 30 s/,
  ],
  [
    "shutdown monitor timeout (no documented clp.conf path): refused, not dropped",
    linux,
    (c) => (
      (c.software.heartbeat = { timeoutSec: 120 }),
      (c.software.shutdownMonitorTimeoutSec = 60)
    ),
    "clusters[0].software.shutdownMonitorTimeoutSec",
    /no documented clp\.conf path .*the product default applies \(the heartbeat timeout\)/,
  ],
  [
    "client source not a prefix",
    linux,
    (c) => (c.internalLb.clientSources = ["10.0.0.0/40"]),
    "clusters[0].internalLb.clientSources[0]",
    /CIDR, an IPv4 address/,
  ],
  [
    "WSFC core IP is the VIP",
    wsfc,
    (c) => (c.software.clusterIp = "10.4.0.101"),
    "clusters[0].software.clusterIp",
    /is the VIP/,
  ],
  [
    "plaintext admin password",
    linux,
    (c) => (c.vm.adminPassword = "Hunter2-Hunter2"),
    "clusters[0].vm.adminPassword",
    /plaintext secrets are refused/,
  ],
];

describe("config validation", () => {
  it("has at least 40 malformed configs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s", (_what, base, mutate, path, message) => {
    const c = base();
    mutate(c);
    const problems = problemsOf([c]);
    const match = problems.find((p) => p.path === path && message.test(p.message));
    if (!match) {
      throw new Error(
        `no problem at ${path} matching ${message}; got:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`,
      );
    }
  });

  it("accepts every seed stack", () => {
    for (const stack of ["ilb-linux", "ilb-linux-dsr", "ilb-wsfc"]) {
      expect(problemsOf([stackCluster(stack)])).toEqual([]);
    }
  });

  it("shows the bad value, and never a secret's", () => {
    const c = linux();
    c.internalLb!.frontendIp = "10.5.0.110";
    c.vm.adminPassword = "S3cret-never-shown";
    const problems = problemsOf([c]);
    expect(problems.find((p) => p.path.endsWith("frontendIp"))?.value).toBe('"10.5.0.110"');
    expect(problems.find((p) => p.path.endsWith("adminPassword"))?.value).toBe("[secret]");
    expect(JSON.stringify(problems)).not.toContain("S3cret-never-shown");
  });

  it("reports every problem of a config at once, including relational ones next to shape errors", () => {
    const c = linux();
    c.name = "Bad_Name"; // shape
    c.internalLb!.probePort = 70000; // shape
    c.nodes[1].privateIp = "10.5.0.110"; // relational
    c.network.subnetPrefix = "10.6.0.0/24"; // relational
    const paths = problemsOf([c]).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "clusters[0].name",
        "clusters[0].internalLb.probePort",
        "clusters[0].nodes[1].privateIp",
        "clusters[0].network.subnetPrefix",
      ]),
    );
  });

  it("refuses duplicate cluster names and an empty list", () => {
    expect(problemsOf([linux(), linux()]).map((p) => p.path)).toContain("clusters[1].name");
    expect(problemsOf([])[0]).toMatchObject({
      path: "clusters",
      message: expect.stringMatching(/at least one/),
    });
    expect(() => parseClusters({ not: "a list" }, { source: "stack" })).toThrow(/expected a list/);
  });

  it("accepts secrets as { secure } and, under the engine, plaintext when the key is secret", () => {
    const c = linux();
    c.vm.adminPassword = { secure: "v1:abc" };
    expect(problemsOf([c])).toEqual([]);
    const d = linux();
    d.vm.adminPassword = "decrypted-by-the-engine";
    expect(problemsOf([d], true)).toEqual([]);
  });
});
