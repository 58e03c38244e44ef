/**
 * WSFC bootstrap: which managed Run Commands a Windows Server Failover Cluster gets, in which
 * order, as which user, with which rendered script.
 *
 *   [domain: JsonADDomainExtension per node (joins, restarts the VM itself)
 *      → wait-after-join (time.Sleep) → gate-after-join (PartOfDomain, no join pending)]
 *   prepare (every node, SYSTEM; requests a reboot when its changes need one, never reboots)
 *     → reboot-after-prepare → wait-after-prepare → gate-after-prepare   (node by node: node2's
 *       reboot after node1's gate; a node of a formed cluster is drained first; ./lifecycle.ts)
 *     → await-ready (every node, SYSTEM; waits, bounded, for the settings; never for a reboot)
 *       → form (first node, after every node's await-ready; as the cluster admin)
 *         → dns-updater (every node; DNS topology only)
 *
 * Parameter passing (Microsoft Learn, "Run scripts in your Windows VM by using managed Run
 * Commands"): on Windows, parameters and protected parameters reach the script as named
 * arguments (`script.ps1 -name value`), so secrets are declared in a `param()` block and travel
 * only as protected parameters; every other value is rendered into the script text.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as storage from "@pulumi/azure-native/storage";
import { parseCidr } from "../core/addressing";
import { childName } from "../core/naming";
import { WSFC_KEEPALIVE_MS } from "../core/heartbeat";
import type { ResolvedCluster, ResolvedWsfc } from "../core/types";
import { MissingPublicIpError, type BootstrapContext } from "./context";
import * as time from "@pulumiverse/time";
import {
  afterHashParam,
  REBOOT_DELAY_SEC as LIFECYCLE_REBOOT_DELAY_SEC,
  rebootSequence,
  renderRebootScripts,
} from "./lifecycle";
import { renderScript, type ParamValue } from "./render";
import { runCommandStep, type BootstrapStep } from "./run-command";

/**
 * TCP keep-alive below the 240 s idle timeout of Azure LB / Firewall (seed 000, decimal ms). One
 * value: the policy rules check the same constant the script writes.
 */
export const KEEP_ALIVE_TIME_MS = WSFC_KEEPALIVE_MS;
/** TCP keep-alive interval (Windows default, seed 000). */
export const KEEP_ALIVE_INTERVAL_MS = 1000;
/** Subnet mask of the role's IP Address resource behind an Azure LB (seed 000). */
export const PROBE_IP_SUBNET_MASK = "255.255.255.255";
/** Seconds between the end of reboot-after-prepare and its reboot (see ./lifecycle.ts). */
export const REBOOT_DELAY_SEC = LIFECYCLE_REBOOT_DELAY_SEC;
/** Minutes between two reconcile runs of the DNS updater. */
export const DNS_RECONCILE_MINUTES = 5;
/** Name of the DNS updater's scheduled task. */
export const DNS_UPDATER_TASK = "azure-ha-cluster-wsfc-dns-updater";

/** The steps of a WSFC bootstrap. */
export type WsfcStepName =
  | "gate-after-join"
  | "prepare"
  | "reboot-after-prepare"
  | "gate-after-prepare"
  | "await-ready"
  | "form"
  | "dns-updater";

/** One planned step: the pure form of the Run Command chain (tests read the dependencies here). */
export interface WsfcStepPlan {
  node: string;
  step: WsfcStepName;
  /** Position in the chain (0 = first). */
  order: number;
  /** Steps this one waits for (Run Commands on one VM otherwise run at the same time). */
  dependsOn: { node: string; step: WsfcStepName }[];
  /**
   * Waits for the node's domain-join extension and the wait after it (domain clusters,
   * "gate-after-join").
   */
  afterDomainJoin: boolean;
  /** Waits for the time.Sleep after the named reboot step (gates). */
  afterWait?: { node: string; step: WsfcStepName };
  /** "system": the Run Command default; "cluster-admin": runAsUser/runAsPassword. */
  runAs: "system" | "cluster-admin";
  /** Template under components/bootstrap/. */
  template: string;
  /** The Run Command's execution timeout (StepSpec.runTimeoutSec), not a heartbeat timeout. */
  runTimeoutSec: number;
}

