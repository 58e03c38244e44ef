/**
 * Runs the Windows chain of one cluster in real PowerShell 7 under recording stubs
 * (test/support/pwsh/driver.ps1 + stubs.ps1), every step twice, in chain order, in ONE pwsh
 * process; returns each run's exit code and output, every recorded stub call and the node events
 * (reboots, waits).
 *
 * Reboots as Azure does them: a reboot step schedules `shutdown.exe /r /t 30` (the stub records
 * it); the reboot lands during the out-of-guest wait that follows (the chain's time.Sleep): the
 * node's last boot time (Win32_OperatingSystem.LastBootUpTime, what the reboot and gate steps
 * read) moves on, pending feature installs complete. A node listed in `noReboot` never reboots
 * (a hung or slow VM): its gate must fail. A step that starts on a node whose scheduled reboot
 * has not landed yet would be cut off by it: the driver fails that run (exit 98).
 *
 * Some calls have no Linux equivalent and no cmdlet to shadow (static .NET members, a type
 * accelerator); the harness substitutes each by a stub in the text it runs — and reports how
 * often, so a test can see the substitution still applies (the parse test checks the unmodified
 * text):
 *   [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()  (primary DNS suffix)
 *   [Security.Principal.WindowsIdentity]::GetCurrent()  (PlatformNotSupported on Linux)
 *   [AzhaLoopback]::Create()  (SetupAPI P/Invoke of the DSR loopback adapter)
 *   [Environment]::GetEnvironmentVariable('Path', 'Machine')  (the machine PATH: null on Linux)
 *   [ADSI]  (WinNT provider: the local Administrators group's members)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../../components/core/config";
import type { ClusterConfig, ResolvedCluster } from "../../components/core/types";
import { subnetOf } from "../../components/bootstrap/wsfc";
import type { ChildProcess } from "child_process";
import { PWSH_DIR, runPwsh, startPwsh } from "./pwsh";
import type { WindowsChainEntry, WindowsStep } from "./windows-steps";

export const SUBSTITUTIONS: [string, string][] = [
  [
    "[System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()",
    "(Get-StubIPGlobalProperties)",
  ],
  ["[Security.Principal.WindowsIdentity]::GetCurrent()", "(Get-StubWindowsIdentity)"],
  ["[AzhaLoopback]::Create()", "Invoke-StubLoopbackCreate"],
  ["[Environment]::GetEnvironmentVariable('Path', 'Machine')", "(Get-StubMachinePath)"],
  ['[ADSI]"', 'Get-StubAdsi "'],
];

/** Test values of the protected parameters (secrets never come from a stack file). */
export const PROTECTED_VALUES: Record<string, string> = {
  WitnessStorageKey: "stub-witness-key==",
  InstallerUrl: "https://stub.invalid/STUB-INSTALLER/clusterpro.zip",
  Licenses: `${Buffer.from("LICENSE-ONE").toString("base64")},${Buffer.from("LICENSE-TWO").toString("base64")}`,
  SpCertPem: "-----BEGIN PRIVATE KEY-----\nSTUB-PEM\n-----END PRIVATE KEY-----\n",
};

/** One recorded stub call. */
export interface StubCall {
  run: string;
  node: string;
  step: string;
  pass: number;
  name: string;
  args: any;
}

export interface RunResult {
  id: string;
  node: string;
  step: string;
  pass: number;
  exitCode: number;
  output: string;
}

/** What happened to a node: "reboot-scheduled <node> <step>", "rebooted <node>", … (in order). */
export type NodeEvent = string;

export interface HarnessResult {
  results: RunResult[];
  calls: StubCall[];
  /**
   * In order: "run <node> <step> <pass>", "wait <node> <name>", "rebooted <node> <bootId>",
   * "not-rebooted <node>" (noReboot), "reboot-scheduled <node> <step>".
   */
  events: NodeEvent[];
  /** How often each substitution applied, over all scripts run. */
  substituted: Record<string, number>;
  /** The node roots (C:\ of each node), for file assertions. */
  roots: Record<string, string>;
  /** Files read from each node after the run (StubCase.collect): node → ProgramData path → text. */
  files: Record<string, Record<string, string>>;
}

