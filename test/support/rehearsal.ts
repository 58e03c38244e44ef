/**
 * A rehearsal of the Azure VM agent's rules for a cluster's bootstrap chain: Linux scripts run for
 * real under bash, against stub vendor binaries (`rehearse`); Windows scripts run for real under
 * PowerShell 7 against the recording stubs of test/support/pwsh (`rehearseWindows`, same rules,
 * simulated time).
 *
 * Input: the Run Commands (azure-native VirtualMachineRunCommandByVirtualMachine) and waits
 * (time:index/sleep:Sleep) the mocks recorded, with their `dependsOn`. Each node gets its own
 * temporary root and a PATH that holds only stubs and harmless tools, so a real `shutdown`,
 * `reboot`, `systemctl` or `systemd-run` is unreachable (the tests may run as root): the stubs
 * record a reboot request instead. The harness enforces what Azure does:
 *   - a step starts only when its node is up (and after every resource it depends on);
 *   - `asyncExecution: false`: a step is done when its script exits;
 *   - a reboot kills the step running on that node, changes the boot id, the killed step is never
 *     run again and never reports: the deployment hangs until the extension timeout (scaled
 *     down), which the harness reports as a failure;
 *   - a wait lasts its configured duration (scaled down);
 *   - a non-zero exit fails the deployment.
 * Time: SCALE_MS real milliseconds per simulated second.
 */
import { execFileSync, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RecordedResource } from "../../cli/mocks";
import type { SimRunResult } from "./pwsh-harness";

export const RUN_TYPE = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";
export const SLEEP_TYPE = "time:index/sleep:Sleep";

/** One element of a chain: a Run Command step or a wait. */
export interface ChainItem {
  /** Resource name as registered. */
  name: string;
  kind: "run" | "wait";
  node: string;
  /** Step name (tag ha-cluster-step), or the wait's name. */
  step: string;
  script?: string;
  parameters: Record<string, string>;
  /** Names of the chain items this one waits for. */
  deps: string[];
  waitSec?: number;
}

const durationSec = (d: string): number => {
  const m = /^(\d+)(s|m)$/.exec(d);
  if (!m) throw new Error(`unsupported duration ${d}`);
  return Number(m[1]) * (m[2] === "m" ? 60 : 1);
};

/** The chain of a cluster: its Run Commands and Sleeps, dependencies within the chain. */
export function chainOf(records: RecordedResource[]): ChainItem[] {
  const items = records.filter((r) => r.type === RUN_TYPE || r.type === SLEEP_TYPE);
  const names = new Set(items.map((r) => r.name));
  return items.map((r) => {
    const inp = r.inputs as any;
    const deps = r.dependsOn.filter((d) => names.has(d));
    if (r.type === SLEEP_TYPE) {
      return {
        name: r.name,
        kind: "wait" as const,
        node: "",
        step: r.name,
        parameters: {},
        deps,
        waitSec: durationSec(String(inp.createDuration)),
      };
    }
    const params: Record<string, string> = {};
    for (const p of [...(inp.parameters ?? []), ...(inp.protectedParameters ?? [])])
      params[p.name] = String(p.value);
    return {
      name: r.name,
      kind: "run" as const,
      node: inp.tags["ha-cluster-node"],
      step: inp.tags["ha-cluster-step"],
      script: String(inp.source.script),
      parameters: params,
      deps,
    };
  });
}

/** A wait's node: the node of the step it follows (or, after no step, of the step after it). */
function nodeOfWait(chain: ChainItem[], w: ChainItem): string {
  const byName = new Map(chain.map((c) => [c.name, c]));
  for (const d of w.deps) if (byName.get(d)?.node) return byName.get(d)!.node;
  // a wait after something that is not a step (WSFC wait-after-join follows the domain-join
  // extension): the node of the step that waits for it
  return chain.find((c) => c.kind === "run" && c.deps.includes(w.name))?.node ?? "";
}