const TEMPLATES: Record<WsfcStepName, string> = {
  "gate-after-join": "lifecycle/join-gate.ps1",
  prepare: "wsfc/prepare.ps1",
  "reboot-after-prepare": "lifecycle/reboot.ps1",
  "gate-after-prepare": "lifecycle/gate.ps1",
  "await-ready": "wsfc/await-ready.ps1",
  form: "wsfc/form.ps1",
  "dns-updater": "wsfc/dns-updater-install.ps1",
};

function wsfcOf(c: ResolvedCluster): ResolvedWsfc {
  if (c.software.kind !== "wsfc")
    throw new Error(`cluster ${c.name}: software is ${c.software.kind}, not wsfc`);
  return c.software;
}

/** The Run Command chain of a WSFC cluster (pure). */
export function planWsfcSteps(c: ResolvedCluster): WsfcStepPlan[] {
  const w = wsfcOf(c);
  const nodes = c.nodes.map((n) => n.name);
  const first = nodes[0];
  const plan: WsfcStepPlan[] = [];
  const sys = (
    node: string,
    step: WsfcStepName,
    order: number,
    dependsOn: { node: string; step: WsfcStepName }[],
    runTimeoutSec: number,
    extra: Partial<WsfcStepPlan> = {},
  ): WsfcStepPlan => ({
    node,
    step,
    order,
    dependsOn,
    afterDomainJoin: false,
    runAs: "system",
    template: TEMPLATES[step],
    runTimeoutSec,
    ...extra,
  });
  const domain = w.domain !== undefined;
  if (domain) {
    for (const node of nodes)
      plan.push(sys(node, "gate-after-join", 0, [], 600, { afterDomainJoin: true }));
  }
  for (const node of nodes) {
    plan.push(sys(node, "prepare", 1, domain ? [{ node, step: "gate-after-join" }] : [], 3600));
  }
  // Reboots one node at a time: node n's reboot waits for node n-1's gate.
  nodes.forEach((node, i) => {
    const prev = i > 0 ? [{ node: nodes[i - 1], step: "gate-after-prepare" as const }] : [];
    plan.push(sys(node, "reboot-after-prepare", 2, [{ node, step: "prepare" }, ...prev], 900));
    plan.push(
      sys(node, "gate-after-prepare", 3, [], 600, {
        afterWait: { node, step: "reboot-after-prepare" },
      }),
    );
  });
  for (const node of nodes) {
    plan.push(sys(node, "await-ready", 4, [{ node, step: "gate-after-prepare" }], 2400));
  }
  plan.push({
    node: first,
    step: "form",
    order: 5,
    dependsOn: nodes.map((n) => ({ node: n, step: "await-ready" as const })),
    afterDomainJoin: false,
    runAs: "cluster-admin",
    template: TEMPLATES.form,
    runTimeoutSec: 3600,
  });
  if (c.topology === "dns") {
    for (const node of nodes) {
      plan.push({
        node,
        step: "dns-updater",
        order: 6,
        dependsOn: [{ node: first, step: "form" }],
        afterDomainJoin: false,
        runAs: "system",
        template: TEMPLATES["dns-updater"],
        runTimeoutSec: 1200,
      });
    }
  }
  return plan;
}

/**
 * The cloud witness's storage account name: 3–24 lowercase letters and digits, derived from the
 * cluster name plus a stable hash of resource group and name (storage names are global).
 */
export function witnessStorageAccountName(
  c: Pick<ResolvedCluster, "name" | "resourceGroupName">,
): string {
  const hash = crypto
    .createHash("sha256")
    .update(`${c.resourceGroupName}/${c.name}`)
    .digest("hex")
    .slice(0, 8);
  const base =
    c.name
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 13) || "hacluster";
  return `${base}wit${hash}`;
}

/**
 * The join account as the extension and `runAsUser` take it. A bare name becomes
 * `<domain DNS name>\user`, the form of Microsoft's JsonADDomainExtension templates
 * (Azure/azure-quickstart-templates vm-domain-join: `concat(parameters('domainToJoin'), '\\',
 * parameters('domainUsername'))`), right whatever the NetBIOS name is. A UPN (`user@suffix`,
 * whose suffix may differ from the DNS domain) or an explicit `DOMAIN\user` stays as given.
 */
