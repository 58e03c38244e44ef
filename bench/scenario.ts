/**
 * The benchmark's cluster: an internal-LB cluster of two Linux nodes without in-guest software
 * (software "none": no bootstrap step), so the library and the hand-written baseline create the
 * same resource set from the same inputs.
 */
import type { HaClusterInternalLbArgs } from "../components";

/** Args of cluster `i` (every cluster has its own resource group and VNet). */
export function benchArgs(i: number): HaClusterInternalLbArgs {
  return {
    resourceGroupName: `bench-rg-${i}`,
    location: "japaneast",
    network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" },
    nodes: [
      { name: "node1", privateIp: "10.5.0.110" },
      { name: "node2", privateIp: "10.5.0.111" },
    ],
    placement: { availabilitySet: { faultDomains: 2, updateDomains: 5 } },
    vm: { size: "Standard_D2s_v5", os: "rhel-9", adminUsername: "azureuser" },
    dataDisk: { sizeGb: 20, sku: "Standard_LRS" },
    software: { kind: "none" },
    // The baseline writes no metric alerts: keep the two resource sets equal.
    monitoring: { enabled: false },
    internalLb: {
      frontendIp: "10.5.0.200",
      probePort: 26001,
      rules: [{ frontendPort: 80, backendPort: 8080 }],
    },
  };
}

/** Name of cluster `i`. */
export const benchName = (i: number): string => `bench${i}`;
