/**
 * The "scheduled-events" bootstrap step: on every node of a CLUSTERPRO or WSFC cluster, after
 * the cluster runs, a Run Command installs (or, when `software.scheduledEvents.enabled` is
 * false, removes) the Scheduled Events agent: a systemd service on Linux (Python; see the
 * agent's header for why not bash), a scheduled task on Windows (PowerShell).
 *
 * What the agent does (scripts under scheduled-events/): poll IMDS Scheduled Events about once a
 * second; for a Reboot/Redeploy — or a Freeze longer than the heartbeat tolerates — of this
 * node, move its groups/roles to a healthy peer (CLUSTERPRO `clpgrp -m`, WSFC
 * `Suspend-ClusterNode -Drain`), then approve the event (`StartRequests`); never drain or approve
 * without a healthy peer, nor for an event listing every cluster node.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster, ResolvedScheduledEvents } from "../core/types";
import type { BootstrapContext } from "./context";
import { renderScript } from "./render";
import { runCommandStep, type BootstrapStep } from "./run-command";

/** The step name (Run Command "hacluster-scheduled-events"). */
export const SE_STEP = "scheduled-events";
/** The systemd unit (Linux) and scheduled task / event-log source (Windows). */
export const SE_SERVICE = "azure-ha-cluster-scheduled-events";
/** IMDS as the agent reaches it (overridable for tests). */
export const IMDS_URL = "http://169.254.169.254/metadata";
/** Scheduled Events API version (Microsoft Learn: the current version). */
export const SE_API_VERSION = "2020-07-01";
/** Linux paths the agent uses (the install step writes them). */
export const SE_LINUX_STATE_FILE = "/var/lib/azure-ha-cluster/scheduled-events/state.json";
/** CLUSTERPRO's Linux bin directory, searched after PATH for clpstat/clpgrp. */
export const SE_CLP_LINUX_BIN = "/opt/nec/clusterpro/bin";

/** The resolved agent settings of a cluster; undefined for software kind none. */
export function scheduledEventsOf(c: ResolvedCluster): ResolvedScheduledEvents | undefined {
  return c.software.kind === "none" ? undefined : c.software.scheduledEvents;
}

/** The agent's configuration for one node (Linux: the JSON file the unit passes to the agent). */
export interface AgentConfig {
  kind: "clusterpro" | "wsfc";
  /** This node's Azure VM name (= IMDS compute.name = host name: the component names all three alike). */
  node: string;
  nodes: string[];
  imdsUrl: string;
  apiVersion: string;
  pollSec: number;
  actOn: string[];
  approve: boolean;
  freezeToleranceSec: number;
  stateFile: string;
  extraPath: string[];
}

/** The agent configuration of one node (pure). `overrides` serve tests (IMDS URL, paths). */
export function agentConfig(
  c: ResolvedCluster,
  node: string,
  overrides: Partial<AgentConfig> = {},
): AgentConfig {
  const se = scheduledEventsOf(c);
  if (!se || c.software.kind === "none")
    throw new Error(`cluster ${c.name}: no Scheduled Events agent without cluster software`);
  return {
    kind: c.software.kind,
    node,
    nodes: c.nodes.map((n) => n.name),
    imdsUrl: IMDS_URL,
    apiVersion: SE_API_VERSION,
    pollSec: se.pollIntervalSec,
    actOn: [...se.eventTypes],
    approve: se.approve,
    freezeToleranceSec: se.freezeToleranceSec,
    stateFile: SE_LINUX_STATE_FILE,
    extraPath: c.software.kind === "clusterpro" ? [SE_CLP_LINUX_BIN] : [],
    ...overrides,
  };
}

/** The rendered Windows agent of one node (pure; the install step writes it to disk). */
export function renderWindowsAgent(
  c: ResolvedCluster,
  node: string,
  overrides: { imdsUrl?: string; stateFile?: string } = {},
): string {
  const cfg = agentConfig(c, node);
  return renderScript("scheduled-events/agent.ps1", {
    Kind: cfg.kind,
    Node: node,
    NodeNames: cfg.nodes,
    ImdsUrl: overrides.imdsUrl ?? cfg.imdsUrl,
    ApiVersion: cfg.apiVersion,
    PollSec: cfg.pollSec,
    ActOn: cfg.actOn,
    Approve: cfg.approve,
    FreezeToleranceSec: cfg.freezeToleranceSec,
    StateFile:
      overrides.stateFile ?? "C:\\ProgramData\\azure-ha-cluster\\scheduled-events-state.json",
  });
}

/** The install script of one node (pure): installs the agent, or removes it when disabled. */
export function renderScheduledEventsInstall(c: ResolvedCluster, node: string): string {
  const se = scheduledEventsOf(c);
  if (!se) throw new Error(`cluster ${c.name}: no Scheduled Events agent without cluster software`);
  if (c.vm.osFamily === "linux") {
    return renderScript("scheduled-events/install.sh", {
      SE_ENABLED: se.enabled,
      SE_CONFIG: JSON.stringify(agentConfig(c, node), null, 2),
      // Start after the cluster service (CLUSTERPRO 4.x/5.x Linux: clusterpro.service).
      SE_AFTER_UNITS: c.software.kind === "clusterpro" ? "clusterpro.service" : "",
    });
  }
  return renderScript("scheduled-events/install.ps1", {
    Enabled: se.enabled,
    AgentScript: se.enabled ? renderWindowsAgent(c, node) : "",
    TaskName: SE_SERVICE,
    EventSource: SE_SERVICE,
  });
}

/**
 * Adds the "scheduled-events" step to every node, after every step of the cluster's chain
 * (the cluster is formed and started by then). Returns [] for software kind none.
 */
export function buildScheduledEventsSteps(
  ctx: BootstrapContext,
  chain: readonly BootstrapStep[],
): BootstrapStep[] {
  const { c } = ctx;
  if (!scheduledEventsOf(c) || chain.length === 0) return [];
  // Only a reboot's wait may depend on a reboot step (each reboot is followed by its wait and
  // gate, which are in the chain): the agent waits for every other step.
  const after: pulumi.Resource[] = chain
    .filter((s) => !s.step.startsWith("reboot-"))
    .map((s) => s.command);
  // after the chain's last position (a reboot chain reuses step names across positions)
  const order = chain.reduce((m, s) => Math.max(m, s.order), -1) + 1;
  return c.nodes.map((n, i) =>
    runCommandStep({
      cluster: ctx.name,
      node: n.name,
      step: SE_STEP,
      os: c.vm.osFamily,
      vm: ctx.nodes.vms[i],
      resourceGroupName: ctx.net.resourceGroupName,
      location: c.location,
      script: renderScheduledEventsInstall(c, n.name),
      runTimeoutSec: 600,
      order,
      dependsOn: after,
      tags: ctx.tags,
      parent: ctx.parent,
    }),
  );
}
