/**
 * CLUSTERPRO X / EXPRESSCLUSTER X (4.3–5.0) in-guest bootstrap, Linux and Windows, all three
 * topologies. Steps (managed Run Commands, chained with dependsOn; waits are time.Sleep):
 *   every node:  prepare                                 (install/verify; requests a reboot)
 *   node by node: reboot-after-install → wait → gate-after-install   (node2's reboot after
 *                 node1's gate; see ./lifecycle.ts)
 *   every node:  await-ready → license                   (services, licenses)
 *   first node:  push, after every node's license        (clpcfset, clpcfctrl --push; resumable;
 *                 never starts the cluster)
 *   Windows, node by node after the push: md-guid        (its md volume GUIDs: pull, clpcfset,
 *                 push; never starts the cluster)
 *   node by node: reboot-after-push → wait → gate-after-push  (NEC reboots every server after
 *                 the push: clpcfset doc/windows/Shared-Disk.md; 5.0 UNCONFIRMED, params.ts)
 *   first node:  start, after every node's gate-after-push   (clpcl -s -a, groups online)
 * Only "start" starts the cluster; whatever re-runs a push (push or md-guid) re-runs the reboots
 * and "start" after it (afterPushKey).
 * The clp.conf content comes from `clusterpro/params.ts` (one table of paths, UNCONFIRMED ones
 * marked there); the scripts under `clusterpro/linux` and `clusterpro/windows` execute it.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type * as compute from "@pulumi/azure-native/compute";
import { linuxPackageManager } from "../core/os";
import type { ResolvedCluster, ResolvedClusterpro } from "../core/types";
import { MissingPublicIpError, type BootstrapContext } from "./context";
import { afterHashParam, rebootSequence, scriptHash, type RebootScriptSpec } from "./lifecycle";
import { renderScript, type ParamValue } from "./render";
import { runCommandStep, type BootstrapStep, type StepSpec } from "./run-command";
import {
  clusterproOf,
  encodeCommands,
  formPlan,
  NAMES,
  PRODUCT_PORTS,
  pullArgs,
  pushArgs,
  type FormPlan,
} from "./clusterpro/params";

/**
 * Product bin directory on Linux (S3). Windows scripts find it at run time on the machine PATH
 * (common.ps1 Find-ClpBin) and call product commands by bare name: EXPRESSCLUSTER and the Japanese
 * CLUSTERPRO install to different folders, so no Windows install path is written anywhere.
 */
export const CLP_BIN = {
  linux: "/opt/nec/clusterpro/bin",
} as const;

/**
 * Microsoft's repository package for the Azure CLI per RHEL version (MicrosoftDocs/azure-docs-cli
 * includes/cli-install-linux-dnf.md: RHEL 8 `config/rhel/8`, RHEL 9 `config/rhel/9.0`).
 */
export const AZ_CLI_REPO_RPM: Record<string, string> = {
  "rhel-8": "https://packages.microsoft.com/config/rhel/8/packages-microsoft-prod.rpm",
  "rhel-9": "https://packages.microsoft.com/config/rhel/9.0/packages-microsoft-prod.rpm",
};

/** Where the service-principal PEM is placed on every node (DNS topology). */
export const PEM_PATH = {
  linuxDir: "/etc/azure-ha-cluster",
  file: "clusterpro-sp.pem",
  windows: "C:\\ProgramData\\azure-ha-cluster\\clusterpro-sp.pem",
} as const;

/** Interface alias of the Windows DSR loopback adapter. */
export const LOOPBACK_ALIAS = "azha-loopback";

/** Bounded wait of await-ready for the services. */
export const READY_TIMEOUT_SEC = 900;
/** Bounded wait of "start" for the groups to come online. */
export const START_TIMEOUT_SEC = 900;

/** The failover groups of a cluster this bootstrap builds (drain, start). */
export const CLP_GROUPS = [NAMES.group];

