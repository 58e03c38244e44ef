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
  const base = { resourceGroupName, location: c.location, tags };

  const nsg = new network.NetworkSecurityGroup(
    childName(name, "nsg"),
    {
      ...base,
      networkSecurityGroupName: childName(name, "nsg"),
      securityRules: securityRules(nsgRules),
    },
    opts,
  );

  if (c.network.kind === "existing") {
    return { resourceGroupName, resourceGroup, subnetId: pulumi.output(c.network.subnetId), nsg };
  }

  let natGateway: network.NatGateway | undefined;
  let natPublicIp: network.PublicIPAddress | undefined;
  if (c.network.natGateway) {
    // Egress that does not depend on which node is active: installers, Azure CLI logins,
    // the port checker and DNS updates all need it; Standard LB backends get none by default.
    natPublicIp = new network.PublicIPAddress(
      childName(name, "nat-pip"),
      {
        ...base,
        publicIpAddressName: childName(name, "nat-pip"),
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
      },
      opts,
    );
    natGateway = new network.NatGateway(
      childName(name, "nat"),
      {
        ...base,
        natGatewayName: childName(name, "nat"),
        sku: { name: "Standard" },
        idleTimeoutInMinutes: 4,
        publicIpAddresses: [{ id: natPublicIp.id }],
      },
      opts,
    );
  }
  const vnet = new network.VirtualNetwork(
    childName(name, "vnet"),
    {
      ...base,
      virtualNetworkName: c.network.vnetName,
      addressSpace: { addressPrefixes: [c.network.addressSpace] },
      // The VNet's DHCP options: the nodes resolve through these (a domain's DCs).
      dhcpOptions:
        c.network.dnsServers.length > 0 ? { dnsServers: [...c.network.dnsServers] } : undefined,
    },
    opts,
  );
  const subnet = new network.Subnet(
    childName(name, "subnet"),
    {
      resourceGroupName,
      virtualNetworkName: vnet.name,
      subnetName: c.network.subnetName,
      addressPrefix: c.network.subnetPrefix,
      natGateway: natGateway ? { id: natGateway.id } : undefined,
      // The nodes never need default outbound access: egress is the NAT gateway (or yours).
      defaultOutboundAccess: false,
    },
    opts,
  );
  // WSFC interconnect (seed 000): a second subnet with its own NSG, no NAT gateway, no LB.
  let interconnectSubnet: network.Subnet | undefined;
  let interconnectNsg: network.NetworkSecurityGroup | undefined;
  if (c.network.interconnectSubnetPrefix) {
    interconnectNsg = new network.NetworkSecurityGroup(
      childName(name, "interconnect-nsg"),
      {
        ...base,
        networkSecurityGroupName: childName(name, "interconnect-nsg"),
        tags: { ...tags, [INTERCONNECT_NSG_TAG]: "interconnect" },
        securityRules: securityRules(interconnectNsgRulesFor(c)),
      },
      opts,
    );
    interconnectSubnet = new network.Subnet(
      childName(name, "interconnect-subnet"),
      {
        resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: `${c.network.subnetName}-interconnect`,
        addressPrefix: c.network.interconnectSubnetPrefix,
        networkSecurityGroup: { id: interconnectNsg.id },
        defaultOutboundAccess: false,
      },
      // Subnets of one VNet are written one at a time (ARM: AnotherOperationInProgress).
      { parent, dependsOn: [subnet] },
    );
  }
  return {
    resourceGroupName,
    resourceGroup,
    vnet,
    subnet,
    subnetId: subnet.id,
    vnetId: vnet.id,
    nsg,
    natGateway,
    natPublicIp,
    interconnectSubnet,
    interconnectNsg,
  };
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

