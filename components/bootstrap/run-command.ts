/**
 * One bootstrap step = one managed Run Command on one VM. Run Commands on a VM run at the same
 * time unless chained, so every step names the steps it waits for.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import { childName } from "../core/naming";
import { TAG } from "../core/tokens";

/** A bootstrap step as the components and the planner see it. */
export interface BootstrapStep {
  /** The node (VM name) the step runs on. */
  node: string;
  /** The step name, e.g. "prepare", "await-ready", "form". */
  step: string;
  /** The node's OS family: bash on Linux, PowerShell on Windows. */
  os: "linux" | "windows";
  /** Position in the cluster's chain (0 = first), as tagged `ha-cluster-order`. */
  order: number;
  /** The managed Run Command that carries the step. */
  command: compute.VirtualMachineRunCommandByVirtualMachine;
}

/** What a step needs. */
export interface StepSpec {
  cluster: string;
  node: string;
  /** Step name, e.g. "prepare", "form". Becomes the Run Command name "hacluster-<step>". */
  step: string;
  os: "linux" | "windows";
  vm: compute.VirtualMachine;
  resourceGroupName: pulumi.Input<string>;
  location: string;
  /** Rendered script text (an Output when it carries deploy-time values, e.g. a public IP). */
  script: pulumi.Input<string>;
  /** Non-secret parameters (also rendered into the script text). */
  parameters?: Record<string, pulumi.Input<string>>;
  /** Secrets: delivered as protected parameters, wrapped in pulumi.secret. */
  protectedParameters?: Record<string, pulumi.Input<string>>;
  /** Run as this user (WSFC formation: SYSTEM cannot create a cluster). */
  runAsUser?: pulumi.Input<string>;
  runAsPassword?: pulumi.Input<string>;
  /**
   * How long Azure lets the step's script run (the Run Command's `timeoutInSeconds`; default
   * 3600). Not the cluster heartbeat timeout (`software.heartbeat.timeoutSec`).
   */
  runTimeoutSec?: number;
  /** Position in the cluster's chain (0 = first), for reports. */
  order?: number;
  dependsOn?: pulumi.Resource[];
  tags?: Record<string, string>;
  parent: pulumi.Resource;
}

/** Creates the Run Command of one step. */
export function runCommandStep(s: StepSpec): BootstrapStep {
  const toList = (m?: Record<string, pulumi.Input<string>>, secret = false) =>
    m && Object.keys(m).length > 0
      ? Object.keys(m)
          .sort()
          .map((name) => ({ name, value: secret ? pulumi.secret(m[name]) : m[name] }))
      : undefined;
  const command = new compute.VirtualMachineRunCommandByVirtualMachine(
    childName(s.cluster, s.node, s.step),
    {
      resourceGroupName: s.resourceGroupName,
      vmName: s.vm.name,
      location: s.location,
      runCommandName: `hacluster-${s.step}`,
      source: { script: s.script },
      parameters: toList(s.parameters),
      protectedParameters: toList(s.protectedParameters, true),
      runAsUser: s.runAsUser,
      runAsPassword: s.runAsPassword === undefined ? undefined : pulumi.secret(s.runAsPassword),
      asyncExecution: false,
      treatFailureAsDeploymentFailure: true,
      timeoutInSeconds: s.runTimeoutSec ?? 3600,
      // The planner and the policy pack read the step's identity from these tags.
      tags: {
        ...s.tags,
        [TAG.node]: s.node,
        [TAG.step]: s.step,
        [TAG.os]: s.os,
        [TAG.order]: String(s.order ?? 0),
      },
    },
    { parent: s.parent, dependsOn: [s.vm, ...(s.dependsOn ?? [])] },
  );
  return { node: s.node, step: s.step, os: s.os, order: s.order ?? 0, command };
}