/** Topological order (dependencies first); throws on a cycle. */
export function topoOrder(chain: ChainItem[]): ChainItem[] {
  const byName = new Map(chain.map((c) => [c.name, c]));
  const out: ChainItem[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (c: ChainItem) => {
    if (state.get(c.name) === 2) return;
    if (state.get(c.name) === 1) throw new Error(`cycle at ${c.name}`);
    state.set(c.name, 1);
    for (const d of c.deps) visit(byName.get(d)!);
    state.set(c.name, 2);
    out.push(c);
  };
  for (const c of chain) visit(c);
  return out;
}

/** The stub every vendor and system binary on a node is (one script, dispatching on its name). */
const STUB = `#!/bin/bash
name="$(basename "$0")"
{ printf '%s' "$name"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >>"$CALLS"
C="$CLUSTER_STATE"
case "$name" in
  systemd-run)
    d=30; for a in "$@"; do case "$a" in --on-active=*) d="\${a#--on-active=}"; d="\${d%s}" ;; esac; done
    printf '%s\\n' "$d" >>"$NODE_ROOT/reboot-requests" ;;
  shutdown) case "$*" in *-r*) printf '60\\n' >>"$NODE_ROOT/reboot-requests" ;; esac ;;
  reboot) printf '0\\n' >>"$NODE_ROOT/reboot-requests" ;;
  systemctl)
    case "$1" in
      reboot) printf '0\\n' >>"$NODE_ROOT/reboot-requests" ;;
      is-active) exit 0 ;;
    esac ;;
  clpcfset) if [ "$1" = create ]; then : >clp.conf; fi; printf '%s\\n' "$*" >>clp.conf ;;
  clplcnsc) if [ "$1" = -l ]; then [ -f "$STUB_STATE/licensed" ]; exit; fi; touch "$STUB_STATE/licensed" ;;
  clpcfctrl)
    case "$1" in
      --push) rm -rf "$C/pushed"; mkdir -p "$C/pushed"; cp -r . "$C/pushed/" ;;
      --pull)
        d=""; while [ $# -gt 0 ]; do if [ "$1" = -x ]; then d="$2"; fi; shift; done
        [ -d "$C/pushed" ] || exit 1
        cp -r "$C/pushed/." "$d/" ;;
    esac ;;
  clpstat)
    [ -f "$C/running" ] || exit 1
    printf ' <group>\\n    failover1 .........: Online\\n      current          : %s\\n' "$(cat "$C/owner")" ;;
  clpcl)
    case "$1" in
      -s) touch "$C/running"; [ -s "$C/owner" ] || printf '%s' "$STUB_NODE" >"$C/owner" ;;
      -t) rm -f "$C/running" ;;
    esac ;;
  clpgrp)
    if [ "$1" = -m ]; then
      for n in $CLUSTER_NODES; do if [ "$n" != "$(cat "$C/owner")" ]; then printf '%s' "$n" >"$C/owner"; break; fi; done
    fi ;;
  parted) touch "$2-part1" "$2-part2" ;;
  blkid) exit 2 ;;
  firewall-cmd)
    case "$*" in
      --state) exit 0 ;;
      *--query-port=*) grep -qx "\${2#--query-port=}" "$STUB_STATE/fw" 2>/dev/null; exit ;;
      *--add-port=*) printf '%s\\n' "\${2#--add-port=}" >>"$STUB_STATE/fw" ;;
    esac ;;
  ufw) exit 1 ;;
  curl) while [ $# -gt 0 ]; do if [ "$1" = -o ]; then printf 'pkg' >"$2"; fi; shift; done ;;
  rpm|dpkg|dnf|apt-get|zypper)
    if [ "$name" = rpm ] || [ "$name" = dpkg ]; then
      for t in clpcl clplcnsc clpcfset clpcfctrl clpstat clpgrp; do cp "$0" "$CLP_BIN/$t"; done
    fi ;;
esac
exit 0
`;

const STUBS = [
  "systemd-run",
  "shutdown",
  "reboot",
  "systemctl",
  "ip",
  "rpm",
  "dpkg",
  "dnf",
  "apt-get",
  "zypper",
  "firewall-cmd",
  "ufw",
  "parted",
  "partprobe",
  "udevadm",
  "blkid",
  "curl",
];
/** The host's python3 interpreter itself (not a version-manager shim, which needs its own PATH). */
function realPython(): string {
  return execFileSync(which("python3"), ["-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
  }).trim();
}
/** Harmless tools the scripts use, linked from the host. */
const TOOLS = [
  "python3",
  "bash",
  "sh",
  "cat",
  "tr",
  "sed",
  "awk",
  "grep",
  "date",
  "mkdir",
  "chmod",
  "rm",
  "cp",
  "mv",
  "tee",
  "cut",
  "sha256sum",
  "head",
  "id",
  "hostname",
  "dirname",
  "basename",
  "mktemp",
  "base64",
  "cmp",
  "sleep",
  "touch",
  "ls",
];

function which(tool: string): string {
  for (const d of (process.env.PATH ?? "").split(":")) {
    const p = path.join(d, tool);
    if (d && fs.existsSync(p)) return p;
  }
  throw new Error(`the rehearsal needs ${tool} on PATH`);
}

/** How a node's reboot goes (simulated seconds). */
export interface RebootTiming {
  /** From the scheduled time until the node goes down (the agent still answers meanwhile). */
  shutdownSec: number;
  /** Down time. */
  bootSec: number;
}

export interface RehearsalOptions {
  /** Real milliseconds per simulated second; default 10. */
  scaleMs?: number;
  /** Simulated extension timeout after which a step that never reports fails; default 120. */
  extensionTimeoutSec?: number;
  /** Reboot timing per node; default 5 s shutdown, 40 s boot. */
  reboot?: (node: string) => RebootTiming;
  /** Values of protected parameters (the records carry "[secret]"). */
  secrets?: Record<string, string>;
  /** Node roots of a previous rehearsal (re-apply); default fresh roots. */
  world?: World;
  /** Nodes whose product is installed from the start. */
  installed?: boolean;
  /** Rewrites a script before it runs (e.g. a tool path into the node's root). */
  rewrite?: (step: string, script: string, root: string) => string;
}

/** The machines of a rehearsal: kept between runs for a re-apply. */
export interface World {
  dir: string;
  nodes: Map<string, NodeState>;
  clusterState: string;
}

interface NodeState {
  name: string;
  root: string;
  env: NodeJS.ProcessEnv;
  boot: number;
  up: boolean;
  running?: { proc: ChildProcess; step: string; killed: boolean };
  waiters: (() => void)[];
}

export interface RehearsalResult {
  ok: boolean;
  failure?: string;
  /** Ordered events: "start <node> <step>", "done …", "reboot <node>", "up <node>", "wait …". */
  events: string[];
  /** Calls each node's stubs recorded during this rehearsal (name + args). */
  calls: Record<string, string[][]>;
  world: World;
  /** Output of each step run: "<node>/<step>" → stdout+stderr. */
  output: Record<string, string>;
}

function makeWorld(nodes: string[], installed: boolean): World {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-"));
  const clusterState = path.join(dir, "cluster");
  fs.mkdirSync(clusterState, { recursive: true });
  fs.writeFileSync(path.join(clusterState, "owner"), "");
  const tools = path.join(dir, "tools");
  fs.mkdirSync(tools);
  for (const t of TOOLS)
    fs.symlinkSync(t === "python3" ? realPython() : which(t), path.join(tools, t));
  const world: World = { dir, nodes: new Map(), clusterState };
  for (const n of nodes) {
    const root = path.join(dir, n);
    const bin = path.join(root, "bin");
    const clpBin = path.join(root, "opt", "clp", "bin");
    for (const d of [bin, clpBin, path.join(root, "stub"), path.join(root, "disk", "scsi1")])
      fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(root, "disk", "scsi1", "lun0"), "");
    fs.writeFileSync(path.join(root, "boot_id"), `${n}-boot-1\n`);
    fs.writeFileSync(path.join(root, "calls.log"), "");
    for (const s of STUBS) fs.writeFileSync(path.join(bin, s), STUB, { mode: 0o755 });
    if (installed)
      for (const s of ["clpcl", "clplcnsc", "clpcfset", "clpcfctrl", "clpstat", "clpgrp"])
        fs.writeFileSync(path.join(clpBin, s), STUB, { mode: 0o755 });
    const az = path.join(root, "az");
    fs.writeFileSync(az, STUB, { mode: 0o755 });
    world.nodes.set(n, {
      name: n,
      root,
      boot: 1,
      up: true,
      waiters: [],
      env: {
        PATH: `${bin}:${tools}`,
        HOME: root,
        NODE_ROOT: root,
        SE_ROOT: root,
        STUB_NODE: n,
        CLUSTER_NODES: nodes.join(" "),
        CLUSTER_STATE: clusterState,
        CALLS: path.join(root, "calls.log"),
        STUB_STATE: path.join(root, "stub"),
        CLP_BIN: clpBin,
        DISK_ROOT: path.join(root, "disk"),
        LOG_DIR: path.join(root, "log"),
        STATE_DIR: path.join(root, "state"),
        REBOOT_DIR: path.join(root, "reboot"),
        PEM_DIR: path.join(root, "pem"),
        BOOT_ID_FILE: path.join(root, "boot_id"),
        WAIT_STEP_SEC: "1",
        ALLOW_NON_ROOT: "1",
      },
    });
  }
  return world;
}

