/**
 * The building block every cluster component shares: resource group, network (VNet + subnet or
 * a given subnet), NSG, NAT gateway egress, placement, NICs with static IPs, VMs, data disks and
 * shared disks. No node gets a public IP.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import { childName } from "./core/naming";
import { interconnectNsgRulesFor, type NsgRule } from "./core/nsg";
import { linuxPatchSettings, windowsPatchSettings } from "./core/patching";
import { INTERCONNECT_NSG_TAG } from "./core/rules/resources";
import type { input } from "@pulumi/azure-native/types";
type DataDiskArgs = input.compute.DataDiskArgs;
import type { ResolvedCluster } from "./core/types";

/** The network side of a cluster. */
export interface ClusterNetwork {
  /** Name of the cluster's resource group. */
  resourceGroupName: pulumi.Output<string>;
  /** The resource group, when the component created it. */
  resourceGroup?: resources.ResourceGroup;
  /** The VNet, when the component created it. */
  vnet?: network.VirtualNetwork;
  /** The subnet, when the component created it. */
  subnet?: network.Subnet;
  /** Id of the nodes' subnet (created or given). */
  subnetId: pulumi.Output<string>;
  /** The VNet id when the component created it (DNS private zone links need it). */
  vnetId?: pulumi.Output<string>;
  /** The NSG on every node NIC: only the rules the topology needs. */
  nsg: network.NetworkSecurityGroup;
  /** The NAT gateway giving the nodes egress (absent when skipped or with a given subnet). */
  natGateway?: network.NatGateway;
  /** The NAT gateway's public IP. */
  natPublicIp?: network.PublicIPAddress;
  /** WSFC interconnect: the second subnet (cluster traffic only). */
  interconnectSubnet?: network.Subnet;
  /** WSFC interconnect: the NSG of the second NICs (cluster ports between nodes only). */
  interconnectNsg?: network.NetworkSecurityGroup;
}

function securityRules(rules: NsgRule[]) {
  return rules.map((r) => ({
    name: r.name,
    priority: r.priority,
    direction: "Inbound",
    access: r.access ?? "Allow",
    protocol: r.protocol,
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    ...(r.sourceAddressPrefixes.length === 1
      ? { sourceAddressPrefix: r.sourceAddressPrefixes[0] }
      : { sourceAddressPrefixes: r.sourceAddressPrefixes }),
    ...(r.destinationPortRanges.length === 1
      ? { destinationPortRange: r.destinationPortRanges[0] }
      : { destinationPortRanges: r.destinationPortRanges }),
    description: r.description,
  }));
}

/** What every child of one cluster's network or nodes shares: names, parent, common inputs. */
interface BuildScope {
  /** The component's name (child names derive from it). */
  name: string;
  c: ResolvedCluster;
  opts: { parent: pulumi.Resource };
  /** resourceGroupName, location and tags, spread into every child that takes them. */
  base: {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tags: Record<string, string>;
  };
}

/** The network a cluster creates itself (a VNet, not a given subnet). */
type CreatedNetwork = Extract<ResolvedCluster["network"], { kind: "created" }>;