/** Creates placement, NICs, VMs and disks. Names derive from node names, never positions. */
export function buildNodes(
  name: string,
  c: ResolvedCluster,
  net: ClusterNetwork,
  attach: NodeAttachments,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): ClusterNodes {
  const opts = { parent };
  const base = { resourceGroupName: net.resourceGroupName, location: c.location, tags };
  const windows = c.vm.osFamily === "windows";
  const keyLogin = !windows && c.vm.sshPublicKeys.length > 0;

  let adminPassword: pulumi.Output<string>;
  if (c.vm.adminPassword !== undefined) {
    adminPassword = pulumi.secret(c.vm.adminPassword);
  } else {
    const generated = new random.RandomPassword(
      childName(name, "admin-password"),
      {
        length: 24,
        special: true,
        overrideSpecial: "!#%*()-_=+[]{}:?",
        minLower: 2,
        minUpper: 2,
        minNumeric: 2,
        minSpecial: 2,
      },
      opts,
    );
    adminPassword = pulumi.secret(generated.result);
  }

  const availabilitySet =
    c.placement.kind === "availabilitySet"
      ? new compute.AvailabilitySet(
          childName(name, "avset"),
          {
            ...base,
            availabilitySetName: childName(name, "avset"),
            platformFaultDomainCount: c.placement.faultDomains,
            platformUpdateDomainCount: c.placement.updateDomains,
            sku: { name: "Aligned" },
          },
          opts,
        )
      : undefined;

  const sharedDisks = c.sharedDisks.map(
    (d) =>
      new compute.Disk(
        childName(name, "shared", d.name),
        {
          ...base,
          diskName: childName(name, "shared", d.name),
          sku: { name: d.sku },
          diskSizeGB: d.sizeGb,
          maxShares: d.maxShares,
          creationData: { createOption: "Empty" },
        },
        opts,
      ),
  );

  const nics: network.NetworkInterface[] = [];
  const interconnectNics: network.NetworkInterface[] = [];
  const vms: compute.VirtualMachine[] = [];
  const dataDisks: compute.Disk[] = [];
  for (const node of c.nodes) {
    const nic = new network.NetworkInterface(
      childName(name, node.name, "nic"),
      {
        ...base,
        networkInterfaceName: childName(name, node.name, "nic"),
        networkSecurityGroup: { id: net.nsg.id },
        ipConfigurations: [
          {
            name: "ipconfig1",
            primary: true,
            privateIPAllocationMethod: "Static",
            privateIPAddress: node.privateIp,
            privateIPAddressVersion: "IPv4",
            subnet: { id: net.subnetId },
            loadBalancerBackendAddressPools: (attach.backendPoolIds ?? []).map((id) => ({ id })),
          },
        ],
      },
      opts,
    );
    nics.push(nic);

    // The interconnect NIC: cluster traffic only; no LB pool, no public IP, its own NSG.
    const icNic =
      net.interconnectSubnet && node.interconnectIp
        ? new network.NetworkInterface(
            childName(name, node.name, "interconnect-nic"),
            {
              ...base,
              networkInterfaceName: childName(name, node.name, "interconnect-nic"),
              networkSecurityGroup: net.interconnectNsg
                ? { id: net.interconnectNsg.id }
                : undefined,
              ipConfigurations: [
                {
                  name: "ipconfig1",
                  primary: true,
                  privateIPAllocationMethod: "Static",
                  privateIPAddress: node.interconnectIp,
                  privateIPAddressVersion: "IPv4",
                  subnet: { id: net.interconnectSubnet.id },
                },
              ],
            },
            opts,
          )
        : undefined;
    if (icNic) interconnectNics.push(icNic);

    const dataDisk = c.dataDisk
      ? new compute.Disk(
          childName(name, node.name, "data"),
          {
            ...base,
            diskName: childName(name, node.name, "data"),
            sku: { name: c.dataDisk.sku },
            diskSizeGB: c.dataDisk.sizeGb,
            creationData: { createOption: "Empty" },
            zones: node.zone ? [node.zone] : undefined,
          },
          opts,
        )
      : undefined;
    if (dataDisk) dataDisks.push(dataDisk);

    const attachedDisks: DataDiskArgs[] = [
      ...(dataDisk && c.dataDisk
        ? [
            {
              lun: c.dataDisk.lun,
              createOption: "Attach",
              caching: "None" as const,
              managedDisk: { id: dataDisk.id },
              deleteOption: "Detach",
            },
          ]
        : []),
      ...c.sharedDisks.map((d, i) => ({
        lun: d.lun,
        createOption: "Attach",
        // Shared disks must not use host caching (SCSI persistent reservations).
        caching: "None" as const,
        managedDisk: { id: sharedDisks[i].id },
        deleteOption: "Detach",
      })),
    ];

    const vm = new compute.VirtualMachine(
      childName(name, node.name, "vm"),
      {
        ...base,
        vmName: node.name,
        hardwareProfile: { vmSize: c.vm.size },
        availabilitySet: availabilitySet ? { id: availabilitySet.id } : undefined,
        zones: node.zone ? [node.zone] : undefined,
        networkProfile: {
          networkInterfaces: [
            { id: nic.id, primary: true, deleteOption: "Detach" },
            ...(icNic ? [{ id: icNic.id, primary: false, deleteOption: "Detach" }] : []),
          ],
        },
        osProfile: {
          computerName: node.name,
          adminUsername: c.vm.adminUsername,
          adminPassword: keyLogin ? undefined : adminPassword,
          ...(windows
            ? {
                // AutomaticByPlatform where Microsoft supports the image (availability-first:
                // one update domain / zone at a time), else Manual; never AutomaticByOS.
                windowsConfiguration: {
                  provisionVMAgent: true,
                  ...windowsPatchSettings(c.vm.os),
                },
              }
            : {
                linuxConfiguration: {
                  provisionVMAgent: true,
                  disablePasswordAuthentication: keyLogin,
                  patchSettings: linuxPatchSettings(c.vm.os),
                  ssh: keyLogin
                    ? {
                        publicKeys: c.vm.sshPublicKeys.map((keyData) => ({
                          path: `/home/${c.vm.adminUsername}/.ssh/authorized_keys`,
                          keyData,
                        })),
                      }
                    : undefined,
                },
              }),
        },
        storageProfile: {
          imageReference: c.vm.image,
          osDisk: {
            name: childName(name, node.name, "osdisk"),
            createOption: "FromImage",
            caching: "ReadWrite",
            managedDisk: { storageAccountType: c.vm.osDiskSku },
            deleteOption: "Delete",
          },
          dataDisks: attachedDisks,
        },
        securityProfile: {
          securityType: "TrustedLaunch",
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
        },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        identity:
          attach.identityIds && attach.identityIds.length > 0
            ? {
                type: "UserAssigned",
                userAssignedIdentities: attach.identityIds,
              }
            : undefined,
      },
      opts,
    );
    vms.push(vm);
  }
  return { availabilitySet, adminPassword, nics, interconnectNics, vms, dataDisks, sharedDisks };
}