/** Extra runs of scripts a step wrote on the node (path under the node's ProgramData). */
export interface WrittenRun {
  afterStep: string;
  step: string;
  file: string;
}

/** One independent cluster of a job. */
export interface StubCase {
  entry: ClusterConfig;
  /**
   * The resolved cluster the nodes are made from, when it is not `entry` parsed (the injection
   * matrix puts values validation refuses into a resolved cluster).
   */
  resolved?: ResolvedCluster;
  /** The chain (clusterChain) or some of its steps, in the order to run them. */
  steps: (WindowsStep | WindowsChainEntry)[];
  /** Scripts a step writes for later, run after that step on the same node. */
  written?: WrittenRun[];
  /** Runs per step (default [1, 2]: every step twice). */
  passes?: number[];
  /** Record pass-through calls too (Test-Path, New-Item … on files). */
  recordAll?: boolean;
  /** Nodes whose scheduled reboots never land (a hung VM): their gates must fail. */
  noReboot?: string[];
  /** Stop this case at its first failed run (as a deployment stops). */
  stopAtFailure?: boolean;
  /** Files to read from every node after the run (paths under ProgramData, "/"-separated). */
  collect?: string[];
}

const entryOf = (x: WindowsStep | WindowsChainEntry): WindowsChainEntry =>
  "kind" in x ? x : { kind: "run", step: x };

/** Writes a step's script (substitutions applied) under <root>/<id>/scripts/; returns its path. */
function scriptFileOf(
  root: string,
  id: string,
  s: { node: string; step: string; script: string },
  substituted: Record<string, number>,
  tag = "",
): string {
  let text = s.script;
  for (const [from, to] of SUBSTITUTIONS) {
    const n = text.split(from).length - 1;
    if (n > 0) substituted[from] = (substituted[from] ?? 0) + n;
    text = text.split(from).join(to);
  }
  const f = path.join(root, id, "scripts", `${s.node}-${s.step}${tag}.ps1`);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}

/** The machines of one cluster as the driver makes them (nodes, disks, networks). */
function worldOf(root: string, id: string, c: ResolvedCluster, installer: boolean) {
  const sw = c.software as any;
  const disks = [
    ...c.sharedDisks.map((d) => ({ lun: d.lun, sizeGb: d.sizeGb })),
    ...(c.dataDisk ? [{ lun: c.dataDisk.lun ?? 0, sizeGb: c.dataDisk.sizeGb }] : []),
  ];
  const roots: Record<string, string> = {};
  const nodes = c.nodes.map((n) => {
    roots[n.name] = path.join(root, id, "nodes", n.name);
    return {
      name: n.name,
      root: roots[n.name],
      ip: n.privateIp,
      disks,
      interconnectIp: n.interconnectIp ?? "",
      domain: sw.kind === "wsfc" && sw.domain ? sw.domain.name : "",
      clpInstalled: sw.kind === "clusterpro" && !installer,
    };
  });
  const subnet = subnetOf(c.network.subnetPrefix);
  const interconnect =
    c.network.kind === "created" && c.network.interconnectSubnetPrefix
      ? subnetOf(c.network.interconnectSubnetPrefix)
      : undefined;
  return {
    roots,
    azPath: String(sw.azureCliPath ?? ""),
    world: {
      root,
      nodes,
      cluster: {
        subnetAddress: subnet.address,
        subnetMask: subnet.mask,
        interconnectAddress: interconnect?.address ?? "",
        interconnectMask: interconnect?.mask ?? "",
      },
    },
  };
}

const resolvedOf = (k: { entry: ClusterConfig; resolved?: ResolvedCluster }): ResolvedCluster => {
  const { name, topology, ...args } = k.entry;
  return k.resolved ?? parseComponentArgs(name, topology, args as never);
};

