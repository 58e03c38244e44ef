/**
 * The per-environment program: one cluster component per entry of `azure-ha-cluster:clusters`.
 * Every entry is validated before any resource is registered, once: the components get the
 * resolved clusters, not the raw entries to parse again.
 */
import * as pulumi from "@pulumi/pulumi";
import { preResolvedArgs, type PreResolvedArgs } from "../components/cluster-base";
import { parseClusters } from "../components/core/config";
import { CLUSTERS_CONFIG_KEY, CLUSTERS_KEY, PACKAGE } from "../components/core/tokens";
import type { Topology } from "../components/core/types";
import { HaClusterDns } from "../components/dns";
import type { DrillTarget } from "../components/core/drill-target";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";

/** The config key holding the cluster list. */
export { CLUSTERS_KEY };

type ClusterComponent = pulumi.ComponentResource & {
  vms: { name: pulumi.Output<string> }[];
  failoverBudget: pulumi.Output<unknown>;
  drillTarget: DrillTarget;
  alertIds?: pulumi.Output<string[]>;
};
type Ctor = new (
  name: string,
  args: PreResolvedArgs,
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
  const config = new pulumi.Config(PACKAGE);
  const raw = config.requireObject<unknown>(CLUSTERS_KEY);
  // isConfigSecret exists at run time but is marked @internal in the SDK's typings.
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  const keyIsSecret = runtime.isConfigSecret?.(CLUSTERS_CONFIG_KEY) ?? false;
  // Throws ConfigError / PolicyViolationError (every problem of every entry) before any resource.
  const clusters = parseClusters(raw, { source: "stack", keyIsSecret });

  const outputs: Record<string, unknown> = {};
  for (const c of clusters) {
    const { name, topology } = c;
    const Component = COMPONENTS[topology];
    if (!Component) throw new Error(`topology ${topology} has no component`);
    const cluster = new Component(name, preResolvedArgs(c));
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