export function domainUser(domain: { name: string; joinUser: string }): string {
  if (/[\\@]/.test(domain.joinUser)) return domain.joinUser;
  return `${domain.name}\\${domain.joinUser}`;
}

/** Who runs "form": the domain admin, or the shared local admin of a workgroup cluster. */
export function clusterAdminUser(c: ResolvedCluster): string {
  const w = wsfcOf(c);
  return w.domain ? domainUser(w.domain) : c.vm.adminUsername;
}

/** Network address and mask of the nodes' subnet (how "form" finds the cluster network). */
export function subnetOf(prefix: string): { address: string; mask: string } {
  const cidr = parseCidr(prefix);
  if (!cidr) throw new Error(`not an IPv4 CIDR: ${prefix}`);
  const n = (x: number) => [24, 16, 8, 0].map((s) => Math.floor(x / 2 ** s) % 256).join(".");
  const mask = cidr.prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - cidr.prefix);
  return { address: n(cidr.first), mask: n(mask) };
}

/** Values known only at deploy time (Outputs), resolved. */
export interface WsfcDeployValues {
  /** Public LB: the frontend's public IP (Microsoft's external-LB pattern). */
  publicIpAddress?: string;
  /** DNS topology. */
  dns?: { subscriptionId: string; zoneResourceGroupName: string; identityClientId: string };
}

/** The address the role's IP Address resource carries: ILB VIP, public frontend IP, or none (DNS). */
export function roleIpAddress(c: ResolvedCluster, v: WsfcDeployValues): string {
  if (c.topology === "internal-lb") return c.lb?.frontendIp ?? "";
  if (c.topology === "public-lb") {
    if (!v.publicIpAddress) throw new MissingPublicIpError(c.name);
    return v.publicIpAddress;
  }
  return "";
}

/**
 * The client ports the guest firewall opens, from the same rules and sources as the NSG's
 * allow-clients rules (`nsgRulesFor`): the LB rules' backend ports, or the DNS topology's
 * `clientPorts`. NSG service tags (VirtualNetwork, Internet, AzureLoadBalancer, *) have no
 * Windows Firewall form: they become "Any" (the NSG keeps filtering); CIDRs and addresses stay.
 */
export function wsfcClientPorts(c: ResolvedCluster): {
  tcp: string[];
  udp: string[];
  sources: string[];
} {
  const tcp = new Set<string>();
  const udp = new Set<string>();
  let sources: string[] = [];
  if (c.lb) {
    for (const r of c.lb.rules) {
      const port = r.protocol === "All" ? "Any" : String(r.backendPort);
      if (r.protocol !== "Udp") tcp.add(port);
      if (r.protocol !== "Tcp") udp.add(port);
    }
    sources = c.lb.clientSources;
  } else if (c.dns) {
    for (const p of c.dns.clientPorts ?? []) tcp.add(String(p));
    sources = c.dns.clientSources ?? ["VirtualNetwork"];
  }
  const isAddress = (s: string) => /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(s);
  const firewallSources = sources.some((s) => !isAddress(s)) ? ["Any"] : [...sources];
  const order = (xs: Set<string>) =>
    xs.has("Any") ? ["Any"] : [...xs].sort((a, b) => Number(a) - Number(b));
  return { tcp: order(tcp), udp: order(udp), sources: firewallSources };
}

/** The shared disks the role owns: every shared disk but the disk witness. */
export function roleDiskNames(c: ResolvedCluster): string[] {
  const w = wsfcOf(c);
  return c.sharedDisks
    .map((d) => d.name)
    .filter((n) => !(w.witness.kind === "disk" && n === w.witness.diskName));
}

function nodeParams(c: ResolvedCluster): Record<string, ParamValue> {
  return {
    ClusterNodeNames: c.nodes.map((n) => n.name),
    ClusterNodeIps: c.nodes.map((n) => n.privateIp),
  };
}

