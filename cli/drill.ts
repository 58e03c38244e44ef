/**
 * `azure-ha-cluster drill`: a failover drill against a deployed cluster (issue 25).
 *
 * It finds the cluster (stack outputs, or a stack-config file + the resource group), checks the
 * preconditions (every node running, the cluster software reports every node up and the group
 * online, exactly one healthy LB backend — the group's owner — or the DNS record pointing at it),
 * moves the group/role to another node, measures until clients would follow (the LB rule's health
 * flips; or the DNS A record changes and its TTL passes), moves it back unless --stay, and prints
 * a timeline with the measured switch time next to the plan's failover budget (the same
 * `failoverBudget()` the planner prints). Azure's own SDKs do the calls: @azure/identity,
 * @azure/arm-compute (VM, instance view, action Run Commands, deallocate/start), @azure/arm-network
 * (load-balancing-rule health, a POST answered 202 + Location), @azure/arm-dns (the A record).
 */
import * as fs from "fs";
import * as readline from "readline";
import type { TokenCredential } from "@azure/identity";
import type { ComputeManagementClient } from "@azure/arm-compute";
import type { NetworkManagementClient } from "@azure/arm-network";
import type { DnsManagementClient } from "@azure/arm-dns";
import { parse as parseYaml } from "yaml";
import type { DrillTarget } from "../components/core/drill-target";
import { CLUSTERS_CONFIG_KEY, TAG } from "../components/core/tokens";
import {
  commandId,
  moveScript,
  parseClpstat,
  parseWsfcStatus,
  runCommandOutput,
  startServiceScript,
  statusScript,
  stopServiceScript,
  type ClusterStatus,
} from "./drill-guest";

export const DRILL_USAGE = `usage: azure-ha-cluster drill (--stack-outputs FILE | --config FILE) [options]

Moves the failover group/role of a deployed cluster to another node, measures until clients
would follow, moves it back, and compares the switch time with the plan's failover budget.

Where the cluster is:
  --stack-outputs FILE   JSON of \`pulumi stack output --json\` (the built-in stack program
                         exports each cluster's "drill" block)
  --config FILE          a stack-config file (Pulumi.<stack>.yaml) of the deployed stack
  --cluster NAME         which cluster, when there are several (required then)
  --resource-group RG    override the cluster's resource group
  --subscription ID      the subscription (default: $AZURE_SUBSCRIPTION_ID)

What it does:
  --check                preconditions only: change nothing
  --stay                 leave the group on the other node (no move back)
  --destructive KIND     measure detection too: stop-service (stop the active node's cluster
                         service) or deallocate (deallocate the active VM); asks to confirm
  --yes                  do not ask (required for --destructive without a terminal)
  --timeout SEC          give up waiting for each phase after SEC (default: 2 × RTO, ≥ 300)
  --poll SEC             seconds between health samples (default 5)
  --json                 one JSON object on stdout (for CI)
  --arm-endpoint URL     Azure Resource Manager endpoint (default https://management.azure.com;
                         sovereign clouds)

Credentials: DefaultAzureCredential (az login, environment, managed identity); or a bearer
token in $AZURE_ACCESS_TOKEN (e.g. from \`az account get-access-token\`).

Exit status:
  0  the switch happened within the failover budget (--check: every precondition holds)
  1  the switch was over budget, or a phase (clients following, a Run Command) hit --timeout
  2  bad command line or input files; the cluster is not identified unambiguously
  3  a precondition failed: nothing was changed (the output says which)
  4  an Azure call or Run Command failed (403: the missing permission is named); restored
  5  interrupted (Ctrl-C); the cluster was restored
  6  the restore failed: the cluster is NOT as the drill found it (the output says what to do)`;

/** Exit codes (see DRILL_USAGE). */
export const EXIT = {
  ok: 0,
  overBudget: 1,
  usage: 2,
  precondition: 3,
  azure: 4,
  interrupted: 5,
  restoreFailed: 6,
} as const;

type Destructive = "stop-service" | "deallocate";

/** Parsed command line. */
export interface DrillArgs {
  stackOutputs?: string;
  config?: string;
  cluster?: string;
  resourceGroup?: string;
  subscription?: string;
  check: boolean;
  stay: boolean;
  destructive?: Destructive;
  yes: boolean;
  timeoutSec?: number;
  pollSec: number;
  json: boolean;
  armEndpoint?: string;
  help: boolean;
}

class UsageError extends Error {}
class PreconditionError extends Error {
  constructor(public readonly failed: string[]) {
    super(failed.join("; "));
  }
}
class AzureCallError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
  }
}
class TimeoutError extends Error {}
class Interrupted extends Error {
  constructor() {
    super("interrupted (Ctrl-C)");
  }
}

