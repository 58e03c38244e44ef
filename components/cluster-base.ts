/**
 * What the three cluster components share: the outputs every cluster has, and the last step of
 * construction (assign them, register the outputs once).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as compute from "@pulumi/azure-native/compute";
import type * as network from "@pulumi/azure-native/network";
import type { BootstrapStep } from "./bootstrap/run-command";
import { failoverBudget, type FailoverBudget } from "./core/budget";
import { parseComponentArgs } from "./core/config-lazy";
import { drillTarget, type DrillTarget } from "./core/drill-target";
import type { HaClusterCommonArgs, ResolvedCluster, Topology } from "./core/types";
import type { ClusterNetwork, ClusterNodes } from "./nodes";

/**
 * Module-private key of the args the stack program hands to a component: a cluster that
 * `parseClusters` has already checked (with the whole list: names, collisions, policies) and
 * resolved. A plain `Symbol` (not `Symbol.for`): only code that imports this module can build
 * such args, and the package's `exports` map keeps this module out of users' reach.
 */
const RESOLVED = Symbol("azure-ha-cluster.resolved");

/**
 * Component args carrying an already-resolved cluster (see {@link preResolvedArgs}).
 * @internal
 */
export interface PreResolvedArgs {
  readonly [RESOLVED]: ResolvedCluster;
}

/**
 * The args with which the stack program constructs a component from a cluster it has parsed
 * itself, so that the component does not parse the same entry again.
 * @internal
 */
export function preResolvedArgs(c: ResolvedCluster): PreResolvedArgs {
  return { [RESOLVED]: c };
}

/**
 * The resolved config of a component: handed over by the stack program (parsed once, there),
 * or parsed from the user's args here — a component constructed directly still validates its
 * own args (ConfigError / PolicyViolationError before any resource).
 * @internal
 */
export function resolveComponentArgs(
  name: string,
  topology: Topology,
  args: HaClusterCommonArgs | PreResolvedArgs,
): ResolvedCluster {
  const given = (args as Partial<PreResolvedArgs> | undefined)?.[RESOLVED];
  if (given === undefined) return parseComponentArgs(name, topology, args as HaClusterCommonArgs);
  if (given.name !== name || given.topology !== topology)
    // A bug in the caller, not a config problem: the program builds name, topology and args
    // from one entry.
    throw new Error(
      `internal: component ${topology} ${name} was handed the resolved cluster ${given.topology} ${given.name}`,
    );
  return given;
}

/** The base of HaClusterInternalLb, HaClusterPublicLb and HaClusterDns. */
export abstract class HaClusterBase extends pulumi.ComponentResource {
  /** The cluster VMs, in node order. */
  public readonly vms!: compute.VirtualMachine[];
  /** The node NICs (static private IPs, no public IP), in node order. */
  public readonly nics!: network.NetworkInterface[];
  /** Detection, tolerated pause, client switch and RTO estimate, in seconds. */
  public readonly failoverBudget: pulumi.Output<FailoverBudget>;
  /** The node administrator password (secret): given or generated. */
  public readonly adminPassword!: pulumi.Output<string>;
  /** The network side (resource group, VNet, subnet, NSG, NAT gateway). */
  public readonly network!: ClusterNetwork;
  /** The in-guest bootstrap steps (managed Run Commands). */
  public readonly bootstrap!: BootstrapStep[];
  /**
   * What `azure-ha-cluster drill --stack-outputs` reads to find this cluster's resources (plain
   * JSON): export it as the cluster's `drill` output, e.g.
   * `export const app = { drill: cluster.drillTarget }`.
   */
  public readonly drillTarget: DrillTarget;
  /**
   * The resolved configuration (every default applied). Internal: its shape is not part of the
   * public contract.
   * @internal
   */
  public readonly resolved: ResolvedCluster;

  /** `resolved` must come from resolveComponentArgs, called before this (nothing registered yet). */
  protected constructor(
    type: string,
    name: string,
    resolved: ResolvedCluster,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    this.resolved = resolved;
    this.failoverBudget = pulumi.output(failoverBudget(resolved));
    this.drillTarget = drillTarget(resolved);
  }

  /** Assigns the shared outputs and registers them with the component's own, once. */
  protected finish(
    net: ClusterNetwork,
    nodes: ClusterNodes,
    bootstrap: BootstrapStep[],
    own: Record<string, unknown>,
  ): void {
    // The shared fields are readonly for users; they are set here, once, during construction.
    Object.assign(this, {
      network: net,
      vms: nodes.vms,
      nics: nodes.nics,
      adminPassword: nodes.adminPassword,
      bootstrap,
    });
    this.registerOutputs({
      vms: this.vms,
      nics: this.nics,
      failoverBudget: this.failoverBudget,
      adminPassword: this.adminPassword,
      ...own,
    });
  }
}