/** The probe port the guest opens and the role's probe listens on (none with DNS). */
function probePortOf(c: ResolvedCluster): number {
  return c.topology === "dns" ? 0 : (c.lb?.probePort ?? 0);
}

/** The "prepare" script: feature, firewall, keep-alive, workgroup settings or domain check. */
function renderPrepare(c: ResolvedCluster, w: ResolvedWsfc): string {
  const clientPorts = wsfcClientPorts(c);
  return renderScript(TEMPLATES.prepare, {
    ...nodeParams(c),
    Workgroup: w.domain === undefined,
    DomainName: w.domain?.name ?? "",
    ClusterAdminAccount: w.domain ? domainUser(w.domain) : "",
    InterconnectIps: c.nodes.map((n) => n.interconnectIp ?? "").filter((ip) => ip !== ""),
    ClientTcpPorts: clientPorts.tcp,
    ClientUdpPorts: clientPorts.udp,
    ClientSources: clientPorts.sources,
    DnsSuffix: w.dnsSuffix,
    ProbePort: probePortOf(c),
    KeepAliveTimeMs: KEEP_ALIVE_TIME_MS,
    KeepAliveIntervalMs: KEEP_ALIVE_INTERVAL_MS,
  });
}

/** The "await-ready" script: waits, bounded, for prepare's settings to be in effect. */
function renderAwaitReady(w: ResolvedWsfc): string {
  return renderScript(TEMPLATES["await-ready"], {
    Workgroup: w.domain === undefined,
    DomainName: w.domain?.name ?? "",
    DnsSuffix: w.dnsSuffix,
    KeepAliveTimeMs: KEEP_ALIVE_TIME_MS,
    TimeoutSec: 900,
  });
}

/** The "form" script: the cluster, its witness, heartbeat settings, the role and its IP. */
function renderForm(c: ResolvedCluster, w: ResolvedWsfc, v: WsfcDeployValues): string {
  const probePort = probePortOf(c);
  const subnet = subnetOf(c.network.subnetPrefix);
  const interconnect =
    c.network.kind === "created" && c.network.interconnectSubnetPrefix
      ? subnetOf(c.network.interconnectSubnetPrefix)
      : undefined;
  const witnessDisk = c.sharedDisks.find((d) => d.name === w.witness.diskName);
  return renderScript(TEMPLATES.form, {
    ...nodeParams(c),
    ClusterName: w.clusterName,
    Workgroup: w.domain === undefined,
    // software.managementPoint: Distributed (WS2019+ default; no cluster IP, no LB) or
    // Singleton on software.clusterIp (validation requires it).
    ManagementPoint: w.managementPoint === "singleton" ? "Singleton" : "Distributed",
    StaticAddress: w.managementPoint === "singleton" ? (w.clusterIp ?? "") : "",
    PeerWaitSec: 900,
    SharedDiskNames: c.sharedDisks.map((d) => d.name),
    SharedDiskLuns: c.sharedDisks.map((d) => d.lun),
    SharedDiskSizesGb: c.sharedDisks.map((d) => d.sizeGb),
    WitnessKind: w.witness.kind,
    WitnessStorageAccount: w.witness.kind === "cloud" ? witnessStorageAccountName(c) : "",
    WitnessDiskName: w.witness.kind === "disk" ? (witnessDisk?.name ?? "") : "",
    SameSubnetDelayMs: w.heartbeat.sameSubnetDelayMs,
    SameSubnetThreshold: w.heartbeat.sameSubnetThreshold,
    CrossSubnetDelayMs: w.heartbeat.crossSubnetDelayMs,
    CrossSubnetThreshold: w.heartbeat.crossSubnetThreshold,
    RoleName: w.roleName,
    IpResourceName: `${w.roleName}-ip`,
    RoleIpAddress: roleIpAddress(c, v),
    RoleIpSubnetMask: PROBE_IP_SUBNET_MASK,
    ProbePort: probePort,
    EnableDhcp: 0,
    // Public LB only: the public frontend address is outside the cluster network's subnet.
    OverrideAddressMatch: c.topology === "public-lb" ? 1 : 0,
    ClusterSubnetAddress: subnet.address,
    ClusterSubnetMask: subnet.mask,
    RoleMode: w.roleMode,
    RoleDiskNames: roleDiskNames(c),
    InterconnectSubnetAddress: interconnect?.address ?? "",
    InterconnectSubnetMask: interconnect?.mask ?? "",
  });
}