/** The flags that take a value: each stores it (validated) in the parsed command line. */
const VALUE_FLAGS = new Map<string, (a: DrillArgs, v: string, flag: string) => void>([
  ["--stack-outputs", (a, v) => (a.stackOutputs = v)],
  ["--config", (a, v) => (a.config = v)],
  ["--cluster", (a, v) => (a.cluster = v)],
  ["--resource-group", (a, v) => (a.resourceGroup = v)],
  ["--subscription", (a, v) => (a.subscription = v)],
  [
    "--destructive",
    (a, v) => {
      if (v !== "stop-service" && v !== "deallocate")
        throw new UsageError(`--destructive ${v}: expected stop-service or deallocate`);
      a.destructive = v;
    },
  ],
  ["--timeout", (a, v, flag) => (a.timeoutSec = seconds(v, flag, 1))],
  ["--poll", (a, v, flag) => (a.pollSec = seconds(v, flag, 0.05))],
  [
    "--arm-endpoint",
    (a, v) => {
      if (!/^https:\/\/[^/\s]+\/?$/.test(v))
        throw new UsageError(
          `--arm-endpoint ${v}: expected https://host[:port] (Azure SDKs refuse bearer tokens over http)`,
        );
      a.armEndpoint = v.replace(/\/$/, "");
    },
  ],
]);

/** The flags without a value. */
const SWITCH_FLAGS = new Map<string, (a: DrillArgs) => void>([
  ["--check", (a) => (a.check = true)],
  ["--stay", (a) => (a.stay = true)],
  ["--yes", (a) => (a.yes = true)],
  ["--json", (a) => (a.json = true)],
  ["-h", (a) => (a.help = true)],
  ["--help", (a) => (a.help = true)],
]);

/** A flag's value as seconds, at least `min`. */
function seconds(v: string, flag: string, min: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${flag} ${v}: expected a number of seconds ≥ ${min}`);
  return n;
}

export function parseDrillArgs(argv: string[]): DrillArgs {
  const a: DrillArgs = {
    check: false,
    stay: false,
    yes: false,
    pollSec: 5,
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const setValue = VALUE_FLAGS.get(f);
    const setSwitch = SWITCH_FLAGS.get(f);
    if (setValue) {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${f} needs a value`);
      setValue(a, v, f);
    } else if (setSwitch) setSwitch(a);
    else throw new UsageError(`unknown argument ${f}`);
  }
  if (a.help) return a;
  if (!a.stackOutputs === !a.config)
    throw new UsageError("give --stack-outputs FILE or --config FILE (one of them)");
  if (a.check && (a.stay || a.destructive))
    throw new UsageError("--check changes nothing: it takes neither --stay nor --destructive");
  return a;
}

// ---- finding the cluster -----------------------------------------------------------------------

function readTargets(a: DrillArgs): DrillTarget[] {
  if (a.stackOutputs) {
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(a.stackOutputs, "utf8"));
    } catch (e) {
      throw new UsageError(
        `--stack-outputs ${a.stackOutputs}: ${(e as Error).message.split("\n")[0]}`,
      );
    }
    if (!doc || typeof doc !== "object")
      throw new UsageError(
        `--stack-outputs ${a.stackOutputs}: expected the JSON object of \`pulumi stack output --json\``,
      );
    const out: DrillTarget[] = [];
    for (const v of Object.values(doc as Record<string, unknown>)) {
      const d = (v as { drill?: DrillTarget } | null)?.drill;
      if (d && typeof d === "object" && typeof d.cluster === "string") out.push(d);
    }
    if (out.length === 0)
      throw new UsageError(
        `--stack-outputs ${a.stackOutputs}: no cluster output has a "drill" block (export { drill: cluster.drillTarget } per cluster from your program, or use --config)`,
      );
    return out;
  }
  // A stack-config file: the same parse + resolve + failoverBudget as the planner.
  const { parseClusters } =
    require("../components/core/config") as typeof import("../components/core/config");
  const { drillTarget } =
    require("../components/core/drill-target") as typeof import("../components/core/drill-target");
  let doc: { config?: Record<string, unknown> } | null;
  try {
    doc = parseYaml(fs.readFileSync(a.config!, "utf8"));
  } catch (e) {
    throw new UsageError(`--config ${a.config}: ${(e as Error).message.split("\n")[0]}`);
  }
  const raw = doc?.config?.[CLUSTERS_CONFIG_KEY];
  if (!raw) throw new UsageError(`--config ${a.config}: no "${CLUSTERS_CONFIG_KEY}" key`);
  try {
    // keyIsSecret: the drill never reads secrets; { secure } values pass through unread.
    return parseClusters(raw, { source: "stack", keyIsSecret: true }).map(drillTarget);
  } catch (e) {
    throw new UsageError(`--config ${a.config}: ${(e as Error).message}`);
  }
}

