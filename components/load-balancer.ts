/**
 * The Standard load balancer of the LB topologies (internal or public): one frontend, one
 * NIC-based backend pool, one TCP probe on the probe port, and the rules. Only the active node
 * answers the probe, so the LB sends traffic there.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import { childName } from "./core/naming";
import type { ResolvedCluster, ResolvedLb } from "./core/types";
import type { ClusterNetwork } from "./nodes";

/** The frontend of the LB: the VIP in the subnet, or a public IP. */
export type LbFrontend =
  | { kind: "internal"; subnetId: pulumi.Input<string>; privateIp: string; zones?: string[] }
  | { kind: "public"; publicIpId: pulumi.Input<string> };

/** The LB and the ids its consumers need. */
export interface BuiltLoadBalancer {
  loadBalancer: network.LoadBalancer;
  backendPoolId: pulumi.Output<string>;
}

const FRONTEND = "frontend";
const POOL = "backend";
const PROBE = "probe";

/** Creates the Standard LB for a resolved cluster's `lb` block. */
export function buildLoadBalancer(
  name: string,
  c: ResolvedCluster,
  lb: ResolvedLb,
  net: ClusterNetwork,
  frontend: LbFrontend,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): BuiltLoadBalancer {
  const lbName = childName(name, "lb");
  const client = authorization.getClientConfigOutput({ parent });
  // Children of the LB are referenced by id inside its own definition.
  const lbId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${net.resourceGroupName}/providers/Microsoft.Network/loadBalancers/${lbName}`;
  const ref = (kind: string, child: string) => ({
    id: pulumi.interpolate`${lbId}/${kind}/${child}`,
  });

  const loadBalancer = new network.LoadBalancer(
    lbName,
    {
      resourceGroupName: net.resourceGroupName,
      location: c.location,
      tags,
      loadBalancerName: lbName,
      sku: { name: "Standard", tier: "Regional" },
      frontendIPConfigurations: [
        frontend.kind === "internal"
          ? {
              name: FRONTEND,
              privateIPAllocationMethod: "Static",
              privateIPAddress: frontend.privateIp,
              privateIPAddressVersion: "IPv4",
              subnet: { id: frontend.subnetId },
              zones: frontend.zones,
            }
          : { name: FRONTEND, publicIPAddress: { id: frontend.publicIpId } },
      ],
      backendAddressPools: [{ name: POOL }],
      probes: [
        {
          name: PROBE,
          protocol: "Tcp",
          port: lb.probePort,
          intervalInSeconds: lb.probe.intervalSec,
          probeThreshold: lb.probe.threshold,
          // AllProbedDown: with no healthy node, send nothing (never to a standby).
          noHealthyBackendsBehavior: "AllProbedDown",
        },
      ],
      loadBalancingRules: lb.rules.map((r) => ({
        name: r.name,
        protocol: r.protocol,
        frontendPort: r.frontendPort,
        backendPort: r.backendPort,
        enableFloatingIP: lb.floatingIp,
        idleTimeoutInMinutes: r.idleTimeoutMinutes,
        enableTcpReset: r.protocol !== "Udp",
        loadDistribution: "Default",
        // Outbound traffic goes through the NAT gateway, not through the LB's frontend.
        disableOutboundSnat: frontend.kind === "public" ? true : undefined,
        frontendIPConfiguration: ref("frontendIPConfigurations", FRONTEND),
        backendAddressPool: ref("backendAddressPools", POOL),
        probe: ref("probes", PROBE),
      })),
    },
    { parent },
  );
  return {
    loadBalancer,
    backendPoolId: pulumi.interpolate`${loadBalancer.id}/backendAddressPools/${POOL}`,
  };
}
