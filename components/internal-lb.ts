/**
 * HaClusterInternalLb: a whole failover cluster whose clients reach the active node through an
 * internal Standard LB; the LB frontend IP is the cluster VIP.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as compute from "@pulumi/azure-native/compute";
import type * as network from "@pulumi/azure-native/network";
import { buildBootstrap, type BootstrapStep } from "./bootstrap";
import { failoverBudget, type FailoverBudget } from "./core/budget";
import { parseComponentArgs } from "./core/config";
import { clusterTags } from "./core/naming";
import { nsgRulesFor } from "./core/nsg";
import type { HaClusterInternalLbArgs, ResolvedCluster } from "./core/types";
import { buildLoadBalancer } from "./load-balancer";
import { buildNetwork, buildNodes, type ClusterNetwork } from "./nodes";

export type { HaClusterInternalLbArgs } from "./core/types";

/** A failover cluster behind an internal Standard load balancer. */
export class HaClusterInternalLb extends pulumi.ComponentResource {
  /** The cluster VMs, in node order. */
  public readonly vms!: compute.VirtualMachine[];
  /** The node NICs (static private IPs), in node order. */
  public readonly nics!: network.NetworkInterface[];
  /** The internal Standard LB. */
  public readonly loadBalancer!: network.LoadBalancer;
  /** The VIP (LB frontend IP). */
  public readonly frontendIp!: pulumi.Output<string>;
  /** The health-probe port only the active node answers. */
  public readonly probePort!: pulumi.Output<number>;
  /** Detection, tolerated pause, client switch and RTO estimate, in seconds. */
  public readonly failoverBudget!: pulumi.Output<FailoverBudget>;
  /** The node administrator password (secret): given or generated. */
  public readonly adminPassword!: pulumi.Output<string>;
  /** The network side (resource group, VNet, subnet, NSG, NAT gateway). */
  public readonly network!: ClusterNetwork;
  /** The in-guest bootstrap steps (managed Run Commands). */
  public readonly bootstrap!: BootstrapStep[];
  /** The resolved configuration (every default applied). */
  public readonly resolved!: ResolvedCluster;

  constructor(name: string, args: HaClusterInternalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad config creates no resource.
    const c = parseComponentArgs(name, "internal-lb", args);
    super("azure-ha-cluster:index:HaClusterInternalLb", name, {}, opts);
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

    this.resolved = c;
    this.network = net;
    this.vms = nodes.vms;
    this.nics = nodes.nics;
    this.loadBalancer = built.loadBalancer;
    this.frontendIp = pulumi.output(lb.frontendIp!);
    this.probePort = pulumi.output(lb.probePort);
    this.failoverBudget = pulumi.output(failoverBudget(c));
    this.adminPassword = nodes.adminPassword;
    this.bootstrap = bootstrap;
    this.registerOutputs({
      vms: this.vms,
      nics: this.nics,
      loadBalancer: this.loadBalancer,
      frontendIp: this.frontendIp,
      probePort: this.probePort,
      failoverBudget: this.failoverBudget,
      adminPassword: this.adminPassword,
    });
  }
}
