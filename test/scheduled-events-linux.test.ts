/**
 * The Linux Scheduled Events agent, run for real: the install step (rendered, shellcheck-clean)
 * writes the agent, its config and the systemd unit under a temp root against a stub systemctl;
 * then the installed agent runs with python3 against a fake IMDS on 127.0.0.1 and stub
 * clpstat/clpgrp that record their calls — one run per scenario of
 * test/fixtures/scheduled-events-cases.json (shared with the Windows agent's test).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import {
  agentConfig,
  renderScheduledEventsInstall,
  type AgentConfig,
} from "../components/bootstrap/scheduled-events";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { closedPort, startFakeImds, type FakeAnswer } from "./support/fake-imds";
import table from "./fixtures/scheduled-events-cases.json";

interface Case {
  name: string;
  nodes?: string[];
  polls?: number;
  runs?: number;
  config?: { approve?: boolean; actOn?: string[]; freezeToleranceSec?: number };
  cluster: { up: string[]; groups: Record<string, string> };
  events: unknown[];
  expect: { decisions: Record<string, string>; moves: [string, string][]; approved: string[] };
}

function cluster(enabled = true): ResolvedCluster {
  const args = argsOf(stackCluster("ilb-linux"));
  if (!enabled) args.software.scheduledEvents = { enabled: false };
  return parseComponentArgs("ilb-linux", "internal-lb", args);
}

const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;

// Stand-ins for CLUSTERPRO's clpstat/clpgrp: the state is a JSON file; clpstat prints it in the
// `clpstat --long` layout of NEC's EXPRESSCLUSTER how-to guides, clpgrp -m <g> -a <s> moves a group.
const CLPSTAT = `#!/usr/bin/env python3
import json, os, sys
d = os.environ["SE_STUB"]
open(os.path.join(d, "calls.log"), "a").write("clpstat " + " ".join(sys.argv[1:]) + "\\n")
st = json.load(open(os.path.join(d, "cluster.json")))
me = os.environ.get("SE_STUB_ME", "node1")
print(" ========================  CLUSTER STATUS  ===========================")
print("  Cluster : ilb-linux")
print("  <server>")
for n in st["nodes"]:
    mark = "*" if n == me else " "
    print("   %s%s %s: %s" % (mark, n, "." * (33 - len(n)), "Online" if n in st["up"] else "Offline"))
    print("      lankhb1                         : Normal           Kernel Mode LAN Heartbeat")
print("  <group>")
for g, cur in sorted(st["groups"].items()):
    print("    %s %s: Online" % (g, "." * (33 - len(g))))
    print("      current                         : %s" % cur)
    print("      azurepp1                        : Online")
print("  <monitor>")
print("    mdnw1                             : Normal")
print(" =====================================================================")
`;
const CLPGRP = `#!/usr/bin/env python3
import json, os, sys
d = os.environ["SE_STUB"]
open(os.path.join(d, "calls.log"), "a").write("clpgrp " + " ".join(sys.argv[1:]) + "\\n")
a = sys.argv[1:]
if a[0] != "-m" or a[2] != "-a":
    sys.exit(2)
if os.environ.get("SE_STUB_CLPGRP_FAIL") == "1":
    print("Failed to move the group.")
    sys.exit(1)
p = os.path.join(d, "cluster.json")
st = json.load(open(p))
st["groups"][a[1]] = a[3]
json.dump(st, open(p, "w"))
`;
const SYSTEMCTL = `#!/bin/bash
printf 'systemctl %s\\n' "$*" >>"$SE_STUB/systemctl.log"
exit 0
`;

let work: string;
/** The agent as the install step writes it (the test below checks the copy is byte-identical). */
const AGENT_SRC = path.join(__dirname, "../components/bootstrap/scheduled-events/agent.py");

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