/** The rendered scripts of one cluster, per step (exported for tests and the planner). */
export interface ClusterproScripts {
  os: "linux" | "windows";
  prepare: string;
  awaitReady: string;
  license: string;
  /** The script of the step "push" (file form.sh / form.ps1): clpcfset + clpcfctrl --push. */
  form: string;
  /**
   * Windows: per server but the first (lowercase name), the md-guid step that writes that
   * server's mirror-disk volume GUIDs into the pushed configuration. Linux: empty.
   */
  mdGuid: Record<string, string>;
  /** The script of the step "start": clpcl -s -a, groups online. */
  start: string;
  plan: FormPlan;
}

function firewallPorts(
  c: ResolvedCluster,
  family: "linux" | "windows",
): { tcp: string[]; udp: string[] } {
  const tcp = [...PRODUCT_PORTS[family].tcp];
  const udp = [...PRODUCT_PORTS[family].udp];
  if (c.lb) {
    tcp.push(String(c.lb.probePort));
    for (const r of c.lb.rules) {
      if (r.backendPort === 0) continue; // HA ports: the business ports are the user's to open
      (r.protocol === "Udp" ? udp : tcp).push(String(r.backendPort));
    }
  }
  // DNS topology: the business ports clients reach on the active node
  for (const p of c.dns?.clientPorts ?? []) tcp.push(String(p));
  return { tcp: [...new Set(tcp)], udp: [...new Set(udp)] };
}

/** What the scripts of both OSes are rendered from (pure). */
interface ScriptInputs {
  sw: ResolvedClusterpro;
  lun: number;
  fw: { tcp: string[]; udp: string[] };
  pem: string;
  plan: FormPlan;
  push: string[];
  /** clpcfctrl --pull takes the push's origin flags (-l / -w, none on 5.x) and its own -x <dir>. */
  pullFlags: string[];
  /** The plan's files as path, content, path, content, … */
  files: string[];
  planHash: string;
}

/** Renders every script of a CLUSTERPRO cluster (pure; secrets are never rendered). */
export function renderClusterproScripts(c: ResolvedCluster): ClusterproScripts {
  const sw = clusterproOf(c);
  const family = c.vm.osFamily;
  const pem = family === "linux" ? `${PEM_PATH.linuxDir}/${PEM_PATH.file}` : PEM_PATH.windows;
  const plan = formPlan(c, {
    family,
    clpBin: CLP_BIN.linux,
    loopbackAlias: LOOPBACK_ALIAS,
    pemPath: pem,
  });
  const push = pushArgs(sw.versionParts, family);
  const x: ScriptInputs = {
    sw,
    lun: c.dataDisk?.lun ?? 0,
    fw: firewallPorts(c, family),
    pem,
    plan,
    push,
    pullFlags: push.filter((a) => a !== "--push" && a !== "-x" && a !== "."),
    files: plan.files.flatMap((f) => [f.path, f.content]),
    planHash: createHash("sha256")
      .update(JSON.stringify([plan.commands, plan.files, push]))
      .digest("hex"),
  };
  return family === "linux" ? renderLinuxScripts(c, x) : renderWindowsScripts(c, x);
}

function renderLinuxScripts(c: ResolvedCluster, x: ScriptInputs): ClusterproScripts {
  const { sw, lun, fw, plan } = x;
  const render = (t: string, p: Record<string, ParamValue>) =>
    renderScript(`clusterpro/linux/${t}`, p);
  const prepare = render("prepare.sh", {
    CLP_VERSION: sw.version,
    PKG_MANAGER: linuxPackageManager(c.vm.os) ?? "dnf",
    FW_TCP: fw.tcp,
    FW_UDP: fw.udp,
    DATA_DISK_LUN: lun,
    CLUSTER_PARTITION_GB: sw.mirrorDisk.clusterPartitionGb,
    DNS_TOPOLOGY: c.topology === "dns",
    AZ_PATH: sw.azureCliPath,
    AZ_CLI_REPO_RPM: AZ_CLI_REPO_RPM[c.vm.os] ?? "",
    PEM_FILE: PEM_PATH.file,
  });
  return {
    os: "linux",
    plan,
    prepare,
    awaitReady: render("await-ready.sh", {
      READY_TIMEOUT_SEC,
      // S8: the 5.x Linux services (clusterpro_webmgr is the one Cluster WebUI answers on).
      READY_SERVICES: ["clusterpro_webmgr"],
    }),
    license: render("license.sh", {}),
    form: render("form.sh", {
      CLUSTER_NAME: sw.clusterName,
      DATA_DISK_LUN: lun,
      CLP_COMMANDS: encodeCommands(plan.commands),
      CLP_FILES: x.files,
      PUSH_ARGS: x.push,
      PULL_FLAGS: x.pullFlags,
    }),
    start: render("start.sh", {
      CLUSTER_NAME: sw.clusterName,
      CLP_GROUPS,
      START_TIMEOUT_SEC,
    }),
    mdGuid: {},
  };
}

