/**
 * A two-node CLUSTERPRO X (Linux) cluster behind an internal Standard load balancer: clients in
 * the VNet reach the active node at the VIP 10.5.0.200:80 (→ 8080 on the node).
 *
 *   npx azure-ha-cluster plan --stack dev        # offline: what `pulumi up` would create
 *   pulumi config set --secret adminPassword '…' # optional: generated when absent
 *   pulumi up
 *
 * The package installs the cluster software and forms the cluster; it does not install your
 * application (or SQL Server): deploy it onto the nodes and register it in the failover group.
 */
import * as pulumi from "@pulumi/pulumi";
import { HaClusterInternalLb } from "azure-ha-cluster";
import type { HaClusterInternalLbArgs } from "azure-ha-cluster";

const config = new pulumi.Config();
const azureConfig = new pulumi.Config("azure-native");

const args: HaClusterInternalLbArgs = {
  resourceGroupName: config.get("resourceGroupName") ?? "ha-cluster-rg",
  location: azureConfig.get("location") ?? "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" },
  nodes: [
    { name: "node1", privateIp: "10.5.0.110" },
    { name: "node2", privateIp: "10.5.0.111" },
  ],
  vm: {
    size: "Standard_D2s_v5",
    os: "rhel-9",
    adminUsername: "azureuser",
    adminPassword: config.getSecret("adminPassword"),
  },
  dataDisk: { sizeGb: 20, sku: "Standard_LRS" }, // the mirror disk
  software: {
    kind: "clusterpro",
    version: "5.0",
    // PING network-partition resolution: an always-on host in the VNet (not a node, not the VIP).
    networkPartition: { pingTargets: [config.get("pingTarget") ?? "10.5.0.5"] },
  },
  internalLb: {
    frontendIp: "10.5.0.200",
    probePort: 26001,
    rules: [{ frontendPort: 80, backendPort: 8080 }],
  },
};

const cluster = new HaClusterInternalLb("app", args);

export const vip = cluster.frontendIp;
export const nodes = cluster.vms.map((vm) => vm.name);
export const failoverBudget = cluster.failoverBudget;
// what `npx azure-ha-cluster drill --stack-outputs` reads (README: "Verify after deployment")
export const app = { drill: cluster.drillTarget };
