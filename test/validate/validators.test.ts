/**
 * Issue 21: one table per named validator (components/core/validate/), each run alone on a seed
 * stack's first cluster with one field changed: pass rows report nothing, fail rows report the
 * field path with the rule. The composition (order and coverage) is tested at the end.
 */
import { parseClusters } from "../../components/core/config";
import { clusterpro } from "../../components/core/validate/clusterpro";
import { disks } from "../../components/core/validate/disks";
import { dns, dnsUpdaterRole, dnsUpdaterUse } from "../../components/core/validate/dns";
import { failover } from "../../components/core/validate/failover";
import { runValidators, validateEntry, VALIDATORS } from "../../components/core/validate/index";
import { listMaxima } from "../../components/core/validate/lists";
import { loadBalancer } from "../../components/core/validate/load-balancer";
import { managementPorts } from "../../components/core/validate/management-ports";
import { dnsServers, network } from "../../components/core/validate/network";
import { nodeCount, nodes } from "../../components/core/validate/nodes";
import { groupAndLocation, placement } from "../../components/core/validate/placement";
import { tags } from "../../components/core/validate/tags";
import { topology } from "../../components/core/validate/topology";
import { vm } from "../../components/core/validate/vm";
import {
  interconnect,
  interconnectIps,
  wsfc,
  wsfcClusterIp,
  wsfcManagementPoint,
} from "../../components/core/validate/wsfc";
import { clusterEntrySchema } from "../../components/core/schema";
import { stackCluster } from "../fixtures/clusters";
import { range, table } from "./table";

const AZ_X86 = "C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd";
const SUBNET_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/apps";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me";

describe("topology", () =>
  table(topology, [
    ["the seed's block", "ilb-linux", () => {}, "pass"],
    [
      "internal-lb without internalLb",
      "ilb-linux",
      (c) => delete c.internalLb,
      ["internalLb", /topology internal-lb needs an internalLb block/],
    ],
    [
      "dns without dns",
      "dns-linux",
      (c) => delete c.dns,
      ["dns", /topology dns needs a dns block/],
    ],
    [
      "a dns block on an internal-lb cluster",
      "ilb-linux",
      (c) => (c.dns = { zoneName: "a.zone", recordName: "r" }),
      ["dns", /dns belongs to topology dns, not internal-lb; remove it/],
    ],
  ]));

describe("network", () =>
  table(network, [
    ["the seed's VNet", "ilb-linux", () => {}, "pass"],
    [
      "a brought subnet",
      "ilb-linux",
      (c) => (c.network = { subnetId: SUBNET_ID, subnetPrefix: "10.5.0.0/24" }),
      "pass",
    ],
    [
      "address space with host bits",
      "ilb-linux",
      (c) => (c.network.addressSpace = "10.5.0.1/24"),
      ["network.addressSpace", /has host bits set; did you mean 10\.5\.0\.0\/24\?/],
    ],
    [
      "address space not a CIDR",
      "ilb-linux",
      (c) => (c.network.addressSpace = "10.5.0.0"),
      ["network.addressSpace", /expected an IPv4 CIDR/],
    ],
    [
      "subnet smaller than /29",
      "ilb-linux",
      (c) => (c.network.subnetPrefix = "10.5.0.0/30"),
      ["network.subnetPrefix", /\/29 or larger/],
    ],
    [
      "subnet outside the VNet",
      "ilb-linux",
      (c) => (c.network.subnetPrefix = "10.6.0.0/24"),
      ["network.subnetPrefix", /inside the VNet address space 10\.5\.0\.0\/24/],
    ],
    [
      "VNet name starting with a hyphen",
      "ilb-linux",
      (c) => (c.network.vnetName = "-vnet"),
      ["network.vnetName", /2–64 letters.*Naming rules and restrictions/],
    ],
    [
      "subnet name of 81 characters",
      "ilb-linux",
      (c) => (c.network.subnetName = "s".repeat(81)),
      ["network.subnetName", /1–80 letters/],
    ],
    [
      "malformed subnetId",
      "ilb-linux",
      (c) => (c.network = { subnetId: "/subscriptions/x/subnets/y", subnetPrefix: "10.5.0.0/24" }),
      ["network.subnetId", /\/virtualNetworks\/<vnet>\/subnets\/<subnet>/],
    ],
    [
      "a NAT gateway on a brought subnet",
      "ilb-linux",
      (c) => (c.network = { subnetId: SUBNET_ID, subnetPrefix: "10.5.0.0/24", natGateway: true }),
      ["network.natGateway", /attach it to your subnet/],
    ],
  ]));

describe("network: the NSG name", () => {
  // The schema holds cluster names to 32 characters; the rule stands on its own all the same.
  it("refuses a cluster name that makes <name>-nsg longer than 80 characters", () => {
    const raw = { ...(stackCluster("ilb-linux") as any), name: "n".repeat(77) };
    const partial = clusterEntrySchema.shape.network.parse(raw.network);
    const p = runValidators([network], { name: raw.name, network: partial }, ["clusters", 0], raw);
    expect(p).toEqual([
      {
        path: "clusters[0].name",
        value: JSON.stringify(raw.name),
        message: "makes the NSG name longer than 80 characters",
      },
    ]);
  });
});

describe("dnsServers", () =>
  table(dnsServers, [
    ["the domain seed's servers", "ilb-wsfc-domain", () => {}, "pass"],
    ["a workgroup cluster without servers", "ilb-wsfc", () => {}, "pass"],
    [
      "not an address",
      "ilb-wsfc-domain",
      (c) => (c.network.dnsServers = ["10.0.0.4", "dc1"]),
      ["network.dnsServers[1]", /IPv4 address of a DNS server/],
    ],
    [
      "a domain cluster on a created VNet without servers",
      "ilb-wsfc-domain",
      (c) => delete c.network.dnsServers,
      ["network.dnsServers", /needs DNS servers that resolve corp\.example\.com/],
    ],
  ]));