const renderWindows = (t: string, p: Record<string, ParamValue>) =>
  renderScript(`clusterpro/windows/${t}`, p);

function renderWindowsScripts(c: ResolvedCluster, x: ScriptInputs): ClusterproScripts {
  const { sw, plan } = x;
  const md = sw.mirrorDisk;
  return {
    os: "windows",
    plan,
    prepare: renderWindows("prepare.ps1", {
      ClpVersion: sw.version,
      FwTcp: x.fw.tcp,
      FwUdp: x.fw.udp,
      DataDiskLun: x.lun,
      ClusterPartitionGb: md.clusterPartitionGb,
      DataDriveLetter: md.driveLetter,
      ClusterDriveLetter: md.clusterPartitionDriveLetter,
      DnsTopology: c.topology === "dns",
      AzPath: sw.azureCliPath,
      PemPath: x.pem,
      Dsr: sw.dsr,
      LoopbackAlias: LOOPBACK_ALIAS,
      SubnetPrefix: c.network.subnetPrefix,
    }),
    awaitReady: renderWindows("await-ready.ps1", { ReadyTimeoutSec: READY_TIMEOUT_SEC }),
    license: renderWindows("license.ps1", {}),
    form: renderWindows("form.ps1", {
      ClusterName: sw.clusterName,
      ClpCommands: encodeCommands(plan.commands),
      ClpFiles: x.files,
      PushArgs: x.push,
      DataDriveLetter: md.driveLetter,
      ClusterDriveLetter: md.clusterPartitionDriveLetter,
      // the md-guid steps' servers, whose GUIDs a re-push keeps from the live configuration
      OtherServers: Object.keys(plan.serverCommands).filter(
        (srv) => srv !== c.nodes[0].name.toLowerCase(),
      ),
      MdName: NAMES.md,
      PullArgs: pullArgs(sw.versionParts, "windows"),
      PullFlags: x.pullFlags,
    }),
    start: renderWindows("start.ps1", {
      ClusterName: sw.clusterName,
      ClpGroups: CLP_GROUPS,
      StartTimeoutSec: START_TIMEOUT_SEC,
    }),
    mdGuid: renderMdGuidScripts(c, x),
  };
}

/** Windows: per server but the first, its md-guid script (its volume GUIDs: pull, clpcfset, push). */
function renderMdGuidScripts(c: ResolvedCluster, x: ScriptInputs): Record<string, string> {
  const { sw } = x;
  return Object.fromEntries(
    Object.entries(x.plan.serverCommands)
      .filter(([srv]) => srv !== c.nodes[0].name.toLowerCase())
      .map(([srv, cmds]) => [
        srv,
        renderWindows("md-guid.ps1", {
          ServerName: srv,
          MdName: NAMES.md,
          ClpCommands: encodeCommands(cmds),
          PullArgs: pullArgs(sw.versionParts, "windows"),
          PushArgs: x.push,
          DataDriveLetter: sw.mirrorDisk.driveLetter,
          ClusterDriveLetter: sw.mirrorDisk.clusterPartitionDriveLetter,
          // re-runs the step whenever the form step's plan changes
          PlanHash: x.planHash,
        }),
      ]),
  );
}