export function pickTarget(targets: DrillTarget[], a: DrillArgs): DrillTarget {
  let t: DrillTarget | undefined;
  if (a.cluster) {
    t = targets.find((x) => x.cluster === a.cluster);
    if (!t)
      throw new UsageError(
        `--cluster ${a.cluster}: no such cluster (found: ${targets.map((x) => x.cluster).join(", ")})`,
      );
  } else if (targets.length === 1) t = targets[0];
  else
    throw new UsageError(
      `several clusters (${targets.map((x) => x.cluster).join(", ")}): pass --cluster NAME — the drill never guesses`,
    );
  if (t.software === "none")
    throw new UsageError(`${t.cluster}: software kind none has no group to move`);
  if (t.dns?.private)
    throw new UsageError(
      `${t.cluster}: a private DNS zone is out of @azure/arm-dns's reach (public zones only): not supported by the drill`,
    );
  return a.resourceGroup ? { ...t, resourceGroupName: a.resourceGroup } : t;
}

// ---- Azure -------------------------------------------------------------------------------------

/** What the drill needs from the outside world; tests inject their own. */
export interface DrillDeps {
  /** A credential; default DefaultAzureCredential, or $AZURE_ACCESS_TOKEN. */
  credential?: TokenCredential;
  /** PEM CA certificates trusted for the SDK clients' TLS (tests' self-signed server). */
  tlsCa?: string;
  /** Asks a yes/no question (default: the terminal). */
  confirm?: (question: string) => Promise<boolean>;
  /** Standard output and error. */
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  /** Environment (default process.env). */
  env?: Record<string, string | undefined>;
  /** Installs the Ctrl-C handler (default: process SIGINT); returns its remover. */
  onInterrupt?: (handler: () => void) => () => void;
}

/** Maps an SDK error to a message naming what failed and, for 403, the missing permission. */
function azureError(what: string, action: string, e: unknown): AzureCallError {
  if (e instanceof Interrupted || e instanceof AzureCallError) return e as AzureCallError;
  const err = e as { statusCode?: number; code?: string; message?: string; name?: string };
  if (err.name === "AbortError") throw new Interrupted();
  const status = err.statusCode;
  const msg = String(err.message ?? e).split("\n")[0];
  if (status === 403) {
    const named = /perform action '([^']+)'/.exec(msg)?.[1] ?? action;
    return new AzureCallError(
      `${what}: 403 Forbidden — the identity lacks the permission ${named} (grant it at the cluster's resource group; README "Verify after deployment" lists every action the drill needs). Azure said: ${msg}`,
      403,
    );
  }
  if (status === 401)
    return new AzureCallError(
      `${what}: 401 Unauthorized — sign in again (az login) or refresh $AZURE_ACCESS_TOKEN. Azure said: ${msg}`,
      401,
    );
  return new AzureCallError(
    `${what}: ${status ? `HTTP ${status} ` : ""}${err.code ? `${err.code}: ` : ""}${msg}`,
    status,
  );
}

/** The RBAC actions of each call (Azure's 403 message names the exact one; these are the fallback). */
export const ACTIONS = {
  vmRead: "Microsoft.Compute/virtualMachines/read",
  vmInstanceView: "Microsoft.Compute/virtualMachines/instanceView/read",
  runCommand: "Microsoft.Compute/virtualMachines/runCommand/action",
  deallocate: "Microsoft.Compute/virtualMachines/deallocate/action",
  start: "Microsoft.Compute/virtualMachines/start/action",
  ruleHealth: "Microsoft.Network/loadBalancers/loadBalancingRules/health/action",
  dnsRead: "Microsoft.Network/dnszones/A/read",
} as const;

class Azure {
  compute!: ComputeManagementClient;
  network!: NetworkManagementClient;
  dns!: DnsManagementClient;
  /** Run Commands serialise per VM (Azure runs one at a time); so does the drill. */
  private vmQueue = new Map<string, Promise<unknown>>();

  constructor(
    private readonly rg: string,
    private readonly pollMs: number,
    private readonly timeoutMs: number,
  ) {}

  async connect(cred: TokenCredential, subscription: string, endpoint?: string, ca?: string) {
    const { ComputeManagementClient } = await import("@azure/arm-compute");
    const { NetworkManagementClient } = await import("@azure/arm-network");
    const { DnsManagementClient } = await import("@azure/arm-dns");
    const common: Record<string, unknown> = {};
    if (endpoint)
      Object.assign(common, {
        endpoint,
        $host: endpoint,
        baseUri: endpoint,
        credentialScopes: [`${endpoint}/.default`],
      });
    if (ca) common.tlsOptions = { ca };
    // Fail fast in a drill: at most one retry of a throttled or failed request.
    common.retryOptions = { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 2000 };
    this.compute = new ComputeManagementClient(cred, subscription, common);
    this.network = new NetworkManagementClient(cred, subscription, common);
    this.dns = new DnsManagementClient(cred, subscription, common);
  }

