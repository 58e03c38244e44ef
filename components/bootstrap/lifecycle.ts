/**
 * Reboots as their own steps: reboot-<reason> → wait-<reason> (time.Sleep) → gate-<reason>.
 *
 * Why: once a managed Run Command's script has started, Azure never runs it again, even when the
 * script reboots the machine (Azure VM runtime blog, "When will CustomScript extension re-execute
 * my script?", https://devblogs.microsoft.com/azure-vm-runtime/when-will-customscript-extension-re-execute-my-script/),
 * and re-applying an unchanged Run Command does not reliably run it again. So no step may reboot
 * or wait for its own VM's reboot, except a step whose only job is the reboot:
 *
 *   reboot-<reason>  decides from a marker the step before left (only the guest knows whether a
 *                    reboot is needed), records the boot id, drains the node of a running cluster,
 *                    schedules the reboot REBOOT_DELAY_SEC after it exits, exits 0 at once;
 *   wait-<reason>    an out-of-guest `time.Sleep` of `bootstrap.rebootWaitSec`;
 *   gate-<reason>    fails at once when a reboot was scheduled and the boot id is unchanged (the
 *                    node did not reboot), passes otherwise; WSFC resumes a drained node.
 *
 * Sleep, not ARM `virtualMachines.restart`: a restart through ARM would need a dynamic provider
 * holding its own Azure credentials (the Pulumi program's credentials are not reachable from a
 * dynamic provider at `pulumi up` without re-authenticating), would restart the VM whether or not
 * the guest needs it (only the guest knows: the installer ran, a setting changed) and could not
 * drain the node first. A Sleep needs no credentials and no guest knowledge; its price is a
 * sizing guess (`bootstrap.rebootWaitSec`), made safe by the gate, which fails fast and says so
 * when the guess was too short.
 *
 * Re-apply: Pulumi updates only resources whose inputs changed and a Sleep waits again only when
 * its `triggers` change, so the reboot step, the wait, the gate and the step after the gate all
 * carry the preceding step's script hash (AFTER_HASH / AfterHash parameter, Sleep trigger): a
 * changed prepare re-runs prepare → reboot → wait → gate → next on that node, and nothing else.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import type * as compute from "@pulumi/azure-native/compute";
import { childName } from "../core/naming";
import { renderScript } from "./render";
import { runCommandStep, type BootstrapStep, type StepSpec } from "./run-command";

/** Seconds between the end of a reboot step and its reboot (the agent reports success first). */
export const REBOOT_DELAY_SEC = 30;
/** Bound of the drain before a reboot (groups/roles moved off the node). */
export const DRAIN_TIMEOUT_SEC = 600;

/** Why a node reboots: the step names are reboot-<reason>, wait-<reason>, gate-<reason>. */
export type RebootReason = "after-install" | "after-prepare" | "after-push";

/** Is this step name a reboot step (the only steps that may reboot a node)? */
export const isRebootStep = (step: string): boolean => /^reboot-[a-z0-9-]+$/.test(step);

/** Short stable hash of a script (or any text) as an Output. */
export function scriptHash(text: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi
    .output(text)
    .apply((t) => crypto.createHash("sha256").update(t, "utf8").digest("hex").slice(0, 32));
}

/** What reboot-<reason> and gate-<reason> are told. */
export interface RebootScriptSpec {
  os: "linux" | "windows";
  reason: RebootReason;
  /** "request": reboot when the step before wrote <reason>.request; "per-hash": once per new hash. */
  mode: "request" | "per-hash";
  /** What to drain before the reboot when the node belongs to a running cluster. */
  drain: "none" | "clusterpro" | "wsfc";
  node: string;
  /** CLUSTERPRO group names (drain). */
  groups?: string[];
  rebootWaitSec: number;
}

/** The rendered reboot and gate scripts (pure). */
export function renderRebootScripts(s: RebootScriptSpec): { reboot: string; gate: string } {
  if (s.os === "linux") {
    return {
      reboot: renderScript("lifecycle/reboot.sh", {
        REASON: s.reason,
        MODE: s.mode,
        DRAIN: s.drain,
        NODE_NAME: s.node,
        CLP_GROUPS: s.groups ?? [],
        DRAIN_TIMEOUT_SEC,
        REBOOT_DELAY_SEC,
      }),
      gate: renderScript("lifecycle/gate.sh", {
        REASON: s.reason,
        NODE_NAME: s.node,
        REBOOT_WAIT_SEC: s.rebootWaitSec,
      }),
    };
  }
  const common = {
    Reason: s.reason,
    Mode: s.mode,
    Drain: s.drain,
    NodeName: s.node,
    ClpGroups: s.groups ?? [],
    DrainTimeoutSec: DRAIN_TIMEOUT_SEC,
    RebootDelaySec: REBOOT_DELAY_SEC,
    RebootWaitSec: s.rebootWaitSec,
  };
  return {
    reboot: renderScript("lifecycle/reboot.ps1", common),
    gate: renderScript("lifecycle/gate.ps1", common),
  };
}

/** The parameter name of the preceding step's hash, per OS. */
export const afterHashParam = (os: "linux" | "windows"): string =>
  os === "linux" ? "AFTER_HASH" : "AfterHash";

/** One reboot sequence on one node. */
export interface RebootSequence {
  reboot: BootstrapStep;
  wait: time.Sleep;
  gate: BootstrapStep;
  /** Hash of the preceding step, to hand to the step after the gate. */
  afterHash: pulumi.Output<string>;
}

/** Creates reboot-<reason> → wait-<reason> → gate-<reason> on one node. */
export function rebootSequence(a: {
  base: Omit<StepSpec, "node" | "step" | "vm" | "script">;
  spec: RebootScriptSpec;
  vm: compute.VirtualMachine;
  /** The step whose outcome decides the reboot, and its script. */
  after: { command: pulumi.Resource; script: pulumi.Input<string> };
  /** Further resources the reboot waits for (the previous node's gate: one node at a time). */
  alsoAfter?: pulumi.Resource[];
  order: number;
}): RebootSequence {
  const { base, spec } = a;
  const scripts = renderRebootScripts(spec);
  const afterHash = scriptHash(a.after.script);
  const param = { [afterHashParam(spec.os)]: afterHash };
  const reboot = runCommandStep({
    ...base,
    node: spec.node,
    step: `reboot-${spec.reason}`,
    vm: a.vm,
    script: scripts.reboot,
    parameters: param,
    runTimeoutSec: DRAIN_TIMEOUT_SEC + 300,
    order: a.order,
    dependsOn: [a.after.command, ...(a.alsoAfter ?? [])],
  });
  const wait = new time.Sleep(
    childName(base.cluster, spec.node, `wait-${spec.reason}`),
    {
      createDuration: `${spec.rebootWaitSec}s`,
      // A Sleep waits again only when its triggers change (a changed duration alone does not).
      triggers: { afterHash, rebootScript: scriptHash(scripts.reboot) },
    },
    { parent: base.parent, dependsOn: [reboot.command] },
  );
  const gate = runCommandStep({
    ...base,
    node: spec.node,
    step: `gate-${spec.reason}`,
    vm: a.vm,
    script: scripts.gate,
    parameters: param,
    runTimeoutSec: 600,
    order: a.order + 1,
    dependsOn: [wait],
  });
  return { reboot, wait, gate, afterHash };
}