/** Creates the resource group (unless it exists), VNet/subnet, NSG and NAT gateway. */
export function buildNetwork(
  name: string,
  c: ResolvedCluster,
  nsgRules: NsgRule[],
  tags: Record<string, string>,
  parent: pulumi.Resource,
): ClusterNetwork {
  const opts = { parent };
  const resourceGroup = c.createResourceGroup
    ? new resources.ResourceGroup(
        childName(name, "rg"),
        { resourceGroupName: c.resourceGroupName, location: c.location, tags },
        opts,
      )
    : undefined;
  const resourceGroupName = resourceGroup ? resourceGroup.name : pulumi.output(c.resourceGroupName);
  const scope: BuildScope = {
    name,
    c,
    opts,
    base: { resourceGroupName, location: c.location, tags },
  };

  const nsg = new network.NetworkSecurityGroup(
    childName(name, "nsg"),
    {
      ...scope.base,
      networkSecurityGroupName: childName(name, "nsg"),
      securityRules: securityRules(nsgRules),
    },
    opts,
  );

  if (c.network.kind === "existing") {
    return { resourceGroupName, resourceGroup, subnetId: pulumi.output(c.network.subnetId), nsg };
  }

  const nat = c.network.natGateway ? buildNatEgress(scope) : undefined;
  const { vnet, subnet } = buildVnet(scope, c.network, nat?.natGateway);
  const interconnect = c.network.interconnectSubnetPrefix
    ? buildInterconnect(scope, c.network, c.network.interconnectSubnetPrefix, vnet, subnet)
    : undefined;
  return {
    resourceGroupName,
    resourceGroup,
    vnet,
    subnet,
    subnetId: subnet.id,
    vnetId: vnet.id,
    nsg,
    natGateway: nat?.natGateway,
    natPublicIp: nat?.natPublicIp,
    interconnectSubnet: interconnect?.interconnectSubnet,
    interconnectNsg: interconnect?.interconnectNsg,
  };
}

/** The NAT gateway and its public IP: the nodes' egress. */
function buildNatEgress(s: BuildScope): {
  natGateway: network.NatGateway;
  natPublicIp: network.PublicIPAddress;
} {
  // Egress that does not depend on which node is active: installers, Azure CLI logins,
  // the port checker and DNS updates all need it; Standard LB backends get none by default.
  const natPublicIp = new network.PublicIPAddress(
    childName(s.name, "nat-pip"),
    {
      ...s.base,
      publicIpAddressName: childName(s.name, "nat-pip"),
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      publicIPAddressVersion: "IPv4",
    },
    s.opts,
  );
  const natGateway = new network.NatGateway(
    childName(s.name, "nat"),
    {
      ...s.base,
      natGatewayName: childName(s.name, "nat"),
      sku: { name: "Standard" },
      idleTimeoutInMinutes: 4,
      publicIpAddresses: [{ id: natPublicIp.id }],
    },
    s.opts,
  );
  return { natGateway, natPublicIp };
}

/** The VNet and the nodes' subnet (egress through the NAT gateway, if any). */
function buildVnet(
  s: BuildScope,
  net: CreatedNetwork,
  natGateway: network.NatGateway | undefined,
): { vnet: network.VirtualNetwork; subnet: network.Subnet } {
  const vnet = new network.VirtualNetwork(
    childName(s.name, "vnet"),
    {
      ...s.base,
      virtualNetworkName: net.vnetName,
      addressSpace: { addressPrefixes: [net.addressSpace] },
      // The VNet's DHCP options: the nodes resolve through these (a domain's DCs).
      dhcpOptions: net.dnsServers.length > 0 ? { dnsServers: [...net.dnsServers] } : undefined,
    },
    s.opts,
  );
  const subnet = new network.Subnet(
    childName(s.name, "subnet"),
    {
      resourceGroupName: s.base.resourceGroupName,
      virtualNetworkName: vnet.name,
      subnetName: net.subnetName,
      addressPrefix: net.subnetPrefix,
      natGateway: natGateway ? { id: natGateway.id } : undefined,
      // The nodes never need default outbound access: egress is the NAT gateway (or yours).
      defaultOutboundAccess: false,
    },
    s.opts,
  );
  return { vnet, subnet };
}