  private async call<T>(what: string, action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw azureError(what, action, e);
    }
  }

  vm(vm: string) {
    return this.call(`read VM ${vm}`, ACTIONS.vmRead, () =>
      this.compute.virtualMachines.get(this.rg, vm),
    );
  }

  async powerState(vm: string): Promise<string> {
    const iv = await this.call(`instance view of VM ${vm}`, ACTIONS.vmInstanceView, () =>
      this.compute.virtualMachines.instanceView(this.rg, vm),
    );
    return (
      (iv.statuses ?? []).find((s) => s.code?.startsWith("PowerState/"))?.code ??
      "PowerState/unknown"
    );
  }

  /** An action Run Command: serialised per VM, polled until done, aborted by `signal`. */
  runCommand(vm: string, os: "linux" | "windows", script: string[], signal?: AbortSignal) {
    const prev = this.vmQueue.get(vm) ?? Promise.resolve();
    const run = prev
      .catch(() => undefined)
      .then(async () => {
        const t0 = Date.now();
        // A Run Command that never reports would hold the drill until Azure's own timeout
        // (~90 min): give up after --timeout, as the other phases do.
        const limit = AbortSignal.timeout(this.timeoutMs);
        const both = signal ? AbortSignal.any([signal, limit]) : limit;
        try {
          const res = await this.call(`Run Command on ${vm}`, ACTIONS.runCommand, () =>
            this.compute.virtualMachines
              .runCommand(
                this.rg,
                vm,
                { commandId: commandId(os), script },
                { updateIntervalInMs: this.pollMs, abortSignal: both },
              )
              .pollUntilDone(),
          );
          const out = runCommandOutput(res.value);
          return { ...out, sec: (Date.now() - t0) / 1000 };
        } catch (e) {
          if (limit.aborted && !signal?.aborted)
            throw new TimeoutError(
              `the Run Command on ${vm} did not finish within ${this.timeoutMs / 1000} s (--timeout)`,
            );
          throw e;
        }
      });
    this.vmQueue.set(vm, run);
    return run;
  }

  ruleHealth(lb: string, rule: string, signal?: AbortSignal) {
    return this.call(`health of LB rule ${lb}/${rule}`, ACTIONS.ruleHealth, () =>
      this.network.loadBalancerLoadBalancingRules.beginHealthAndWait(this.rg, lb, rule, {
        updateIntervalInMs: this.pollMs,
        abortSignal: signal,
      }),
    );
  }

  async aRecord(zoneRg: string, zone: string, record: string) {
    // While the group moves, the cluster may have deleted the record (CLUSTERPRO's azuredns
    // removes it on deactivation; AZURE-HA-NOTES): a 404 is "no address yet", not an error.
    const rs = await this.call(`A record ${record}.${zone}`, ACTIONS.dnsRead, () =>
      this.dns.recordSets.get(zoneRg, zone, record, "A").catch((e: { statusCode?: number }) => {
        if (e.statusCode === 404) return { aRecords: [], ttl: undefined };
        throw e;
      }),
    );
    return {
      ips: (rs.aRecords ?? [])
        .map((r) => r.ipv4Address ?? "")
        .filter(Boolean)
        .sort(),
      ttl: rs.ttl ?? 0,
    };
  }

  deallocate(vm: string, signal?: AbortSignal) {
    return this.call(`deallocate VM ${vm}`, ACTIONS.deallocate, () =>
      this.compute.virtualMachines
        .deallocate(this.rg, vm, { updateIntervalInMs: this.pollMs, abortSignal: signal })
        .pollUntilDone(),
    );
  }

  start(vm: string) {
    return this.call(`start VM ${vm}`, ACTIONS.start, () =>
      this.compute.virtualMachines
        .start(this.rg, vm, { updateIntervalInMs: this.pollMs })
        .pollUntilDone(),
    );
  }
}

// ---- the drill ---------------------------------------------------------------------------------

/** One precondition and its verdict. */
export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** The JSON report (`--json`). */
export interface DrillReport {
  cluster: string;
  topology: string;
  action: "check" | "move" | Destructive;
  from?: string;
  to?: string;
  preconditions: Check[];
  timeline: { atSec: number; event: string }[];
  /** Seconds from the move request until clients would follow; undefined when it never happened. */
  switchSec?: number;
  /** The flip was seen up to this many seconds after it happened (the sample's window). */
  samplingErrorSec?: number;
  /** How long the action Run Command took: the move began somewhere inside it. */
  actionRunCommandSec?: number;
  /** The plan's failover budget: the drill passes when switchSec ≤ rtoSec. */
  budget: DrillTarget["failoverBudget"];
  withinBudget?: boolean;
  movedBack?: boolean;
  restored: boolean;
  exitCode: number;
  error?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Interrupted());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const norm = (s: string) => s.toLowerCase();

class Drill {
  readonly report: DrillReport;
  private readonly t0 = Date.now();
  private readonly abort = new AbortController();
  private interrupted = false;
  private changed = false;
  private stoppedService?: string;
  private deallocated?: string;
  private originalOwner?: DrillTarget["nodes"][number];

  constructor(
    private readonly t: DrillTarget,
    private readonly a: DrillArgs,
    private readonly az: Azure,
    private readonly log: (s: string) => void,
  ) {
    this.report = {
      cluster: t.cluster,
      topology: t.topology,
      action: a.check ? "check" : (a.destructive ?? "move"),
      preconditions: [],
      timeline: [],
      budget: t.failoverBudget,
      restored: true,
      exitCode: EXIT.ok,
    };
  }

