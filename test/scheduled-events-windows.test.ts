/**
 * The Windows Scheduled Events agent under real PowerShell 7 (pwsh): the rendered agent and
 * install script parse with PowerShell's own parser; the agent's decision function
 * Get-SeDecision gives the decisions of test/fixtures/scheduled-events-cases.json (the table the
 * Linux agent is executed against); and the whole agent loop runs against a fake IMDS on
 * 127.0.0.1 with stub failover-cluster cmdlets (WSFC) that record their calls.
 * Skips, saying so, when pwsh is not installed.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import {
  renderScheduledEventsInstall,
  renderWindowsAgent,
} from "../components/bootstrap/scheduled-events";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { startFakeImds, type FakeAnswer } from "./support/fake-imds";
import table from "./fixtures/scheduled-events-cases.json";

function findPwsh(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, "pwsh");
    if (dir && fs.existsSync(p)) return p;
  }
  const home = path.join(os.homedir(), ".dotnet", "tools", "pwsh");
  return fs.existsSync(home) ? home : undefined;
}
const PWSH = findPwsh();
if (!PWSH) console.log("pwsh not found (PATH, ~/.dotnet/tools/pwsh): Windows agent tests skipped");
const pwshIt = PWSH ? it : it.skip;

function wsfc(): ResolvedCluster {
  return parseComponentArgs("ilb-wsfc", "internal-lb", argsOf(stackCluster("ilb-wsfc")));
}
function clusterproWin(): ResolvedCluster {
  return parseComponentArgs("ilb-windows", "internal-lb", argsOf(stackCluster("ilb-windows")));
}

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "se-win-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function pwsh(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  const file = path.join(work, `run-${Math.random().toString(36).slice(2)}.ps1`);
  fs.writeFileSync(file, script);
  return new Promise((resolve) => {
    const p = spawn(PWSH!, ["-NoProfile", "-NonInteractive", "-File", file], {
      env: { ...process.env, ...env },
    });
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

const psq = (s: string) => `'${s.replace(/'/g, "''")}'`;

describe("Windows agent (pwsh)", () => {
  pwshIt("the rendered agent and install scripts parse with PowerShell's parser", async () => {
    const files: Record<string, string> = {
      "agent-wsfc.ps1": renderWindowsAgent(wsfc(), wsfc().nodes[0].name),
      "agent-clusterpro.ps1": renderWindowsAgent(clusterproWin(), clusterproWin().nodes[0].name),
      "install-wsfc.ps1": renderScheduledEventsInstall(wsfc(), wsfc().nodes[0].name),
      "install-clusterpro.ps1": renderScheduledEventsInstall(
        clusterproWin(),
        clusterproWin().nodes[1].name,
      ),
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(work, name), text);
    const r = await pwsh(
      Object.keys(files)
        .map(
          (name) => `$t = $null; $e = $null
[void][System.Management.Automation.Language.Parser]::ParseFile(${psq(path.join(work, name))}, [ref]$t, [ref]$e)
foreach ($x in $e) { Write-Output ('${name}:' + $x.Extent.StartLineNumber + ': ' + $x.Message) }`,
        )
        .join("\n") + "\nWrite-Output 'parsed'",
    );
    expect(r.out.trim()).toBe("parsed");
    expect(r.code).toBe(0);
    // the install script carries the node's rendered agent verbatim (PowerShell-quoted)
    const install = files["install-wsfc.ps1"];
    expect(install).toContain("$Enabled = $true");
    expect(install).toContain("$TaskName = 'azure-ha-cluster-scheduled-events'");
    expect(files["agent-wsfc.ps1"]).toContain("$Kind = 'wsfc'");
    expect(files["agent-wsfc.ps1"]).toContain("$FreezeToleranceSec = 30"); // 1000 ms × 40 − 10 s
    expect(files["agent-clusterpro.ps1"]).toContain("$FreezeToleranceSec = 200"); // 210 s − 10 s
  });

  pwshIt("Get-SeDecision gives every decision of the shared scenario table", async () => {
    const agent = path.join(work, "agent-lib.ps1");
    fs.writeFileSync(agent, renderWindowsAgent(wsfc(), "node1"));
    const tableFile = path.join(__dirname, "fixtures", "scheduled-events-cases.json");
    const r = await pwsh(`
. ${psq(agent)} -LibraryOnly
$t = Get-Content -Raw -LiteralPath ${psq(tableFile)} | ConvertFrom-Json
$results = [ordered]@{}
foreach ($c in $t.cases) {
    $cfg = $t.defaults.config
    $approve = [bool]$cfg.approve; $actOn = @($cfg.actOn); $tol = [int]$cfg.freezeToleranceSec
    if ($null -ne $c.PSObject.Properties['config']) {
        if ($null -ne $c.config.PSObject.Properties['approve']) { $approve = [bool]$c.config.approve }
        if ($null -ne $c.config.PSObject.Properties['actOn']) { $actOn = @($c.config.actOn) }
    }
    $nodes = @($t.defaults.nodes)
    if ($null -ne $c.PSObject.Properties['nodes']) { $nodes = @($c.nodes) }
    $d = Get-SeDecision -Events @($c.events) -Me $t.defaults.node -Nodes $nodes -Up @($c.cluster.up) -ActOn $actOn -Approve $approve -FreezeToleranceSec $tol
    $m = [ordered]@{}
    foreach ($x in $d) { $m[$x.eventId] = @{ decision = $x.decision; peer = $x.peer } }
    $results[$c.name] = $m
}
$results | ConvertTo-Json -Depth 6 -Compress
`);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out.trim().split("\n").pop()!);
    for (const c of table.cases as any[]) {
      const decisions = Object.fromEntries(
        Object.entries(got[c.name]).map(([id, v]: [string, any]) => [id, v.decision]),
      );
      expect({ name: c.name, decisions }).toEqual({ name: c.name, decisions: c.expect.decisions });
      // the peer a drain goes to is the one the Linux run moved the groups to
      for (const [id, v] of Object.entries(got[c.name]) as [string, any][]) {
        if (v.decision.startsWith("drain") && c.expect.moves.length > 0)
          expect(v.peer).toBe(c.expect.moves[0][1]);
        if (!v.decision.startsWith("drain")) expect(v.peer).toBe("");
        void id;
      }
    }
  });

  pwshIt("ConvertFrom-SeClpstat reads servers and each group's current server", async () => {
    const agent = path.join(work, "agent-lib2.ps1");
    fs.writeFileSync(agent, renderWindowsAgent(clusterproWin(), clusterproWin().nodes[0].name));
    const sample = [
      " ========================  CLUSTER STATUS  ===========================",
      "  Cluster : cluster",
      "  <server>",
      "   *node-1 ............................: Online           Primary server",
      "      lankhb1                         : Normal           Kernel Mode LAN Heartbeat",
      "    node-2 ............................: Offline",
      "      lankhb1                         : Normal           Kernel Mode LAN Heartbeat",
      "  <group>",
      "    failover-mariadb1 ................: Online",
      "      current                         : node-1",
      "      exec-mariadb1                   : Online",
      "    failover2 ........................: Offline",
      "      current                         : node-2",
      "  <monitor>",
      "    mdnw1                             : Normal",
      " =====================================================================",
    ].join("\r\n");
    const r = await pwsh(`
. ${psq(agent)} -LibraryOnly
$s = ConvertFrom-SeClpstat -Text ${psq(sample)}
[ordered]@{ servers = $s.servers; groups = $s.groups } | ConvertTo-Json -Compress
`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.trim())).toEqual({
      servers: { "node-1": "Online", "node-2": "Offline" },
      groups: { "failover-mariadb1": "node-1", failover2: "node-2" },
    });
  });

  pwshIt(
    "the WSFC agent loop: drains with Suspend-ClusterNode, approves, acts once, resumes when the event leaves",
    async () => {
      const E = "5dd55b64-45ad-49d3-bbc9-f57d4ea97bd7";
      const F = "6ee66c75-0000-49d3-bbc9-f57d4ea97bd8";
      const ev = (id: string, type: string, res: string[], dur = -1) => ({
        EventId: id,
        EventType: type,
        ResourceType: "VirtualMachine",
        Resources: res,
        EventStatus: "Scheduled",
        NotBefore: "Mon, 19 Sep 2016 18:29:47 GMT",
        EventSource: "Platform",
        DurationInSeconds: dur,
      });
      const c = wsfc();
      const me = c.nodes[0].name;
      const peer = c.nodes[1].name;
      const doc = {
        DocumentIncarnation: 1,
        Events: [ev(E, "Reboot", [me]), ev(F, "Freeze", ["web-7"], 5)],
      };
      const answers: FakeAnswer[] = [
        { raw: "<html>not json</html>" },
        { doc },
        { doc },
        { doc: { DocumentIncarnation: 2, Events: [] } },
      ];
      const imds = await startFakeImds(answers);
      try {
        const data = path.join(work, "programdata");
        fs.mkdirSync(data, { recursive: true });
        const agent = path.join(work, "agent-loop.ps1");
        const rendered = renderWindowsAgent(c, me, {
          imdsUrl: imds.base,
          stateFile: path.join(data, "state.json"),
        }).replace("$PollSec = 1", "$PollSec = 0");
        fs.writeFileSync(agent, rendered);
        const calls = path.join(work, "cmdlets.log");
        const r = await pwsh(
          `
$global:calls = ${psq(calls)}
function global:Get-ClusterNode { param([string]$Name)
    Add-Content -LiteralPath $global:calls -Value ("Get-ClusterNode " + $Name)
    if ($Name) { return [pscustomobject]@{ Name = $Name; State = 'Paused'; DrainStatus = 'Completed' } }
    return @([pscustomobject]@{ Name = ${psq(me)}; State = 'Up' }, [pscustomobject]@{ Name = ${psq(peer)}; State = 'Up' }) }
function global:Suspend-ClusterNode { param([string]$Name, [switch]$Drain, [switch]$Wait, [string]$TargetNode)
    Add-Content -LiteralPath $global:calls -Value ("Suspend-ClusterNode -Name $Name -Drain:$Drain -Wait:$Wait -TargetNode $TargetNode") }
function global:Resume-ClusterNode { param([string]$Name)
    Add-Content -LiteralPath $global:calls -Value ("Resume-ClusterNode -Name $Name") }
& ${psq(agent)} -Iterations 4
`,
          { ProgramData: data },
        );
        expect(r.code).toBe(0);
        const log = fs.readFileSync(
          path.join(data, "azure-ha-cluster", "scheduled-events.log"),
          "utf8",
        );
        expect(log).toMatch(/imds: malformed response .*; retrying/);
        expect(log).toContain(`event=${E} type=Reboot decision=drain-approve reason=Reboot`);
        expect(log).toContain(`event=${F} type=Freeze decision=ignore-other-vm`);
        expect(log).toContain(`event=${E} ended (Reboot): Resume-ClusterNode ${me}`);
        expect(log.match(new RegExp(`event=${E} type=`, "g"))).toHaveLength(1);
        const cmdlets = fs.readFileSync(calls, "utf8").trim().split("\n");
        expect(cmdlets.filter((l) => !l.startsWith("Get-ClusterNode"))).toEqual([
          `Suspend-ClusterNode -Name ${me} -Drain:True -Wait:True -TargetNode ${peer}`,
          `Resume-ClusterNode -Name ${me}`,
        ]);
        expect(imds.approved()).toEqual([E]);
        for (const req of imds.requests) expect(req.metadataHeader).toBe("true");
        // the drain happened before the approval
        expect(log.indexOf("Suspend-ClusterNode -Drain")).toBeLessThan(
          log.indexOf("approved (StartRequests"),
        );
      } finally {
        await imds.close();
      }
    },
  );
});

describe("Windows install step (pwsh, stub task cmdlets)", () => {
  pwshIt(
    "writes the agent, registers and starts the task; a second run changes nothing; off removes it",
    async () => {
      const c = wsfc();
      const node = c.nodes[0].name;
      const data = path.join(work, "install-data");
      fs.mkdirSync(data, { recursive: true });
      const on = path.join(work, "install-on.ps1");
      const off = path.join(work, "install-off.ps1");
      fs.writeFileSync(on, renderScheduledEventsInstall(c, node));
      const offArgs = argsOf(stackCluster("ilb-wsfc"));
      offArgs.software.scheduledEvents = { enabled: false };
      fs.writeFileSync(
        off,
        renderScheduledEventsInstall(parseComponentArgs("ilb-wsfc", "internal-lb", offArgs), node),
      );
      const calls = path.join(work, "task-calls.log");
      const taskState = path.join(work, "task-state.txt");
      // Stand-ins for the ScheduledTasks module and New-EventLog: a task exists once registered;
      // it runs once started.
      const stubs = `
$global:calls = ${psq(calls)}; $global:taskState = ${psq(taskState)}
function global:Rec([string]$m) { Add-Content -LiteralPath $global:calls -Value $m }
function global:Get-ScheduledTask { param([string]$TaskName, $ErrorAction)
    if (-not (Test-Path -LiteralPath $global:taskState)) { return $null }
    return [pscustomobject]@{ TaskName = $TaskName; State = (Get-Content -LiteralPath $global:taskState -Raw).Trim() } }
function global:Register-ScheduledTask { param([string]$TaskName, [string]$Xml, [switch]$Force)
    Rec ("Register-ScheduledTask " + $TaskName + " " + ([xml]$Xml).Task.Actions.Exec.Arguments)
    if (-not (Test-Path -LiteralPath $global:taskState)) { Set-Content -LiteralPath $global:taskState -Value 'Ready' }
    return [pscustomobject]@{ TaskName = $TaskName } }
function global:Start-ScheduledTask { param([string]$TaskName) Rec "Start-ScheduledTask $TaskName"; Set-Content -LiteralPath $global:taskState -Value 'Running' }
function global:Stop-ScheduledTask { param([string]$TaskName, $ErrorAction) Rec "Stop-ScheduledTask $TaskName"; Set-Content -LiteralPath $global:taskState -Value 'Ready' }
function global:Unregister-ScheduledTask { param([string]$TaskName, [switch]$Confirm) Rec "Unregister-ScheduledTask $TaskName"; Remove-Item -LiteralPath $global:taskState }
function global:New-EventLog { param([string]$LogName, [string]$Source, $ErrorAction)
    if (Test-Path -LiteralPath ($global:calls + '.source')) { throw "The ""$Source"" source is already registered" }
    Set-Content -LiteralPath ($global:calls + '.source') -Value $Source; Rec "New-EventLog $LogName $Source" }
`;
      const runScript = (file: string) =>
        pwsh(`${stubs}\n& ${psq(file)}\nexit $LASTEXITCODE`, { ProgramData: data });
      const read = () => fs.readFileSync(calls, "utf8").trim().split("\n");
      const agentPath = path.join(data, "azure-ha-cluster", "scheduled-events-agent.ps1");

      const first = await runScript(on);
      expect(first.code).toBe(0);
      expect(fs.readFileSync(agentPath, "utf8").replace(/^\uFEFF/, "")).toBe(
        renderWindowsAgent(c, node),
      );
      expect(read()).toEqual([
        "New-EventLog Application azure-ha-cluster-scheduled-events",
        `Register-ScheduledTask azure-ha-cluster-scheduled-events -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${agentPath}"`,
        "Start-ScheduledTask azure-ha-cluster-scheduled-events",
      ]);
      fs.writeFileSync(calls, "");
      const second = await runScript(on);
      expect(second.code).toBe(0);
      expect(second.out).toContain(`unchanged: ${agentPath}`);
      expect(second.out).toContain("unchanged: scheduled task azure-ha-cluster-scheduled-events");
      expect(fs.readFileSync(calls, "utf8").trim()).toBe(""); // running already: nothing to do
      const removed = await runScript(off);
      expect(removed.code).toBe(0);
      expect(read()).toEqual([
        "Stop-ScheduledTask azure-ha-cluster-scheduled-events",
        "Unregister-ScheduledTask azure-ha-cluster-scheduled-events",
      ]);
      expect(fs.existsSync(agentPath)).toBe(false);
    },
  );
});
