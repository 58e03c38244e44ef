/**
 * The Windows scripts under real PowerShell 7 (issue 26):
 *   1. every rendered .ps1 of every seed stack, and every script a step writes for later, parses
 *      with PowerShell's own parser, with no PowerShell-7-only syntax (the nodes run 5.1);
 *   2. every Windows step of every Windows seed stack runs in chain order, twice, under recording
 *      stubs (test/support/pwsh/stubs.ps1): reboots land in the waits, gates check the boot id,
 *      the second run changes nothing, the recorded calls are what the configuration asks for;
 *   3. the injection matrix: hostile strings in every string field are refused by validation and,
 *      with validation bypassed, reach the stubs literally;
 *   4. the rehearsal of Windows chains: the VM agent's rules (test/support/rehearsal.ts).
 * Without pwsh these tests are skipped with one line (CI_REQUIRE_PWSH=1 makes that a failure).
 * The tree-sitter check (test/support/powershell.ts) stays as a fast first pass that needs no
 * pwsh; it does not know that PowerShell closes '…' on U+2018–U+201B, PowerShell's parser does.
 */
import { parseComponentArgs } from "../components/core/config";
import { renderWsfcScripts } from "../components/bootstrap/wsfc";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import type { ClusterConfig, ResolvedCluster } from "../components/core/types";
import { ConfigError } from "../components/core/errors";
import {
  KEEP_ALIVE_TIME_MS,
  PROBE_IP_SUBNET_MASK,
  witnessStorageAccountName,
} from "../components/bootstrap/wsfc";
import {
  PWSH,
  killPwshChildren,
  parseWithPwsh,
  psIt,
  reportPwshSkips,
  type PsSource,
} from "./support/pwsh";
import {
  clusterChain,
  clusterSteps,
  rehearsalChain,
  stackEntries,
  stackSteps,
  windowsStacks,
  type WindowsChainEntry,
  type WindowsStep,
} from "./support/windows-steps";
import { renderWindowsAgent, SE_SERVICE } from "../components/bootstrap/scheduled-events";
import { rehearseWindows, type ChainItem, type WindowsRehearsalResult } from "./support/rehearsal";
import {
  limiter,
  PwshWorld,
  PROTECTED_VALUES,
  runCasesUnderStubs,
  SUBSTITUTIONS,
  type StubCase,
  type HarnessResult,
  type StubCall,
} from "./support/pwsh-harness";

const STACKS = windowsStacks();

/** Scripts a step writes on the node for later (not Run Command scripts themselves). */
function writtenScripts(stack: string, entry: ClusterConfig): PsSource[] {
  const { name, topology, ...args } = entry;
  const c = parseComponentArgs(name, topology, args as never);
  const out: PsSource[] = [];
  if (c.software.kind === "wsfc" && c.topology === "dns") {
    const s = renderWsfcScripts(c, {
      dns: { subscriptionId: "sub", zoneResourceGroupName: "rg", identityClientId: "id" },
    });
    for (const [k, text] of Object.entries(s))
      if (!k.includes("/")) out.push({ id: `${stack}:${name}:${k}`, text });
  }
  if (c.software.kind === "clusterpro") {
    for (const f of renderClusterproScripts(c).plan.files)
      if (/\.ps1$/i.test(f.path)) out.push({ id: `${stack}:${name}:${f.path}`, text: f.content });
  }
  // the Scheduled Events agent the step "scheduled-events" writes on every node
  if (c.software.kind !== "none" && c.software.scheduledEvents.enabled)
    for (const n of c.nodes)
      out.push({
        id: `${stack}:${name}:${n.name}:scheduled-events-agent.ps1`,
        text: renderWindowsAgent(c, n.name),
      });
  return out;
}

describe("PowerShell's own parser: every Windows script of every seed stack", () => {
  it("finds the Windows seed stacks", () => {
    expect(STACKS).toEqual(
      expect.arrayContaining([
        "ilb-wsfc",
        "ilb-wsfc-domain",
        "plb-wsfc",
        "dns-wsfc",
        "ilb-windows",
      ]),
    );
  });

  psIt(
    "parses with zero errors and no PowerShell-7-only syntax (one pwsh process)",
    async () => {
      const sources: PsSource[] = [];
      for (const stack of STACKS) {
        for (const s of await stackSteps(stack))
          sources.push({ id: `${stack}:${s.node}:${s.step}`, text: s.script });
        for (const e of stackEntries(stack))
          if (String(e.vm?.os).startsWith("windows")) sources.push(...writtenScripts(stack, e));
      }
      // every Windows stack has steps; the DNS WSFC stack contributes its updater
      expect(new Set(sources.map((s) => s.id.split(":")[0]))).toEqual(new Set(STACKS));
      expect(sources.some((s) => s.id.endsWith("dns-updater.ps1"))).toBe(true);
      expect(sources.some((s) => s.id.endsWith("scheduled-events-agent.ps1"))).toBe(true);
      const results = await parseWithPwsh(sources);
      expect(results.map((r) => r.id)).toEqual(sources.map((s) => s.id));
      const bad = results.filter((r) => r.errors.length > 0 || r.sevenOnly.length > 0);
      expect(bad).toEqual([]);
    },
    180_000,
  );

  psIt("the scan refuses each PowerShell-7-only construct and passes 5.1 syntax", async () => {
    const cases: Record<string, string> = {
      TernaryExpressionAst: "$a = $true ? 1 : 2",
      PipelineChainAst: "Get-Date && Get-Date",
      BinaryExpressionAst: "$b = $null ?? 3",
      AssignmentStatementAst: "$c ??= 4",
      MemberExpressionAst: "${a}?.Length",
      InvokeMemberExpressionAst: "${a}?.ToString()",
      IndexExpressionAst: "${a}?[0]",
    };
    const sources = [
      ...Object.entries(cases).map(([id, text]) => ({ id, text })),
      { id: "ok", text: "$x = if ($true) { 1 } else { 2 }\n$y = $x -eq 1\n$z = @(1)[0]" },
      { id: "broken", text: "if ($x { }" },
    ];
    const r = await parseWithPwsh(sources);
    for (const [kind] of Object.entries(cases)) {
      const one = r.find((x) => x.id === kind)!;
      expect(one.errors).toEqual([]);
      expect(one.sevenOnly.map((s) => s.kind)).toEqual([kind]);
    }
    expect(r.find((x) => x.id === "ok")).toEqual({ id: "ok", errors: [], sevenOnly: [] });
    expect(r.find((x) => x.id === "broken")!.errors.length).toBeGreaterThan(0);
  });
});

// ---- 2. every Windows step, twice, under recording stubs ----------------------------------------

/** Calls that change a node, the cluster or the outside world (a second run must make none). */
function mutates(c: StubCall): boolean {
  const a = c.args;
  switch (c.name) {
    case "netsh.exe":
      return (a as string[]).includes("add") || (a as string[]).includes("delete");
    case "clplcnsc.exe":
      return (a as string[]).includes("-i");
    case "clpcfctrl.exe":
      return (a as string[]).includes("--push");
    case "clpcl.exe":
    case "clpgrp.exe":
    case "clpcfset.exe":
    case "shutdown.exe":
      return true;
    case "Invoke-RestMethod":
    case "Invoke-WebRequest":
      return /^(put|post|patch|delete)$/i.test(String(a.Method ?? "")) || a.OutFile !== undefined;
    default:
      return !/^(Get-|Test-Path$|TcpClient\.Connect$|powershell\.exe$|Add-Type$|clpstat\.exe$|NTAccount$)/.test(
        c.name,
      );
  }
}