function readCalls(n: NodeState): string[][] {
  return fs
    .readFileSync(path.join(n.root, "calls.log"), "utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => l.split("\t"));
}

/** Runs a chain under the VM agent's rules. Linux steps only. */
export async function rehearse(
  chain: ChainItem[],
  opts: RehearsalOptions = {},
): Promise<RehearsalResult> {
  // 20 ms per simulated second: at 10 a loaded CI machine let a reboot land after its wait.
  const scale = opts.scaleMs ?? 20;
  const extTimeout = opts.extensionTimeoutSec ?? 120;
  const timing = opts.reboot ?? (() => ({ shutdownSec: 5, bootSec: 40 }));
  const nodeNames = [...new Set(chain.filter((c) => c.kind === "run").map((c) => c.node))];
  const world = opts.world ?? makeWorld(nodeNames, opts.installed ?? false);
  const callsBefore = new Map([...world.nodes].map(([k, n]) => [k, readCalls(n).length]));
  const events: string[] = [];
  const output: Record<string, string> = {};
  const timers: NodeJS.Timeout[] = [];
  const sleep = (sec: number) =>
    new Promise<void>((r) => {
      timers.push(setTimeout(r, sec * scale));
    });
  let failure: string | undefined;
  const fail = (msg: string) => {
    if (!failure) failure = msg;
  };

  const whenUp = (n: NodeState) =>
    n.up ? Promise.resolve() : new Promise<void>((r) => n.waiters.push(r));

  /** A reboot request recorded by a stub: schedule it (delay), then shutdown, down, up. */
  const pollReboots = (n: NodeState) => {
    const f = path.join(n.root, "reboot-requests");
    if (!fs.existsSync(f)) return;
    const delays = fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map(Number);
    fs.rmSync(f);
    for (const delay of delays) {
      events.push(`reboot-scheduled ${n.name} +${delay}s`);
      const t = timing(n.name);
      timers.push(
        setTimeout(
          () => {
            // the node goes down: whatever runs there is killed and never reports
            n.up = false;
            if (n.running) {
              n.running.killed = true;
              n.running.proc.kill("SIGKILL");
            }
            n.boot += 1;
            fs.writeFileSync(path.join(n.root, "boot_id"), `${n.name}-boot-${n.boot}\n`);
            // a product that rebooted: its group (if it owned it) fails over (heartbeat)
            const owner = path.join(world.clusterState, "owner");
            if (fs.readFileSync(owner, "utf8") === n.name && nodeNames.length > 1)
              fs.writeFileSync(
                owner,
                nodeNames.find((x) => x !== n.name)!,
              );
            events.push(`down ${n.name}`);
            timers.push(
              setTimeout(() => {
                n.up = true;
                events.push(`up ${n.name}`);
                n.waiters.splice(0).forEach((w) => w());
              }, t.bootSec * scale),
            );
          },
          (delay + t.shutdownSec) * scale,
        ),
      );
    }
  };

  const runStep = (item: ChainItem, n: NodeState): Promise<void> =>
    new Promise((resolve) => {
      const file = path.join(n.root, `${item.step}.sh`);
      const text = opts.rewrite ? opts.rewrite(item.step, item.script!, n.root) : item.script!;
      fs.writeFileSync(file, text, { mode: 0o755 });
      const env: NodeJS.ProcessEnv = { ...n.env };
      for (const [k, v] of Object.entries(item.parameters))
        env[k] = v === "[secret]" ? (opts.secrets?.[k] ?? "") : v;
      // Linux Run Command: named parameters are environment variables; empty ones are skipped.
      for (const k of Object.keys(env)) if (env[k] === "") delete env[k];
      const proc = spawn(path.join(world.dir, "tools", "bash"), [file], { env, cwd: n.root });
      let out = "";
      proc.stdout.on("data", (d) => (out += d));
      proc.stderr.on("data", (d) => (out += d));
      n.running = { proc, step: item.step, killed: false };
      const poll = setInterval(() => pollReboots(n), Math.max(1, scale / 2));
      proc.on("close", (code) => {
        clearInterval(poll);
        pollReboots(n);
        const killed = n.running?.killed;
        n.running = undefined;
        output[`${n.name}/${item.step}`] = out;
        if (killed) {
          events.push(`killed ${n.name} ${item.step}`);
          // never re-run, never reports: the deployment hangs until the extension timeout
          void sleep(extTimeout).then(() => {
            fail(
              `hang: ${item.step} on ${n.name} was killed by a reboot and never reported; the deployment waited for the extension timeout (${extTimeout} s)`,
            );
            resolve();
          });
          return;
        }
        if (code !== 0) {
          fail(`${item.step} on ${n.name} exited ${code}:\n${out}`);
        } else {
          events.push(`done ${n.name} ${item.step}`);
        }
        resolve();
      });
    });

  const byName = new Map(chain.map((c) => [c.name, c]));
  const done = new Map<string, Promise<void>>();
  const start = (item: ChainItem): Promise<void> => {
    const existing = done.get(item.name);
    if (existing) return existing;
    const p = (async () => {
      await Promise.all(item.deps.map((d) => start(byName.get(d)!)));
      if (failure) return;
      if (item.kind === "wait") {
        const node = nodeOfWait(chain, item);
        events.push(`wait ${node} ${item.waitSec}s`);
        await sleep(item.waitSec!);
        return;
      }
      const n = world.nodes.get(item.node)!;
      await whenUp(n);
      if (failure) return;
      events.push(`start ${n.name} ${item.step}`);
      await runStep(item, n);
    })();
    done.set(item.name, p);
    return p;
  };
  topoOrder(chain); // throws on a cycle
  await Promise.all(chain.map(start));
  // let pending reboots land before the next rehearsal (re-apply): delay + shutdown + boot
  if (!failure)
    await sleep(
      Math.max(...[...world.nodes.keys()].map((k) => timing(k).shutdownSec + timing(k).bootSec)) +
        65,
    );
  timers.forEach(clearTimeout);
  for (const n of world.nodes.values()) {
    n.up = true;
    n.waiters.splice(0).forEach((w) => w());
  }
  const calls: Record<string, string[][]> = {};
  for (const [k, n] of world.nodes) calls[k] = readCalls(n).slice(callsBefore.get(k) ?? 0);
  return { ok: failure === undefined, failure, events, calls, world, output };
}

// ---- Windows: the same rules, on a simulated clock -------------------------------------------

/** What a Windows world answers for one step: the harness's own result type (PwshWorld). */
export type WindowsStepRun = SimRunResult;

/** The nodes a Windows rehearsal runs on: PwshWorld (one pwsh, stub cmdlets, node state). */
export interface WindowsWorld {
  run(item: ChainItem, clock: { landAt: number; shutdownSec: number }): Promise<WindowsStepRun>;
  reboot(node: string): Promise<void>;
}

export interface WindowsRehearsalOptions {
  /** Simulated extension timeout a killed step hangs the deployment for; default 5400. */
  extensionTimeoutSec?: number;
  /** Reboot timing per node; default 5 s shutdown, 40 s boot (as `rehearse`). */
  reboot?: (node: string) => RebootTiming;
}

export interface WindowsRehearsalResult {
  ok: boolean;
  failure?: string;
  /**
   * Ordered events with their simulated second, as `rehearse` names them: "start <node> <step>",
   * "done …", "reboot-scheduled <node> +<s>s", "down <node>", "up <node>", "wait <node> <s>s",
   * "killed <node> <step>".
   */
  events: string[];
  /** The simulated second of each event (same index). */
  times: number[];
  /** Output of each step run: "<node>/<step>" → output. */
  output: Record<string, string>;
}

/**
 * Runs a chain under the VM agent's rules, Windows steps in a WindowsWorld, on a simulated clock
 * (discrete events; no real waiting):
 *   - a step starts when every item it depends on is done and its node is up;
 *   - `asyncExecution: false`: a step is done when its script exits (1 s + the time it slept);
 *   - a reboot a step scheduled (shutdown /r /t <s>) lands <s> + shutdownSec later: the node goes
 *     down (its boot id changes), a step running on it then is killed, never reports and hangs the
 *     deployment until the extension timeout (reported as a failure); the node is up bootSec later;
 *   - a wait lasts its configured duration;
 *   - a non-zero exit fails the deployment.
 * Steps on different nodes that overlap in time run one after the other in the world, each at its
 * start time (the stubs answer at once; only sleeps take simulated time).
 */
export async function rehearseWindows(
  chain: ChainItem[],
  world: WindowsWorld,
  opts: WindowsRehearsalOptions = {},
): Promise<WindowsRehearsalResult> {
  const extTimeout = opts.extensionTimeoutSec ?? 5400;
  const timing = opts.reboot ?? (() => ({ shutdownSec: 5, bootSec: 40 }));
  topoOrder(chain); // throws on a cycle
  const events: string[] = [];
  const times: number[] = [];
  const output: Record<string, string> = {};
  let now = 0;
  let failure: string | undefined;
  const log = (e: string) => {
    events.push(e);
    times.push(now);
  };
  const fail = (msg: string) => {
    if (!failure) failure = msg;
  };
  type Ev = { t: number; seq: number; fn: () => Promise<void> | void };
  const queue: Ev[] = [];
  let seq = 0;
  const at = (t: number, fn: Ev["fn"]) => queue.push({ t, seq: seq++, fn });
  const nodes = new Map<string, { up: boolean; landAt: number; waiting: ChainItem[] }>();
  for (const c of chain)
    if (c.kind === "run" && !nodes.has(c.node))
      nodes.set(c.node, { up: true, landAt: -1, waiting: [] });
  const done = new Set<string>();
  const started = new Set<string>();

  const ready = () => {
    for (const c of chain)
      if (!started.has(c.name) && c.deps.every((d) => done.has(d))) {
        started.add(c.name);
        at(now, () => begin(c));
      }
  };
  const finish = (c: ChainItem) => {
    done.add(c.name);
    ready();
  };
  const down = async (node: string) => {
    const n = nodes.get(node)!;
    n.up = false;
    n.landAt = -1;
    await world.reboot(node);
    log(`down ${node}`);
    at(now + timing(node).bootSec, () => {
      n.up = true;
      log(`up ${node}`);
      for (const c of n.waiting.splice(0)) at(now, () => begin(c));
    });
  };
  const begin = async (c: ChainItem) => {
    if (c.kind === "wait") {
      log(`wait ${nodeOfWait(chain, c)} ${c.waitSec}s`);
      at(now + c.waitSec!, () => finish(c));
      return;
    }
    const n = nodes.get(c.node)!;
    if (!n.up) {
      n.waiting.push(c);
      return;
    }
    log(`start ${c.node} ${c.step}`);
    const landAt = n.landAt >= 0 ? n.landAt - now : -1;
    const r = await world.run(c, { landAt, shutdownSec: timing(c.node).shutdownSec });
    output[`${c.node}/${c.step}`] = r.output;
    for (const s of r.scheduled) {
      log(`reboot-scheduled ${c.node} +${s.delay}s`);
      n.landAt = now + r.landAt;
      at(n.landAt, () => down(c.node));
    }
    if (r.killed) {
      // never re-run, never reports: the deployment hangs until the extension timeout
      log(`killed ${c.node} ${c.step}`);
      at(now + r.simSec + extTimeout, () =>
        fail(
          `hang: ${c.step} on ${c.node} was killed by a reboot and never reported; the deployment waited for the extension timeout (${extTimeout} s)`,
        ),
      );
      return;
    }
    if (r.exitCode !== 0) {
      fail(`${c.step} on ${c.node} exited ${r.exitCode}:\n${r.output}`);
      return;
    }
    at(now + r.simSec, () => {
      log(`done ${c.node} ${c.step}`);
      finish(c);
    });
  };

  ready();
  // events in time order (ties: first queued first); pending reboots land before the end
  while (queue.length > 0) {
    queue.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const e = queue.shift()!;
    now = e.t;
    await e.fn();
    if (failure) break;
  }
  if (!failure && done.size < chain.length)
    fail(
      `stuck: never started ${chain
        .filter((c) => !done.has(c.name))
        .map((c) => c.name)
        .join(", ")}`,
    );
  return { ok: failure === undefined, failure, events, times, output };
}
