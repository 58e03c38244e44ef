/**
 * Example: a two-node CLUSTERPRO X (Linux) cluster found through Azure DNS (seed 001, DNS
 * topology). The active node rewrites the A record test-record1.cluster1.zone (TTL 30 s) on
 * failover, logged in as the service principal `updater`.
 *
 *   pulumi config set --secret adminPassword '…'
 *   pulumi config set --secret updaterCertificatePem < updater.pem
 *   pulumi config set updaterTenantId …; pulumi config set updaterAppId …; pulumi config set updaterObjectId …
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { HaClusterDns, type HaClusterDnsArgs } from "azure-ha-cluster";

const config = new pulumi.Config();

const args: HaClusterDnsArgs = {
  resourceGroupName: "ha-dns-rg",
  location: "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" }, // + a NAT gateway (az login, DNS updates)
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
  software: { kind: "clusterpro", version: "5.0", azureCliPath: "/usr/bin/az" },
  dns: {
    zoneName: "cluster1.zone",
    recordName: "test-record1",
    ttlSec: 30,
    clientPorts: [8080], // the business port clients reach on the active node
    updater: {
      tenantId: config.require("updaterTenantId"),
      appId: config.require("updaterAppId"),
      objectId: config.require("updaterObjectId"),
      certificatePem: config.requireSecret("updaterCertificatePem"),
    },
  },
};

const cluster = new HaClusterDns("app", args);

export const fqdn = cluster.fqdn;
export const nameServers = cluster.nameServers; // query these while the zone is not delegated
export const nodes = cluster.vms.map((vm) => vm.name);
export const failoverBudget = cluster.failoverBudget;
// what `npx azure-ha-cluster drill --stack-outputs` reads (README: "Verify after deployment")
export const app = { drill: cluster.drillTarget };