describe("nodes", () =>
  table(nodes, [
    ["the seed's nodes", "ilb-linux", () => {}, "pass"],
    [
      "a name twice (case-insensitive)",
      "ilb-wsfc",
      (c) => (c.nodes[1].name = "WSFC-node1"),
      ["nodes[1].name", /duplicates nodes\[0\]\.name/],
    ],
    [
      "a Windows name of 16 characters",
      "ilb-windows",
      (c) => (c.nodes[0].name = "n".repeat(16)),
      ["nodes[0].name", /1–15 letters, digits and hyphens \(windows\)/],
    ],
    [
      "a Linux name of 64 characters",
      "ilb-linux",
      (c) => (c.nodes[0].name = "n".repeat(64)),
      ["nodes[0].name", /1–63 letters.*\(linux\)/],
    ],
    [
      "an all-digit name",
      "ilb-wsfc",
      (c) => (c.nodes[0].name = "123"),
      ["nodes[0].name", /not all digits/],
    ],
    [
      "an uppercase CLUSTERPRO server",
      "ilb-linux",
      (c) => (c.nodes[0].name = "Node1"),
      ["nodes[0].name", /CLUSTERPRO server names are lowercase; use "node1"/],
    ],
    [
      "not an address",
      "ilb-linux",
      (c) => (c.nodes[0].privateIp = "10.5.0"),
      ["nodes[0].privateIp", /expected an IPv4 address/],
    ],
    [
      "an address twice",
      "ilb-linux",
      (c) => (c.nodes[1].privateIp = "10.5.0.110"),
      ["nodes[1].privateIp", /is already node1's address/],
    ],
    [
      "outside the subnet",
      "ilb-linux",
      (c) => (c.nodes[0].privateIp = "10.6.0.10"),
      [
        "nodes[0].privateIp",
        /must lie inside the subnet 10\.5\.0\.0\/24 \(10\.5\.0\.4–10\.5\.0\.254\)/,
      ],
    ],
    [
      "an Azure-reserved address",
      "ilb-linux",
      (c) => (c.nodes[0].privateIp = "10.5.0.3"),
      ["nodes[0].privateIp", /reserved by Azure in 10\.5\.0\.0\/24/],
    ],
  ]));

describe("nodeCount", () =>
  table(nodeCount, [
    ["two CLUSTERPRO nodes", "ilb-linux", () => {}, "pass"],
    [
      "64 WSFC nodes",
      "ilb-wsfc",
      (c) => (c.nodes = range(64, (i) => ({ name: `n${i}`, privateIp: `10.4.0.${20 + i}` }))),
      "pass",
    ],
    [
      "65 WSFC nodes",
      "ilb-wsfc",
      (c) => (c.nodes = range(65, (i) => ({ name: `n${i}`, privateIp: `10.4.0.${20 + i}` }))),
      [
        "nodes",
        /at most 64, the WSFC limit .*up to 64 nodes per cluster since Windows Server 2012/,
      ],
    ],
    [
      "three CLUSTERPRO nodes with a mirror disk",
      "ilb-linux",
      (c) => c.nodes.push({ name: "node3", privateIp: "10.5.0.112" }),
      ["nodes", /exactly 2 \(NEC CLUSTERPRO X: .*hybrid disk/],
    ],
  ]));

describe("placement", () =>
  table(placement, [
    ["an availability set", "ilb-linux", () => {}, "pass"],
    [
      "zones in a zonal region",
      "ilb-wsfc",
      (c) => {
        c.placement = { zones: ["1", "2"] };
        c.nodes[1].zone = "2";
      },
      "pass",
    ],
    [
      "a node zone without placement.zones",
      "ilb-linux",
      (c) => (c.nodes[0].zone = "1"),
      ["nodes[0].zone", /needs placement\.zones/],
    ],
    [
      "a node zone outside placement.zones",
      "ilb-linux",
      (c) => {
        c.placement = { zones: ["1", "2"] };
        c.nodes[0].zone = "3";
      },
      ["nodes[0].zone", /must be one of placement\.zones \(1, 2\)/],
    ],
    [
      "a zone twice",
      "ilb-linux",
      (c) => (c.placement = { zones: ["1", "1"] }),
      ["placement.zones", /lists a zone twice/],
    ],
    [
      "zones in a region without zones",
      "ilb-linux",
      (c) => {
        c.location = "westus";
        c.placement = { zones: ["1", "2"] };
      },
      ["placement.zones", /region westus has no availability zones.*zone support/],
    ],
    [
      "a zone-redundant public IP in a region without zones",
      "plb-linux",
      (c) => {
        c.location = "westus";
        c.publicLb.zoneRedundant = true;
      },
      ["publicLb.zoneRedundant", /zone-redundant public IP is impossible/],
    ],
  ]));

describe("groupAndLocation", () =>
  table(groupAndLocation, [
    ["the seed's group and region", "ilb-linux", () => {}, "pass"],
    ["parentheses in a group name", "ilb-linux", (c) => (c.resourceGroupName = "rg(1)"), "pass"],
    [
      "a group name ending in '.'",
      "ilb-linux",
      (c) => (c.resourceGroupName = "rg."),
      ["resourceGroupName", /not ending in '\.'/],
    ],
    [
      "a group name with a space",
      "ilb-linux",
      (c) => (c.resourceGroupName = "my rg"),
      ["resourceGroupName", /expected 1–90 letters/],
    ],
    [
      "a region with a space",
      "ilb-linux",
      (c) => (c.location = "japan east"),
      ["location", /region name such as japaneast/],
    ],
  ]));

describe("vm", () =>
  table(vm, [
    ["the seed's VM", "ilb-linux", () => {}, "pass"],
    ["an SSH key", "ilb-linux", (c) => (c.vm.sshPublicKeys = [KEY]), "pass"],
    [
      "a 64-character Linux admin",
      "ilb-linux",
      (c) => (c.vm.adminUsername = "a".repeat(64)),
      "pass",
    ],
    ["a Linux admin ending in '.'", "ilb-linux", (c) => (c.vm.adminUsername = "ops."), "pass"],
    [
      "admin root",
      "ilb-linux",
      (c) => (c.vm.adminUsername = "root"),
      ["vm.adminUsername", /Azure refuses this admin name.*OSProfile\.adminUsername/],
    ],
    [
      "admin Administrator (any case)",
      "ilb-windows",
      (c) => (c.vm.adminUsername = "Administrator"),
      ["vm.adminUsername", /Azure refuses this admin name/],
    ],
    [
      "a Linux admin of 65 characters",
      "ilb-linux",
      (c) => (c.vm.adminUsername = "a".repeat(65)),
      ["vm.adminUsername", /1–64 letters.*\(linux;/],
    ],
    [
      "a Windows admin of 21 characters",
      "ilb-windows",
      (c) => (c.vm.adminUsername = "a".repeat(21)),
      ["vm.adminUsername", /1–20 letters.*\(windows;/],
    ],
    [
      "a Windows admin ending in '.'",
      "ilb-windows",
      (c) => (c.vm.adminUsername = "ops."),
      ["vm.adminUsername", /not ending in '\.'/],
    ],
    [
      "a size with a quote",
      "ilb-linux",
      (c) => (c.vm.size = "Standard_D2s_v5'"),
      ["vm.size", /Standard_…/],
    ],
    [
      "an image version of two parts",
      "ilb-linux",
      (c) => (c.vm.imageVersion = "9.4"),
      ["vm.imageVersion", /Major\.Minor\.Build/],
    ],
    [
      "21 SSH keys",
      "ilb-linux",
      (c) => (c.vm.sshPublicKeys = range(21, () => KEY)),
      ["vm.sshPublicKeys", /more than 20 keys/],
    ],
    [
      "SSH keys on Windows",
      "ilb-windows",
      (c) => (c.vm.sshPublicKeys = [KEY]),
      ["vm.sshPublicKeys", /SSH keys are for Linux images/],
    ],
    [
      "not a public key",
      "ilb-linux",
      (c) => (c.vm.sshPublicKeys = ["-----BEGIN OPENSSH PRIVATE KEY-----"]),
      ["vm.sshPublicKeys[0]", /expected an OpenSSH public key/],
    ],
  ]));

describe("disks", () =>
  table(disks, [
    ["the WSFC seed's shared disk", "ilb-wsfc", () => {}, "pass"],
    ["the CLUSTERPRO seed's data disk", "ilb-linux", () => {}, "pass"],
    [
      "CLUSTERPRO without a data disk",
      "ilb-linux",
      (c) => delete c.dataDisk,
      ["dataDisk", /needs a data disk per node for the mirror disk/],
    ],
    [
      "a shared disk name twice",
      "ilb-wsfc",
      (c) => c.sharedDisks.push({ name: "data", sizeGb: 128 }),
      ["sharedDisks[1].name", /shared disk names must be unique/],
    ],
    [
      "an uppercase shared disk name",
      "ilb-wsfc",
      (c) => (c.sharedDisks[0].name = "Data"),
      ["sharedDisks[0].name", /31 lowercase letters/],
    ],
    [
      "a Standard HDD shared disk",
      "ilb-wsfc",
      (c) => (c.sharedDisks[0].sku = "Standard_LRS"),
      ["sharedDisks[0].sku", /Standard HDD cannot be shared/],
    ],
    [
      "more shares than the SKU and size allow",
      "ilb-wsfc",
      (c) => (c.sharedDisks[0].maxShares = 4),
      ["sharedDisks[0].maxShares", /Premium_LRS of 256 GiB allows at most 3 shares/],
    ],
    [
      "fewer shares than nodes",
      "ilb-wsfc",
      (c) => {
        c.nodes.push({ name: "wsfc-node3", privateIp: "10.4.0.13" });
        c.sharedDisks[0].maxShares = 2;
      },
      ["sharedDisks[0].maxShares", /at least the node count \(3\)/],
    ],
    [
      "an LRS shared disk across zones",
      "ilb-wsfc",
      (c) => (c.placement = { zones: ["1", "2"] }),
      ["sharedDisks[0].sku", /must be zone-redundant/],
    ],
    [
      "a LUN used twice",
      "ilb-wsfc",
      (c) => (c.dataDisk = { sizeGb: 20, lun: 1 }),
      ["sharedDisks[0].lun", /LUN 1 is already used by dataDisk/],
    ],
  ]));

describe("failover", () =>
  table(failover, [
    ["30 s", "ilb-linux", (c) => (c.failover = { toleratedPauseSec: 30 }), "pass"],
    [
      "29 s",
      "ilb-linux",
      (c) => (c.failover = { toleratedPauseSec: 29 }),
      ["failover.toleratedPauseSec", /at least 30 s/],
    ],
  ]));

describe("wsfc", () =>
  table(wsfc, [
    ["the workgroup seed", "ilb-wsfc", () => {}, "pass"],
    ["the domain seed", "ilb-wsfc-domain", () => {}, "pass"],
    [
      "a Linux image",
      "ilb-wsfc",
      (c) => (c.vm.os = "rhel-9"),
      ["vm.os", /WSFC needs a Windows image/],
    ],
    [
      "a disk witness without shared disks",
      "ilb-wsfc",
      (c) => {
        delete c.sharedDisks;
        c.software.witness = { kind: "disk" };
      },
      ["software.witness", /needs a shared disk/],
    ],
    [
      "a witness disk that does not exist",
      "ilb-wsfc",
      (c) => (c.software.witness = { kind: "disk", diskName: "quorum" }),
      ["software.witness.diskName", /names no shared disk \(data\)/],
    ],
    [
      "a diskName on a cloud witness",
      "ilb-wsfc",
      (c) => (c.software.witness = { kind: "cloud", diskName: "data" }),
      ["software.witness.diskName", /only a disk witness/],
    ],
    [
      "a cluster name of 16 characters",
      "ilb-wsfc",
      (c) => (c.software.clusterName = "c".repeat(16)),
      ["software.clusterName", /NetBIOS name/],
    ],
    [
      "a cluster name with a newline",
      "ilb-wsfc",
      (c) => (c.software.clusterName = "clus\nter"),
      ["software.clusterName", /NetBIOS name/],
    ],
    [
      "a role name with a quote",
      "ilb-wsfc",
      (c) => (c.software.roleName = "sql'; Stop-Computer; '"),
      ["software.roleName", /1–63 letters/],
    ],
    [
      "a DNS suffix carrying a hosts-file line",
      "ilb-wsfc",
      (c) => (c.software.dnsSuffix = "corp.local\r\n10.9.9.9 login.microsoftonline.com"),
      ["software.dnsSuffix", /DNS suffix of two or more labels/],
    ],
    [
      "a join user with a typographic quote",
      "ilb-wsfc-domain",
      (c) => (c.software.domain.joinUser = "admin\u2018x"),
      ["software.domain.joinUser", /DOMAIN\\user/],
    ],
    [
      "an OU path with a quote",
      "ilb-wsfc-domain",
      (c) => (c.software.domain.ouPath = "OU=x',DC=corp"),
      ["software.domain.ouPath", /distinguished name/],
    ],
    [
      "a one-label domain",
      "ilb-wsfc-domain",
      (c) => (c.software.domain.name = "corp"),
      ["software.domain.name", /DNS domain name/],
    ],
    [
      "a DNS suffix on a domain cluster",
      "ilb-wsfc-domain",
      (c) => (c.software.dnsSuffix = "corp.local"),
      ["software.dnsSuffix", /only workgroup clusters take a dnsSuffix/],
    ],
  ]));

describe("wsfcClusterIp", () =>
  table(wsfcClusterIp, [
    ["a free address", "ilb-wsfc", (c) => (c.software.clusterIp = "10.4.0.50"), "pass"],
    [
      "not an address",
      "ilb-wsfc",
      (c) => (c.software.clusterIp = "cluster"),
      ["software.clusterIp", /expected an IPv4 address/],
    ],
    [
      "a node's address",
      "ilb-wsfc",
      (c) => (c.software.clusterIp = "10.4.0.11"),
      ["software.clusterIp", /is wsfc-node1's address/],
    ],
    [
      "the VIP",
      "ilb-wsfc",
      (c) => (c.software.clusterIp = "10.4.0.101"),
      ["software.clusterIp", /is the VIP/],
    ],
    [
      "outside the subnet",
      "ilb-wsfc",
      (c) => (c.software.clusterIp = "10.4.1.50"),
      ["software.clusterIp", /must lie inside the subnet 10\.4\.0\.0\/24/],
    ],
  ]));

describe("wsfcManagementPoint", () =>
  table(wsfcManagementPoint, [
    ["distributed (default)", "ilb-wsfc", () => {}, "pass"],
    [
      "singleton with clusterIp",
      "ilb-wsfc",
      (c) => Object.assign(c.software, { managementPoint: "singleton", clusterIp: "10.4.0.50" }),
      "pass",
    ],
    [
      "singleton without clusterIp",
      "ilb-wsfc",
      (c) => (c.software.managementPoint = "singleton"),
      ["software.clusterIp", /give clusterIp/],
    ],
    [
      "distributed with clusterIp",
      "ilb-wsfc",
      (c) => Object.assign(c.software, { managementPoint: "distributed", clusterIp: "10.4.0.50" }),
      ["software.clusterIp", /has no cluster IP/],
    ],
  ]));

describe("interconnect", () =>
  table(interconnect, [
    ["the domain seed's interconnect", "ilb-wsfc-domain", () => {}, "pass"],
    [
      "on a CLUSTERPRO cluster",
      "ilb-linux",
      (c) => (c.network.interconnectSubnetPrefix = "10.5.0.128/25"),
      ["network.interconnectSubnetPrefix", /a WSFC option/],
    ],
    [
      "not a CIDR",
      "ilb-wsfc-domain",
      (c) => (c.network.interconnectSubnetPrefix = "10.4.1.0"),
      ["network.interconnectSubnetPrefix", /expected an IPv4 CIDR/],
    ],
    [
      "host bits set",
      "ilb-wsfc-domain",
      (c) => (c.network.interconnectSubnetPrefix = "10.4.1.1/24"),
      ["network.interconnectSubnetPrefix", /did you mean 10\.4\.1\.0\/24\?/],
    ],
    [
      "smaller than /29",
      "ilb-wsfc-domain",
      (c) => (c.network.interconnectSubnetPrefix = "10.4.1.0/30"),
      ["network.interconnectSubnetPrefix", /\/29 or larger/],
    ],
    [
      "outside the VNet",
      "ilb-wsfc-domain",
      (c) => (c.network.interconnectSubnetPrefix = "10.9.1.0/24"),
      ["network.interconnectSubnetPrefix", /inside the VNet address space 10\.4\.0\.0\/16/],
    ],
    [
      "overlapping the subnet",
      "ilb-wsfc-domain",
      (c) => (c.network.interconnectSubnetPrefix = "10.4.0.128/25"),
      ["network.interconnectSubnetPrefix", /overlaps network\.subnetPrefix 10\.4\.0\.0\/24/],
    ],
    [
      "a one-NIC VM size",
      "ilb-wsfc-domain",
      (c) => (c.vm.size = "Standard_DC2s_v2"),
      ["vm.size", /allows one NIC only/],
    ],
  ]));

describe("interconnectIps", () =>
  table(interconnectIps, [
    ["the domain seed's addresses", "ilb-wsfc-domain", () => {}, "pass"],
    [
      "a node without one",
      "ilb-wsfc-domain",
      (c) => delete c.nodes[1].interconnectIp,
      ["nodes[1].interconnectIp", /every node needs an interconnectIp/],
    ],
    [
      "one without the interconnect subnet",
      "ilb-wsfc",
      (c) => (c.nodes[0].interconnectIp = "10.4.1.11"),
      ["nodes[0].interconnectIp", /needs network\.interconnectSubnetPrefix/],
    ],
    [
      "not an address",
      "ilb-wsfc-domain",
      (c) => (c.nodes[0].interconnectIp = "ic1"),
      ["nodes[0].interconnectIp", /expected an IPv4 address such as 10\.4\.1\.11/],
    ],
    [
      "an address twice",
      "ilb-wsfc-domain",
      (c) => (c.nodes[1].interconnectIp = "10.4.1.11"),
      ["nodes[1].interconnectIp", /already wsfc-node1's interconnect address/],
    ],
    [
      "outside the interconnect subnet",
      "ilb-wsfc-domain",
      (c) => (c.nodes[0].interconnectIp = "10.4.2.11"),
      ["nodes[0].interconnectIp", /must lie inside the subnet 10\.4\.1\.0\/24/],
    ],
  ]));

describe("clusterpro", () =>
  table(clusterpro, [
    ["the internal-LB seed", "ilb-linux", () => {}, "pass"],
    ["the public-LB seed", "plb-linux", () => {}, "pass"],
    ["the Windows DNS seed", "dns-windows", () => {}, "pass"],
    ["seed 004's Azure CLI path", "dns-windows", (c) => (c.software.azureCliPath = AZ_X86), "pass"],
    [
      "a cluster name with '_' and '-'",
      "ilb-linux",
      (c) => (c.software.clusterName = "c_1-a"),
      "pass",
    ],
    [
      "version 4.2",
      "ilb-linux",
      (c) => (c.software.version = "4.2"),
      ["software.version", /clpcfset, bundled since X 4\.3/],
    ],
    [
      "version 5.1",
      "ilb-linux",
      (c) => (c.software.version = "5.1"),
      ["software.version", /X 5\.1\+ recommends clpcfadm\.py/],
    ],
    [
      "a version with a trailing newline",
      "ilb-linux",
      (c) => (c.software.version = "5.0\n"),
      ["software.version", /expected a version/],
    ],
    [
      "a cluster name starting with a digit",
      "ilb-linux",
      (c) => (c.software.clusterName = "1cluster"),
      ["software.clusterName", /starting with a letter/],
    ],
    [
      "a cluster name with a TAB",
      "ilb-linux",
      (c) => (c.software.clusterName = "clus\tter"),
      ["software.clusterName", /1–31 letters/],
    ],
    [
      "a cluster name with a newline",
      "dns-windows",
      (c) => (c.software.clusterName = "clus\nter"),
      ["software.clusterName", /1–31 letters/],
    ],
    [
      "a Linux Azure CLI path with a shell break-out",
      "dns-linux",
      (c) => (c.software.azureCliPath = "/bin/true'; touch /tmp/p; '"),
      ["software.azureCliPath", /absolute path of letters, digits.*\(linux\)/],
    ],
    [
      "an Azure CLI path with a TAB",
      "dns-linux",
      (c) => (c.software.azureCliPath = "/usr/bin/\taz"),
      ["software.azureCliPath", /absolute path/],
    ],
    [
      "a Windows Azure CLI path with a newline",
      "dns-windows",
      (c) => (c.software.azureCliPath = "C:\\az\n.cmd"),
      ["software.azureCliPath", /absolute path .*\(windows\)/],
    ],
    [
      "a Linux path on Windows",
      "dns-windows",
      (c) => (c.software.azureCliPath = "/usr/bin/az"),
      ["software.azureCliPath", /\(windows\)/],
    ],
    [
      "a mount point with a newline",
      "ilb-linux",
      (c) => (c.software.mirrorDisk = { mountPoint: "/mnt/md\n/etc" }),
      ["software.mirrorDisk.mountPoint", /absolute path.*e\.g\. \/mnt\/md/],
    ],
    [
      "a mount point with a TAB",
      "ilb-linux",
      (c) => (c.software.mirrorDisk = { mountPoint: "/mnt/\tmd" }),
      ["software.mirrorDisk.mountPoint", /absolute path/],
    ],
    [
      "a heartbeat interval equal to the timeout",
      "ilb-linux",
      (c) => (c.software.heartbeat = { timeoutSec: 30, intervalSec: 30 }),
      ["software.heartbeat.intervalSec", /must be shorter than heartbeat\.timeoutSec \(30 s\)/],
    ],
    [
      "an NP endpoint with a shell break-out",
      "plb-linux",
      (c) => (c.software.networkPartition = { endpoint: "x'$(touch /tmp/p)'" }),
      ["software.networkPartition.endpoint", /expected a host name/],
    ],
    [
      "an NP endpoint with a newline",
      "dns-linux",
      (c) => (c.software.networkPartition = { endpoint: "management.azure.com\nreboot" }),
      ["software.networkPartition.endpoint", /expected a host name/],
    ],
    [
      "17 ping targets",
      "ilb-linux",
      (c) => (c.software.networkPartition.pingTargets = range(17, (i) => `10.5.0.${5 + i}`)),
      ["software.networkPartition.pingTargets", /lists 17 targets; at most 16/],
    ],
    [
      "an internal LB without ping targets",
      "ilb-linux",
      (c) => delete c.software.networkPartition,
      ["software.networkPartition.pingTargets", /resolves network partitions by ping/],
    ],
    [
      "a monitor NP field on the internal LB",
      "ilb-linux",
      (c) => (c.software.networkPartition.endpoint = "management.azure.com"),
      ["software.networkPartition.endpoint", /belongs to monitor-based NP/],
    ],
    [
      "ping targets on the public LB",
      "plb-linux",
      (c) => (c.software.networkPartition = { pingTargets: ["10.5.0.5"] }),
      ["software.networkPartition.pingTargets", /resolves network partitions with monitors/],
    ],
    [
      "a pre-final script timeout on DNS",
      "dns-linux",
      (c) => (c.software.networkPartition = { preFinalScriptTimeoutSec: 30 }),
      ["software.networkPartition.preFinalScriptTimeoutSec", /only the public-LB topology/],
    ],
    [
      "a ping target not an address",
      "ilb-linux",
      (c) => (c.software.networkPartition.pingTargets = ["gw"]),
      ["software.networkPartition.pingTargets[0]", /expected an IPv4 address/],
    ],
    [
      "a node as ping target",
      "ilb-linux",
      (c) => (c.software.networkPartition.pingTargets = ["10.5.0.111"]),
      [
        "software.networkPartition.pingTargets[0]",
        /is node2's address; a ping target must be a third host/,
      ],
    ],
    [
      "the VIP as ping target",
      "ilb-linux",
      (c) => (c.software.networkPartition.pingTargets = ["10.5.0.200"]),
      ["software.networkPartition.pingTargets[0]", /ILB frontend, which does not answer ping/],
    ],
    [
      "a shutdown monitor timeout",
      "ilb-linux",
      (c) => (c.software.shutdownMonitorTimeoutSec = 60),
      ["software.shutdownMonitorTimeoutSec", /cannot be set/],
    ],
    [
      "a private zone",
      "dns-linux",
      (c) => (c.dns.private = true),
      ["dns.private", /public zones only/],
    ],
    [
      "DNS without a service principal",
      "dns-linux",
      (c) => delete c.dns.updater,
      ["dns.updater", /logs in as a service principal/],
    ],
    [
      "the same drive letter twice",
      "dns-windows",
      (c) => (c.software.mirrorDisk = { driveLetter: "E", clusterPartitionDriveLetter: "e" }),
      ["software.mirrorDisk.driveLetter", /must differ from clusterPartitionDriveLetter/],
    ],
  ]));

describe("dnsUpdaterUse", () =>
  table(dnsUpdaterUse, [
    ["CLUSTERPRO's service principal", "dns-linux", () => {}, "pass"],
    ["WSFC without one", "dns-wsfc", () => {}, "pass"],
    [
      "an updater with software none",
      "dns-linux",
      (c) => (c.software = { kind: "none" }),
      ["dns.updater", /with software none nothing uses it/],
    ],
    [
      "an updater on WSFC",
      "dns-wsfc",
      (c) =>
        (c.dns.updater = {
          tenantId: "11111111-2222-3333-4444-555555555555",
          appId: "66666666-7777-8888-9999-000000000000",
          objectId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          certificatePem: { secure: "x" },
        }),
      ["dns.updater", /managed identity attached to the nodes/],
    ],
  ]));

describe("loadBalancer", () =>
  table(loadBalancer, [
    ["CLUSTERPRO behind the internal LB", "ilb-linux", () => {}, "pass"],
    ["WSFC behind the internal LB", "ilb-wsfc", () => {}, "pass"],
    ["WSFC behind the public LB", "plb-wsfc", () => {}, "pass"],
    [
      "HA ports",
      "ilb-wsfc",
      (c) => {
        c.internalLb.haPorts = true;
        c.internalLb.rules = [{ frontendPort: 0, backendPort: 0, protocol: "All" }];
      },
      "pass",
    ],
    [
      "WSFC without floating IP",
      "ilb-wsfc",
      (c) => (c.internalLb.floatingIp = false),
      ["internalLb.floatingIp", /WSFC needs floating IP/],
    ],
    [
      "a VIP not an address",
      "ilb-linux",
      (c) => (c.internalLb.frontendIp = "vip"),
      ["internalLb.frontendIp", /expected an IPv4 address in the subnet/],
    ],
    [
      "a node's address as VIP",
      "ilb-linux",
      (c) => (c.internalLb.frontendIp = "10.5.0.110"),
      [
        "internalLb.frontendIp",
        /is node1's address; the VIP must be a free address in 10\.5\.0\.0\/24/,
      ],
    ],
    [
      "a VIP outside the subnet",
      "ilb-linux",
      (c) => (c.internalLb.frontendIp = "10.6.0.200"),
      ["internalLb.frontendIp", /the VIP must lie inside the subnet/],
    ],
    [
      "an uppercase DNS label",
      "plb-wsfc",
      (c) => (c.publicLb.dnsLabel = "Demo"),
      ["publicLb.dnsLabel", /3–63 lowercase letters/],
    ],
    [
      "a client source not a prefix",
      "ilb-linux",
      (c) => (c.internalLb.clientSources = ["my office"]),
      ["internalLb.clientSources[0]", /expected a CIDR, an IPv4 address, \* or a service tag/],
    ],
    [
      "a client source with host bits",
      "plb-linux",
      (c) => (c.publicLb.clientSources = ["203.0.113.7/24"]),
      ["publicLb.clientSources[0]", /did you mean 203\.0\.113\.0\/24\?/],
    ],
    [
      "another rule beside HA ports",
      "ilb-wsfc",
      (c) => (c.internalLb.haPorts = true),
      ["internalLb.rules[0]", /haPorts is on: it makes one rule/],
    ],
    [
      "an internal LB without rules",
      "ilb-linux",
      (c) => delete c.internalLb.rules,
      ["internalLb.rules", /needs at least one rule, or haPorts: true/],
    ],
    [
      "protocol All on the internal LB without haPorts",
      "ilb-wsfc",
      (c) => (c.internalLb.rules = [{ frontendPort: 0, backendPort: 0, protocol: "All" }]),
      ["internalLb.rules[0]", /set internalLb\.haPorts: true instead/],
    ],
    [
      "port 0 on the public LB",
      "plb-wsfc",
      (c) => (c.publicLb.rules = [{ frontendPort: 0, backendPort: 0, protocol: "All" }]),
      ["publicLb.rules[0]", /exist on internal Standard LBs only/],
    ],
    [
      "CLUSTERPRO with floating IP on the public LB",
      "plb-linux",
      (c) => (c.publicLb.floatingIp = true),
      ["publicLb.floatingIp", /floating IP \(DSR\) is built for the internal LB only/],
    ],
    [
      "CLUSTERPRO DSR with a changed port",
      "ilb-linux",
      (c) => (c.internalLb.floatingIp = true),
      ["internalLb.rules[0].backendPort", /backendPort must equal frontendPort \(80\)/],
    ],
    [
      "floating IP with software none",
      "ilb-linux",
      (c) => {
        c.software = { kind: "none" };
        c.internalLb.floatingIp = true;
      },
      ["internalLb.floatingIp", /with software none the traffic would be dropped/],
    ],
    [
      "a frontend port twice",
      "ilb-linux",
      (c) => c.internalLb.rules.push({ frontendPort: 80, backendPort: 8081 }),
      ["internalLb.rules[1].frontendPort", /rules\[0\] already uses Tcp 80 on this frontend/],
    ],
    [
      "a backend port twice without floating IP",
      "ilb-linux",
      (c) => c.internalLb.rules.push({ frontendPort: 81, backendPort: 8080 }),
      ["internalLb.rules[1].backendPort", /RulesUseSameBackendPortProtocolAndPool/],
    ],
    [
      "the probe port in a rule",
      "ilb-linux",
      (c) => (c.internalLb.rules = [{ frontendPort: 26001, backendPort: 26001 }]),
      ["internalLb.probePort", /is used by rules\[0\] \(26001→26001\)/],
    ],
  ]));

const LONG = (n: number) => "a".repeat(n);
describe("dns", () =>
  table(dns, [
    ["the CLUSTERPRO DNS seed", "dns-linux", () => {}, "pass"],
    ["the WSFC private-zone seed", "dns-wsfc", () => {}, "pass"],
    ["the zone apex", "dns-linux", (c) => (c.dns.recordName = "@"), "pass"],
    [
      "a one-label zone",
      "dns-linux",
      (c) => (c.dns.zoneName = "zone"),
      ["dns.zoneName", /two or more labels/],
    ],
    [
      "a record name with a space",
      "dns-linux",
      (c) => (c.dns.recordName = "my record"),
      ["dns.recordName", /one DNS label/],
    ],
    [
      "an existing zone's group ending in '.'",
      "dns-linux",
      (c) => (c.dns.existingZone = { resourceGroupName: "dns." }),
      ["dns.existingZone.resourceGroupName", /expected a resource group name/],
    ],
    [
      "a tenant id not a GUID",
      "dns-linux",
      (c) => (c.dns.updater.tenantId = "contoso"),
      ["dns.updater.tenantId", /expected a GUID/],
    ],
    [
      "the guides' User URI as appId",
      "dns-linux",
      (c) => (c.dns.updater.appId = "http://azure-test"),
      ["dns.updater.appId", /not the User URI/],
    ],
    [
      "a name over 253 characters",
      "dns-linux",
      (c) => {
        c.dns.zoneName = `${LONG(63)}.${LONG(63)}.${LONG(63)}`;
        c.dns.recordName = LONG(63);
      },
      ["dns.recordName", /makes the name 255 characters long; a DNS name has at most 253/],
    ],
    [
      "a client port twice",
      "dns-linux",
      (c) => (c.dns.clientPorts = [8080, 8080]),
      ["dns.clientPorts[1]", /duplicates clientPorts\[0\]/],
    ],
    [
      "a client source not a prefix",
      "dns-linux",
      (c) => (c.dns.clientSources = ["my office"]),
      ["dns.clientSources[0]", /expected a CIDR/],
    ],
    [
      "client sources without client ports",
      "dns-linux",
      (c) => {
        delete c.dns.clientPorts;
        c.dns.clientSources = ["10.0.0.0/8"];
      },
      ["dns.clientSources", /opens nothing without dns\.clientPorts/],
    ],
    [
      "a private zone on a subnet id without its VNet",
      "dns-wsfc",
      (c) => (c.network = { subnetId: "/subscriptions/x/subnets/y", subnetPrefix: "10.7.0.0/24" }),
      ["network.subnetId", /a private DNS zone is linked to the subnet's VNet/],
    ],
  ]));

describe("dnsUpdaterRole", () =>
  table(dnsUpdaterRole, [
    ["the shared custom role", "dns-wsfc", (c) => (c.dns.updaterRole = "custom"), "pass"],
    [
      "a role definition id",
      "dns-wsfc",
      (c) =>
        (c.dns.updaterRole = {
          roleDefinitionId:
            "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/befefa01-2a29-4197-83a8-272ff33ce314",
        }),
      "pass",
    ],
    [
      "a role name as id",
      "dns-wsfc",
      (c) => (c.dns.updaterRole = { roleDefinitionId: "DNS Zone Contributor" }),
      ["dns.updaterRole.roleDefinitionId", /roleDefinitions\/<guid>/],
    ],
  ]));

describe("listMaxima", () =>
  table(listMaxima, [
    [
      "100 client ports",
      "dns-linux",
      (c) => (c.dns.clientPorts = range(100, (i) => 8000 + i)),
      "pass",
    ],
    [
      "101 client ports",
      "dns-linux",
      (c) => (c.dns.clientPorts = range(101, (i) => 8000 + i)),
      ["dns.clientPorts", /lists 101 entries; at most 100/],
    ],
    [
      "101 DNS client sources",
      "dns-linux",
      (c) => (c.dns.clientSources = range(101, (i) => `10.${i}.0.0/16`)),
      ["dns.clientSources", /at most 100/],
    ],
    [
      "101 internal-LB client sources",
      "ilb-linux",
      (c) => (c.internalLb.clientSources = range(101, (i) => `10.${i}.0.0/16`)),
      ["internalLb.clientSources", /at most 100/],
    ],
    [
      "101 public-LB client sources",
      "plb-linux",
      (c) => (c.publicLb.clientSources = range(101, (i) => `10.${i}.0.0/16`)),
      ["publicLb.clientSources", /at most 100/],
    ],
    [
      "101 internal-LB rules",
      "ilb-linux",
      (c) =>
        (c.internalLb.rules = range(101, (i) => ({
          frontendPort: 1000 + i,
          backendPort: 1000 + i,
        }))),
      ["internalLb.rules", /at most 100/],
    ],
    [
      "101 public-LB rules",
      "plb-linux",
      (c) =>
        (c.publicLb.rules = range(101, (i) => ({ frontendPort: 1000 + i, backendPort: 1000 + i }))),
      ["publicLb.rules", /at most 100/],
    ],
    [
      "33 shared disks",
      "ilb-wsfc",
      (c) => (c.sharedDisks = range(33, (i) => ({ name: `d${i}`, sizeGb: 256 }))),
      ["sharedDisks", /lists 33 entries; at most 32/],
    ],
  ]));

describe("managementPorts", () =>
  table(managementPorts, [
    ["web ports", "plb-linux", () => {}, "pass"],
    [
      "RDP from a narrow prefix",
      "plb-windows",
      (c) => {
        c.publicLb.clientSources = ["203.0.113.0/24"];
        c.publicLb.rules.push({ frontendPort: 3389, backendPort: 3389 });
      },
      "pass",
    ],
    [
      "SSH on a DNS client port from the VNet",
      "dns-linux",
      (c) => (c.dns.clientPorts = [22]),
      "pass",
    ],
    [
      "SSH from the default Internet source",
      "plb-linux",
      (c) => c.publicLb.rules.push({ frontendPort: 22, backendPort: 22 }),
      [
        "publicLb.rules[1]",
        /opens SSH \(port 22\) to Internet \(publicLb\.clientSources, default Internet\).*Azure Bastion/,
      ],
    ],
    [
      "RDP behind another port from 0.0.0.0/0",
      "plb-windows",
      (c) => {
        c.publicLb.clientSources = ["0.0.0.0/0"];
        c.publicLb.rules.push({ frontendPort: 50000, backendPort: 3389 });
      },
      ["publicLb.rules[1]", /opens RDP \(port 3389\) to 0\.0\.0\.0\/0/],
    ],
    [
      "WinRM on a DNS client port from *",
      "dns-linux",
      (c) => {
        c.dns.clientPorts = [8080, 5986];
        c.dns.clientSources = ["*"];
      },
      ["dns.clientPorts[1]", /opens WinRM over HTTPS \(port 5986\) to \*/],
    ],
  ]));

describe("tags", () =>
  table(tags, [
    [
      "40 tags",
      "ilb-linux",
      (c) => (c.tags = Object.fromEntries(range(40, (i) => [`t${i}`, "x"]))),
      "pass",
    ],
    [
      "a 129-character name without a storage account",
      "ilb-linux",
      (c) => (c.tags = { [LONG(129)]: "x" }),
      "pass",
    ],
    [
      "41 tags",
      "ilb-linux",
      (c) => (c.tags = Object.fromEntries(range(41, (i) => [`t${i}`, "x"]))),
      ["tags", /lists 41 tags; at most 40: Azure allows 50 per resource/],
    ],
    [
      "a name with <",
      "ilb-linux",
      (c) => (c.tags = { "a<b": "x" }),
      ["tags.a<b", /without < > % & \\ \? \/ or control characters/],
    ],
    [
      "a name with a control character",
      "ilb-linux",
      (c) => (c.tags = { "a\u0001b": "x" }),
      ["tags.a\u0001b", /control characters/],
    ],
    [
      "a 513-character name",
      "ilb-linux",
      (c) => (c.tags = { [LONG(513)]: "x" }),
      [`tags.${LONG(513)}`, /1–512 characters/],
    ],
    [
      "a 129-character name with a cloud witness (storage account)",
      "ilb-wsfc",
      (c) => (c.tags = { [LONG(129)]: "x" }),
      [`tags.${LONG(129)}`, /1–128 characters \(the cloud witness is a storage account/],
    ],
    [
      "a 257-character value",
      "ilb-linux",
      (c) => (c.tags = { owner: LONG(257) }),
      ["tags.owner", /at most 256 characters/],
    ],
    [
      "the reserved ha-cluster key",
      "ilb-linux",
      (c) => (c.tags = { "ha-cluster": "phantom" }),
      ["tags.ha-cluster", /ha-cluster\* tag keys are reserved/],
    ],
    [
      "a reserved key in another case",
      "ilb-linux",
      (c) => (c.tags = { "HA-Cluster-Timing": "sw=none" }),
      ["tags.HA-Cluster-Timing", /reserved/],
    ],
  ]));

describe("the composition", () => {
  it("runs every validator once, in the documented order", () => {
    expect(VALIDATORS.map(([name]) => name)).toEqual([
      "topology",
      "network",
      "nodes",
      "nodeCount",
      "placement",
      "vm",
      "groupAndLocation",
      "disks",
      "failover",
      "wsfc",
      "clusterpro",
      "dnsUpdaterUse",
      "loadBalancer",
      "wsfcClusterIp",
      "dns",
      "listMaxima",
      "managementPorts",
      "tags",
      "wsfcManagementPoint",
      "dnsServers",
      "interconnect",
      "dnsUpdaterRole",
      "interconnectIps",
      "scriptBudget",
    ]);
    expect(new Set(VALIDATORS.map(([, v]) => v)).size).toBe(VALIDATORS.length);
  });

  it("validateEntry reports what the validators report, in their order", () => {
    const raw = stackCluster("ilb-linux") as any;
    raw.vm.adminUsername = "root"; // vm
    raw.nodes[0].privateIp = "10.6.0.10"; // nodes
    raw.tags = { "ha-cluster": "x" }; // tags
    clusterEntrySchema.parse(raw); // the shape passes; the validators see the entry as written
    const all = validateEntry(raw, ["clusters", 0], raw);
    expect(all.map((p) => p.path)).toEqual([
      "clusters[0].nodes[0].privateIp",
      "clusters[0].vm.adminUsername",
      "clusters[0].tags.ha-cluster",
    ]);
    expect(all).toEqual(runValidators([nodes, vm, tags], raw, ["clusters", 0], raw));
  });

  it("every seed stack passes every validator", () => {
    for (const s of ["ilb-linux", "ilb-windows", "plb-wsfc", "dns-windows", "ilb-wsfc-domain"])
      expect(() => parseClusters([stackCluster(s)], { source: "stack" })).not.toThrow();
  });
});