/** WSFC interconnect (seed 000): a second subnet with its own NSG, no NAT gateway, no LB. */
function buildInterconnect(
  s: BuildScope,
  net: CreatedNetwork,
  prefix: string,
  vnet: network.VirtualNetwork,
  subnet: network.Subnet,
): { interconnectSubnet: network.Subnet; interconnectNsg: network.NetworkSecurityGroup } {
  const interconnectNsg = new network.NetworkSecurityGroup(
    childName(s.name, "interconnect-nsg"),
    {
      ...s.base,
      networkSecurityGroupName: childName(s.name, "interconnect-nsg"),
      tags: { ...s.base.tags, [INTERCONNECT_NSG_TAG]: "interconnect" },
      securityRules: securityRules(interconnectNsgRulesFor(s.c)),
    },
    s.opts,
  );
  const interconnectSubnet = new network.Subnet(
    childName(s.name, "interconnect-subnet"),
    {
      resourceGroupName: s.base.resourceGroupName,
      virtualNetworkName: vnet.name,
      subnetName: `${net.subnetName}-interconnect`,
      addressPrefix: prefix,
      networkSecurityGroup: { id: interconnectNsg.id },
      defaultOutboundAccess: false,
    },
    // Subnets of one VNet are written one at a time (ARM: AnotherOperationInProgress).
    { ...s.opts, dependsOn: [subnet] },
  );
  return { interconnectSubnet, interconnectNsg };
}

/** Per-node extras the client path decides. */
export interface NodeAttachments {
  /** LB backend pool ids the NICs join. */
  backendPoolIds?: pulumi.Input<string>[];
  /** User-assigned identities attached to every VM. */
  identityIds?: pulumi.Input<string>[];
}

/** The compute side of a cluster. */
export interface ClusterNodes {
  /** The availability set (absent with zones). */
  availabilitySet?: compute.AvailabilitySet;
  /** The local administrator password (secret): given, or generated. */
  adminPassword: pulumi.Output<string>;
  /** The node NICs (static private IPs), in node order. */
  nics: network.NetworkInterface[];
  /** WSFC interconnect: the second NICs, in node order (empty without an interconnect). */
  interconnectNics: network.NetworkInterface[];
  /** The VMs, in node order. */
  vms: compute.VirtualMachine[];
  /** The per-node data disks, in node order. */
  dataDisks: compute.Disk[];
  /** The shared disks attached to every node. */
  sharedDisks: compute.Disk[];
}

type ClusterNode = ResolvedCluster["nodes"][number];

/** What every node's VM shares: the cluster's scope plus the cluster-wide children. */
interface NodeScope extends BuildScope {
  net: ClusterNetwork;
  attach: NodeAttachments;
  adminPassword: pulumi.Output<string>;
  availabilitySet?: compute.AvailabilitySet;
  sharedDisks: compute.Disk[];
}

/** Creates placement, NICs, VMs and disks. Names derive from node names, never positions. */
export function buildNodes(
  name: string,
  c: ResolvedCluster,
  net: ClusterNetwork,
  attach: NodeAttachments,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): ClusterNodes {
  const scope: BuildScope = {
    name,
    c,
    opts: { parent },
    base: { resourceGroupName: net.resourceGroupName, location: c.location, tags },
  };
  const adminPassword = buildAdminPassword(scope);
  const availabilitySet = buildAvailabilitySet(scope);
  const sharedDisks = c.sharedDisks.map((d) => buildSharedDisk(scope, d));
  const ns: NodeScope = { ...scope, net, attach, adminPassword, availabilitySet, sharedDisks };

  const nics: network.NetworkInterface[] = [];
  const interconnectNics: network.NetworkInterface[] = [];
  const vms: compute.VirtualMachine[] = [];
  const dataDisks: compute.Disk[] = [];
  for (const node of c.nodes) {
    const nic = buildNodeNic(ns, node);
    nics.push(nic);
    const icNic = buildInterconnectNic(ns, node);
    if (icNic) interconnectNics.push(icNic);
    const dataDisk = buildDataDisk(ns, node);
    if (dataDisk) dataDisks.push(dataDisk);
    vms.push(buildVm(ns, node, nic, icNic, dataDisk));
  }
  return { availabilitySet, adminPassword, nics, interconnectNics, vms, dataDisks, sharedDisks };
}