/**
 * What the steps after the push re-run on. Pulumi runs a Run Command again only when its inputs
 * change (shared/PULUMI-NOTES.md), and the chain after a push is: reboot-after-push on every node
 * (per-hash: once per new hash, lifecycle.ts), then "start" — the only step that starts the cluster.
 * Windows md-guid may push (and stop a running cluster first) whenever it runs, and it runs again
 * when its script changes or a VM is rebuilt (a new VM gets new Run Commands), not only when the
 * push step changes. A push that changes the mirror disk needs every server restarted (clpcfset
 * change_ipaddr/README.md; 4.3 reboots every server after the push, doc/windows/Shared-Disk.md),
 * so the reboots and "start" must follow every run of md-guid. Hence:
 *   - `mdGuid` (md-guid's AfterHash parameter): the push step's inputs and every VM's vmId (Azure's
 *     unique id of a VM, new when it is rebuilt), so md-guid re-runs when the push re-runs or any
 *     node is rebuilt (a rebuilt first node pushes without the others' GUIDs if it cannot pull them);
 *   - `afterPush` (the reboots' and start's AfterHash source): the same plus every md-guid script,
 *     so whatever re-runs md-guid re-runs every node's reboot and "start" after it.
 * Linux has no md-guid: both are the push step's inputs, as before.
 */
export function afterPushKey(
  pushKey: pulumi.Input<string>,
  mdGuidScripts: string[],
  vmIds: pulumi.Input<string | undefined>[],
): { mdGuid: pulumi.Output<string>; afterPush: pulumi.Output<string> } {
  if (mdGuidScripts.length === 0) {
    const k = pulumi.output(pushKey);
    return { mdGuid: k, afterPush: k };
  }
  const mdGuid = pulumi
    .all([pulumi.output(pushKey), ...vmIds.map((v) => pulumi.output(v))])
    .apply(([push, ...ids]) => [push, ...ids.map((id) => `vm ${id ?? ""}`)].join("\n"));
  const afterPush = mdGuid.apply((k) => [k, ...mdGuidScripts].join("\n"));
  return { mdGuid, afterPush };
}

/** What every step of a CLUSTERPRO cluster shares. */
interface StepInputs {
  ctx: BootstrapContext;
  c: ResolvedCluster;
  sw: ResolvedClusterpro;
  s: ClusterproScripts;
  /** A parameter's name: Linux (environment variable) or Windows (script parameter). */
  pname: (linux: string, windows: string) => string;
  base: Omit<StepSpec, "node" | "step" | "vm" | "script">;
}

/** Creates the CLUSTERPRO bootstrap steps of a cluster. */
export function buildClusterproBootstrap(ctx: BootstrapContext): BootstrapStep[] {
  const { c } = ctx;
  const sw = clusterproOf(c);
  const s = renderClusterproScripts(c);
  const win = s.os === "windows";
  const k: StepInputs = {
    ctx,
    c,
    sw,
    s,
    pname: (linux, windows) => (win ? windows : linux),
    base: {
      cluster: ctx.name,
      os: s.os,
      resourceGroupName: ctx.net.resourceGroupName,
      location: c.location,
      tags: ctx.tags,
      parent: ctx.parent,
    },
  };
  const install = installSteps(k);
  const push = pushSteps(k, install);
  return [...install.steps, ...push.steps, ...afterPushSteps(k, push.last, push.keys.afterPush)];
}

/** What reboot-<reason> is told: after-install one node at a time, after-push likewise. */
function rebootSpec(
  k: StepInputs,
  reason: "after-install" | "after-push",
  node: string,
): RebootScriptSpec {
  return {
    os: k.s.os,
    reason,
    // after-install: only when prepare installed the product; after-push: once per new push.
    mode: reason === "after-install" ? "request" : "per-hash",
    drain: "clusterpro",
    node,
    groups: CLP_GROUPS,
    rebootWaitSec: k.c.bootstrap.rebootWaitSec,
  };
}

