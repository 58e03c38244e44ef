/**
 * The per-environment program: one cluster component per entry of `azure-ha-cluster:clusters`.
 * Every entry is validated before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseClusters } from "../components/core/config";
import type { ClusterConfig, HaClusterCommonArgs, Topology } from "../components/core/types";
import { HaClusterDns } from "../components/dns";
import type { DrillTarget } from "../components/core/drill-target";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";

/** The config key holding the cluster list. */
export const CLUSTERS_KEY = "clusters";

type ClusterComponent = pulumi.ComponentResource & {
  vms: { name: pulumi.Output<string> }[];
  failoverBudget: pulumi.Output<unknown>;
  drillTarget: DrillTarget;
  alertIds?: pulumi.Output<string[]>;
};
type Ctor = new (
  name: string,
  args: never,
  opts?: pulumi.ComponentResourceOptions,
) => ClusterComponent;

/** The component class of each topology. */
export const COMPONENTS: Partial<Record<Topology, Ctor>> = {
  "internal-lb": HaClusterInternalLb as unknown as Ctor,
  "public-lb": HaClusterPublicLb as unknown as Ctor,
  dns: HaClusterDns as unknown as Ctor,
};

/** Reads the config, validates every cluster, then creates one component per cluster. */
export function deployClusters(): Record<string, unknown> {
  const config = new pulumi.Config("azure-ha-cluster");
  const raw = config.requireObject<unknown>(CLUSTERS_KEY);
  // isConfigSecret exists at run time but is marked @internal in the SDK's typings.
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  const keyIsSecret = runtime.isConfigSecret?.(`azure-ha-cluster:${CLUSTERS_KEY}`) ?? false;
  parseClusters(raw, { source: "stack", keyIsSecret });

  const outputs: Record<string, unknown> = {};
  for (const entry of raw as ClusterConfig[]) {
    const { name, topology, ...args } = entry;
    const Component = COMPONENTS[topology];
    if (!Component) throw new Error(`topology ${topology} has no component`);
    const cluster = new Component(name, args as HaClusterCommonArgs as never);
    outputs[name] = {
      topology,
      vms: cluster.vms.map((v) => v.name),
      failoverBudget: cluster.failoverBudget,
      // issue 25: the health-probe alerts, and what `azure-ha-cluster drill --stack-outputs` reads
      alertIds: cluster.alertIds ?? [],
      drill: cluster.drillTarget,
    };
  }
  return outputs;
}
