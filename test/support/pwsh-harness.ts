/**
 * Runs the Windows steps of one cluster in real PowerShell 7 under recording stubs
 * (test/support/pwsh/driver.ps1 + stubs.ps1), every step twice, in chain order, in ONE pwsh
 * process; returns each run's exit code and output and every recorded stub call.
 *
 * Three calls have no Linux equivalent and no cmdlet to shadow (static .NET members); the harness
 * substitutes each by a stub function in the text it runs — and reports how often, so a test can
 * see the substitution still applies (the parse test checks the unmodified text):
 *   [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()  (primary DNS suffix)
 *   [Security.Principal.WindowsIdentity]::GetCurrent()  (PlatformNotSupported on Linux)
 *   [AzhaLoopback]::Create()  (SetupAPI P/Invoke of the DSR loopback adapter)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../../components/core/config";
import type { ClusterConfig } from "../../components/core/types";
import { subnetOf } from "../../components/bootstrap/wsfc";
import { PWSH_DIR, runPwsh } from "./pwsh";
import type { WindowsStep } from "./windows-steps";

export const SUBSTITUTIONS: [string, string][] = [
  [
    "[System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()",
    "(Get-StubIPGlobalProperties)",
  ],
  ["[Security.Principal.WindowsIdentity]::GetCurrent()", "(Get-StubWindowsIdentity)"],
  ["[AzhaLoopback]::Create()", "Invoke-StubLoopbackCreate"],
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
  exitCode: number;
  output: string;
  rebootedBefore: boolean;
}

export interface HarnessResult {
  results: RunResult[];
  calls: StubCall[];
  /** How often each substitution applied, over all scripts run. */
  substituted: Record<string, number>;
  /** The node roots (C:\ of each node), for file assertions. */
  roots: Record<string, string>;
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
  steps: WindowsStep[];
  /** Scripts a step writes for later, run after that step on the same node. */
  written?: WrittenRun[];
  /** Runs per step (default [1, 2]: every step twice). */
  passes?: number[];
  /** Record pass-through calls too (Test-Path, New-Item … on files). */
  recordAll?: boolean;
}

function buildCase(root: string, id: string, k: StubCase, substituted: Record<string, number>) {
  const { name, topology, ...args } = k.entry;
  const c = parseComponentArgs(name, topology, args as never);
  const scriptFile = (s: WindowsStep) => {
    let text = s.script;
    for (const [from, to] of SUBSTITUTIONS) {
      const n = text.split(from).length - 1;
      if (n > 0) substituted[from] = (substituted[from] ?? 0) + n;
      text = text.split(from).join(to);
    }
    const f = path.join(root, id, "scripts", `${s.node}-${s.step}.ps1`);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  };
  const installer = k.steps.some((s) => s.protectedNames.includes("InstallerUrl"));
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
      domain: sw.kind === "wsfc" && sw.domain ? sw.domain.name : "",
      clpInstalled: sw.kind === "clusterpro" && !installer,
    };
  });
  const prefix = id === "" ? "" : `${id}|`;
  const runs: any[] = [];
  for (const s of k.steps) {
    const params: Record<string, string> = { ...s.parameters };
    for (const p of s.protectedNames) params[p] = PROTECTED_VALUES[p] ?? `stub-${p}`;
    const file = scriptFile(s);
    for (const pass of k.passes ?? [1, 2])
      runs.push({
        id: `${prefix}${s.node}:${s.step}:${pass}`,
        node: s.node,
        step: s.step,
        pass,
        file,
        params,
        azPath: sw.azureCliPath ?? "",
      });
    for (const w of k.written ?? []) {
      if (w.afterStep !== s.step) continue;
      for (const pass of k.passes ?? [1, 2])
        runs.push({
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
  const subnet = subnetOf(c.network.subnetPrefix);
  return {
    roots,
    job: {
      root,
      nodes,
      cluster: { subnetAddress: subnet.address, subnetMask: subnet.mask },
      runs,
      recordAll: k.recordAll ?? false,
    },
  };
}

async function runJob(
  cases: { id: string; k: StubCase }[],
  keep = false,
): Promise<HarnessResult & { byCase: Map<string, HarnessResult> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ahc-pwsh-`));
  const substituted: Record<string, number> = {};
  const built = cases.map(({ id, k }) => ({ id, ...buildCase(root, id, k, substituted) }));
  const log = path.join(root, "calls.jsonl");
  fs.writeFileSync(log, "");
  const job = path.join(root, "job.json");
  fs.writeFileSync(job, JSON.stringify({ root, log, cases: built.map((b) => b.job) }));
  const r = await runPwsh(["-File", path.join(PWSH_DIR, "driver.ps1"), "-JobFile", job], {
    cwd: root,
    timeoutMs: 540_000,
  });
  if (r.status !== 0) throw new Error(`driver.ps1 failed (${r.status}): ${r.stderr}\n${r.stdout}`);
  const results = JSON.parse(r.stdout) as RunResult[];
  const calls = fs
    .readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as StubCall);
  if (!keep) fs.rmSync(root, { recursive: true, force: true });
  const byCase = new Map<string, HarnessResult>();
  for (const b of built) {
    const mine = (id: string) => (b.id === "" ? true : id.startsWith(`${b.id}|`));
    byCase.set(b.id, {
      results: results.filter((x) => mine(x.id)),
      calls: calls.filter((x) => mine(x.run)),
      substituted,
      roots: b.roots,
    });
  }
  return { results, calls, substituted, roots: built[0]?.roots ?? {}, byCase };
}

/**
 * Runs every step twice under the stubs. `written`: scripts a step writes for later (e.g. the
 * WSFC DNS updater) run twice on every node after that step.
 */
export async function runStepsUnderStubs(
  entry: ClusterConfig,
  steps: WindowsStep[],
  opts: { written?: WrittenRun[]; keep?: boolean } = {},
): Promise<HarnessResult> {
  const r = await runJob([{ id: "", k: { entry, steps, written: opts.written } }], opts.keep);
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