/**
 * Second-run calls that re-apply the same value or only test for existence (idempotent in effect,
 * but still a call): listed so the test stays strict about everything else. CLUSTERPRO prepare
 * re-runs icacls on the PEM and Set-NetIPInterface (weak host) on every run; the Scheduled Events
 * install registers its event source with New-EventLog, which refuses (and changes nothing) when
 * the source exists — the script's existence test; WSFC form moves the witness key into a file
 * with its own ACL (Set-Acl) for the run and deletes it at the end, on every run (the test checks
 * the file is gone).
 */
const REAPPLIED = new Set([
  "prepare:icacls.exe",
  "prepare:Set-NetIPInterface",
  "scheduled-events:New-EventLog",
  "form:Set-Acl",
]);

const WRITTEN = [
  // The WSFC DNS updater: written by the step "dns-updater", run by its scheduled task.
  { afterStep: "dns-updater", step: "dns-update", file: "azure-ha-cluster/wsfc-dns-updater.ps1" },
];

/** Files the steps write for later, read back from every node. */
const COLLECT = [
  "azure-ha-cluster/scheduled-events-agent.ps1",
  // must NOT be there after form (the witness key lives only during the run)
  "azure-ha-cluster/wsfc-witness.key",
];

/**
 * The stacks the executed block runs: every Windows seed stack, plus the CLUSTERPRO seed installed
 * from media with licenses (the seeds use images with the product installed), which exercises the
 * download, silent install, reboot-after-install and clplcnsc -i.
 */
const INSTALLER_VARIANT = "ilb-windows+installer";
function execEntry(stack: string): ClusterConfig {
  const base = stack.split("+")[0];
  const entry: any = stackEntries(base).find((e) => String(e.vm?.os).startsWith("windows"))!;
  if (stack === INSTALLER_VARIANT) {
    entry.software.installerUrl = PROTECTED_VALUES.InstallerUrl;
    entry.software.licenses = PROTECTED_VALUES.Licenses;
  }
  return entry;
}
const EXEC_STACKS = [...STACKS, INSTALLER_VARIANT];

interface StackRun {
  entry: ClusterConfig;
  chain: WindowsChainEntry[];
  steps: WindowsStep[];
  result: Promise<HarnessResult>;
}
const EXEC = new Map<string, StackRun>();
/** Stacks run once more with the first node never rebooting, and the reboot reason it fails at. */
const NO_REBOOT = [
  ["ilb-wsfc", "after-prepare"],
  ["ilb-windows", "after-push"],
] as const;
const NO_REBOOT_RUNS = new Map<string, Promise<HarnessResult>>();
const limit = limiter(2);

const resolved = (entry: ClusterConfig) => {
  const { name, topology, ...args } = entry;
  return parseComponentArgs(name, topology, args as never);
};

/** The index of an event; fails with the whole list when it is missing. */
function at(events: string[], pred: (e: string) => boolean, what: string, from = 0): number {
  const i = events.findIndex((e, j) => j >= from && pred(e));
  if (i < 0) throw new Error(`no event ${what} after #${from} in:\n${events.join("\n")}`);
  return i;
}