/** DNS topology: the updater script and the "dns-updater" step that installs it as a task. */
function renderDnsUpdater(
  c: ResolvedCluster,
  w: ResolvedWsfc,
  v: WsfcDeployValues,
): { updater: string; install: string } {
  if (!c.dns || !v.dns)
    throw new Error(
      `cluster ${c.name}: the DNS topology needs the zone, subscription and identity`,
    );
  const updater = renderScript("wsfc/dns-updater.ps1", {
    RoleName: w.roleName,
    NodeNames: c.nodes.map((n) => n.name),
    NodeIps: c.nodes.map((n) => n.privateIp),
    SubscriptionId: v.dns.subscriptionId,
    ZoneResourceGroup: v.dns.zoneResourceGroupName,
    ZoneName: c.dns.zoneName,
    RecordName: c.dns.recordName,
    TtlSec: c.dns.ttlSec,
    PrivateZone: c.dns.private,
    IdentityClientId: v.dns.identityClientId,
  });
  const install = renderScript(TEMPLATES["dns-updater"], {
    UpdaterScript: updater,
    TaskName: DNS_UPDATER_TASK,
    ReconcileMinutes: DNS_RECONCILE_MINUTES,
    FirstRunTimeoutSec: 600,
  });
  return { updater, install };
}

/** The rendered script of every planned step, keyed "<step>/<node>" (pure). */
export function renderWsfcScripts(c: ResolvedCluster, v: WsfcDeployValues): Record<string, string> {
  const w = wsfcOf(c);
  const prepare = renderPrepare(c, w);
  const awaitReady = renderAwaitReady(w);
  const form = renderForm(c, w, v);
  const out: Record<string, string> = {};
  let updaterInstall: string | undefined;
  if (c.topology === "dns") {
    const dns = renderDnsUpdater(c, w, v);
    out["dns-updater.ps1"] = dns.updater;
    updaterInstall = dns.install;
  }
  for (const p of planWsfcSteps(c)) {
    const lifecycle = renderRebootScripts({
      os: "windows",
      reason: "after-prepare",
      mode: "request",
      drain: "wsfc",
      node: p.node,
      rebootWaitSec: c.bootstrap.rebootWaitSec,
    });
    const joinGate = (): string =>
      renderScript(TEMPLATES["gate-after-join"], {
        NodeName: p.node,
        DomainName: w.domain?.name ?? "",
        RebootWaitSec: c.bootstrap.rebootWaitSec,
      });
    const script: string | undefined = {
      "gate-after-join": w.domain ? joinGate() : undefined,
      prepare,
      "reboot-after-prepare": lifecycle.reboot,
      "gate-after-prepare": lifecycle.gate,
      "await-ready": awaitReady,
      form,
      "dns-updater": updaterInstall,
    }[p.step];
    if (script === undefined) throw new Error(`no script for ${p.step}`);
    out[`${p.step}/${p.node}`] = script;
  }
  return out;
}