function buildCase(root: string, id: string, k: StubCase, substituted: Record<string, number>) {
  const c = resolvedOf(k);
  const chain = k.steps.map(entryOf);
  const steps = chain.flatMap((e) => (e.kind === "run" ? [e.step] : []));
  const installer = steps.some((s) => s.protectedNames.includes("InstallerUrl"));
  const { roots, azPath, world } = worldOf(root, id, c, installer);
  const prefix = id === "" ? "" : `${id}|`;
  const runs: any[] = [];
  for (const e of chain) {
    if (e.kind === "wait") {
      runs.push({
        kind: "wait",
        id: `${prefix}${e.wait.node}:${e.wait.name}`,
        node: e.wait.node,
        step: e.wait.name,
        pass: 0,
      });
      continue;
    }
    const s = e.step;
    const params: Record<string, string> = { ...s.parameters };
    for (const p of s.protectedNames) params[p] = PROTECTED_VALUES[p] ?? `stub-${p}`;
    const file = scriptFileOf(root, id, s, substituted);
    for (const pass of k.passes ?? [1, 2])
      runs.push({
        kind: "run",
        id: `${prefix}${s.node}:${s.step}:${pass}`,
        node: s.node,
        step: s.step,
        pass,
        file,
        params,
        azPath,
      });
    for (const w of k.written ?? []) {
      if (w.afterStep !== s.step) continue;
      for (const pass of k.passes ?? [1, 2])
        runs.push({
          kind: "run",
          id: `${prefix}${s.node}:${w.step}:${pass}`,
          node: s.node,
          step: w.step,
          pass,
          file: `{ProgramData}/${w.file}`,
          params: {},
          azPath: "",
        });
    }
  }
  return {
    roots,
    job: {
      ...world,
      runs,
      prefix,
      recordAll: k.recordAll ?? false,
      noReboot: k.noReboot ?? [],
      stopAtFailure: k.stopAtFailure ?? false,
    },
  };
}