  get timeoutMs(): number {
    return (this.a.timeoutSec ?? Math.max(300, 2 * this.t.failoverBudget.rtoSec)) * 1000;
  }

  interrupt() {
    this.interrupted = true;
    this.abort.abort();
  }

  private event(e: string) {
    const atSec = Math.round((Date.now() - this.t0) / 100) / 10;
    this.report.timeline.push({ atSec, event: e });
    this.log(`  ${atSec.toFixed(1).padStart(7)} s  ${e}`);
  }

  private node(name: string | undefined) {
    return name === undefined
      ? undefined
      : this.t.nodes.find((n) => norm(n.clusterNode) === norm(name));
  }

  async status(on: DrillTarget["nodes"][number], signal?: AbortSignal): Promise<ClusterStatus> {
    const sw = this.t.software as "clusterpro" | "wsfc";
    const r = await this.az.runCommand(
      on.vm,
      this.t.osFamily,
      statusScript(sw, this.t.osFamily, this.t.group),
      signal,
    );
    if (r.rc !== 0)
      throw new AzureCallError(
        `the status Run Command on ${on.vm} failed (${r.rc === undefined ? "no DRILL-RC marker in the output" : `exit ${r.rc}`}): ${r.stdout.trim().split("\n").slice(-3).join(" | ")}`,
      );
    const st = sw === "wsfc" ? parseWsfcStatus(r.stdout) : parseClpstat(r.stdout, this.t.group);
    if (!st)
      throw new PreconditionError([
        `cluster status from ${on.vm}: could not read the nodes and group ${this.t.group} from ${sw === "wsfc" ? "Get-ClusterNode/Get-ClusterGroup" : "clpstat -s"}: refusing to guess`,
      ]);
    return st;
  }

  /** Who answers for clients now: the healthy LB backends' IPs, or the A record's IPs. */
  async clientView(signal?: AbortSignal): Promise<{ ips: string[]; detail: string; ttl?: number }> {
    if (this.t.loadBalancer) {
      const rule = this.t.loadBalancer.rules[0];
      const h = await this.az.ruleHealth(this.t.loadBalancer.name, rule, signal);
      const backends = h.loadBalancerBackendAddresses ?? [];
      const up = backends
        .filter((b) => norm(b.state ?? "") === "up")
        .map((b) => b.ipAddress ?? "?");
      return {
        ips: up.sort(),
        detail: `rule ${rule}: up ${h.up ?? up.length}, down ${h.down ?? "?"} (${backends.map((b) => `${b.ipAddress} ${b.state}/${b.reason}`).join(", ") || "no backend reported"})`,
      };
    }
    const d = this.t.dns!;
    const r = await this.az.aRecord(d.zoneResourceGroup, d.zoneName, d.recordName);
    return {
      ips: r.ips,
      ttl: r.ttl,
      detail: `${d.recordName}.${d.zoneName} A ${r.ips.join(", ") || "(none)"} TTL ${r.ttl} s`,
    };
  }