function stubDir(): string {
  const dir = fs.mkdtempSync(path.join(work, "stub-"));
  for (const [name, text] of [
    ["clpstat", CLPSTAT],
    ["clpgrp", CLPGRP],
    ["systemctl", SYSTEMCTL],
  ])
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
  return dir;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "se-linux-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("install step (Linux)", () => {
  const script = () => renderScheduledEventsInstall(cluster(), "node1");

  it("renders a shellcheck-clean script that carries the agent and the node's config", () => {
    const file = path.join(work, "install.sh");
    fs.writeFileSync(file, script());
    const sc = spawnSync("shellcheck", ["-s", "bash", file], { encoding: "utf8" });
    if (sc.error) {
      console.log("shellcheck not found: lint skipped");
    } else {
      expect(sc.stdout + sc.stderr).toBe("");
      expect(sc.status).toBe(0);
    }
    const text = script();
    expect(text).toContain(
      fs.readFileSync(
        path.join(__dirname, "../components/bootstrap/scheduled-events/agent.py"),
        "utf8",
      ),
    );
    expect(text).toContain("SE_ENABLED=1");
    expect(text).toContain("After=network-online.target $SE_AFTER_UNITS");
    expect(text).toContain("SE_AFTER_UNITS='clusterpro.service'");
  });

  (HAS_PYTHON ? it : it.skip)(
    "installs agent, config and unit, enables and starts the service; a second run changes nothing",
    async () => {
      const root = fs.mkdtempSync(path.join(work, "root-"));
      const stub = stubDir();
      const file = path.join(work, "install-run.sh");
      fs.writeFileSync(file, script());
      const env = {
        SE_ROOT: root,
        ALLOW_NON_ROOT: "1",
        SE_STUB: stub,
        PATH: `${stub}:${process.env.PATH}`,
      };
      const first = await run("bash", [file], env);
      expect(first.code).toBe(0);
      const agentFile = path.join(root, "usr/local/lib/azure-ha-cluster/scheduled-events-agent.py");
      expect(fs.statSync(agentFile).mode & 0o777).toBe(0o755);
      expect(fs.readFileSync(agentFile, "utf8")).toBe(fs.readFileSync(AGENT_SRC, "utf8"));
      const cfg = JSON.parse(
        fs.readFileSync(path.join(root, "etc/azure-ha-cluster/scheduled-events.json"), "utf8"),
      );
      expect(cfg).toEqual(agentConfig(cluster(), "node1"));
      expect(cfg).toMatchObject({
        kind: "clusterpro",
        node: "node1",
        nodes: ["node1", "node2"],
        imdsUrl: "http://169.254.169.254/metadata",
        apiVersion: "2020-07-01",
        pollSec: 1,
        actOn: ["Freeze", "Reboot", "Redeploy"],
        approve: true,
        freezeToleranceSec: 110,
      });
      const unit = fs.readFileSync(
        path.join(root, "etc/systemd/system/azure-ha-cluster-scheduled-events.service"),
        "utf8",
      );
      expect(unit).toMatch(
        /ExecStart=\S*python3 \/usr\/local\/lib\/azure-ha-cluster\/scheduled-events-agent.py --config \/etc\/azure-ha-cluster\/scheduled-events.json/,
      );
      expect(unit).toContain("Restart=always");
      expect(unit).toContain("After=network-online.target clusterpro.service");
      const calls = () =>
        fs.readFileSync(path.join(stub, "systemctl.log"), "utf8").trim().split("\n");
      expect(calls()).toEqual([
        "systemctl daemon-reload",
        "systemctl enable azure-ha-cluster-scheduled-events",
        "systemctl restart azure-ha-cluster-scheduled-events",
        "systemctl is-active --quiet azure-ha-cluster-scheduled-events",
      ]);
      fs.writeFileSync(path.join(stub, "systemctl.log"), "");
      const second = await run("bash", [file], env);
      expect(second.code).toBe(0);
      expect(second.out.match(/unchanged: /g)).toHaveLength(3);
      expect(calls()).toEqual([
        "systemctl daemon-reload",
        "systemctl enable azure-ha-cluster-scheduled-events",
        "systemctl start azure-ha-cluster-scheduled-events",
        "systemctl is-active --quiet azure-ha-cluster-scheduled-events",
      ]);
      // enabled: false removes what was installed
      const off = path.join(work, "install-off.sh");
      fs.writeFileSync(off, renderScheduledEventsInstall(cluster(false), "node1"));
      fs.writeFileSync(path.join(stub, "systemctl.log"), "");
      const removed = await run("bash", [off], env);
      expect(removed.code).toBe(0);
      expect(removed.out).toContain("removed: azure-ha-cluster-scheduled-events");
      expect(fs.existsSync(agentFile)).toBe(false);
      expect(calls()).toEqual([
        "systemctl disable --now azure-ha-cluster-scheduled-events",
        "systemctl daemon-reload",
      ]);
      // enabled again: installed again
      expect((await run("bash", [file], env)).code).toBe(0);
      expect(fs.existsSync(agentFile)).toBe(true);
    },
  );
});