async function runJob(
  cases: { id: string; k: StubCase }[],
  // AHC_PWSH_KEEP=1 keeps the job directory (job.json, scripts, node roots) for a manual
  // `pwsh -File test/support/pwsh/driver.ps1 -JobFile <dir>/job.json`
  keep = process.env.AHC_PWSH_KEEP === "1",
): Promise<HarnessResult & { byCase: Map<string, HarnessResult> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ahc-pwsh-`));
  const substituted: Record<string, number> = {};
  const built = cases.map(({ id, k }) => ({
    id,
    collect: k.collect ?? [],
    ...buildCase(root, id, k, substituted),
  }));
  const log = path.join(root, "calls.jsonl");
  fs.writeFileSync(log, "");
  const job = path.join(root, "job.json");
  fs.writeFileSync(job, JSON.stringify({ root, log, cases: built.map((b) => b.job) }));
  if (keep) process.stderr.write(`pwsh job kept: ${job}\n`);
  try {
    const r = await runPwsh(["-File", path.join(PWSH_DIR, "driver.ps1"), "-JobFile", job], {
      cwd: root,
      timeoutMs: 540_000,
    });
    if (r.status !== 0)
      throw new Error(`driver.ps1 failed (${r.status}): ${r.stderr}\n${r.stdout}`);
    const out = JSON.parse(r.stdout) as { results: RunResult[]; events: string[] };
    const calls = fs
      .readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as StubCall);
    const byCase = new Map<string, HarnessResult>();
    for (const b of built) {
      const mine = (id: string) => (b.id === "" ? true : id.startsWith(`${b.id}|`));
      // ids and events without the case's prefix
      const bare = (id: string) => (b.id === "" ? id : id.slice(b.id.length + 1));
      const files: Record<string, Record<string, string>> = {};
      for (const [node, nodeRoot] of Object.entries(b.roots)) {
        files[node] = {};
        for (const rel of b.collect) {
          const f = path.join(nodeRoot, "C", "ProgramData", ...rel.split("/"));
          if (fs.existsSync(f))
            files[node][rel] = fs.readFileSync(f, "utf8").replace(/^\uFEFF/, "");
        }
      }
      byCase.set(b.id, {
        results: out.results.filter((x) => mine(x.id)).map((x) => ({ ...x, id: bare(x.id) })),
        calls: calls.filter((x) => mine(x.run)).map((x) => ({ ...x, run: bare(x.run) })),
        events: out.events.filter((e) => mine(e)).map(bare),
        substituted,
        roots: b.roots,
        files,
      });
    }
    const first = byCase.get(built[0]?.id ?? "");
    return {
      results: out.results,
      calls,
      events: out.events,
      substituted,
      roots: first?.roots ?? {},
      files: first?.files ?? {},
      byCase,
    };
  } finally {
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Runs a chain (or some steps), every step twice, under the stubs. `written`: scripts a step
 * writes for later (e.g. the WSFC DNS updater) run twice on every node after that step.
 */
export async function runStepsUnderStubs(
  entry: ClusterConfig,
  steps: (WindowsStep | WindowsChainEntry)[],
  opts: Omit<StubCase, "entry" | "steps"> & { keep?: boolean } = {},
): Promise<HarnessResult> {
  const { keep, ...k } = opts;
  const r = await runJob([{ id: "", k: { entry, steps, ...k } }], keep);
  return r.byCase.get("")!;
}

/** Runs many independent clusters (state reset between them) in one pwsh process. */
export async function runCasesUnderStubs(
  cases: { id: string; k: StubCase }[],
): Promise<Map<string, HarnessResult>> {
  for (const c of cases)
    if (c.id === "" || c.id.includes("|")) throw new Error(`bad case id ${c.id}`);
  return (await runJob(cases)).byCase;
}

/** Runs promises with at most `n` at a time (2 cores are shared). */
export function limiter(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return <T>(f: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        f()
          .then(resolve, reject)
          .finally(() => {
            active--;
            queue.shift()?.();
          });
      };
      if (active < n) start();
      else queue.push(start);
    });
}

/** What one step did on the rehearsal's simulated clock (driver.ps1 -Serve). */
export interface SimRunResult {
  exitCode: number;
  output: string;
  /** Simulated seconds the step ran (1 + its sleeps; until the reboot when killed). */
  simSec: number;
  /** A reboot landed while it ran: it died there and never reported. */
  killed: boolean;
  /** Seconds from the step's start when the node's pending reboot lands (-1: none). */
  landAt: number;
  /** Reboots the step scheduled: at (its clock), delay (shutdown /t). */
  scheduled: { at: number; delay: number }[];
}

/**
 * One cluster's Windows nodes in a long-lived pwsh (driver.ps1 -Serve): the world of the Windows
 * rehearsal (test/support/rehearsal.ts rehearseWindows). The node state (files under each node's
 * root, the stub registry, cluster, tasks, boot times) lives as long as the world: a second
 * rehearsal on the same world is a re-apply.
 */
export class PwshWorld {
  private readonly child: ChildProcess;
  private out = "";
  private readonly pending: { resolve: (v: any) => void; reject: (e: Error) => void }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = "";
  private closed = false;
  private serial = 0;
  readonly substituted: Record<string, number> = {};

  private constructor(
    readonly root: string,
    readonly roots: Record<string, string>,
    private readonly log: string,
    private readonly azPath: string,
    jobFile: string,
  ) {
    this.child = startPwsh(
      ["-File", path.join(PWSH_DIR, "driver.ps1"), "-JobFile", jobFile, "-Serve"],
      {
        cwd: root,
      },
    );
    this.child.stdout!.on("data", (d) => {
      this.out += d;
      let i: number;
      while ((i = this.out.indexOf("\n")) >= 0) {
        const line = this.out.slice(0, i).replace(/\r$/, "");
        this.out = this.out.slice(i + 1);
        if (line.startsWith("@@REPLY ")) this.pending.shift()?.resolve(JSON.parse(line.slice(8)));
      }
    });
    this.child.stderr!.on("data", (d) => (this.stderr += d));
    this.child.on("close", (code) => {
      this.closed = true;
      for (const p of this.pending.splice(0))
        p.reject(new Error(`driver.ps1 -Serve ended (${code}): ${this.stderr}`));
    });
  }

  /** Starts the world of a cluster (installer: the product is not on the image). */
  static async start(
    entry: ClusterConfig,
    opts: { resolved?: ResolvedCluster; installer?: boolean } = {},
  ): Promise<PwshWorld> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `ahc-pwsh-world-`));
    const c = resolvedOf({ entry, resolved: opts.resolved });
    const { roots, azPath, world } = worldOf(root, "", c, opts.installer ?? false);
    const log = path.join(root, "calls.jsonl");
    fs.writeFileSync(log, "");
    const jobFile = path.join(root, "job.json");
    fs.writeFileSync(
      jobFile,
      JSON.stringify({ ...world, log, runs: [], prefix: "", recordAll: false, noReboot: [] }),
    );
    const w = new PwshWorld(root, roots, log, azPath, jobFile);
    const ready = await w.request(null);
    if (!ready.ready) throw new Error(`driver.ps1 -Serve did not start: ${JSON.stringify(ready)}`);
    return w;
  }

  /** One request (null: only the greeting), answers in order. */
  private request(o: unknown): Promise<any> {
    const next = this.queue.then(
      () =>
        new Promise<any>((resolve, reject) => {
          if (this.closed) return reject(new Error(`driver.ps1 -Serve ended: ${this.stderr}`));
          this.pending.push({ resolve, reject });
          if (o !== null) this.child.stdin!.write(JSON.stringify(o) + "\n");
        }),
    );
    this.queue = next.catch(() => undefined);
    return next.then((r) => {
      if (r && typeof r === "object" && "error" in r) throw new Error(`driver.ps1: ${r.error}`);
      return r;
    });
  }

  /** Runs a step (Run Command) on its node; protected parameters get the test values. */
  async run(
    item: { node: string; step: string; script?: string; parameters: Record<string, string> },
    clock: { landAt: number; shutdownSec: number },
  ): Promise<SimRunResult> {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.parameters))
      params[k] = v === "[secret]" ? (PROTECTED_VALUES[k] ?? `stub-${k}`) : v;
    const n = ++this.serial;
    const file = scriptFileOf(
      this.root,
      "",
      { ...item, script: item.script ?? "" },
      this.substituted,
      `-${n}`,
    );
    return this.request({
      op: "run",
      id: `${item.node}:${item.step}:${n}`,
      node: item.node,
      step: item.step,
      pass: n,
      file,
      params,
      azPath: this.azPath,
      landAt: clock.landAt,
      shutdownSec: clock.shutdownSec,
    });
  }

  /** The node goes down and boots: its boot id changes (Invoke-StubReboot). */
  async reboot(node: string): Promise<void> {
    await this.request({ op: "reboot", node });
  }

  /** The cluster and the nodes now (driver.ps1 Get-StubWorldState). */
  state(): Promise<any> {
    return this.request({ op: "state" });
  }

  /** Every stub call so far. */
  calls(): StubCall[] {
    return fs
      .readFileSync(this.log, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as StubCall);
  }

  /** Writes a file on a node (path under ProgramData, "/"-separated), e.g. a reboot request. */
  writeFile(node: string, rel: string, text: string): void {
    const f = path.join(this.roots[node], "C", "ProgramData", ...rel.split("/"));
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }

  async close(): Promise<void> {
    if (!this.closed) await this.request({ op: "exit" }).catch(() => undefined);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