/** Creates the WSFC bootstrap: domain-join extensions, witness storage account, Run Commands. */
export function buildWsfcBootstrap(ctx: BootstrapContext): BootstrapStep[] {
  const { name, c, net, nodes, tags, parent } = ctx;
  const w = wsfcOf(c);
  if (c.topology === "public-lb" && !ctx.publicIpAddress) throw new MissingPublicIpError(name);
  if (c.topology === "dns" && !ctx.dns?.identityClientId) {
    throw new pulumi.ResourceError(
      `${name}: the WSFC DNS updater needs the nodes' user-assigned identity (BootstrapContext.dns.identityClientId)`,
      parent,
    );
  }
  const vmOf = new Map(c.nodes.map((n, i) => [n.name, nodes.vms[i]]));
  const domainJoin = buildDomainJoins(ctx, w, vmOf);
  const witness = w.witness.kind === "cloud" ? buildCloudWitness(ctx) : undefined;
  const scripts = deployedScripts(ctx);
  const chain: WsfcChain = {
    ctx,
    w,
    vmOf,
    domainJoin,
    witness,
    base: {
      cluster: name,
      os: "windows" as const,
      resourceGroupName: net.resourceGroupName,
      location: c.location,
      tags,
      parent,
    },
    scriptOf: (p) => scripts.apply((s) => s[`${p.step}/${p.node}`]),
    created: new Map(),
    afterHashOf: new Map(),
    steps: [],
  };
  for (const p of planWsfcSteps(c)) {
    if (p.step === "gate-after-prepare") continue; // created with its reboot step (below)
    const deps: pulumi.Resource[] = p.dependsOn.map(
      (d) => chain.created.get(`${d.step}/${d.node}`)!.command,
    );
    if (p.step === "reboot-after-prepare") addRebootSequence(chain, p, deps);
    else addRunCommand(chain, p, deps);
  }
  return chain.steps;
}

/** Domain join: the extension joins and restarts the VM; wait-after-join and gate-after-join follow. */
function buildDomainJoins(
  ctx: BootstrapContext,
  w: ResolvedWsfc,
  vmOf: Map<string, compute.VirtualMachine>,
): Map<string, compute.VirtualMachineExtension> {
  const { name, c, net, tags, parent } = ctx;
  const domainJoin = new Map<string, compute.VirtualMachineExtension>();
  const d = w.domain;
  if (!d) return domainJoin;
  for (const n of c.nodes) {
    domainJoin.set(
      n.name,
      new compute.VirtualMachineExtension(
        childName(name, n.name, "domain-join"),
        {
          resourceGroupName: net.resourceGroupName,
          vmName: vmOf.get(n.name)!.name,
          location: c.location,
          vmExtensionName: "JsonADDomainExtension",
          publisher: "Microsoft.Compute",
          type: "JsonADDomainExtension",
          typeHandlerVersion: "1.3",
          autoUpgradeMinorVersion: true,
          settings: {
            Name: d.name,
            User: domainUser(d),
            OUPath: d.ouPath ?? "",
            Restart: "true",
            Options: "3",
          },
          protectedSettings: pulumi.secret(
            pulumi.output(d.joinPassword).apply((p) => ({ Password: p })),
          ),
          tags,
        },
        { parent, dependsOn: [vmOf.get(n.name)!] },
      ),
    );
  }
  return domainJoin;
}

/** The cloud witness's storage account and its key (a secret, for "form"). */
interface CloudWitness {
  account: storage.StorageAccount;
  key: pulumi.Output<string>;
}

/** Cloud witness: a general-purpose v2 account the component owns; its key goes as a secret. */
function buildCloudWitness(ctx: BootstrapContext): CloudWitness {
  const { name, c, net, tags, parent } = ctx;
  const account = new storage.StorageAccount(
    childName(name, "witness"),
    {
      resourceGroupName: net.resourceGroupName,
      location: c.location,
      accountName: witnessStorageAccountName(c),
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      tags,
    },
    { parent },
  );
  const key = pulumi.secret(
    storage
      .listStorageAccountKeysOutput(
        { resourceGroupName: net.resourceGroupName, accountName: account.name },
        { parent },
      )
      .apply((r) => r.keys[0].value),
  );
  return { account, key };
}

/** The rendered scripts, once the deploy-time values (public IP, DNS zone, identity) are known. */
function deployedScripts(ctx: BootstrapContext): pulumi.Output<Record<string, string>> {
  const c = ctx.c;
  return pulumi
    .all([
      ctx.publicIpAddress ?? "",
      ctx.dns?.subscriptionId ?? "",
      ctx.dns?.zoneResourceGroupName ?? "",
      ctx.dns?.identityClientId ?? "",
    ])
    .apply(([publicIpAddress, subscriptionId, zoneResourceGroupName, identityClientId]) =>
      renderWsfcScripts(c, {
        publicIpAddress: publicIpAddress || undefined,
        dns:
          c.topology === "dns"
            ? { subscriptionId, zoneResourceGroupName, identityClientId }
            : undefined,
      }),
    );
}