  async preconditions(): Promise<{
    owner: DrillTarget["nodes"][number];
    other: DrillTarget["nodes"][number];
  }> {
    const checks = this.report.preconditions;
    const add = (check: string, ok: boolean, detail: string) => {
      checks.push({ check, ok, detail });
      this.log(`  [${ok ? "ok" : "FAIL"}] ${check}: ${detail}`);
    };
    // 1. The VMs are this cluster's (tag ha-cluster, set by the component) and running.
    for (const n of this.t.nodes) {
      const vm = await this.az.vm(n.vm);
      const tag = vm.tags?.[TAG.cluster];
      if (tag !== this.t.cluster)
        throw new UsageError(
          `VM ${n.vm} in ${this.t.resourceGroupName} carries ${TAG.cluster}=${tag ?? "(none)"}, not ${this.t.cluster}: not this cluster's node — refusing to act`,
        );
      const ps = await this.az.powerState(n.vm);
      add(`node ${n.name} running`, ps === "PowerState/running", `VM ${n.vm}: ${ps}`);
    }
    if (checks.some((c) => !c.ok))
      throw new PreconditionError(
        checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`),
      );
    // 2. The cluster software: every node up, the group online on a known node.
    const st = await this.status(this.t.nodes[0], this.abort.signal);
    for (const n of this.t.nodes) {
      const s = st.nodes.find((x) => norm(x.name) === norm(n.clusterNode));
      add(`cluster reports ${n.clusterNode} up`, !!s?.up, s ? `state ${s.state}` : "not listed");
    }
    const owner = this.node(st.group.owner);
    add(
      `group ${this.t.group} online`,
      st.group.online && !!owner,
      `state ${st.group.state}, owner ${st.group.owner ?? "(none)"}`,
    );
    // 3. Clients: exactly one healthy backend, the owner (or the record points at it).
    const view = await this.clientView(this.abort.signal);
    if (this.t.loadBalancer) {
      const ok = view.ips.length === 1 && !!owner && view.ips[0] === owner.privateIp;
      add(
        "exactly one healthy backend, the group's owner",
        ok,
        view.ips.length > 1
          ? `${view.ips.length} healthy backends (${view.ips.join(", ")}): split brain? ${view.detail}`
          : view.detail,
      );
    } else {
      add(
        "the A record points at the group's owner only",
        !!owner && view.ips.length === 1 && view.ips[0] === owner.privateIp,
        view.detail,
      );
    }
    const failed = checks.filter((c) => !c.ok);
    if (failed.length) throw new PreconditionError(failed.map((c) => `${c.check}: ${c.detail}`));
    const other = this.t.nodes.find((n) => n !== owner)!;
    return { owner: owner!, other };
  }

  /** Waits until clients would reach `to` only; returns the time (ms since `since`) and the sample window. */
  async waitClients(to: DrillTarget["nodes"][number], since: number, what: string) {
    const deadline = Date.now() + this.timeoutMs;
    let prevStart = since;
    let last = "";
    for (;;) {
      const start = Date.now();
      const v = await this.clientView(this.abort.signal);
      const end = Date.now();
      if (v.detail !== last) this.event(`${what}: ${v.detail}`);
      last = v.detail;
      if (v.ips.length === 1 && v.ips[0] === to.privateIp) {
        // DNS: clients follow once resolvers drop the old answer: the record's TTL later.
        const ttlMs = (v.ttl ?? 0) * 1000;
        return { ms: end - since + ttlMs, windowMs: end - prevStart, ttlSec: v.ttl };
      }
      if (end > deadline)
        throw new TimeoutError(
          `${what}: clients did not follow to ${to.name} (${to.privateIp}) within ${this.timeoutMs / 1000} s; last: ${v.detail}`,
        );
      prevStart = start;
      await sleep(this.a.pollSec * 1000, this.abort.signal);
    }
  }

  async run(): Promise<void> {
    const sw = this.t.software as "clusterpro" | "wsfc";
    const os = this.t.osFamily;
    this.log(`Preconditions (${this.t.cluster}, ${this.t.topology}, ${sw} on ${os})`);
    const { owner, other } = await this.preconditions();
    this.originalOwner = owner;
    this.report.from = owner.name;
    this.report.to = other.name;
    if (this.a.check) return;

    this.log(`Drill: ${this.report.action} ${this.t.group} ${owner.name} → ${other.name}`);
    const tStart = Date.now();
    this.event(`${this.report.action}: ${this.t.group} from ${owner.name} to ${other.name}`);
    this.changed = true;
    let actionSec: number;
    if (this.a.destructive === "deallocate") {
      this.deallocated = owner.vm;
      const r0 = Date.now();
      // Not awaited: the switch is measured while Azure deallocates the VM.
      const dealloc = this.az.deallocate(owner.vm, this.abort.signal);
      dealloc.catch(() => undefined);
      actionSec = (Date.now() - r0) / 1000;
      void dealloc.then(
        () => this.event(`VM ${owner.vm} deallocated`),
        () => undefined,
      );
    } else {
      const script =
        this.a.destructive === "stop-service"
          ? stopServiceScript(sw, os, owner.clusterNode)
          : moveScript(sw, os, this.t.group, other.clusterNode);
      if (this.a.destructive === "stop-service") this.stoppedService = owner.vm;
      const r = await this.az.runCommand(owner.vm, os, script, this.abort.signal);
      actionSec = r.sec;
      if (r.rc !== 0)
        throw new AzureCallError(
          `the ${this.report.action} Run Command on ${owner.vm} failed (${r.rc === undefined ? "no DRILL-RC marker" : `exit ${r.rc}`}): ${r.stdout.trim().split("\n").slice(-3).join(" | ")}`,
        );
      this.event(`Run Command returned after ${r.sec.toFixed(1)} s`);
    }
    this.report.actionRunCommandSec = Math.round(actionSec * 10) / 10;
    const sw1 = await this.waitClients(other, tStart, "clients");
    this.report.switchSec = Math.round(sw1.ms / 100) / 10;
    this.report.samplingErrorSec = Math.round(sw1.windowMs / 100) / 10;
    this.report.withinBudget = this.report.switchSec <= this.t.failoverBudget.rtoSec;
    this.event(
      `clients follow ${other.name} after ${this.report.switchSec} s${sw1.ttlSec !== undefined ? ` (record changed, + TTL ${sw1.ttlSec} s)` : ""} (budget ${this.t.failoverBudget.rtoSec} s)`,
    );
  }

  /** Puts the cluster back as found: service/VM back, group back on its owner (unless --stay). */
  async restore(): Promise<void> {
    if (!this.changed || !this.originalOwner) return;
    this.report.restored = false;
    const owner = this.originalOwner;
    const sw = this.t.software as "clusterpro" | "wsfc";
    const os = this.t.osFamily;
    if (this.deallocated) {
      this.event(`restore: start VM ${this.deallocated}`);
      await this.az.start(this.deallocated);
    }
    if (this.stoppedService) {
      this.event(`restore: start the cluster service on ${owner.name}`);
      const r = await this.az.runCommand(
        owner.vm,
        os,
        startServiceScript(sw, os, owner.clusterNode),
      );
      if (r.rc !== 0)
        throw new AzureCallError(
          `restore: starting the cluster service on ${owner.vm} failed (exit ${r.rc ?? "?"})`,
        );
    }
    if (this.a.stay && !this.interrupted) {
      this.report.movedBack = false;
      this.report.restored = true;
      return;
    }
    // Wait until the owner is a cluster member again, then move the group back if it moved.
    const deadline = Date.now() + this.timeoutMs;
    let st: ClusterStatus;
    for (;;) {
      const probe = this.t.nodes.find((n) => n !== owner) ?? owner;
      st = await this.status(probe);
      const me = st.nodes.find((x) => norm(x.name) === norm(owner.clusterNode));
      if (me?.up && st.group.online) break;
      if (Date.now() > deadline)
        throw new TimeoutError(
          `restore: ${owner.name} did not rejoin the cluster within ${this.timeoutMs / 1000} s`,
        );
      await sleep(this.a.pollSec * 1000);
    }
    const where = this.node(st.group.owner);
    if (where && where !== owner) {
      this.event(`restore: move ${this.t.group} back to ${owner.name}`);
      const r = await this.az.runCommand(
        where.vm,
        os,
        moveScript(sw, os, this.t.group, owner.clusterNode),
      );
      if (r.rc !== 0)
        throw new AzureCallError(
          `restore: moving ${this.t.group} back to ${owner.name} failed (exit ${r.rc ?? "?"})`,
        );
      const back = await this.waitClientsUnaborted(owner);
      this.event(`restore: clients back on ${owner.name} after ${(back / 1000).toFixed(1)} s`);
    }
    this.report.movedBack = true;
    this.report.restored = true;
  }

  private async waitClientsUnaborted(to: DrillTarget["nodes"][number]): Promise<number> {
    const since = Date.now();
    const deadline = since + this.timeoutMs;
    for (;;) {
      const v = await this.clientView();
      if (v.ips.length === 1 && v.ips[0] === to.privateIp) return Date.now() - since;
      if (Date.now() > deadline)
        throw new TimeoutError(
          `restore: clients did not follow back to ${to.name} within ${this.timeoutMs / 1000} s; last: ${v.detail}`,
        );
      await sleep(this.a.pollSec * 1000);
    }
  }
}

function staticCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

async function defaultConfirm(q: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((r) => rl.question(`${q} [type yes] `, r));
  rl.close();
  return answer.trim() === "yes";
}

/** Runs the drill; returns the exit code. */
export async function runDrill(argv: string[], deps: DrillDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((s: string) => process.stdout.write(s));
  const stderr = deps.stderr ?? ((s: string) => process.stderr.write(s));
  const env = deps.env ?? process.env;
  const parsed = parseInvocation(argv, stdout, stderr);
  if (typeof parsed === "number") return parsed;
  const { a, t } = parsed;
  const subscription = a.subscription ?? env.AZURE_SUBSCRIPTION_ID;
  if (!subscription) {
    stderr("drill: no subscription: pass --subscription ID or set AZURE_SUBSCRIPTION_ID\n");
    return EXIT.usage;
  }
  if (a.destructive && !a.yes && !(await confirmDestructive(a.destructive, t, deps))) {
    stderr("drill: not confirmed (answer yes, or pass --yes): nothing was changed\n");
    return EXIT.usage;
  }
  const log = a.json ? () => undefined : (s: string) => stdout(`${s}\n`);
  const credential = deps.credential ?? (await defaultCredential(env));
  const timeoutMs = (a.timeoutSec ?? Math.max(300, 2 * t.failoverBudget.rtoSec)) * 1000;
  const az = new Azure(t.resourceGroupName, Math.max(50, a.pollSec * 1000), timeoutMs);
  await az.connect(credential, subscription, a.armEndpoint, deps.tlsCa);
  const drill = new Drill(t, a, az, log);
  const remove = restoreOnInterrupt(drill, deps, stderr);
  const r = drill.report;
  try {
    await runThenRestore(drill, a, t);
  } finally {
    remove();
  }
  if (a.json) stdout(`${JSON.stringify(r, null, 2)}\n`);
  else stdout(renderDrill(r));
  if (r.error) stderr(`drill: ${r.error}\n`);
  return r.exitCode;
}

/** The command line and the cluster it names, or the exit code when it ends here (help, usage). */
function parseInvocation(
  argv: string[],
  stdout: (s: string) => void,
  stderr: (s: string) => void,
): { a: DrillArgs; t: DrillTarget } | number {
  try {
    const a = parseDrillArgs(argv);
    if (a.help) {
      stdout(`${DRILL_USAGE}\n`);
      return EXIT.ok;
    }
    return { a, t: pickTarget(readTargets(a), a) };
  } catch (e) {
    if (e instanceof UsageError) {
      stderr(`drill: ${e.message}\n${e.message.startsWith("unknown") ? `${DRILL_USAGE}\n` : ""}`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** Asks before a destructive drill (--yes skips the question). */
function confirmDestructive(kind: Destructive, t: DrillTarget, deps: DrillDeps): Promise<boolean> {
  return (deps.confirm ?? defaultConfirm)(
    `drill --destructive ${kind} will ${kind === "deallocate" ? "deallocate the active VM" : "stop the cluster service on the active node"} of ${t.cluster}; clients lose service until the standby takes over. Continue?`,
  );
}

/** $AZURE_ACCESS_TOKEN as a bearer token, else DefaultAzureCredential (loaded only then). */
async function defaultCredential(
  env: Record<string, string | undefined>,
): Promise<TokenCredential> {
  if (env.AZURE_ACCESS_TOKEN) return staticCredential(env.AZURE_ACCESS_TOKEN);
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential();
}

/** Ctrl-C restores the cluster; a second Ctrl-C abandons the restore. Returns the remover. */
function restoreOnInterrupt(
  drill: Drill,
  deps: DrillDeps,
  stderr: (s: string) => void,
): () => void {
  let secondInterrupt = false;
  return (deps.onInterrupt ?? defaultInterrupt)(() => {
    if (secondInterrupt) {
      stderr("drill: second Ctrl-C: restore abandoned — check the cluster by hand\n");
      process.exit(EXIT.restoreFailed);
    }
    secondInterrupt = true;
    stderr("drill: Ctrl-C: restoring the cluster (Ctrl-C again to abandon)\n");
    drill.interrupt();
  });
}

/** Runs the drill, then restores the cluster whatever happened; the verdict goes in the report. */
async function runThenRestore(drill: Drill, a: DrillArgs, t: DrillTarget): Promise<void> {
  const r = drill.report;
  try {
    await drill.run();
    r.exitCode = a.check || r.withinBudget ? EXIT.ok : EXIT.overBudget;
  } catch (e) {
    const failure = drillFailure(e);
    r.exitCode = failure.exitCode;
    r.error = failure.error;
  }
  try {
    await drill.restore();
  } catch (e) {
    r.restored = false;
    r.exitCode = EXIT.restoreFailed;
    r.error = `${r.error ? `${r.error}; then ` : ""}restore failed: ${(e as Error).message}. The group may still be on ${r.to}: move it back with ${t.software === "wsfc" ? `Move-ClusterGroup -Name ${t.group} -Node ${r.from}` : `clpgrp -m ${t.group} -a ${r.from}`} and start any stopped service/VM.`;
  }
}

/** The exit code and message of a drill that stopped on an error. */
function drillFailure(e: unknown): { exitCode: number; error: string } {
  if (e instanceof Interrupted || (e as Error).name === "AbortError")
    return { exitCode: EXIT.interrupted, error: "interrupted (Ctrl-C)" };
  if (e instanceof PreconditionError)
    return { exitCode: EXIT.precondition, error: `refused: ${e.failed.join("; ")}` };
  if (e instanceof UsageError) return { exitCode: EXIT.usage, error: e.message };
  if (e instanceof TimeoutError) return { exitCode: EXIT.overBudget, error: e.message };
  return { exitCode: EXIT.azure, error: (e as Error).message };
}

function defaultInterrupt(handler: () => void): () => void {
  process.on("SIGINT", handler);
  return () => process.off("SIGINT", handler);
}

/** The human summary after the timeline. */
export function renderDrill(r: DrillReport): string {
  const b = r.budget;
  const out = [""];
  if (r.action === "check") {
    out.push(
      r.exitCode === EXIT.ok
        ? "Preconditions hold: the cluster is ready for a drill."
        : "Preconditions fail: see above.",
    );
    return `${out.join("\n")}\n`;
  }
  if (r.switchSec !== undefined) {
    out.push(
      `Switch ${r.from} → ${r.to}: ${r.switchSec} s measured (seen within ${r.samplingErrorSec} s of happening; the ${r.action === "deallocate" ? "deallocate request" : "action Run Command"} took ${r.actionRunCommandSec} s and the move began inside it)`,
      `Failover budget (plan): RTO ${b.rtoSec} s = detection ${b.detectionSec} + group start ${b.groupStartSec} + client switch ${b.clientSwitchSec} → ${r.withinBudget ? "within budget" : "OVER BUDGET"}`,
    );
  }
  out.push(
    r.restored
      ? r.movedBack === false
        ? `Left on ${r.to} (--stay).`
        : `Restored: ${r.from} owns the group again.`
      : "NOT restored: see the message below.",
  );
  return `${out.join("\n")}\n`;
}

/** `azure-ha-cluster drill …` from the bin. */
export function main(argv: string[]): void {
  runDrill(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`drill: ${(e as Error).message}\n`);
      process.exitCode = EXIT.azure;
    },
  );
}