/** The local administrator password (secret): the given one, or a generated one. */
function buildAdminPassword(s: BuildScope): pulumi.Output<string> {
  if (s.c.vm.adminPassword !== undefined) return pulumi.secret(s.c.vm.adminPassword);
  const generated = new random.RandomPassword(
    childName(s.name, "admin-password"),
    {
      length: 24,
      special: true,
      overrideSpecial: "!#%*()-_=+[]{}:?",
      minLower: 2,
      minUpper: 2,
      minNumeric: 2,
      minSpecial: 2,
    },
    s.opts,
  );
  return pulumi.secret(generated.result);
}

/** The availability set, when the placement is one (none with zones). */
function buildAvailabilitySet(s: BuildScope): compute.AvailabilitySet | undefined {
  const placement = s.c.placement;
  if (placement.kind !== "availabilitySet") return undefined;
  return new compute.AvailabilitySet(
    childName(s.name, "avset"),
    {
      ...s.base,
      availabilitySetName: childName(s.name, "avset"),
      platformFaultDomainCount: placement.faultDomains,
      platformUpdateDomainCount: placement.updateDomains,
      sku: { name: "Aligned" },
    },
    s.opts,
  );
}

/** One shared disk, attached to every node. */
function buildSharedDisk(s: BuildScope, d: ResolvedCluster["sharedDisks"][number]): compute.Disk {
  return new compute.Disk(
    childName(s.name, "shared", d.name),
    {
      ...s.base,
      diskName: childName(s.name, "shared", d.name),
      sku: { name: d.sku },
      diskSizeGB: d.sizeGb,
      maxShares: d.maxShares,
      creationData: { createOption: "Empty" },
    },
    s.opts,
  );
}

/** The node's NIC: static private IP in the nodes' subnet, in the LB backend pools. */
function buildNodeNic(s: NodeScope, node: ClusterNode): network.NetworkInterface {
  return new network.NetworkInterface(
    childName(s.name, node.name, "nic"),
    {
      ...s.base,
      networkInterfaceName: childName(s.name, node.name, "nic"),
      networkSecurityGroup: { id: s.net.nsg.id },
      ipConfigurations: [
        {
          name: "ipconfig1",
          primary: true,
          privateIPAllocationMethod: "Static",
          privateIPAddress: node.privateIp,
          privateIPAddressVersion: "IPv4",
          subnet: { id: s.net.subnetId },
          loadBalancerBackendAddressPools: (s.attach.backendPoolIds ?? []).map((id) => ({ id })),
        },
      ],
    },
    s.opts,
  );
}

/** The interconnect NIC: cluster traffic only; no LB pool, no public IP, its own NSG. */
function buildInterconnectNic(
  s: NodeScope,
  node: ClusterNode,
): network.NetworkInterface | undefined {
  if (!s.net.interconnectSubnet || !node.interconnectIp) return undefined;
  return new network.NetworkInterface(
    childName(s.name, node.name, "interconnect-nic"),
    {
      ...s.base,
      networkInterfaceName: childName(s.name, node.name, "interconnect-nic"),
      networkSecurityGroup: s.net.interconnectNsg ? { id: s.net.interconnectNsg.id } : undefined,
      ipConfigurations: [
        {
          name: "ipconfig1",
          primary: true,
          privateIPAllocationMethod: "Static",
          privateIPAddress: node.interconnectIp,
          privateIPAddressVersion: "IPv4",
          subnet: { id: s.net.interconnectSubnet.id },
        },
      ],
    },
    s.opts,
  );
}

/** The node's own data disk, in the node's zone (when the cluster has one). */
function buildDataDisk(s: NodeScope, node: ClusterNode): compute.Disk | undefined {
  if (!s.c.dataDisk) return undefined;
  return new compute.Disk(
    childName(s.name, node.name, "data"),
    {
      ...s.base,
      diskName: childName(s.name, node.name, "data"),
      sku: { name: s.c.dataDisk.sku },
      diskSizeGB: s.c.dataDisk.sizeGb,
      creationData: { createOption: "Empty" },
      zones: node.zone ? [node.zone] : undefined,
    },
    s.opts,
  );
}