interface AgentRun {
  out: string;
  decisions: Record<string, string>;
  moves: [string, string][];
  approved: string[];
  clpCalls: string[];
}

/** Runs the installed agent `runs` times × `polls` polls against the answers; returns what it did. */
async function runAgent(
  answers: FakeAnswer[],
  opts: {
    nodes?: string[];
    up?: string[];
    groups?: Record<string, string>;
    polls?: number;
    runs?: number;
    config?: Partial<AgentConfig>;
    imdsBase?: string;
    postStatuses?: number[];
    env?: Record<string, string>;
  },
): Promise<AgentRun> {
  const stub = stubDir();
  const nodes = opts.nodes ?? ["node1", "node2"];
  fs.writeFileSync(
    path.join(stub, "cluster.json"),
    JSON.stringify({ nodes, up: opts.up ?? nodes, groups: opts.groups ?? {} }),
  );
  const imds = await startFakeImds(answers, opts.postStatuses);
  try {
    const cfg = agentConfig(cluster(), "node1", {
      nodes,
      imdsUrl: opts.imdsBase ?? imds.base,
      stateFile: path.join(stub, "state", "state.json"),
      extraPath: [stub],
      ...opts.config,
    });
    // tests poll fast; the agent sleeps pollSec between polls
    const cfgFile = path.join(stub, "config.json");
    fs.writeFileSync(
      cfgFile,
      JSON.stringify({ ...cfg, pollSec: 0.05, firstTimeoutSec: 5, timeoutSec: 5 }),
    );
    let out = "";
    for (let i = 0; i < (opts.runs ?? 1); i++) {
      const r = await run(
        "python3",
        [AGENT_SRC, "--config", cfgFile, "--iterations", String(opts.polls ?? 1)],
        { SE_STUB: stub, PATH: "/usr/bin:/bin", ...opts.env },
      );
      expect(r.code).toBe(0);
      out += r.out;
    }
    for (const req of imds.requests) expect(req.metadataHeader).toBe("true");
    const calls = fs.existsSync(path.join(stub, "calls.log"))
      ? fs.readFileSync(path.join(stub, "calls.log"), "utf8").trim().split("\n")
      : [];
    const decisions: Record<string, string> = {};
    for (const m of out.matchAll(/^event=(\S+) type=\S* decision=(\S+)/gm))
      if (!(m[1] in decisions)) decisions[m[1]] = m[2];
    return {
      out,
      decisions,
      moves: calls
        .filter((c) => c.startsWith("clpgrp "))
        .map((c) => {
          const a = c.split(" ");
          return [a[2], a[4]] as [string, string];
        }),
      approved: imds.approved(),
      clpCalls: calls,
    };
  } finally {
    await imds.close();
  }
}

const linuxIt = HAS_PYTHON ? it : it.skip;
if (!HAS_PYTHON) console.log("python3 not found: the Linux agent scenarios are skipped");

describe("Linux agent against a fake IMDS (shared scenario table)", () => {
  linuxIt.each((table.cases as unknown as Case[]).map((c) => [c.name, c] as const))(
    "%s",
    async (_n, c) => {
      const cfg = { ...table.defaults.config, ...(c.config ?? {}) };
      const r = await runAgent([{ doc: { DocumentIncarnation: 2, Events: c.events } }], {
        nodes: c.nodes ?? table.defaults.nodes,
        up: c.cluster.up,
        groups: c.cluster.groups,
        polls: c.polls,
        runs: c.runs,
        config: cfg,
      });
      expect(r.decisions).toEqual(c.expect.decisions);
      expect(r.moves).toEqual(c.expect.moves);
      expect(r.approved).toEqual(c.expect.approved);
      // every decision is logged once, with its event id
      for (const id of Object.keys(c.expect.decisions))
        expect(r.out.match(new RegExp(`^event=${id} type=\\S* decision=`, "gm"))).toHaveLength(1);
      // a move happens before the approval of the same event: the agent logs them in that order
      if (c.expect.moves.length > 0 && c.expect.approved.length > 0) {
        expect(r.out.indexOf("drained:")).toBeLessThan(r.out.indexOf("approved (StartRequests"));
      }
    },
  );
});

