/**
 * The benchmark's cluster: seed 001 as stacks/Pulumi.ilb-linux.yaml deploys it — an internal-LB
 * CLUSTERPRO X 5.0 cluster of two RHEL 9 nodes with the ping network-partition target, the
 * in-guest bootstrap (18 Run Commands, 4 time Sleeps), the Scheduled Events agent and the two
 * probe alerts (monitoring on, the default). bench/baseline.ts writes the same resources by hand.
 *
 * Names have a fixed width (bench00 … bench99), so every cluster's scripts have the same size.
 */
import type { HaClusterInternalLbArgs } from "../components";

/** Most clusters one run plans (the names' fixed width). */
export const MAX_BENCH_CLUSTERS = 100;

/** Name of cluster `i`. */
export const benchName = (i: number): string => `bench${String(i).padStart(2, "0")}`;

/** Resource group of cluster `i` (every cluster has its own resource group and VNet). */
export const benchResourceGroup = (i: number): string => `bench-rg-${String(i).padStart(2, "0")}`;

/** Args of cluster `i`: the seed's entry (stacks/Pulumi.ilb-linux.yaml) with its own name and RG. */
export function benchArgs(i: number): HaClusterInternalLbArgs {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_BENCH_CLUSTERS)
    throw new Error(`bench cluster index ${i}: 0–${MAX_BENCH_CLUSTERS - 1}`);
  return {
    resourceGroupName: benchResourceGroup(i),
    location: "japaneast",
    network: {
      addressSpace: "10.5.0.0/24",
      subnetPrefix: "10.5.0.0/24",
      vnetName: "Vnet1",
      subnetName: "Vnet1-1",
    },
    nodes: [
      { name: "node1", privateIp: "10.5.0.110" },
      { name: "node2", privateIp: "10.5.0.111" },
    ],
    placement: { availabilitySet: { faultDomains: 2, updateDomains: 5 } },
    vm: { size: "Standard_D2s_v5", os: "rhel-9", adminUsername: "azureuser" },
    dataDisk: { sizeGb: 20, sku: "Standard_LRS" },
    software: {
      kind: "clusterpro",
      version: "5.0",
      networkPartition: { pingTargets: ["10.5.0.5"] },
    },
    internalLb: {
      frontendIp: "10.5.0.200",
      probePort: 26001,
      floatingIp: false,
      rules: [{ frontendPort: 80, backendPort: 8080 }],
    },
  };
}
