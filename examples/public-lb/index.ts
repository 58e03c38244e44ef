/**
 * Example: a two-node CLUSTERPRO X (Windows) cluster behind a public Standard LB (seed 004).
 * Internet clients reach the active node at the LB's public IP, port 80 (→ 8080 on the node).
 *
 *   pulumi config set --secret adminPassword '…'
 *   pulumi config set --secret clusterproLicenses "$(cat licenses.txt)"
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { HaClusterPublicLb, type HaClusterPublicLbArgs } from "azure-ha-cluster";

const config = new pulumi.Config();

const args: HaClusterPublicLbArgs = {
  resourceGroupName: "ha-plb-rg",
  location: "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" }, // + a NAT gateway
  nodes: [
    { name: "node-1", privateIp: "10.5.0.120" },
    { name: "node-2", privateIp: "10.5.0.121" },
  ],
  placement: { availabilitySet: { faultDomains: 2, updateDomains: 5 } },
  vm: {
    size: "Standard_D2s_v5",
    os: "windows-2022",
    adminUsername: "azureadmin",
    adminPassword: config.requireSecret("adminPassword"),
    // Pin the image for reproducible environments (the default is "latest"); list versions with
    //   az vm image list --publisher MicrosoftWindowsServer --offer WindowsServer --sku 2022-datacenter-g2 --all -o table
    // imageVersion: "20348.2655.240905",
  },
  dataDisk: { sizeGb: 20, sku: "Standard_LRS" }, // the mirror disk
  software: {
    kind: "clusterpro",
    version: "5.0",
    licenses: config.requireSecret("clusterproLicenses"),
    // installerUrl absent: the image has CLUSTERPRO installed already.
  },
  publicLb: {
    probePort: 26001,
    rules: [{ frontendPort: 80, backendPort: 8080 }],
    // Narrow the NSG to your clients (the default, as in the vendor guide, is the whole Internet).
    clientSources: ["203.0.113.0/24"],
  },
};

const cluster = new HaClusterPublicLb("web", args);

export const publicIp = cluster.publicIpAddress;
export const nodes = cluster.vms.map((vm) => vm.name);
export const failoverBudget = cluster.failoverBudget;
// what `npx azure-ha-cluster drill --stack-outputs` reads (README: "Verify after deployment")
export const web = { drill: cluster.drillTarget };
