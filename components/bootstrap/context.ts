/**
 * What a bootstrap module gets from the component that calls it, and the one error for a
 * context that lacks a deploy-time value its topology needs. Its own module so that the
 * software modules (clusterpro, wsfc, scheduled-events) need not import ./index, which
 * imports them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster } from "../core/types";
import type { ClusterNetwork, ClusterNodes } from "../nodes";

/** Everything a bootstrap module may need from the component that calls it. */
export interface BootstrapContext {
  name: string;
  c: ResolvedCluster;
  net: ClusterNetwork;
  nodes: ClusterNodes;
  tags: Record<string, string>;
  parent: pulumi.Resource;
  /** Public LB topology: the frontend's public IP address. */
  publicIpAddress?: pulumi.Output<string>;
  /** DNS topology: the zone's resource group, the subscription, and (WSFC) the identity's client id. */
  dns?: {
    zoneResourceGroupName: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    identityClientId?: pulumi.Input<string>;
  };
}

/**
 * A public-LB cluster's bootstrap was built without the frontend's public IP (a bug in the
 * calling component, not a config problem): CLUSTERPRO's form step and WSFC's role IP both
 * need it. One type and one message for both software kinds.
 */
export class MissingPublicIpError extends Error {
  constructor(cluster: string) {
    super(
      `cluster ${cluster}: the public-LB topology needs the frontend's public IP address (BootstrapContext.publicIpAddress)`,
    );
    this.name = "MissingPublicIpError";
  }
}
