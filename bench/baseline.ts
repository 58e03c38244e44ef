/**
 * The benchmark's baseline: the cluster of `scenario.ts` written by hand with raw azure-native
 * resources, the way a user would write it without the library. Same resources, same names and
 * the same inputs as HaClusterInternalLb registers for that scenario (RG, VNet, subnet, NSG,
 * NAT public IP + gateway, availability set, LB, NICs, VMs, data disks, RandomPassword); only
 * the component resource itself and the validation/defaulting are missing.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";

/** Creates cluster `name` in resource group `rgName` with raw resources. */
export function rawCluster(name: string, rgName: string): { vms: compute.VirtualMachine[] } {
  const location = "japaneast";
  const tags = { "ha-cluster": name, "ha-cluster-topology": "internal-lb" };

  const password = new random.RandomPassword(`${name}-admin-password`, {
    length: 24,
    special: true,
    overrideSpecial: "!#%*()-_=+[]{}:?",
    minLower: 2,
    minUpper: 2,
    minNumeric: 2,
    minSpecial: 2,
  });
  const adminPassword = pulumi.secret(password.result);

  const rg = new resources.ResourceGroup(`${name}-rg`, {
    resourceGroupName: rgName,
    location,
    tags,
  });
  const base = { resourceGroupName: rg.name, location, tags };

  const nsg = new network.NetworkSecurityGroup(`${name}-nsg`, {
    ...base,
    networkSecurityGroupName: `${name}-nsg`,
    securityRules: [
      {
        name: "allow-lb-probe",
        priority: 100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        sourceAddressPrefix: "AzureLoadBalancer",
        destinationPortRange: "26001",
        description:
          "Azure LB health probe (168.63.129.16) to the probe port 26001; only the active node answers",
      },
      {
        name: "allow-clients-tcp",
        priority: 110,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        sourceAddressPrefix: "VirtualNetwork",
        destinationPortRange: "8080",
        description: "Clients to the backend port(s) behind the internal LB",
      },
    ],
  });

  const natPip = new network.PublicIPAddress(`${name}-nat-pip`, {
    ...base,
    publicIpAddressName: `${name}-nat-pip`,
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
    publicIPAddressVersion: "IPv4",
  });
  const nat = new network.NatGateway(`${name}-nat`, {
    ...base,
    natGatewayName: `${name}-nat`,
    sku: { name: "Standard" },
    idleTimeoutInMinutes: 4,
    publicIpAddresses: [{ id: natPip.id }],
  });
  const vnet = new network.VirtualNetwork(`${name}-vnet`, {
    ...base,
    virtualNetworkName: `${name}-vnet`,
    addressSpace: { addressPrefixes: ["10.5.0.0/24"] },
  });
  const subnet = new network.Subnet(`${name}-subnet`, {
    resourceGroupName: rg.name,
    virtualNetworkName: vnet.name,
    subnetName: `${name}-subnet`,
    addressPrefix: "10.5.0.0/24",
    natGateway: { id: nat.id },
    defaultOutboundAccess: false,
  });

  const lbName = `${name}-lb`;
  const client = authorization.getClientConfigOutput();
  const lbId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${rg.name}/providers/Microsoft.Network/loadBalancers/${lbName}`;
  const lb = new network.LoadBalancer(lbName, {
    ...base,
    loadBalancerName: lbName,
    sku: { name: "Standard", tier: "Regional" },
    frontendIPConfigurations: [
      {
        name: "frontend",
        privateIPAllocationMethod: "Static",
        privateIPAddress: "10.5.0.200",
        privateIPAddressVersion: "IPv4",
        subnet: { id: subnet.id },
      },
    ],
    backendAddressPools: [{ name: "backend" }],
    probes: [
      {
        name: "probe",
        protocol: "Tcp",
        port: 26001,
        intervalInSeconds: 5,
        probeThreshold: 2,
        noHealthyBackendsBehavior: "AllProbedDown",
      },
    ],
    loadBalancingRules: [
      {
        name: "tcp-80",
        protocol: "Tcp",
        frontendPort: 80,
        backendPort: 8080,
        enableFloatingIP: false,
        idleTimeoutInMinutes: 4,
        enableTcpReset: true,
        loadDistribution: "Default",
        frontendIPConfiguration: {
          id: pulumi.interpolate`${lbId}/frontendIPConfigurations/frontend`,
        },
        backendAddressPool: { id: pulumi.interpolate`${lbId}/backendAddressPools/backend` },
        probe: { id: pulumi.interpolate`${lbId}/probes/probe` },
      },
    ],
  });

  const avset = new compute.AvailabilitySet(`${name}-avset`, {
    ...base,
    availabilitySetName: `${name}-avset`,
    platformFaultDomainCount: 2,
    platformUpdateDomainCount: 5,
    sku: { name: "Aligned" },
  });

  const vms: compute.VirtualMachine[] = [];
  for (const node of [
    { name: "node1", ip: "10.5.0.110" },
    { name: "node2", ip: "10.5.0.111" },
  ]) {
    const nic = new network.NetworkInterface(`${name}-${node.name}-nic`, {
      ...base,
      networkInterfaceName: `${name}-${node.name}-nic`,
      networkSecurityGroup: { id: nsg.id },
      ipConfigurations: [
        {
          name: "ipconfig1",
          primary: true,
          privateIPAllocationMethod: "Static",
          privateIPAddress: node.ip,
          privateIPAddressVersion: "IPv4",
          subnet: { id: subnet.id },
          loadBalancerBackendAddressPools: [
            { id: pulumi.interpolate`${lb.id}/backendAddressPools/backend` },
          ],
        },
      ],
    });
    const disk = new compute.Disk(`${name}-${node.name}-data`, {
      ...base,
      diskName: `${name}-${node.name}-data`,
      sku: { name: "Standard_LRS" },
      diskSizeGB: 20,
      creationData: { createOption: "Empty" },
    });
    vms.push(
      new compute.VirtualMachine(`${name}-${node.name}-vm`, {
        ...base,
        vmName: node.name,
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        availabilitySet: { id: avset.id },
        networkProfile: {
          networkInterfaces: [{ id: nic.id, primary: true, deleteOption: "Detach" }],
        },
        osProfile: {
          computerName: node.name,
          adminUsername: "azureuser",
          adminPassword,
          linuxConfiguration: { provisionVMAgent: true, disablePasswordAuthentication: false },
        },
        storageProfile: {
          imageReference: {
            publisher: "RedHat",
            offer: "RHEL",
            sku: "9-lvm-gen2",
            version: "latest",
          },
          osDisk: {
            name: `${name}-${node.name}-osdisk`,
            createOption: "FromImage",
            caching: "ReadWrite",
            managedDisk: { storageAccountType: "StandardSSD_LRS" },
            deleteOption: "Delete",
          },
          dataDisks: [
            {
              lun: 0,
              createOption: "Attach",
              caching: "None",
              managedDisk: { id: disk.id },
              deleteOption: "Detach",
            },
          ],
        },
        securityProfile: {
          securityType: "TrustedLaunch",
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
        },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      }),
    );
  }
  return { vms };
}