/** The install chains; `lastGate` is the last node's gate-after-install. */
interface InstallSteps {
  steps: BootstrapStep[];
  licenses: pulumi.Resource[];
  lastGate: pulumi.Resource | undefined;
}

/** prepare on every node at once (no reboot in it); the reboots one node at a time. */
function installSteps(k: StepInputs): InstallSteps {
  const steps: BootstrapStep[] = [];
  const licenses: pulumi.Resource[] = [];
  let previousGate: pulumi.Resource | undefined;
  k.c.nodes.forEach((node, i) => {
    const chain = installChain(k, node.name, k.ctx.nodes.vms[i], previousGate);
    previousGate = chain.gate.command;
    steps.push(...chain.steps);
    licenses.push(chain.license.command);
  });
  return { steps, licenses, lastGate: previousGate };
}

/** One node: prepare → reboot/wait/gate-after-install (after `previousGate`) → await-ready → license. */
function installChain(
  k: StepInputs,
  node: string,
  vm: compute.VirtualMachine,
  previousGate: pulumi.Resource | undefined,
): { steps: BootstrapStep[]; gate: BootstrapStep; license: BootstrapStep } {
  const { s, sw, base, pname } = k;
  const prepare = runCommandStep({
    ...base,
    node,
    step: "prepare",
    vm,
    script: s.prepare,
    protectedParameters: prepareSecrets(k),
    runTimeoutSec: 3600,
    order: 0,
  });
  const seq = rebootSequence({
    base,
    spec: rebootSpec(k, "after-install", node),
    vm,
    after: { command: prepare.command, script: s.prepare },
    alsoAfter: previousGate ? [previousGate] : [],
    order: 1,
  });
  const ready = runCommandStep({
    ...base,
    node,
    step: "await-ready",
    vm,
    script: s.awaitReady,
    parameters: { [afterHashParam(s.os)]: seq.afterHash },
    runTimeoutSec: READY_TIMEOUT_SEC + 300,
    order: 3,
    dependsOn: [seq.gate.command],
  });
  const license = runCommandStep({
    ...base,
    node,
    step: "license",
    vm,
    script: s.license,
    protectedParameters:
      sw.licenses === undefined ? undefined : { [pname("LICENSES", "Licenses")]: sw.licenses },
    runTimeoutSec: 600,
    order: 4,
    dependsOn: [ready.command],
  });
  return { steps: [prepare, seq.reboot, seq.gate, ready, license], gate: seq.gate, license };
}

/** prepare's secrets: the installer URL, and (DNS topology) the service principal's PEM. */
function prepareSecrets({ c, sw, pname }: StepInputs): Record<string, pulumi.Input<string>> {
  const prepareSecrets: Record<string, pulumi.Input<string>> = {};
  if (sw.installerUrl !== undefined)
    prepareSecrets[pname("INSTALLER_URL", "InstallerUrl")] = sw.installerUrl;
  if (c.topology === "dns" && c.dns?.updater) {
    prepareSecrets[pname("SP_CERT_PEM", "SpCertPem")] = c.dns.updater.certificatePem;
  }
  return prepareSecrets;
}

/** The push step's deploy-time parameters (public IP, DNS resource group). */
function formParameters({ c, ctx, pname }: StepInputs): Record<string, pulumi.Input<string>> {
  const formParams: Record<string, pulumi.Input<string>> = {};
  if (c.lb?.kind === "public") {
    if (!ctx.publicIpAddress) throw new MissingPublicIpError(c.name);
    formParams[pname("PUBLIC_IP", "PublicIp")] = ctx.publicIpAddress;
  }
  if (c.topology === "dns") {
    formParams[pname("DNS_RESOURCE_GROUP", "DnsResourceGroup")] =
      ctx.dns?.zoneResourceGroupName ??
      c.dns?.existingZone?.resourceGroupName ??
      c.resourceGroupName;
  }
  return formParams;
}