describe("Linux agent: failures and the end of an event", () => {
  const E = "7e1e6a2c-0000-4000-8000-00000000000a";
  const reboot = {
    DocumentIncarnation: 3,
    Events: [
      {
        EventId: E,
        EventType: "Reboot",
        ResourceType: "VirtualMachine",
        Resources: ["node1"],
        EventStatus: "Scheduled",
        NotBefore: "Mon, 19 Sep 2016 18:29:47 GMT",
        EventSource: "Platform",
        DurationInSeconds: -1,
      },
    ],
  };

  linuxIt("IMDS unreachable: logged, retried on every poll, exit 0, nothing done", async () => {
    const port = await closedPort();
    const r = await runAgent([{ doc: reboot }], {
      groups: { failover1: "node1" },
      polls: 3,
      imdsBase: `http://127.0.0.1:${port}/metadata`,
    });
    expect(r.out.match(/imds: unreachable .*; retrying/g)).toHaveLength(3);
    expect(r.moves).toEqual([]);
    expect(r.clpCalls).toEqual([]);
  });

  linuxIt(
    "malformed JSON, then an HTTP 500, then a good document: logged, retried, acted on",
    async () => {
      const r = await runAgent(
        [{ raw: "{not json" }, { raw: "oops", status: 500 }, { doc: reboot }],
        { groups: { failover1: "node1" }, polls: 3 },
      );
      expect(r.out).toMatch(/imds: malformed response .*'\{not json'; retrying/);
      expect(r.out).toContain("imds: HTTP 500; retrying");
      expect(r.decisions).toEqual({ [E]: "drain-approve" });
      expect(r.moves).toEqual([["failover1", "node2"]]);
      expect(r.approved).toEqual([E]);
    },
  );

  linuxIt("a document without an Events list is malformed, not a crash", async () => {
    const r = await runAgent([{ doc: { DocumentIncarnation: 1 } }, { doc: [1, 2] }], { polls: 2 });
    expect(r.out).toContain("imds: malformed response (no Events list)");
  });

  linuxIt("the event leaves the list: logged as ended, state cleared", async () => {
    const r = await runAgent([{ doc: reboot }, { doc: { DocumentIncarnation: 4, Events: [] } }], {
      groups: { failover1: "node1" },
      polls: 2,
    });
    expect(r.out).toContain(
      `event=${E} ended (Reboot, was drain-approve); nothing to resume for clusterpro`,
    );
    expect(r.approved).toEqual([E]);
  });

  linuxIt("a group that does not move: drain incomplete, nothing approved, retried", async () => {
    const r = await runAgent([{ doc: reboot }], {
      groups: { failover1: "node1" },
      polls: 2,
      env: { SE_STUB_CLPGRP_FAIL: "1" },
    });
    expect(r.out).toContain("drain incomplete: failover1 still on node1");
    expect(r.out).toContain(`event=${E} not completed; retried on the next poll`);
    expect(r.moves).toEqual([
      ["failover1", "node2"],
      ["failover1", "node2"],
    ]);
    expect(r.approved).toEqual([]);
  });

  linuxIt("an approval IMDS rejects (HTTP 400) is retried on the next poll", async () => {
    const r = await runAgent([{ doc: reboot }], {
      groups: { failover1: "node1" },
      polls: 2,
      postStatuses: [400, 200],
    });
    expect(r.out).toContain(`event=${E} approve failed: HTTP 400`);
    expect(r.approved).toEqual([E]);
    // the groups moved once; the second poll found nothing left on node1
    expect(r.moves).toEqual([["failover1", "node2"]]);
  });

  linuxIt(
    "clpstat failing: every peer counts as unhealthy, nothing moved or approved",
    async () => {
      const stubbed = await runAgent([{ doc: reboot }], {
        groups: { failover1: "node1" },
        config: { extraPath: ["/nonexistent"] },
      });
      expect(stubbed.out).toMatch(/cluster state unknown \(clpstat not found/);
      expect(stubbed.decisions).toEqual({ [E]: "hold-no-healthy-peer" });
      expect(stubbed.approved).toEqual([]);
    },
  );
});
