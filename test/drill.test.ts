/**
 * `azure-ha-cluster drill` against a fake ARM server (HTTPS on 127.0.0.1, a certificate made for
 * this run, a static test credential: no IMDS, no login endpoint, no other address).
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDrill, EXIT, type DrillReport } from "../cli/drill";
import {
  parseClpstat,
  runCommandOutput,
  moveScript,
  statusScript,
  stopServiceScript,
  startServiceScript,
} from "../cli/drill-guest";
import type { DrillTarget } from "../components/core/drill-target";
import { FakeArm, TOKEN, type FakeCluster } from "./support/fake-arm";
import { ROOT } from "./support/cli";

const SUB = "00000000-0000-0000-0000-0000000000aa";
const credential = {
  getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3600_000 }),
};

function target(over: Partial<DrillTarget> = {}): DrillTarget {
  return {
    cluster: "ilb",
    topology: "internal-lb",
    resourceGroupName: "TestGroup1",
    software: "clusterpro",
    osFamily: "linux",
    nodes: [
      { name: "node1", vm: "node1", clusterNode: "node1", privateIp: "10.5.0.110" },
      { name: "node2", vm: "node2", clusterNode: "node2", privateIp: "10.5.0.111" },
    ],
    group: "failover1",
    loadBalancer: { name: "ilb-lb", rules: ["tcp-80"] },
    // scaled down: the fake's Run Commands take 0.1 s instead of ~20 s
    failoverBudget: {
      cluster: "ilb",
      detectionSec: 1,
      toleratedPauseSec: 30,
      clientSwitchSec: 0.5,
      rtoSec: 2,
      marginSec: -29,
      groupStartSec: 0.5,
      clientSwitch: "lb-probe",
    },
    ...over,
  };
}

function cluster(over: Partial<FakeCluster> = {}): FakeCluster {
  return {
    subscription: SUB,
    rg: "TestGroup1",
    cluster: "ilb",
    software: "clusterpro",
    group: "failover1",
    nodes: [
      {
        vm: "node1",
        clusterNode: "node1",
        ip: "10.5.0.110",
        power: "PowerState/running",
        clusterUp: true,
      },
      {
        vm: "node2",
        clusterNode: "node2",
        ip: "10.5.0.111",
        power: "PowerState/running",
        clusterUp: true,
      },
    ],
    owner: "node1",
    lb: { name: "ilb-lb", rules: ["tcp-80"] },
    runCommandMs: 100,
    flipDelayMs: 200,
    detectionMs: 300,
    extraHealthy: [],
    ...over,
  };
}

function outputsFile(...targets: DrillTarget[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-"));
  const f = path.join(dir, "outputs.json");
  fs.writeFileSync(
    f,
    JSON.stringify(
      Object.fromEntries(targets.map((t) => [t.cluster, { topology: t.topology, drill: t }])),
    ),
  );
  return f;
}

let fake: FakeArm;
afterEach(async () => fake?.stop());

async function drill(
  c: FakeCluster,
  t: DrillTarget,
  extra: string[] = [],
  confirm?: () => Promise<boolean>,
) {
  fake = new FakeArm(c);
  await fake.start();
  let out = "";
  let err = "";
  const code = await runDrill(
    [
      "--stack-outputs",
      outputsFile(t),
      "--arm-endpoint",
      fake.endpoint,
      "--subscription",
      SUB,
      "--poll",
      "0.05",
      "--json",
      ...extra,
    ],
    {
      credential,
      tlsCa: fake.ca,
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      env: {},
      onInterrupt: () => () => undefined,
      confirm,
    },
  );
  const report = out.trim().startsWith("{") ? (JSON.parse(out) as DrillReport) : undefined;
  return { code, report, out, err };
}

const scripts = () => fake.calls.filter((c) => c.script).map((c) => c.script!);
const moves = () => scripts().filter((s) => /clpgrp -m|Move-ClusterGroup/.test(s));

describe("drill against a fake ARM (HTTPS, 127.0.0.1)", () => {
  it("clean switch and return: within budget, exit 0, group back on node1", async () => {
    const r = await drill(cluster(), target());
    expect(r.err).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.report).toMatchObject({
      from: "node1",
      to: "node2",
      withinBudget: true,
      movedBack: true,
      restored: true,
      exitCode: 0,
    });
    expect(r.report!.switchSec).toBeGreaterThanOrEqual(0.2); // the probe flips 0.2 s after the move
    expect(r.report!.switchSec).toBeLessThanOrEqual(2);
    expect(r.report!.samplingErrorSec).toBeGreaterThan(0);
    expect(r.report!.actionRunCommandSec).toBeGreaterThanOrEqual(0.1);
    expect(r.report!.preconditions.every((c) => c.ok)).toBe(true);
    expect(moves()).toEqual([
      'clpgrp -m failover1 -a node2\necho "DRILL-RC=$?"',
      'clpgrp -m failover1 -a node1\necho "DRILL-RC=$?"',
    ]);
    expect(fake.s.owner).toBe("node1");
    // the rule-health LRO: POST answered 202 + Location, then polled
    expect(
      fake.calls.some(
        (c) => c.method === "POST" && /loadBalancingRules\/tcp-80\/health$/.test(c.path),
      ),
    ).toBe(true);
    expect(fake.calls.some((c) => c.method === "GET" && /\/operations\/op\d+$/.test(c.path))).toBe(
      true,
    );
    expect(r.report!.timeline.map((e) => e.event).join("\n")).toMatch(/clients follow node2 after/);
  });

  it("human output: timeline, measured time next to the budget", async () => {
    fake = new FakeArm(cluster());
    await fake.start();
    let out = "";
    const code = await runDrill(
      [
        "--stack-outputs",
        outputsFile(target()),
        "--arm-endpoint",
        fake.endpoint,
        "--subscription",
        SUB,
        "--poll",
        "0.05",
      ],
      {
        credential,
        tlsCa: fake.ca,
        stdout: (s) => (out += s),
        stderr: () => undefined,
        env: {},
        onInterrupt: () => () => undefined,
      },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/\[ok\] node node1 running: VM node1: PowerState\/running/);
    expect(out).toMatch(/Switch node1 → node2: [\d.]+ s measured \(seen within [\d.]+ s/);
    expect(out).toMatch(
      /RTO 2 s = detection 1 \+ group start 0.5 \+ client switch 0.5 → within budget/,
    );
    expect(out).toMatch(/Restored: node1 owns the group again/);
  });

  it("the LB flips late: over budget → exit 1, still restored", async () => {
    const r = await drill(cluster({ flipDelayMs: 2600 }), target());
    expect(r.code).toBe(EXIT.overBudget);
    expect(r.report!.withinBudget).toBe(false);
    expect(r.report!.switchSec).toBeGreaterThan(2);
    expect(r.report!.restored).toBe(true);
    expect(fake.s.owner).toBe("node1");
  });

  it("clients never follow before --timeout: the timeout is named; the move back cannot be confirmed either → exit 6 with what to do", async () => {
    const r = await drill(cluster({ flipDelayMs: 60_000 }), target(), ["--timeout", "1"]);
    expect(r.code).toBe(EXIT.restoreFailed); // the move back cannot be confirmed either
    expect(r.err).toMatch(/clients did not follow to node2 \(10\.5\.0\.111\) within 1 s/);
    expect(r.err).toMatch(/clpgrp -m failover1 -a node1/);
  });

  it("a Run Command that never reports: --timeout names it, exit 1, nothing changed", async () => {
    const r = await drill(cluster({ runCommandMs: 60_000 }), target(), ["--timeout", "1"]);
    expect(r.code).toBe(EXIT.overBudget);
    expect(r.err).toMatch(/the Run Command on node1 did not finish within 1 s \(--timeout\)/);
    expect(moves()).toEqual([]);
  });

  it("refuses when a node is down: exit 3, names it, sends no move", async () => {
    const c = cluster();
    c.nodes[1].power = "PowerState/deallocated";
    const r = await drill(c, target());
    expect(r.code).toBe(EXIT.precondition);
    expect(r.err).toMatch(/refused: node node2 running: VM node2: PowerState\/deallocated/);
    expect(moves()).toEqual([]);
    expect(scripts()).toEqual([]); // not even the status Run Command
  });

  it("refuses with two healthy backends (split brain): exit 3", async () => {
    const r = await drill(cluster({ extraHealthy: ["10.5.0.111"] }), target());
    expect(r.code).toBe(EXIT.precondition);
    expect(r.err).toMatch(
      /exactly one healthy backend, the group's owner: 2 healthy backends \(10\.5\.0\.110, 10\.5\.0\.111\): split brain\?/,
    );
    expect(moves()).toEqual([]);
  });

  it("refuses when the cluster reports a node down", async () => {
    const c = cluster();
    c.nodes[1].clusterUp = false;
    const r = await drill(c, target());
    expect(r.code).toBe(EXIT.precondition);
    expect(r.err).toMatch(/cluster reports node2 up: state Offline/);
  });

  it("a Run Command fails: exit 4 with its output; nothing left moved", async () => {
    const r = await drill(cluster({ failScript: /clpgrp -m/ }), target());
    expect(r.code).toBe(EXIT.azure);
    expect(r.err).toMatch(
      /the move Run Command on node1 failed \(exit 1\): clp: internal error \(simulated\)/,
    );
    expect(r.report!.restored).toBe(true);
    expect(fake.s.owner).toBe("node1");
  });

  it("403: names the missing permission", async () => {
    const r = await drill(
      cluster({
        forbid: {
          path: /runCommand$/,
          action: "Microsoft.Compute/virtualMachines/runCommand/action",
        },
      }),
      target(),
    );
    expect(r.code).toBe(EXIT.azure);
    expect(r.err).toMatch(
      /Run Command on node1: 403 Forbidden — the identity lacks the permission Microsoft\.Compute\/virtualMachines\/runCommand\/action/,
    );
  });

  it("--check changes nothing", async () => {
    const r = await drill(cluster(), target(), ["--check"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.report!.action).toBe("check");
    expect(moves()).toEqual([]);
    expect(scripts()).toHaveLength(1); // the status query
  });

  it("never acts on a cluster it did not identify: ambiguous outputs, foreign VM tag", async () => {
    fake = new FakeArm(cluster());
    await fake.start();
    let err = "";
    const code = await runDrill(
      [
        "--stack-outputs",
        outputsFile(target(), target({ cluster: "other" })),
        "--subscription",
        SUB,
      ],
      {
        credential,
        stderr: (s) => (err += s),
        stdout: () => undefined,
        env: {},
        onInterrupt: () => () => undefined,
      },
    );
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/several clusters \(ilb, other\): pass --cluster NAME/);

    await fake.stop();
    const c = cluster();
    c.nodes[1].tag = "someone-else";
    const r = await drill(c, target());
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(
      /VM node2 in TestGroup1 carries ha-cluster=someone-else, not ilb: not this cluster's node/,
    );
    expect(scripts()).toEqual([]);
  });

  it("--destructive stop-service: asks first; with yes, measures detection and restores the service", async () => {
    const no = await drill(
      cluster(),
      target(),
      ["--destructive", "stop-service"],
      async () => false,
    );
    expect(no.code).toBe(EXIT.usage);
    expect(no.err).toMatch(/not confirmed/);
    expect(fake.calls).toEqual([]);
    await fake.stop();

    const r = await drill(
      cluster(),
      target({ failoverBudget: { ...target().failoverBudget, rtoSec: 3 } }),
      ["--destructive", "stop-service", "--yes"],
    );
    expect(r.code).toBe(EXIT.ok);
    expect(r.report!.switchSec).toBeGreaterThanOrEqual(0.5); // detection 0.3 + probe 0.2
    expect(scripts().filter((s) => /clpcl -[ts]/.test(s))).toEqual([
      'clpcl -t\necho "DRILL-RC=$?"',
      'clpcl -s\necho "DRILL-RC=$?"',
    ]);
    expect(fake.s.owner).toBe("node1");
    expect(fake.s.nodes.every((n) => n.clusterUp)).toBe(true);
  });

  it("--destructive deallocate: the VM is started again and the group moved back", async () => {
    const r = await drill(
      cluster(),
      target({ failoverBudget: { ...target().failoverBudget, rtoSec: 3 } }),
      ["--destructive", "deallocate", "--yes"],
    );
    expect(r.code).toBe(EXIT.ok);
    expect(
      fake.calls
        .filter((c) => c.method === "POST" && /\/(deallocate|start)$/.test(c.path))
        .map((c) => c.path.split("/").pop()),
    ).toEqual(["deallocate", "start"]);
    expect(fake.s.nodes[0].power).toBe("PowerState/running");
    expect(fake.s.owner).toBe("node1");
  });

  it("WSFC + DNS: the A record changes, then its TTL counts", async () => {
    const c = cluster({
      software: "wsfc",
      group: "app-role",
      lb: undefined,
      dns: { zone: "cluster1.zone", record: "test-record1", ttl: 1 },
      nodes: [
        {
          vm: "node1",
          clusterNode: "node1",
          ip: "10.5.0.110",
          power: "PowerState/running",
          clusterUp: true,
        },
        {
          vm: "node2",
          clusterNode: "node2",
          ip: "10.5.0.111",
          power: "PowerState/running",
          clusterUp: true,
        },
      ],
    });
    const t = target({
      topology: "dns",
      software: "wsfc",
      osFamily: "windows",
      group: "app-role",
      loadBalancer: undefined,
      dns: {
        zoneName: "cluster1.zone",
        zoneResourceGroup: "TestGroup1",
        recordName: "test-record1",
        ttlSec: 1,
        private: false,
      },
      failoverBudget: { ...target().failoverBudget, rtoSec: 5, clientSwitch: "dns" },
    });
    const r = await drill(c, t);
    expect(r.err).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.report!.switchSec).toBeGreaterThanOrEqual(1.2); // update 0.2 s + TTL 1 s
    expect(moves()[0]).toMatch(/Move-ClusterGroup -Name 'app-role' -Node 'node2'/);
    // the record is gone (404) while the role moves: read as "no address yet"
    expect(
      r.report!.timeline.some((e) => /test-record1\.cluster1\.zone A \(none\)/.test(e.event)),
    ).toBe(true);
    expect(fake.calls.some((c) => /dnsZones\/cluster1\.zone\/A\/test-record1$/.test(c.path))).toBe(
      true,
    );
    expect(fake.s.owner).toBe("node1");
  });

  it("bad command lines exit 2", async () => {
    let err = "";
    const opts = {
      stderr: (s: string) => (err += s),
      stdout: () => undefined,
      env: {},
      onInterrupt: () => () => undefined,
    };
    expect(await runDrill(["--bogus"], opts)).toBe(2);
    expect(err).toMatch(/unknown argument --bogus/);
    expect(await runDrill(["--stack-outputs", "/nonexistent.json"], opts)).toBe(2);
    expect(
      await runDrill(
        ["--stack-outputs", outputsFile(target()), "--arm-endpoint", "http://x"],
        opts,
      ),
    ).toBe(2);
    expect(err).toMatch(/expected https:\/\/host/);
    expect(await runDrill(["--stack-outputs", outputsFile(target())], opts)).toBe(2);
    expect(err).toMatch(/no subscription/);
  });
});

describe("drill in-guest pieces", () => {
  it("parses clpstat -s: servers, the group and its current server", () => {
    const text = [
      " ===  CLUSTER STATUS  ===",
      "  <server>",
      "   *node1 .........: Online",
      "      lanhb1         : Normal   LAN Heartbeat",
      "    node2 .........: Offline",
      "  <group>",
      "    failover1 .......: Online   failover group",
      "      current        : node1",
      "      md             : Online",
      "  <monitor>",
      "    genw1 .........: Normal",
    ].join("\n");
    expect(parseClpstat(text, "failover1")).toEqual({
      nodes: [
        { name: "node1", state: "Online", up: true },
        { name: "node2", state: "Offline", up: false },
      ],
      group: { name: "failover1", state: "Online", online: true, owner: "node1" },
    });
    expect(parseClpstat(text, "other")).toBeUndefined();
    expect(parseClpstat("garbage", "failover1")).toBeUndefined();
  });

  it("reads the Run Command output and its marker, Linux and Windows shapes", () => {
    expect(
      runCommandOutput([
        {
          code: "ProvisioningState/succeeded",
          message: "Enable succeeded: \n[stdout]\nhello\nDRILL-RC=0\n\n[stderr]\nwarn\n",
        },
      ]),
    ).toEqual({
      stdout: "hello\nDRILL-RC=0\n",
      rc: 0,
    });
    expect(
      runCommandOutput([
        { code: "ComponentStatus/StdOut/succeeded", message: "node a Up\nDRILL-RC=1" },
        { code: "ComponentStatus/StdErr/succeeded", message: "" },
      ]).rc,
    ).toBe(1);
    expect(runCommandOutput([{ code: "x", message: "truncated" }]).rc).toBeUndefined();
  });

  it("refuses names a script would have to quote", () => {
    expect(() => moveScript("wsfc", "windows", "role'; rm", "node2")).toThrow(
      /cannot be passed to a Run Command safely/,
    );
    expect(() => statusScript("clusterpro", "linux", "a b")).toThrow(/letters, digits/);
  });

  it("the PowerShell scripts parse in PowerShell 7", () => {
    const pwsh = [
      ...(process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "pwsh")),
      path.join(os.homedir(), ".dotnet", "tools", "pwsh"),
    ].find((f) => fs.existsSync(f));
    if (!pwsh) {
      console.log("skipped: pwsh (PowerShell 7) not found on PATH or in ~/.dotnet/tools");
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-ps-"));
    const all = [
      statusScript("wsfc", "windows", "app-role"),
      moveScript("wsfc", "windows", "app-role", "node2"),
      stopServiceScript("wsfc", "windows", "node1"),
      startServiceScript("wsfc", "windows", "node1"),
      statusScript("clusterpro", "windows", "failover1"),
      moveScript("clusterpro", "windows", "failover1", "node-2"),
    ];
    const files = all.map((s, i) => {
      const f = path.join(dir, `s${i}.ps1`);
      fs.writeFileSync(f, s.join("\n"));
      return f;
    });
    const check = files
      .map(
        (f) =>
          `$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${f}', [ref]$null, [ref]$e); if ($e.Count) { '${f}: ' + ($e | ForEach-Object { $_.Message }) ; $bad = 1 }`,
      )
      .join("; ");
    const out = execFileSync(
      pwsh,
      ["-NoProfile", "-NonInteractive", "-Command", `$bad = 0; ${check}; exit $bad`],
      {
        encoding: "utf8",
      },
    );
    expect(out.trim()).toBe("");
  });

  it("the shell scripts pass shellcheck", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-sh-"));
    for (const [i, s] of [
      statusScript("clusterpro", "linux", "failover1"),
      moveScript("clusterpro", "linux", "failover1", "node2"),
    ].entries()) {
      const f = path.join(dir, `s${i}.sh`);
      fs.writeFileSync(f, `#!/bin/sh\n${s.join("\n")}\n`);
      execFileSync("shellcheck", [f]);
    }
  });
});

describe("drill as a child process", () => {
  const DIST = path.join(ROOT, "dist", "cli", "drill.js");
  beforeAll(() => {
    const src = path.join(ROOT, "cli", "drill.ts");
    if (!fs.existsSync(DIST) || fs.statSync(DIST).mtimeMs < fs.statSync(src).mtimeMs)
      execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  });

  it("--help documents the command and its exit codes", () => {
    const out = execFileSync(
      process.execPath,
      [path.join(ROOT, "dist", "cli", "plan.js"), "drill", "--help"],
      { encoding: "utf8" },
    );
    expect(out).toMatch(/usage: azure-ha-cluster drill/);
    expect(out).toMatch(/5 {2}interrupted \(Ctrl-C\); the cluster was restored/);
  });

  it("Ctrl-C mid-drill: the group is moved back, exit 5", async () => {
    fake = new FakeArm(cluster({ flipDelayMs: 30_000 })); // clients never follow by themselves
    await fake.start();
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, "dist", "cli", "plan.js"),
        "drill",
        "--stack-outputs",
        outputsFile(target()),
        "--arm-endpoint",
        fake.endpoint,
        "--subscription",
        SUB,
        "--poll",
        "0.05",
        "--json",
      ],
      // Trust the test certificate in this child only; a static token: no login, no IMDS.
      {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: fake.caFile,
          AZURE_ACCESS_TOKEN: TOKEN,
        },
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    // Interrupt once the move has happened (the group sits on node2, clients not yet following).
    const moved = setInterval(() => {
      if (fake.s.owner === "node2") {
        clearInterval(moved);
        fake.s.flipDelayMs = 100; // from now on probes follow quickly (the restore waits for them)
        child.kill("SIGINT");
      }
    }, 20);
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    clearInterval(moved);
    expect(err).toMatch(/Ctrl-C: restoring the cluster/);
    expect(code).toBe(EXIT.interrupted);
    const report = JSON.parse(out) as DrillReport;
    expect(report).toMatchObject({
      exitCode: 5,
      restored: true,
      movedBack: true,
      error: "interrupted (Ctrl-C)",
    });
    expect(moves()).toEqual([
      'clpgrp -m failover1 -a node2\necho "DRILL-RC=$?"',
      'clpgrp -m failover1 -a node1\necho "DRILL-RC=$?"',
    ]);
    expect(fake.s.owner).toBe("node1");
  });
});