describe("every Windows step runs twice under recording stubs", () => {
  beforeAll(async () => {
    if (!PWSH) return;
    // Build all chains first (one shared mock recorder), then run them in two pwsh processes
    // (a process costs seconds to start and load the stubs), each cluster in its own world.
    const cases: { id: string; k: StubCase }[] = [];
    for (const stack of EXEC_STACKS) {
      const entry = execEntry(stack);
      const chain = await clusterChain(stack.split("+")[0], entry);
      const steps = chain.flatMap((e) => (e.kind === "run" ? [e.step] : []));
      EXEC.set(stack, { entry, chain, steps, result: undefined as never });
      cases.push({ id: stack, k: { entry, steps: chain, written: WRITTEN, collect: COLLECT } });
    }
    for (const [stack] of NO_REBOOT) {
      const { entry, chain } = EXEC.get(stack)!;
      const first = resolved(entry).nodes[0].name;
      cases.push({
        id: `no-reboot-${stack}`,
        k: { entry, steps: chain, noReboot: [first], passes: [1], stopAtFailure: true },
      });
    }
    const batches = [0, 1].map((b) => cases.filter((_, i) => i % 2 === b));
    for (const batch of batches) {
      const run = limit(() => runCasesUnderStubs(batch));
      run.catch(() => undefined); // reported by the tests that await it
      for (const { id } of batch) {
        const result = run.then((m) => m.get(id)!);
        result.catch(() => undefined);
        if (EXEC.has(id)) EXEC.get(id)!.result = result;
        else NO_REBOOT_RUNS.set(id, result);
      }
    }
  }, 400_000);

  const get = async (stack: string) => {
    const x = EXEC.get(stack)!;
    return { ...x, r: await x.result };
  };
  const callsOf = (r: HarnessResult, pred: (c: StubCall) => boolean) => r.calls.filter(pred);

  for (const stack of EXEC_STACKS) {
    psIt(
      `${stack}: every step exits 0 on both runs, in chain order; the second run changes nothing`,
      async () => {
        const { chain, steps, r } = await get(stack);
        expect(steps.length).toBeGreaterThanOrEqual(8);
        const failed = r.results
          .filter((x) => x.exitCode !== 0)
          .map((x) => ({ id: x.id, exitCode: x.exitCode, output: x.output.slice(-1500) }));
        expect(failed).toEqual([]);
        // chain order: each step twice (then what it wrote for later, twice), waits between
        const want = chain.flatMap((e) =>
          e.kind === "wait"
            ? [`wait ${e.wait.node} ${e.wait.name}`]
            : [1, 2].map((p) => `run ${e.step.node} ${e.step.step} ${p}`),
        );
        const got = r.events.filter(
          (e) => (e.startsWith("run ") && !e.includes(" dns-update ")) || e.startsWith("wait "),
        );
        expect(got).toEqual(want);
        // each step's first run did something; its second run changes nothing
        const second = callsOf(
          r,
          (c) => c.pass === 2 && mutates(c) && !REAPPLIED.has(`${c.step}:${c.name}`),
        ).map((c) => ({ run: c.run, name: c.name, args: c.args }));
        expect(second).toEqual([]);
        expect(callsOf(r, (c) => c.pass === 1 && mutates(c)).length).toBeGreaterThan(0);
        // nothing left the machine: every HTTP call went to a stub
        for (const c of callsOf(r, (c) => /^Invoke-(RestMethod|WebRequest)$/.test(c.name)))
          expect(String(c.args.Uri)).toMatch(/^https?:\/\//);
      },
      600_000,
    );

    psIt(
      `${stack}: every reboot is a reboot step's shutdown /r, lands in its wait before the gate, one node at a time`,
      async () => {
        const { entry, steps, r } = await get(stack);
        const c = resolved(entry);
        const nodes = c.nodes.map((n) => n.name);
        // only reboot steps reboot, and only with shutdown.exe /r /t 30 (after their exit)
        const shutdowns = callsOf(
          r,
          (x) => x.name === "shutdown.exe" || x.name === "Restart-Computer",
        );
        for (const x of shutdowns) {
          expect(x.step).toMatch(/^reboot-/);
          expect(x.args.slice(0, 3)).toEqual(["/r", "/t", "30"]);
        }
        const reasons = [
          ...new Set(steps.filter((s) => s.step.startsWith("reboot-")).map((s) => s.step.slice(7))),
        ];
        expect(reasons.length).toBeGreaterThan(0);
        const ev = r.events;
        for (const reason of reasons) {
          let previousGate = -1;
          for (const n of nodes) {
            const scheduled = ev.indexOf(`reboot-scheduled ${n} reboot-${reason}`);
            if (scheduled < 0) {
              // no reboot needed (e.g. a product already installed): the gate passes anyway
              expect(ev).not.toContain(`rebooted ${n}`);
              continue;
            }
            // reboot step → its wait → the reboot lands → the gate, never an other step between
            const start = at(ev, (e) => e === `run ${n} reboot-${reason} 1`, "reboot step");
            expect(start).toBeGreaterThan(previousGate);
            const wait = at(
              ev,
              (e) => e.startsWith(`wait ${n} `) && e.endsWith(`-wait-${reason}`),
              "wait",
              start,
            );
            const landed = at(ev, (e) => e.startsWith(`rebooted ${n} `), "reboot", scheduled);
            const gate = at(ev, (e) => e === `run ${n} gate-${reason} 1`, "gate", start);
            expect(scheduled).toBeLessThan(wait);
            expect(wait).toBeLessThan(landed);
            expect(landed).toBeLessThan(gate);
            expect(
              ev
                .slice(start, gate)
                .filter((e) => e.startsWith(`run ${n} `) && !e.includes(` reboot-${reason} `)),
            ).toEqual([]);
            previousGate = gate;
          }
        }
        // the reboots the chain needs happened: WSFC prepare installs Failover-Clustering (restart
        // needed) on every node; CLUSTERPRO reboots every server after the push, and after the
        // install when prepare installed the product
        const expected = (reason: string) =>
          c.software.kind === "wsfc"
            ? reason === "after-prepare"
            : reason === "after-push" ||
              (reason === "after-install" &&
                steps.some((s) => s.protectedNames.includes("InstallerUrl")));
        for (const reason of reasons)
          for (const n of nodes)
            expect({
              reason,
              n,
              rebooted: ev.includes(`reboot-scheduled ${n} reboot-${reason}`),
            }).toEqual({ reason, n, rebooted: expected(reason) });
      },
      600_000,
    );

    psIt(
      `${stack}: the Scheduled Events agent is written, registered as a boot task of SYSTEM and started on every node`,
      async () => {
        const { entry, r } = await get(stack);
        const c = resolved(entry);
        const nodes = c.nodes.map((n) => n.name);
        const p1 = (n: string) =>
          callsOf(r, (x) => x.pass === 1 && x.name === n && x.step === "scheduled-events");
        expect(
          p1("Register-ScheduledTask")
            .map((x) => x.node)
            .sort(),
        ).toEqual([...nodes].sort());
        expect(
          p1("Start-ScheduledTask")
            .map((x) => x.node)
            .sort(),
        ).toEqual([...nodes].sort());
        for (const x of p1("Register-ScheduledTask")) {
          expect(x.args.TaskName).toBe(SE_SERVICE);
          const xml = String(x.args.Xml);
          expect(xml).toContain("<BootTrigger>");
          expect(xml).toContain("<UserId>S-1-5-18</UserId>");
          expect(xml).toMatch(/-File &quot;|-File "/);
          expect(xml).toContain("scheduled-events-agent.ps1");
        }
        for (const x of p1("New-EventLog"))
          expect(x.args).toEqual({
            LogName: "Application",
            Source: [SE_SERVICE],
            ErrorAction: "Stop",
          });
        for (const n of nodes)
          expect(r.files[n]["azure-ha-cluster/scheduled-events-agent.ps1"]).toBe(
            renderWindowsAgent(c, n),
          );
      },
      600_000,
    );
  }

  const wsfc = STACKS.filter((s) => stackEntries(s).some((e) => e.software?.kind === "wsfc"));
  for (const stack of wsfc) {
    psIt(
      `${stack}: keep-alive, firewall, probe port, heartbeat, quorum, cluster and role IP as configured`,
      async () => {
        const { entry, steps, r } = await get(stack);
        const c = resolved(entry);
        const w = c.software as any;
        const nodes = c.nodes.map((n) => n.name);
        const p1 = (n: string) => callsOf(r, (x) => x.pass === 1 && x.name === n);
        // keep-alive below Azure's 240 s idle timeout, on every node (seed 000)
        const keep = p1("New-ItemProperty").filter((x) => x.args.Name === "KeepAliveTime");
        expect(keep.map((x) => x.node).sort()).toEqual([...nodes].sort());
        for (const k of keep) {
          expect(k.args.Value).toBe(KEEP_ALIVE_TIME_MS);
          expect(k.args.PropertyType).toBe("DWord");
          expect(k.args.LiteralPath ?? k.args.Path).toEqual([
            "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters",
          ]);
        }
        // cluster traffic between the nodes: TCP and UDP 3343 from the peers, on every node
        const rules = p1("New-NetFirewallRule");
        for (const n of nodes)
          for (const proto of ["TCP", "UDP"])
            expect(
              rules.some(
                (x) =>
                  x.node === n &&
                  x.args.Protocol === proto &&
                  (x.args.LocalPort ?? []).includes("3343") &&
                  c.nodes.every((m) => (x.args.RemoteAddress ?? []).includes(m.privateIp)),
              ),
            ).toBe(true);
        // New-Cluster once, on the first node, with the configured name and nodes
        const created = p1("New-Cluster");
        expect(created).toHaveLength(1);
        expect(created[0].node).toBe(nodes[0]);
        expect(created[0].args.Name).toBe(w.clusterName);
        expect(created[0].args.Node).toEqual(nodes);
        if (w.managementPoint === "singleton") {
          expect(created[0].args.StaticAddress).toEqual([w.clusterIp]);
          expect(created[0].args.ManagementPointNetworkType).toBe("Singleton");
        } else {
          expect(created[0].args.StaticAddress).toBeUndefined();
          expect(created[0].args.ManagementPointNetworkType).toBe("Distributed");
        }
        // heartbeat: every value ends as configured (the stub cluster starts at 1000/10/1000/20)
        const final: Record<string, number> = {
          SameSubnetDelay: 1000,
          SameSubnetThreshold: 10,
          CrossSubnetDelay: 1000,
          CrossSubnetThreshold: 20,
        };
        for (const x of p1("ClusterProperty")) final[x.args.Name] = x.args.Value;
        expect(final).toEqual({
          SameSubnetDelay: w.heartbeat.sameSubnetDelayMs,
          SameSubnetThreshold: w.heartbeat.sameSubnetThreshold,
          CrossSubnetDelay: w.heartbeat.crossSubnetDelayMs,
          CrossSubnetThreshold: w.heartbeat.crossSubnetThreshold,
        });
        // quorum
        const quorum = p1("Set-ClusterQuorum");
        expect(quorum).toHaveLength(1);
        if (w.witness.kind === "cloud")
          expect(quorum[0].args).toEqual({
            CloudWitness: true,
            AccountName: witnessStorageAccountName(c),
            AccessKey: PROTECTED_VALUES.WitnessStorageKey,
          });
        else expect(quorum[0].args).toEqual({ DiskWitness: w.witness.diskName });
        // the witness key sat in a SYSTEM/Administrators-only file during form, gone after it
        const acl = p1("Set-Acl");
        expect(acl.length).toBe(w.witness.kind === "cloud" ? 1 : 0);
        for (const x of acl) {
          expect(x.args.Protected).toBe(true);
          expect(x.args.Access).toEqual([
            "S-1-5-18:FullControl:Allow",
            "S-1-5-32-544:FullControl:Allow",
          ]);
        }
        for (const n of nodes)
          expect(r.files[n]["azure-ha-cluster/wsfc-witness.key"]).toBeUndefined();
        // the interconnect (seed 000): no DNS registration, cluster traffic only (Role 1)
        const ics = c.nodes.map((n) => n.interconnectIp).filter((x) => x);
        if (ics.length > 0) {
          expect(
            p1("Set-DnsClient").map((x) => [x.node, x.args.RegisterThisConnectionsAddress]),
          ).toEqual(nodes.map((n) => [n, false]));
          const roles = p1("ClusterNetwork.Role").map((x) => x.args);
          expect(roles).toEqual([
            { Network: "Cluster Network 2", Address: expect.any(String), Value: 1 },
          ]);
        } else {
          expect(p1("Set-DnsClient")).toEqual([]);
          expect(p1("ClusterNetwork.Role")).toEqual([]);
        }
        // a domain cluster: the join account is a local administrator on every node (form runs as it)
        const added = p1("Add-LocalGroupMember");
        if (w.domain)
          expect(added.map((x) => [x.node, x.args.SID])).toEqual(
            nodes.map((n) => [n, "S-1-5-32-544"]),
          );
        else expect(added).toEqual([]);
        // the role and, behind an LB, its IP Address resource answering the probe
        expect(p1("Add-ClusterGroup").map((x) => x.args.Name)).toEqual([w.roleName]);
        const params = p1("Set-ClusterParameter");
        const probe = c.lb?.probePort;
        if (c.topology === "dns") {
          expect(p1("Add-ClusterResource")).toEqual([]);
          expect(params).toEqual([]);
          expect(rules.some((x) => x.args.RemoteAddress?.includes("168.63.129.16"))).toBe(false);
        } else {
          expect(p1("Add-ClusterResource").map((x) => x.args)).toEqual([
            { Name: `${w.roleName}-ip`, ResourceType: "IP Address", Group: w.roleName },
          ]);
          expect(params).toHaveLength(1);
          const m = params[0].args.Multiple;
          expect(m.ProbePort).toBe(probe);
          expect(m.SubnetMask).toBe(PROBE_IP_SUBNET_MASK);
          expect(m.EnableDhcp).toBe(0);
          expect(m.Network).toBe("Cluster Network 1"); // found by subnet address, not by name
          const form = steps.find((s) => s.step === "form")!;
          const vip = /^\$RoleIpAddress = '([^']*)'/m.exec(form.script)?.[1];
          if (c.topology === "internal-lb") {
            expect(m.Address).toBe(c.lb!.frontendIp);
            // Microsoft's ILB pattern sets no OverrideAddressMatch
            expect(m).not.toHaveProperty("OverrideAddressMatch");
          } else {
            // public LB: the public frontend address, outside the subnet: OverrideAddressMatch 1
            expect(m.Address).toBe(vip);
            expect(m.Address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
            expect(m.OverrideAddressMatch).toBe(1);
          }
          // the probe: firewall from 168.63.129.16 and out of the dynamic port range, every node
          for (const n of nodes) {
            expect(
              rules.some(
                (x) =>
                  x.node === n &&
                  (x.args.LocalPort ?? []).includes(String(probe)) &&
                  (x.args.RemoteAddress ?? []).includes("168.63.129.16"),
              ),
            ).toBe(true);
            expect(
              p1("netsh.exe").some(
                (x) =>
                  x.node === n && x.args.includes("add") && x.args.includes(`startport=${probe}`),
              ),
            ).toBe(true);
          }
        }
        // the DNS updater: registered on every node; only the role's owner writes the record
        if (c.topology === "dns") {
          expect(
            p1("Register-ScheduledTask")
              .filter((x) => x.step === "dns-updater")
              .map((x) => x.node)
              .sort(),
          ).toEqual([...nodes].sort());
          const puts = callsOf(
            r,
            (x) => x.name === "Invoke-RestMethod" && /put/i.test(x.args.Method),
          );
          expect(puts.map((x) => `${x.node}:${x.step}:${x.pass}`)).toEqual([
            `${nodes[0]}:dns-update:1`,
          ]);
          expect(puts[0].args.Uri).toContain(`/A/${c.dns!.recordName}?`);
          const body = JSON.parse(puts[0].args.Body).properties;
          expect(body.TTL ?? body.ttl).toBe(c.dns!.ttlSec);
          expect(JSON.stringify(body)).toContain(c.nodes[0].privateIp);
        }
      },
      600_000,
    );
  }

  const clp = EXEC_STACKS.filter((s) => execEntry(s).software?.kind === "clusterpro");
  const clpExes = (r: HarnessResult, step: string, node?: string) =>
    callsOf(
      r,
      (x) =>
        x.pass === 1 &&
        x.step === step &&
        (node === undefined || x.node === node) &&
        /^clp(cfset|cfctrl|cl|grp)\.exe$/.test(x.name),
    ).map((x) => [x.name, ...(x.args as string[])]);
  for (const stack of clp) {
    psIt(
      `${stack}: CLUSTERPRO push: clpcfset…, clpcfctrl --push, no clpcl; reboot-after-push: shutdown /r on every node; licenses; firewall`,
      async () => {
        const { entry, steps, r } = await get(stack);
        const c = resolved(entry);
        const s = renderClusterproScripts(c);
        const first = c.nodes[0].name;
        // push: on the first node only; the plan's clpcfset calls in order, then the push
        expect(new Set(callsOf(r, (x) => x.step === "push").map((x) => x.node))).toEqual(
          new Set([first]),
        );
        const push = clpExes(r, "push");
        const cfset = push.filter((x) => x[0] === "clpcfset.exe");
        expect(cfset.length).toBe(s.plan.commands.length);
        expect(cfset[0].slice(1)).toEqual(s.plan.commands[0]);
        // this server's md volume GUIDs, read here (never the placeholders)
        for (const x of cfset) expect(x.join(" ")).not.toMatch(/@(CP)?VOLUMEGUID@/);
        const guids = cfset.filter((x) =>
          /^server@.*\/parameters\/(cp)?volumeguid$/.test(x[5] ?? ""),
        );
        expect(guids.map((x) => x[5])).toEqual([
          `server@${first}/parameters/volumeguid`,
          `server@${first}/parameters/cpvolumeguid`,
        ]);
        for (const x of guids)
          expect(x[6]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(push.slice(0, cfset.length).every((x) => x[0] === "clpcfset.exe")).toBe(true);
        expect(push[push.length - 1]).toEqual(["clpcfctrl.exe", "--push", "-x", "."]);
        expect(push.filter((x) => x[0] === "clpcl.exe")).toEqual([]);
        // reboot-after-push: every node, shutdown /r (drain only when the cluster runs)
        for (const n of c.nodes.map((x) => x.name))
          expect(
            callsOf(
              r,
              (x) =>
                x.pass === 1 &&
                x.node === n &&
                x.step === "reboot-after-push" &&
                x.name === "shutdown.exe",
            ).length,
          ).toBe(1);
        // licenses: each given file registered once per node, then listed
        const licensed = steps.some((x) => x.protectedNames.includes("Licenses"));
        const lic = callsOf(r, (x) => x.pass === 1 && x.name === "clplcnsc.exe");
        for (const n of c.nodes.map((x) => x.name)) {
          const mine = lic.filter((x) => x.node === n).map((x) => x.args[0]);
          expect(mine).toEqual(licensed ? ["-i", "-i", "-l"] : ["-l"]);
        }
        // firewall: product ports and (behind an LB) the probe port, once per node
        const rules = callsOf(r, (x) => x.pass === 1 && x.name === "New-NetFirewallRule");
        for (const n of c.nodes.map((x) => x.name)) {
          const ports = rules
            .filter((x) => x.node === n && x.args.Protocol !== "ICMPv4")
            .map((x) => `${x.args.Protocol}/${x.args.LocalPort}`);
          expect(new Set(ports).size).toBe(ports.length);
          expect(ports).toEqual(expect.arrayContaining(["TCP/29001-29010", "UDP/29001-29010"]));
          if (c.lb) expect(ports).toContain(`TCP/${c.lb.probePort}`);
          expect(
            rules
              .filter((x) => x.node === n && x.args.Protocol === "ICMPv4")
              .map((x) => x.args.RemoteAddress),
          ).toEqual([[c.network.subnetPrefix]]);
        }
      },
      600_000,
    );

    // Lane cpmd changes md-guid.ps1: on a first deployment it pushes without starting the cluster
    // (today: clpcl -t -a, push, clpcl -s -a). Written for that behaviour.
    psIt(
      `${stack}: CLUSTERPRO first deployment: md-guid pulls, sets this server's GUIDs, pushes, never starts the cluster; start runs clpcl -s -a after every node's reboot`,
      async () => {
        const { entry, r } = await get(stack);
        const c = resolved(entry);
        const [first, ...others] = c.nodes.map((n) => n.name);
        for (const n of others) {
          const md = clpExes(r, "md-guid", n).filter((x) => x[0] !== "clpcl.exe" || x[1] !== "-t");
          expect(md).toEqual([
            ["clpcfctrl.exe", "--pull", "-x", "."],
            [
              "clpcfset.exe",
              "add",
              "rscparam",
              "md",
              "md",
              `server@${n}/parameters/volumeguid`,
              expect.stringMatching(/^[0-9a-f-]{36}$/),
            ],
            [
              "clpcfset.exe",
              "add",
              "rscparam",
              "md",
              "md",
              `server@${n}/parameters/cpvolumeguid`,
              expect.stringMatching(/^[0-9a-f-]{36}$/),
            ],
            ["clpcfctrl.exe", "--push", "-x", "."],
          ]);
        }
        // the cluster starts once, in "start", after every node rebooted for the push
        const starts = callsOf(
          r,
          (x) => x.name === "clpcl.exe" && (x.args as string[]).includes("-s"),
        );
        expect(starts.map((x) => [x.node, x.step, x.pass, ...x.args])).toEqual([
          [first, "start", 1, "-s", "-a"],
        ]);
        const ev = r.events;
        const start = ev.indexOf(`run ${first} start 1`);
        const pushed = ev.indexOf(`clp-pushed ${first} push`);
        expect(pushed).toBeGreaterThanOrEqual(0);
        expect(start).toBeGreaterThan(pushed);
        for (const n of c.nodes.map((x) => x.name)) {
          const rebooted = ev.findIndex(
            (e, i) => i > pushed && i < start && e.startsWith(`rebooted ${n} `),
          );
          expect({ n, rebootedBetweenPushAndStart: rebooted > 0 }).toEqual({
            n,
            rebootedBetweenPushAndStart: true,
          });
        }
      },
      600_000,
    );
  }

  psIt(
    "every substitution of the harness still applies (the scripts still call what it replaces)",
    async () => {
      const applied = new Set<string>();
      for (const stack of EXEC_STACKS)
        for (const [k, n] of Object.entries((await get(stack)).r.substituted))
          if (n > 0) applied.add(k);
      expect([...applied].sort()).toEqual(SUBSTITUTIONS.map(([from]) => from).sort());
    },
  );

  // Negative: a node that never reboots. Its gate fails at once, saying so; nothing after it runs.
  for (const [stack, reason] of NO_REBOOT) {
    psIt(
      `${stack}: when the first node does not reboot, gate-${reason} fails at once naming it`,
      async () => {
        const first = resolved(EXEC.get(stack)!.entry).nodes[0].name;
        const r = await NO_REBOOT_RUNS.get(`no-reboot-${stack}`)!;
        const failed = r.results.filter((x) => x.exitCode !== 0);
        expect(failed.map((x) => x.id)).toEqual([`${first}:gate-${reason}:1`]);
        expect(failed[0].exitCode).toBe(1);
        expect(failed[0].output).toMatch(
          new RegExp(
            `node ${first} did not reboot: reboot-${reason} scheduled a reboot at .* and the last boot time is still .* after the wait of \\d+ s \\(bootstrap.rebootWaitSec\\)`,
          ),
        );
        expect(r.events).toContain(`reboot-scheduled ${first} reboot-${reason}`);
        expect(r.events).toContain(`not-rebooted ${first}`);
        // the chain stopped at the gate: nothing after it ran
        expect(r.results[r.results.length - 1].id).toBe(`${first}:gate-${reason}:1`);
      },
      600_000,
    );
  }
});

// ---- 3. injection proof, executed ------------------------------------------------------------

/** The characters of the hardening issue's matrix: every quote PowerShell closes a '…' on. */
const HOSTILE = ["'", "\u2018", "\u2019", "\u201A", "\u201B", '"', "$(", "`", ";", "&", "|", "\n"];

/** A value that runs Restart-Computer if it escapes its quoting (the stub records it). */
function payload(base: string, ch: string): string {
  return ch === "$(" ? `${base}$(Restart-Computer)` : `${base}${ch};Restart-Computer;${ch}`;
}

interface InjectionField {
  stack: string;
  /** Field path as validation reports it (the same path in the resolved cluster). */
  field: string;
  /** The steps to run (first node), in chain order. */
  steps: string[];
  written?: { afterStep: string; step: string; file: string }[];
  recordAll?: boolean;
  /** Asserts the stubbed command received the exact literal. */
  received: (v: string, calls: StubCall[]) => void;
}

const argOf = (calls: StubCall[], name: string, key: string) =>
  calls.filter((c) => c.name === name).map((c) => c.args[key]);
const clpArgs = (calls: StubCall[]) =>
  calls.filter((c) => c.name === "clpcfset.exe").flatMap((c) => c.args as string[]);

/**
 * Every free-text field that reaches a Windows script (test/injection.test.ts WINDOWS_FIELDS, plus
 * the WSFC role, disk and cluster names and the CLUSTERPRO updater ids): grep renderScript in
 * bootstrap/. Node names are refused by validation (test/injection.test.ts) and name the test's
 * node roots and step files, so they are not executed here.
 */
const INJECTION: InjectionField[] = [
  {
    stack: "ilb-wsfc",
    field: "software.roleName",
    steps: ["form"],
    received: (v, calls) => {
      expect(argOf(calls, "Add-ClusterGroup", "Name")).toEqual([v]);
      expect(argOf(calls, "Add-ClusterResource", "Name")).toEqual([`${v}-ip`]);
      expect(argOf(calls, "Add-ClusterResource", "Group")).toEqual([v]);
      expect(argOf(calls, "Start-ClusterGroup", "Name")).toEqual([v]);
    },
  },
  {
    stack: "ilb-wsfc",
    field: "software.clusterName",
    steps: ["form"],
    received: (v, calls) => expect(argOf(calls, "New-Cluster", "Name")).toEqual([v]),
  },
  {
    stack: "ilb-wsfc",
    field: "software.dnsSuffix",
    steps: ["prepare"],
    received: (v, calls) =>
      expect(
        calls
          .filter((c) => c.name === "New-ItemProperty" && c.args.Name === "NV Domain")
          .map((c) => c.args.Value),
      ).toEqual([v]),
  },
  {
    stack: "ilb-wsfc",
    field: "sharedDisks[0].name",
    steps: ["form"],
    received: (v, calls) => {
      expect(argOf(calls, "Format-Volume", "NewFileSystemLabel")).toEqual([v]);
      expect(argOf(calls, "ClusterResource.Name", "Value")).toEqual([v]);
    },
  },
  {
    stack: "ilb-wsfc-domain",
    field: "software.domain.name",
    steps: ["gate-after-join", "prepare"],
    // the stub node is a member of exactly this domain: gate-after-join and prepare compare it
    received: (v, calls) =>
      expect(argOf(calls, "NTAccount", "Name")).toEqual([`${v}\\clusterjoin`]),
  },
  {
    stack: "ilb-wsfc-domain",
    field: "software.domain.joinUser",
    steps: ["prepare"],
    received: (v, calls) => {
      expect(argOf(calls, "NTAccount", "Name")).toEqual([`corp.example.com\\${v}`]);
      expect(argOf(calls, "Add-LocalGroupMember", "Member")).toHaveLength(1);
    },
  },
  ...(["software.clusterName", "software.roleName", "software.dnsSuffix"] as const).map(
    (field): InjectionField => ({
      stack: "dns-wsfc",
      field,
      // the steps that carry the field (the role name: the updater looks the role up)
      steps:
        field === "software.dnsSuffix"
          ? ["prepare"]
          : field === "software.roleName"
            ? ["form", "dns-updater"]
            : ["form"],
      written: field === "software.roleName" ? WRITTEN : undefined,
      received: (v, calls) => {
        if (field === "software.clusterName")
          expect(argOf(calls, "New-Cluster", "Name")).toEqual([v]);
        if (field === "software.roleName") {
          expect(argOf(calls, "Add-ClusterGroup", "Name")).toEqual([v]);
          expect(argOf(calls, "Get-ClusterGroup", "Name")).toContain(v);
        }
        if (field === "software.dnsSuffix")
          expect(
            calls
              .filter((c) => c.name === "New-ItemProperty" && c.args.Name === "NV Domain")
              .map((c) => c.args.Value),
          ).toEqual([v]);
      },
    }),
  ),
  ...(["dns.zoneName", "dns.recordName"] as const).map((field): InjectionField => ({
    stack: "dns-wsfc",
    field,
    steps: ["form", "dns-updater"],
    written: WRITTEN,
    received: (v, calls) => {
      const puts = calls.filter(
        (c) => c.name === "Invoke-RestMethod" && /put/i.test(c.args.Method),
      );
      expect(puts).toHaveLength(1);
      // (dnsZones or privateDnsZones)
      expect(puts[0].args.Uri).toContain(field === "dns.zoneName" ? `nsZones/${v}/A/` : `/A/${v}?`);
    },
  })),
  ...(["software.clusterName", "dns.zoneName", "dns.recordName"] as const).map(
    (field): InjectionField => ({
      stack: "dns-windows",
      field,
      // prepare partitions the mirror disk whose volume GUIDs push reads
      steps: ["prepare", "push"],
      received: (v, calls) => expect(clpArgs(calls)).toContain(v),
    }),
  ),
  {
    stack: "dns-windows",
    field: "software.azureCliPath",
    steps: ["prepare"],
    recordAll: true,
    received: (v, calls) => {
      expect(argOf(calls, "Test-Path", "LiteralPath")).toContainEqual([v]);
      expect(calls.filter((c) => c.name === "Start-Process").length).toBe(1);
    },
  },
  ...(["dns.updater.tenantId", "dns.updater.appId"] as const).map((field): InjectionField => ({
    stack: "dns-windows",
    field,
    steps: ["prepare", "push"],
    received: (v, calls) => expect(clpArgs(calls).some((a) => a.includes(v))).toBe(true),
  })),
];

const segsOf = (field: string) => field.replace(/\[(\d+)\]/g, ".$1").split(".");
function getField(o: any, field: string): unknown {
  for (const s of segsOf(field)) o = o?.[s];
  return o;
}
function setField(o: any, field: string, value: string): void {
  const segs = segsOf(field);
  for (const s of segs.slice(0, -1)) o = o[s] ?? (o[s] = {});
  o[segs[segs.length - 1]] = value;
}

/** The deploy-time values the WSFC renderer takes (the component passes Outputs). */
const WSFC_VALUES = {
  publicIpAddress: "20.30.40.50",
  dns: { subscriptionId: "sub", zoneResourceGroupName: "rg", identityClientId: "id" },
};

/** One step's script rendered from a resolved cluster (validation bypassed). */
function renderStep(c: ResolvedCluster, step: string, node: string): string | undefined {
  if (c.software.kind === "wsfc") return renderWsfcScripts(c, WSFC_VALUES)[`${step}/${node}`];
  const s = renderClusterproScripts(c);
  const byStep: Record<string, string | undefined> = {
    prepare: s.prepare,
    "await-ready": s.awaitReady,
    license: s.license,
    push: s.form,
    "md-guid": s.mdGuid[node.toLowerCase()],
    start: s.start,
  };
  return byStep[step];
}

interface InjectionPrep {
  /** The seed's value of the field (the clean case). */
  clean: string;
  /** Each value, run with validation bypassed: rendered from the resolved cluster. */
  cases: {
    id: string;
    ch: string;
    value: string;
    resolved: ResolvedCluster;
    steps: WindowsStep[];
  }[];
  /** Values validation refused: the field paths it named. */
  refused: { ch: string; paths: string[] }[];
  /** Values validation accepted (each then runs like the others). */
  accepted: string[];
  /** Values the renderer refused (plain errors, not ConfigError). */
  renderRefused: { ch: string; value: string; message: string }[];
  run?: Promise<Map<string, HarnessResult>>;
}

/**
 * Two lines of defence per value: validation (must refuse it naming the field, or accept it), and,
 * with validation bypassed (the value put into the resolved cluster, as test/injection.test.ts
 * does), the rendered steps executed under the stubs (in-process rendering; the pwsh runs later).
 */
async function prepareInjection(f: InjectionField): Promise<InjectionPrep> {
  const entry = stackEntries(f.stack)[0];
  const component = await clusterSteps(f.stack, entry);
  const first = entry.nodes[0].name;
  const clean = getField(resolved(entry), f.field);
  if (typeof clean !== "string")
    throw new Error(`${f.stack} ${f.field}: no string value (${clean})`);
  const prep: InjectionPrep = { clean, cases: [], refused: [], accepted: [], renderRefused: [] };
  for (const [id, ch] of [["clean", ""], ...HOSTILE.map((c, j) => [`c${j}`, c])]) {
    const value = ch === "" ? clean : payload(clean, ch);
    if (ch !== "") {
      const hostile: any = structuredClone(entry);
      setField(hostile, f.field, value);
      try {
        resolved(hostile);
        prep.accepted.push(ch);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        prep.refused.push({ ch, paths: e.problems.map((p) => p.path) });
      }
    }
    const c = resolved(entry);
    setField(c, f.field, value);
    const steps: WindowsStep[] = [];
    try {
      for (const st of f.steps) {
        const base = component.find((x) => x.step === st && x.node === first);
        const script = renderStep(c, st, first);
        if (!base || script === undefined) throw new Error(`${f.stack}: no step ${st} on ${first}`);
        steps.push({ ...base, script });
      }
    } catch (e) {
      if (/^.*: no step /.test((e as Error).message)) throw e;
      prep.renderRefused.push({ ch, value, message: (e as Error).message });
      continue;
    }
    prep.cases.push({ id, ch, value, resolved: c, steps });
  }
  return prep;
}

const PREP = new Map<InjectionField, InjectionPrep>();

describe("injection matrix, executed: hostile strings are refused by validation and, bypassing it, reach the stubs as exact literals", () => {
  beforeAll(async () => {
    if (!PWSH) return;
    for (const f of INJECTION) PREP.set(f, await prepareInjection(f));
    // every field's cases in two pwsh processes (each case its own world)
    const all = INJECTION.flatMap((f, fi) =>
      PREP.get(f)!.cases.map((c) => ({
        fi,
        id: `f${fi}-${c.id}`,
        k: {
          entry: stackEntries(f.stack)[0],
          resolved: c.resolved,
          steps: c.steps,
          written: f.written,
          passes: [1],
          recordAll: f.recordAll,
        },
      })),
    );
    const batches = [0, 1].map((b) => all.filter((x) => x.fi % 2 === b));
    const runs = batches.map((batch) => {
      const run = limit(() => runCasesUnderStubs(batch.map(({ id, k }) => ({ id, k }))));
      run.catch(() => undefined); // reported by the tests that await it
      return run;
    });
    INJECTION.forEach((f, fi) => {
      const prep = PREP.get(f)!;
      prep.run = runs[fi % 2].then(
        (m) => new Map(prep.cases.map((c) => [c.id, m.get(`f${fi}-${c.id}`)!])),
      );
      prep.run.catch(() => undefined);
    });
  }, 400_000);

  for (const f of INJECTION) {
    psIt(
      `${f.stack} ${f.field}: each of ' ‘ ’ ‚ ‛ " $( \` ; & | and newline is refused naming the field, and arrives literally when validation is bypassed`,
      async () => {
        const prep = PREP.get(f)!;
        // the seed's own value renders the steps under test
        expect(prep.cases[0]?.id).toBe("clean");
        // validation: every hostile value refused, the message naming this field
        expect(prep.accepted).toEqual([]);
        expect(prep.refused.map((r) => r.ch)).toEqual(HOSTILE);
        for (const r of prep.refused)
          expect({ ch: r.ch, paths: r.paths }).toEqual({
            ch: r.ch,
            paths: expect.arrayContaining([f.field]),
          });
        // The CLUSTERPRO renderer refuses TAB/newline in a clpcfset argument, and what a .bat
        // file cannot quote in a value it writes into one (no script is made: nothing injected).
        for (const r of prep.renderRefused) {
          expect(f.stack).toMatch(/-windows$/);
          expect(r.message).toContain(JSON.stringify(r.value));
          expect(r.message).toMatch(
            /clpcfset argument with TAB\/newline|a \.bat file cannot quote/,
          );
          if (/clpcfset/.test(r.message)) expect(r.ch).toBe("\n");
        }
        expect(prep.cases.length + prep.renderRefused.length).toBe(HOSTILE.length + 1);
        const out = await prep.run!;
        const expected = new Set(out.get("clean")!.calls.map((c) => c.name));
        expect(expected.has("Restart-Computer")).toBe(false);
        for (const c of prep.cases) {
          const r = out.get(c.id)!;
          const label = `${f.field} = ${JSON.stringify(c.value)}`;
          expect({
            label,
            failed: r.results.filter((x) => x.exitCode !== 0).map((x) => x.output.slice(-800)),
          }).toEqual({ label, failed: [] });
          expect(r.results.length).toBeGreaterThanOrEqual(f.steps.length);
          // no stub outside the clean run's set (an escaped value would call Restart-Computer)
          expect({
            label,
            extra: [...new Set(r.calls.map((x) => x.name))].filter((n) => !expected.has(n)),
          }).toEqual({ label, extra: [] });
          f.received(c.value, r.calls);
        }
      },
      600_000,
    );
  }
});

// ---- 4. the rehearsal of Windows chains ------------------------------------------------------------

/**
 * The VM agent's rules (test/support/rehearsal.ts rehearseWindows, the rules `rehearse` applies to
 * the Linux chains) over real Windows chains in a PwshWorld: order, one node's reboot at a time,
 * every reboot in a reboot step and landing in its wait, a gate after each reboot, nothing waiting
 * for its own reboot; a re-apply changes nothing; the failure modes fail as they should.
 */
const REHEARSED = ["ilb-wsfc", "ilb-wsfc-domain", "dns-wsfc", INSTALLER_VARIANT];

interface Rehearsed {
  entry: ClusterConfig;
  chain: ChainItem[];
  first: WindowsRehearsalResult;
  firstState: any;
  firstCalls: StubCall[];
  second: WindowsRehearsalResult;
  secondCalls: StubCall[];
  /** After the second: a reboot requested on the first node (a changed product, a setting). */
  drain?: { r: WindowsRehearsalResult; calls: StubCall[]; state: any };
}
const REHEARSALS = new Map<string, Promise<Rehearsed>>();

async function rehearseStack(
  stack: string,
  entry: ClusterConfig,
  chain: ChainItem[],
): Promise<Rehearsed> {
  const world = await PwshWorld.start(entry, { installer: stack === INSTALLER_VARIANT });
  try {
    const first = await rehearseWindows(chain, world);
    const firstState = await world.state();
    const firstCalls = world.calls();
    const second = await rehearseWindows(chain, world);
    const secondCalls = world.calls().slice(firstCalls.length);
    let drain: Rehearsed["drain"];
    const node = resolved(entry).nodes[0].name;
    const reason = entry.software?.kind === "wsfc" ? "after-prepare" : "after-install";
    if (stack === "ilb-wsfc" || stack === INSTALLER_VARIANT) {
      world.writeFile(node, `azure-ha-cluster/reboot/${reason}.request`, "requested by the test\n");
      const before = world.calls().length;
      const r = await rehearseWindows(chain, world);
      drain = { r, calls: world.calls().slice(before), state: await world.state() };
    }
    return { entry, chain, first, firstState, firstCalls, second, secondCalls, drain };
  } finally {
    await world.close();
  }
}

describe("rehearsal of Windows chains: the VM agent's rules, PowerShell under stubs", () => {
  beforeAll(async () => {
    if (!PWSH) return;
    // the chains first, one after the other (one shared mock recorder), then the worlds
    const chains: [string, ClusterConfig, ChainItem[]][] = [];
    for (const stack of REHEARSED) {
      const entry = execEntry(stack);
      chains.push([stack, entry, await rehearsalChain(stack.split("+")[0], entry)]);
    }
    for (const [stack, entry, chain] of chains) {
      const p = limit(() => rehearseStack(stack, entry, chain));
      p.catch(() => undefined); // reported by the tests that await it
      REHEARSALS.set(stack, p);
    }
  });

  for (const stack of REHEARSED) {
    psIt(
      `${stack}: runs to a formed cluster, one node's reboot at a time, each reboot in a reboot step and its wait, a gate after each`,
      async () => {
        const { entry, chain, first, firstState, firstCalls } = await REHEARSALS.get(stack)!;
        expect(first.failure).toBeUndefined();
        expect(first.ok).toBe(true);
        const c = resolved(entry);
        const nodes = c.nodes.map((n) => n.name);
        const ev = first.events;
        const idx = (e: string) => {
          const i = ev.indexOf(e);
          if (i < 0) throw new Error(`no event "${e}" in:\n${ev.join("\n")}`);
          return i;
        };
        // every step ran once, to its end; nothing was killed by a reboot
        const runs = chain.filter((x) => x.kind === "run");
        expect(ev.filter((e) => e.startsWith("done ")).length).toBe(runs.length);
        expect(ev.filter((e) => e.startsWith("killed "))).toEqual([]);
        // the cluster is formed and runs
        if (c.software.kind === "wsfc") {
          expect(firstState.wsfc.exists).toBe(true);
          expect(firstState.wsfc.groups[(c.software as any).roleName]?.state).toBe("Online");
        } else {
          expect(firstState.clusterpro).toEqual({ pushed: true, running: true, owner: nodes[0] });
        }
        // the reboots: only reboot steps schedule them; each lands between its step and its gate
        for (const x of firstCalls.filter((x) => x.name === "shutdown.exe"))
          expect(x.step).toMatch(/^reboot-/);
        const reasons =
          c.software.kind === "wsfc"
            ? ["after-prepare"]
            : stack === INSTALLER_VARIANT
              ? ["after-install", "after-push"]
              : ["after-push"];
        for (const n of nodes)
          expect(ev.filter((e) => e === `down ${n}`)).toHaveLength(reasons.length);
        for (const reason of reasons) {
          nodes.forEach((n, i) => {
            const step = idx(`done ${n} reboot-${reason}`);
            const gate = idx(`start ${n} gate-${reason}`);
            const downs = ev
              .map((e, j) => (e === `down ${n}` || e === `up ${n}` ? j : -1))
              .filter((j) => j > step && j < gate);
            expect({ n, reason, downUp: downs.length }).toEqual({ n, reason, downUp: 2 });
            // the gate starts only after the wait (rebootWaitSec), not when the node is back
            expect(first.times[gate]).toBeGreaterThanOrEqual(
              first.times[step] + c.bootstrap.rebootWaitSec,
            );
            // one node at a time: the next node's reboot step after this node's gate
            if (i + 1 < nodes.length)
              expect(idx(`done ${n} gate-${reason}`)).toBeLessThan(
                idx(`start ${nodes[i + 1]} reboot-${reason}`),
              );
            // no step of this node between its reboot step and its gate
            expect(ev.slice(step + 1, gate).filter((e) => e.startsWith(`start ${n} `))).toEqual([]);
          });
        }
      },
      600_000,
    );

    psIt(
      `${stack}: a second rehearsal (re-apply) changes nothing and reboots nothing`,
      async () => {
        const { second, secondCalls } = await REHEARSALS.get(stack)!;
        expect(second.failure).toBeUndefined();
        expect(second.events.filter((e) => /^(down|reboot-scheduled|killed) /.test(e))).toEqual([]);
        const changing = secondCalls
          .filter((c) => mutates(c) && !REAPPLIED.has(`${c.step}:${c.name}`))
          .map((c) => ({ node: c.node, step: c.step, name: c.name, args: c.args }));
        expect(changing).toEqual([]);
      },
      600_000,
    );
  }

  psIt(
    "ilb-wsfc: a reboot requested on a node of the formed cluster drains it first (Suspend-ClusterNode -Drain), its gate resumes it",
    async () => {
      const { entry, drain } = await REHEARSALS.get("ilb-wsfc")!;
      const c = resolved(entry);
      const [n1, n2] = c.nodes.map((n) => n.name);
      expect(drain!.r.failure).toBeUndefined();
      const mine = drain!.calls.filter((x) => x.node === n1).map((x) => `${x.step} ${x.name}`);
      const suspend = mine.indexOf("reboot-after-prepare Suspend-ClusterNode");
      expect(suspend).toBeGreaterThanOrEqual(0);
      expect(suspend).toBeLessThan(mine.indexOf("reboot-after-prepare shutdown.exe"));
      expect(mine).toContain("gate-after-prepare Resume-ClusterNode");
      expect(drain!.calls.find((x) => x.name === "Suspend-ClusterNode")!.args).toEqual({
        Name: n1,
        Drain: true,
        Wait: true,
        ErrorAction: "Stop",
      });
      // only that node went down; the role moved to the other node and stays there
      expect(drain!.r.events.filter((e) => e.startsWith("down "))).toEqual([`down ${n1}`]);
      expect(drain!.state.wsfc.groups[(c.software as any).roleName]).toEqual({
        state: "Online",
        owner: n2,
      });
      expect(drain!.state.wsfc.nodeStates[n1]).toBe("Up");
    },
    600_000,
  );

  psIt(
    `${INSTALLER_VARIANT}: a reboot requested on the node running the group moves it first (clpgrp -m)`,
    async () => {
      const { entry, drain } = await REHEARSALS.get(INSTALLER_VARIANT)!;
      const [n1, n2] = resolved(entry).nodes.map((n) => n.name);
      expect(drain!.r.failure).toBeUndefined();
      const mine = drain!.calls.filter((x) => x.node === n1);
      const names = mine.map((x) => x.name);
      expect(names.indexOf("clpgrp.exe")).toBeGreaterThanOrEqual(0);
      expect(names.indexOf("clpgrp.exe")).toBeLessThan(names.indexOf("shutdown.exe"));
      expect(mine.find((x) => x.name === "clpgrp.exe")!.args).toEqual(["-m", "failover1"]);
      expect(drain!.r.events.filter((e) => e.startsWith("down "))).toEqual([`down ${n1}`]);
      expect(drain!.state.clusterpro).toEqual({ pushed: true, running: true, owner: n2 });
      // the other node needed no reboot: nothing moved back
      expect(drain!.calls.filter((x) => x.node === n2 && x.name === "clpgrp.exe")).toEqual([]);
    },
    600_000,
  );

  psIt(
    "a slow reboot (longer than the wait) fails fast at the gate, saying the node did not reboot",
    async () => {
      const entry = execEntry("ilb-wsfc");
      const chain = await rehearsalChain("ilb-wsfc", entry);
      const [n1, n2] = resolved(entry).nodes.map((n) => n.name);
      const r = await limit(async () => {
        const world = await PwshWorld.start(entry);
        try {
          // the first node goes down only 10 minutes after the scheduled time: the wait is shorter
          return await rehearseWindows(chain, world, {
            reboot: (n) =>
              n === n1 ? { shutdownSec: 600, bootSec: 40 } : { shutdownSec: 5, bootSec: 40 },
          });
        } finally {
          await world.close();
        }
      });
      expect(r.ok).toBe(false);
      expect(r.failure).toMatch(new RegExp(`^gate-after-prepare on ${n1} exited 1`));
      expect(r.failure).toMatch(
        new RegExp(
          `node ${n1} did not reboot: reboot-after-prepare scheduled a reboot at .* after the wait of \\d+ s \\(bootstrap.rebootWaitSec\\)\\..*raise bootstrap.rebootWaitSec`,
        ),
      );
      expect(r.failure).not.toMatch(/^hang:/);
      // the second node never rebooted: the chain stopped at the first node's gate
      expect(r.events).not.toContain(`start ${n2} reboot-after-prepare`);
    },
    600_000,
  );

  psIt(
    "catches the old bug: a step that waits for its own reboot is killed by it and hangs until the extension timeout",
    async () => {
      const entry = execEntry("ilb-wsfc");
      const node = resolved(entry).nodes[0].name;
      // the pre-lifecycle shape: prepare schedules the reboot, await-ready waits for the boot id
      const prepare = [
        "$ErrorActionPreference = 'Stop'",
        "$b = (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')",
        "Set-Content -LiteralPath (Join-Path $env:ProgramData 'boot-before') -Value $b",
        "& shutdown.exe /r /t 60 /c 'old prepare'",
        "exit 0",
      ].join("\n");
      const awaitReady = [
        "$ErrorActionPreference = 'Stop'",
        "$before = (Get-Content -LiteralPath (Join-Path $env:ProgramData 'boot-before') -Raw).Trim()",
        "while ((Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o') -eq $before) { Start-Sleep -Seconds 10 }",
        "exit 0",
      ].join("\n");
      const chain: ChainItem[] = [
        {
          name: "c-prepare",
          kind: "run",
          node,
          step: "prepare",
          script: prepare,
          parameters: {},
          deps: [],
        },
        {
          name: "c-await-ready",
          kind: "run",
          node,
          step: "await-ready",
          script: awaitReady,
          parameters: {},
          deps: ["c-prepare"],
        },
      ];
      const r = await limit(async () => {
        const world = await PwshWorld.start(entry);
        try {
          return await rehearseWindows(chain, world, { extensionTimeoutSec: 5400 });
        } finally {
          await world.close();
        }
      });
      expect(r.ok).toBe(false);
      expect(r.failure).toMatch(
        new RegExp(
          `^hang: await-ready on ${node} was killed by a reboot and never reported; the deployment waited for the extension timeout \\(5400 s\\)`,
        ),
      );
      expect(r.events).toContain(`killed ${node} await-ready`);
      expect(r.events.filter((e) => e === `start ${node} await-ready`)).toHaveLength(1); // never re-run
      // it died when the reboot landed: 60 s after prepare + the shutdown, not at a sleep cap
      const killed = r.events.indexOf(`killed ${node} await-ready`);
      expect(r.events.slice(0, killed)).toContain(`reboot-scheduled ${node} +60s`);
    },
    600_000,
  );
});

afterAll(() => killPwshChildren());

reportPwshSkips();