/** What the Run Command chain is built from, and what it has created so far. */
interface WsfcChain {
  ctx: BootstrapContext;
  w: ResolvedWsfc;
  vmOf: Map<string, compute.VirtualMachine>;
  domainJoin: Map<string, compute.VirtualMachineExtension>;
  witness?: CloudWitness;
  /** The inputs every Run Command of the cluster shares. */
  base: {
    cluster: string;
    os: "windows";
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tags: Record<string, string>;
    parent: pulumi.Resource;
  };
  scriptOf: (p: { step: WsfcStepName; node: string }) => pulumi.Output<string>;
  /** The steps created so far, keyed "<step>/<node>". */
  created: Map<string, BootstrapStep>;
  /** Per node: the hash of what its reboot followed (await-ready takes it as a parameter). */
  afterHashOf: Map<string, pulumi.Output<string>>;
  steps: BootstrapStep[];
}

/** reboot-after-prepare, its wait and gate-after-prepare (./lifecycle.ts), node by node. */
function addRebootSequence(chain: WsfcChain, p: WsfcStepPlan, deps: pulumi.Resource[]): void {
  const seq = rebootSequence({
    base: chain.base,
    spec: {
      os: "windows",
      reason: "after-prepare",
      mode: "request",
      drain: "wsfc",
      node: p.node,
      rebootWaitSec: chain.ctx.c.bootstrap.rebootWaitSec,
    },
    vm: chain.vmOf.get(p.node)!,
    after: {
      command: chain.created.get(`prepare/${p.node}`)!.command,
      script: chain.scriptOf({ step: "prepare", node: p.node }),
    },
    alsoAfter: deps,
    order: p.order,
  });
  // the scripts of the sequence are the ones renderWsfcScripts lists (same renderer)
  chain.created.set(`reboot-after-prepare/${p.node}`, seq.reboot);
  chain.created.set(`gate-after-prepare/${p.node}`, seq.gate);
  chain.afterHashOf.set(p.node, seq.afterHash);
  chain.steps.push(seq.reboot, seq.gate);
}

/** The extension reports success before its own restart lands: wait out of guest first. */
function waitAfterJoin(
  chain: WsfcChain,
  node: string,
  join: compute.VirtualMachineExtension,
): time.Sleep {
  const { ctx, w } = chain;
  return new time.Sleep(
    childName(ctx.name, node, "wait-after-join"),
    {
      createDuration: `${ctx.c.bootstrap.rebootWaitSec}s`,
      triggers: {
        domain: w.domain?.name ?? "",
        ouPath: w.domain?.ouPath ?? "",
        user: w.domain ? domainUser(w.domain) : "",
      },
    },
    { parent: ctx.parent, dependsOn: [join] },
  );
}

/** One Run Command of the chain (every step but the reboot sequence). */
function addRunCommand(chain: WsfcChain, p: WsfcStepPlan, deps: pulumi.Resource[]): void {
  const { ctx, w, witness } = chain;
  const join = chain.domainJoin.get(p.node);
  if (p.afterDomainJoin && join) deps.push(waitAfterJoin(chain, p.node, join));
  if (p.step === "form" && witness) deps.push(witness.account);
  const hash = p.step === "await-ready" ? chain.afterHashOf.get(p.node) : undefined;
  const clusterAdmin = p.runAs === "cluster-admin";
  const step = runCommandStep({
    ...chain.base,
    node: p.node,
    step: p.step,
    vm: chain.vmOf.get(p.node)!,
    script: chain.scriptOf(p),
    parameters: hash ? { [afterHashParam("windows")]: hash } : undefined,
    protectedParameters:
      p.step === "form" && witness ? { WitnessStorageKey: witness.key } : undefined,
    runAsUser: clusterAdmin ? clusterAdminUser(ctx.c) : undefined,
    runAsPassword: clusterAdmin
      ? w.domain
        ? w.domain.joinPassword
        : ctx.nodes.adminPassword
      : undefined,
    runTimeoutSec: p.runTimeoutSec,
    order: p.order,
    dependsOn: deps,
  });
  chain.created.set(`${p.step}/${p.node}`, step);
  chain.steps.push(step);
}
