/**
 * HaClusterPublicLb: a whole failover cluster whose clients reach the active node through a
 * Standard public LB. Only the active node answers the health probe, so the LB sends traffic
 * there. The nodes themselves get no public IP; their egress is a NAT gateway.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { buildBootstrap } from "./bootstrap";
import { HaClusterBase } from "./cluster-base";
import { parseComponentArgs } from "./core/config-lazy";
import { childName, clusterTags } from "./core/naming";
import { nsgRulesFor } from "./core/nsg";
import type { HaClusterPublicLbArgs } from "./core/types";
import { buildLoadBalancer } from "./load-balancer";
import { buildProbeAlerts } from "./monitoring";
import type * as monitor from "@pulumi/azure-native/monitor";
import { buildNetwork, buildNodes } from "./nodes";

export type { HaClusterPublicLbArgs } from "./core/types";

/**
 * A failover cluster behind a Standard public load balancer.
 *
 * WSFC is built with Microsoft's external-listener pattern: floating IP on, and the role's IP
 * Address resource owns the public frontend IP with the probe port (the WSFC bootstrap reads
 * it from the component). CLUSTERPRO answers on the node address (floating IP off), as the
 * seeds build it.
 */
export class HaClusterPublicLb extends HaClusterBase {
  /** The Standard public LB. */
  public readonly loadBalancer!: network.LoadBalancer;
  /** The LB frontend's Standard static public IP resource. */
  public readonly publicIp!: network.PublicIPAddress;
  /** The address clients connect to (the frontend's public IP). */
  public readonly publicIpAddress!: pulumi.Output<string>;
  /** `<dnsLabel>.<region>.cloudapp.azure.com` when `publicLb.dnsLabel` is set; else undefined. */
  public readonly frontendFqdn?: pulumi.Output<string>;
  /** The health-probe port only the active node answers. */
  public readonly probePort!: pulumi.Output<number>;
  /** Health-probe alerts: no backend healthy / more than one (none with `monitoring.enabled: false`). */
  public readonly alerts!: monitor.MetricAlert[];
  /** Resource ids of `alerts`. */
  public readonly alertIds!: pulumi.Output<string[]>;

  constructor(name: string, args: HaClusterPublicLbArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad config creates no resource.
    const c = parseComponentArgs(name, "public-lb", args);
    super("azure-ha-cluster:index:HaClusterPublicLb", name, c, opts);
    const lb = c.lb!;
    const tags = clusterTags(c);
    // NSG: clients (default Internet) to the backend ports, AzureLoadBalancer to the probe port.
    // Egress is the NAT gateway buildNetwork attaches to the subnet, not LB outbound rules:
    // outbound rules SNAT through the LB frontend, which only carries the backend the probe marks
    // healthy, so the standby node would lose egress (installers, Azure CLI, the NP port check).
    // A NAT gateway's egress does not depend on which node is active.
    const net = buildNetwork(name, c, nsgRulesFor(c), tags, this);

    const pipName = childName(name, "pip");
    const publicIp = new network.PublicIPAddress(
      pipName,
      {
        resourceGroupName: net.resourceGroupName,
        location: c.location,
        tags,
        publicIpAddressName: pipName,
        // Basic SKU is retired: Standard, which is always static.
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        zones: lb.zoneRedundant ? ["1", "2", "3"] : undefined,
        dnsSettings: lb.dnsLabel ? { domainNameLabel: lb.dnsLabel } : undefined,
      },
      { parent: this },
    );
    const built = buildLoadBalancer(
      name,
      c,
      lb,
      net,
      { kind: "public", publicIpId: publicIp.id },
      tags,
      this,
    );
    const nodes = buildNodes(name, c, net, { backendPoolIds: [built.backendPoolId] }, tags, this);
    const publicIpAddress = publicIp.ipAddress.apply((ip) => ip ?? "");
    const bootstrap = buildBootstrap({ name, c, net, nodes, tags, parent: this, publicIpAddress });

    this.loadBalancer = built.loadBalancer;
    this.publicIp = publicIp;
    this.publicIpAddress = publicIpAddress;
    const label = lb.dnsLabel;
    this.frontendFqdn = label
      ? publicIp.dnsSettings.apply((d) => d?.fqdn ?? `${label}.${c.location}.cloudapp.azure.com`)
      : undefined;
    this.probePort = pulumi.output(lb.probePort);
    const watch = buildProbeAlerts(
      name,
      c,
      lb,
      built.loadBalancer,
      net.resourceGroupName,
      publicIpAddress,
      tags,
      this,
    );
    this.alerts = watch.alerts;
    this.alertIds = watch.alertIds;
    this.finish(net, nodes, bootstrap, {
      alertIds: this.alertIds,
      loadBalancer: this.loadBalancer,
      publicIp: this.publicIp,
      publicIpAddress: this.publicIpAddress,
      frontendFqdn: this.frontendFqdn,
      probePort: this.probePort,
    });
  }
}
