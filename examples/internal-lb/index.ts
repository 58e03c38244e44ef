/**
 * Example: a two-node CLUSTERPRO X (Linux) cluster behind an internal Standard LB (seed 001).
 * Clients in the VNet reach the active node at the VIP 10.5.0.200:80 (→ 8080 on the node).
 *
 *   pulumi config set --secret adminPassword '…'
 *   pulumi config set --secret clusterproLicenses "$(cat licenses.txt)"
 *   pulumi config set --secret clusterproInstallerUrl 'https://…?sv=…'   # a SAS URL
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { HaClusterInternalLb, type HaClusterInternalLbArgs } from "azure-ha-cluster";

const config = new pulumi.Config();

const args: HaClusterInternalLbArgs = {
  resourceGroupName: "ha-ilb-rg",
  location: "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" }, // + a NAT gateway
  nodes: [
    { name: "node1", privateIp: "10.5.0.110" },
    { name: "node2", privateIp: "10.5.0.111" },
  ],
  placement: { availabilitySet: { faultDomains: 2, updateDomains: 5 } },
  vm: {
    size: "Standard_D2s_v5",
    os: "rhel-9",
    adminUsername: "azureuser",
    adminPassword: config.requireSecret("adminPassword"),
    // Pin the image for reproducible environments (the default is "latest"); list versions with
    //   az vm image list --publisher RedHat --offer RHEL --sku 9-lvm-gen2 --all -o table
    // imageVersion: "9.4.2024081415",
  },
  dataDisk: { sizeGb: 20, sku: "Standard_LRS" }, // the mirror disk
  software: {
    kind: "clusterpro",
    version: "5.0",
    installerUrl: config.requireSecret("clusterproInstallerUrl"),
    licenses: config.requireSecret("clusterproLicenses"),
    // PING network-partition resolution: an always-on host in the VNet (not a node, not the VIP).
    networkPartition: { pingTargets: ["10.5.0.5"] },
  },
  internalLb: {
    frontendIp: "10.5.0.200",
    probePort: 26001,
    floatingIp: false,
    rules: [{ frontendPort: 80, backendPort: 8080 }],
  },
};

const cluster = new HaClusterInternalLb("sql", args);

export const vip = cluster.frontendIp;
export const probePort = cluster.probePort;
export const nodes = cluster.vms.map((vm) => vm.name);
export const failoverBudget = cluster.failoverBudget;
// what `npx azure-ha-cluster drill --stack-outputs` reads (README: "Verify after deployment")
export const sql = { drill: cluster.drillTarget };
