/**
 * In-guest bootstrap: which steps a resolved cluster gets. Each software kind has its own
 * module; `none` gets no step at all.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster } from "../core/types";
import type { ClusterNetwork, ClusterNodes } from "../nodes";
import type { BootstrapStep } from "./run-command";
import { buildClusterproBootstrap } from "./clusterpro";
import { buildScheduledEventsSteps } from "./scheduled-events";
import { buildWsfcBootstrap } from "./wsfc";

export type { BootstrapStep } from "./run-command";

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

/** Creates the bootstrap steps of a cluster (none for software kind "none"). */
export function buildBootstrap(ctx: BootstrapContext): BootstrapStep[] {
  switch (ctx.c.software.kind) {
    case "none":
      return [];
    case "clusterpro":
      return withScheduledEvents(ctx, buildClusterproBootstrap(ctx));
    case "wsfc":
      return withScheduledEvents(ctx, buildWsfcBootstrap(ctx));
    default:
      return [];
  }
}

/** The chain, then the Scheduled Events agent on every node once the cluster runs. */
function withScheduledEvents(ctx: BootstrapContext, chain: BootstrapStep[]): BootstrapStep[] {
  return [...chain, ...buildScheduledEventsSteps(ctx, chain)];
}
