/**
 * HaClusterInternalLb: a whole failover cluster whose clients reach the active node through an
 * internal Standard LB; the LB frontend IP is the cluster VIP.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as network from "@pulumi/azure-native/network";
import { buildBootstrap } from "./bootstrap";
import { HaClusterBase } from "./cluster-base";
import { parseComponentArgs } from "./core/config-lazy";
import { clusterTags } from "./core/naming";
import { nsgRulesFor } from "./core/nsg";
import type { HaClusterInternalLbArgs } from "./core/types";
import { buildLoadBalancer } from "./load-balancer";
import { buildProbeAlerts } from "./monitoring";
import type * as monitor from "@pulumi/azure-native/monitor";
import { buildNetwork, buildNodes } from "./nodes";

export type { HaClusterInternalLbArgs } from "./core/types";

/** A failover cluster behind an internal Standard load balancer. */
export class HaClusterInternalLb extends HaClusterBase {
  /** The internal Standard LB. */
  public readonly loadBalancer!: network.LoadBalancer;
  /** The VIP (LB frontend IP). */
  public readonly frontendIp!: pulumi.Output<string>;
  /** The health-probe port only the active node answers. */
  public readonly probePort!: pulumi.Output<number>;
  /** Health-probe alerts: no backend healthy / more than one (none with `monitoring.enabled: false`). */
  public readonly alerts!: monitor.MetricAlert[];
  /** Resource ids of `alerts`. */
  public readonly alertIds!: pulumi.Output<string[]>;

  constructor(name: string, args: HaClusterInternalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad config creates no resource.
    const c = parseComponentArgs(name, "internal-lb", args);
    super("azure-ha-cluster:index:HaClusterInternalLb", name, c, opts);
    const lb = c.lb!;
    const tags = clusterTags(c);
    const net = buildNetwork(name, c, nsgRulesFor(c), tags, this);
    const built = buildLoadBalancer(
      name,
      c,
      lb,
      net,
      {
        kind: "internal",
        subnetId: net.subnetId,
        privateIp: lb.frontendIp!,
        zones: lb.zoneRedundant ? ["1", "2", "3"] : undefined,
      },
      tags,
      this,
    );
    const nodes = buildNodes(name, c, net, { backendPoolIds: [built.backendPoolId] }, tags, this);
    const bootstrap = buildBootstrap({ name, c, net, nodes, tags, parent: this });

    const watch = buildProbeAlerts(
      name,
      c,
      lb,
      built.loadBalancer,
      net.resourceGroupName,
      lb.frontendIp!,
      tags,
      this,
    );

    this.loadBalancer = built.loadBalancer;
    this.frontendIp = pulumi.output(lb.frontendIp!);
    this.probePort = pulumi.output(lb.probePort);
    this.alerts = watch.alerts;
    this.alertIds = watch.alertIds;
    this.finish(net, nodes, bootstrap, {
      loadBalancer: this.loadBalancer,
      frontendIp: this.frontendIp,
      probePort: this.probePort,
      alertIds: this.alertIds,
    });
  }
}