/** push on the first node, then (Windows) md-guid on every other; `last` is the last of them. */
function pushSteps(
  k: StepInputs,
  install: InstallSteps,
): { steps: BootstrapStep[]; last: pulumi.Resource; keys: ReturnType<typeof afterPushKey> } {
  const { c, ctx, s, base } = k;
  const formParams = formParameters(k);
  const push = runCommandStep({
    ...base,
    node: c.nodes[0].name,
    step: "push",
    vm: ctx.nodes.vms[0],
    script: s.form,
    parameters: formParams,
    runTimeoutSec: 1800,
    order: 5,
    // after every node's license, and after the last node's install gate (one node at a time)
    dependsOn: [...install.licenses, ...(install.lastGate ? [install.lastGate] : [])],
  });
  // The push's outcome depends on its parameters too (public IP, DNS resource group).
  const pushKey = pulumi
    .all([pulumi.output(s.form), ...Object.values(formParams).map((v) => pulumi.output(v))])
    .apply((xs) => xs.join("\n"));
  const mdGuidScripts = c.nodes
    .slice(1)
    .map((n) => s.mdGuid[n.name.toLowerCase()])
    .filter((x): x is string => x !== undefined);
  const keys = afterPushKey(
    pushKey,
    mdGuidScripts,
    ctx.nodes.vms.map((vm) => vm.vmId),
  );
  const mdGuid = mdGuidSteps(k, push.command, keys.mdGuid);
  return { steps: [push, ...mdGuid], last: mdGuid.at(-1)?.command ?? push.command, keys };
}

/**
 * Windows md: after the first node's push, every other node writes its own volume GUIDs into
 * the configuration (pull, clpcfset, push; md-guid.ps1), one node at a time, never starting
 * the cluster. The reboots after the push wait for the last of these steps.
 */
function mdGuidSteps(
  k: StepInputs,
  push: pulumi.Resource,
  mdGuidKey: pulumi.Output<string>,
): BootstrapStep[] {
  const { c, ctx, s, base } = k;
  const steps: BootstrapStep[] = [];
  let prev: pulumi.Resource = push;
  c.nodes.forEach((node, i) => {
    const script = s.mdGuid[node.name.toLowerCase()];
    if (i === 0 || script === undefined) return;
    const step = runCommandStep({
      ...base,
      node: node.name,
      step: "md-guid",
      vm: ctx.nodes.vms[i],
      script,
      parameters: { [afterHashParam(s.os)]: scriptHash(mdGuidKey) },
      runTimeoutSec: 900,
      order: 5,
      dependsOn: [prev],
    });
    steps.push(step);
    prev = step.command;
  });
  return steps;
}

/** reboot/wait/gate-after-push on every node, one at a time after `prev`, then "start". */
function afterPushSteps(
  k: StepInputs,
  prev: pulumi.Resource,
  afterPush: pulumi.Output<string>,
): BootstrapStep[] {
  const { c, ctx, s, base } = k;
  const steps: BootstrapStep[] = [];
  const gates: pulumi.Resource[] = [];
  let lastGate: pulumi.Resource | undefined;
  let startHash: pulumi.Output<string> | undefined;
  c.nodes.forEach((node, i) => {
    const seq = rebootSequence({
      base,
      spec: rebootSpec(k, "after-push", node.name),
      vm: ctx.nodes.vms[i],
      after: { command: prev, script: afterPush },
      alsoAfter: lastGate ? [lastGate] : [],
      order: 6,
    });
    lastGate = seq.gate.command;
    startHash = seq.afterHash;
    gates.push(seq.gate.command);
    steps.push(seq.reboot, seq.gate);
  });
  steps.push(
    runCommandStep({
      ...base,
      node: c.nodes[0].name,
      step: "start",
      vm: ctx.nodes.vms[0],
      script: s.start,
      parameters: startHash ? { [afterHashParam(s.os)]: startHash } : undefined,
      runTimeoutSec: START_TIMEOUT_SEC + 300,
      order: 8,
      dependsOn: gates,
    }),
  );
  return steps;
}