/** The VM's data-disk attachments: its own data disk, then every shared disk. */
function attachedDisks(s: NodeScope, dataDisk: compute.Disk | undefined): DataDiskArgs[] {
  return [
    ...(dataDisk && s.c.dataDisk
      ? [
          {
            lun: s.c.dataDisk.lun,
            createOption: "Attach",
            caching: "None" as const,
            managedDisk: { id: dataDisk.id },
            deleteOption: "Detach",
          },
        ]
      : []),
    ...s.c.sharedDisks.map((d, i) => ({
      lun: d.lun,
      createOption: "Attach",
      // Shared disks must not use host caching (SCSI persistent reservations).
      caching: "None" as const,
      managedDisk: { id: s.sharedDisks[i].id },
      deleteOption: "Detach",
    })),
  ];
}

/** The VM's OS profile: admin login (SSH keys over a password on Linux) and patch settings. */
function osProfile(s: NodeScope, node: ClusterNode) {
  const vm = s.c.vm;
  const windows = vm.osFamily === "windows";
  const keyLogin = !windows && vm.sshPublicKeys.length > 0;
  return {
    computerName: node.name,
    adminUsername: vm.adminUsername,
    adminPassword: keyLogin ? undefined : s.adminPassword,
    ...(windows
      ? {
          // AutomaticByPlatform where Microsoft supports the image (availability-first:
          // one update domain / zone at a time), else Manual; never AutomaticByOS.
          windowsConfiguration: {
            provisionVMAgent: true,
            ...windowsPatchSettings(vm.os),
          },
        }
      : {
          linuxConfiguration: {
            provisionVMAgent: true,
            disablePasswordAuthentication: keyLogin,
            patchSettings: linuxPatchSettings(vm.os),
            ssh: keyLogin
              ? {
                  publicKeys: vm.sshPublicKeys.map((keyData) => ({
                    path: `/home/${vm.adminUsername}/.ssh/authorized_keys`,
                    keyData,
                  })),
                }
              : undefined,
          },
        }),
  };
}

/** The node's VM: its NICs, OS profile, OS disk and attached disks, Trusted Launch. */
function buildVm(
  s: NodeScope,
  node: ClusterNode,
  nic: network.NetworkInterface,
  icNic: network.NetworkInterface | undefined,
  dataDisk: compute.Disk | undefined,
): compute.VirtualMachine {
  const identityIds = s.attach.identityIds;
  return new compute.VirtualMachine(
    childName(s.name, node.name, "vm"),
    {
      ...s.base,
      vmName: node.name,
      hardwareProfile: { vmSize: s.c.vm.size },
      availabilitySet: s.availabilitySet ? { id: s.availabilitySet.id } : undefined,
      zones: node.zone ? [node.zone] : undefined,
      networkProfile: {
        networkInterfaces: [
          { id: nic.id, primary: true, deleteOption: "Detach" },
          ...(icNic ? [{ id: icNic.id, primary: false, deleteOption: "Detach" }] : []),
        ],
      },
      osProfile: osProfile(s, node),
      storageProfile: {
        imageReference: s.c.vm.image,
        osDisk: {
          name: childName(s.name, node.name, "osdisk"),
          createOption: "FromImage",
          caching: "ReadWrite",
          managedDisk: { storageAccountType: s.c.vm.osDiskSku },
          deleteOption: "Delete",
        },
        dataDisks: attachedDisks(s, dataDisk),
      },
      securityProfile: {
        securityType: "TrustedLaunch",
        uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      identity:
        identityIds && identityIds.length > 0
          ? { type: "UserAssigned", userAssignedIdentities: identityIds }
          : undefined,
    },
    s.opts,
  );
}
