/**
 * CLUSTERPRO form content on every seed stack (issue 19): Windows mirror disks carry every
 * server's volume GUIDs (the first server's in form.ps1, every other server's in its md-guid step,
 * each read on its own node), bare drive letters, mdnw1 and userw; no Windows script names an
 * install path; Windows prepare opens ICMP echo from the subnet. The PowerShell parts run in real
 * pwsh against stub cmdlets and stub product binaries (skipped, with a line saying so, without pwsh).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { parsePowerShell } from "./support/powershell";

const WINDOWS = ["ilb-windows", "ilb-windows-dsr", "plb-windows", "dns-windows"];
const LINUX = ["ilb-linux", "ilb-linux-dsr", "plb-linux", "dns-linux"];

function cluster(stack: string): ResolvedCluster {
  const seed = stackCluster(stack);
  return parseComponentArgs(seed.name, seed.topology, argsOf(seed));
}

/** The array a rendered .ps1 assigns to `$Name = @(…)`, items unquoted. */
function psArray(script: string, name: string): string[] {
  const m = new RegExp(`^\\$${name} = @\\(([\\s\\S]*?)\\)$`, "m").exec(script);
  if (!m) throw new Error(`no $${name} in the script`);
  return [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'"));
}
const calls = (script: string) =>
  psArray(script, "ClpCommands").map((c) => c.split("\t").join(" "));

describe.each(WINDOWS)("CLUSTERPRO Windows stack %s: the mirror disk", (stack) => {
  const c = cluster(stack);
  const s = renderClusterproScripts(c);
  const srv = c.nodes.map((n) => n.name.toLowerCase());
  const [data, cp] = [
    c.software.kind === "clusterpro" ? c.software.mirrorDisk.driveLetter : "",
    c.software.kind === "clusterpro" ? c.software.mirrorDisk.clusterPartitionDriveLetter : "",
  ];

  it("form: bare drive letters, the first server's GUIDs (read on it), mdw1/mdnw1 on md, userw", () => {
    const f = calls(s.form);
    expect(f).toEqual(
      expect.arrayContaining([
        `add rscparam md md parameters/volumemountpoint ${data}`,
        `add rscparam md md parameters/cpvolumemountpoint ${cp}`,
        `add rscparam md md server@${srv[0]}/parameters/volumeguid @VOLUMEGUID@`,
        `add rscparam md md server@${srv[0]}/parameters/cpvolumeguid @CPVOLUMEGUID@`,
        "add mon mdw mdw1",
        "add monparam mdw mdw1 relation/type rsc",
        "add monparam mdw mdw1 relation/name md",
        "add mon mdnw mdnw1",
        "add monparam mdnw mdnw1 parameters/object md",
        "add monparam mdnw mdnw1 relation/type rsc",
        "add monparam mdnw mdnw1 relation/name md",
        "add mon userw userw",
        "add monparam userw userw relation/type cls",
        "add monparam userw userw relation/name LocalServer",
      ]),
    );
    expect(f.some((x) => /volumemountpoint [A-Z]:/.test(x))).toBe(false);
    // form reads the GUIDs of ITS drives, on its node
    expect(s.form).toContain("$volumeGuid = Get-VolumeGuid $DataDriveLetter");
    expect(s.form).toContain("$cpVolumeGuid = Get-VolumeGuid $ClusterDriveLetter");
    expect(s.form).toContain(`$DataDriveLetter = '${data}'`);
    // other servers' GUIDs are never in form (only they can read them)
    for (const o of srv.slice(1))
      expect(f.some((x) => x.includes(`server@${o}/parameters/volumeguid`))).toBe(false);
  });

  it("every other server has an md-guid step that writes its own GUIDs; together: every server", async () => {
    expect(Object.keys(s.mdGuid)).toEqual(srv.slice(1));
    const covered = new Set<string>();
    for (const x of calls(s.form)) {
      const m = /server@([^/]+)\/parameters\/(cp)?volumeguid/.exec(x);
      if (m) covered.add(`${m[1]}:${m[2] ?? ""}`);
    }
    for (const o of srv.slice(1)) {
      const g = s.mdGuid[o];
      expect(await parsePowerShell(g)).toEqual([]);
      expect(g).toContain(`$ServerName = '${o}'`);
      expect(calls(g)).toEqual([
        `add rscparam md md server@${o}/parameters/volumeguid @VOLUMEGUID@`,
        `add rscparam md md server@${o}/parameters/cpvolumeguid @CPVOLUMEGUID@`,
      ]);
      covered.add(`${o}:`).add(`${o}:cp`);
    }
    expect([...covered].sort()).toEqual(srv.flatMap((x) => [`${x}:`, `${x}:cp`]).sort());
  });

  it("no rendered Windows script names a CLUSTERPRO/EXPRESSCLUSTER install path", () => {
    const all = [
      s.prepare,
      s.awaitReady,
      s.license,
      s.form,
      ...Object.values(s.mdGuid),
      ...s.plan.files.map((f) => f.content),
    ];
    for (const t of all) {
      expect(t).not.toMatch(/Program Files( \(x86\))?\\+(EXPRESSCLUSTER|CLUSTERPRO)/i);
      expect(t).not.toContain("{{");
    }
    for (const f of s.plan.files.filter((x) => /genw|preaction/.test(x.path)))
      expect(f.content).toMatch(/^clpazure_port_checker -h /m);
  });

  it("prepare opens inbound ICMPv4 echo (type 8) from the subnet", () => {
    expect(s.prepare).toContain(`$SubnetPrefix = '${c.network.subnetPrefix}'`);
    expect(s.prepare).toMatch(
      /New-NetFirewallRule -Name \$icmpRule .*-Direction Inbound .*-Protocol ICMPv4 -IcmpType 8 -RemoteAddress \$SubnetPrefix -Action Allow/,
    );
  });
});

describe.each(LINUX)("CLUSTERPRO Linux stack %s", (stack) => {
  it("adds userw and mdw1/mdnw1 (cls LocalServer, S1 md.md); no per-server md entries", () => {
    const s = renderClusterproScripts(cluster(stack));
    const f = s.plan.commands.map((x) => x.join(" "));
    expect(f).toEqual(
      expect.arrayContaining([
        "add mon userw userw",
        "add monparam userw userw relation/type cls",
        "add monparam userw userw relation/name LocalServer",
        "add mon mdnw mdnw1",
        "add monparam mdnw mdnw1 relation/type cls",
      ]),
    );
    expect(s.mdGuid).toEqual({});
    expect(s.plan.serverCommands).toEqual({});
  });
});

// ---- real pwsh against stubs ------------------------------------------------------------------

function findPwsh(): string | undefined {
  for (const d of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(d, "pwsh");
    if (d && fs.existsSync(p)) return p;
  }
  const home = path.join(os.homedir(), ".dotnet", "tools", "pwsh");
  return fs.existsSync(home) ? home : undefined;
}
const PWSH = findPwsh();
if (!PWSH) console.log("SKIP: pwsh not found (PATH or ~/.dotnet/tools/pwsh): md GUID runs skipped");
const itPwsh = PWSH ? it : it.skip;

/**
 * Product binary stubs (clpcfset.exe, clpcfctrl.exe, clpcl.exe, clpstat.exe, …): each records its
 * call in $CALLS. The cluster's state is a file: $STUB_STATE/running exists while it runs.
 *   clpstat:   exit 0 and a group line "failover1 ...: Online" while running; exit 1 and a
 *              message on stderr otherwise (the answer of a stopped cluster);
 *   clpcl:     -t removes the state (exit 1 and no change when $CLPCL_STOP_FAILS=1), -s creates it;
 *   clpcfctrl: --pull copies $PULL_CONF to the -x directory as clp.conf (exit 1 without one: no
 *              configuration yet); --push exits 0.
 */
const NATIVE_STUB = `#!/bin/bash
n="$(basename "$0")"
printf '%s' "$n" >>"$CALLS"; for a in "$@"; do printf '\\t%s' "$a" >>"$CALLS"; done; printf '\\n' >>"$CALLS"
case "$n" in
  clpstat.exe)
    if [ -e "$STUB_STATE/running" ]; then echo " failover1 ..........: Online"; exit 0; fi
    echo "clpstat: the cluster is not running" >&2; exit 1 ;;
  clpcl.exe)
    if [ "$1" = -t ]; then
      [ "\${CLPCL_STOP_FAILS:-}" = 1 ] && { echo "clpcl: stop failed" >&2; exit 1; }
      rm -f "$STUB_STATE/running"
    elif [ "$1" = -s ]; then touch "$STUB_STATE/running"; fi ;;
  clpcfctrl.exe)
    if [ "$1" = --pull ]; then
      dir=.; prev=; for a in "$@"; do [ "$prev" = -x ] && dir="$a"; prev="$a"; done
      [ -n "\${PULL_CONF:-}" ] || { echo "clpcfctrl: no configuration" >&2; exit 1; }
      cp "$PULL_CONF" "$dir/clp.conf"
    fi ;;
esac
exit 0
`;

/** Stub cmdlets: Get-Partition answers with the access paths Windows reports for a volume. */
const STUB_CMDLETS = `
function global:Get-Partition {
    param([string]$DriveLetter, $ErrorAction)
    $g = @{ G = '4519E341-59ED-43E9-8856-D2C9ED671F65'; F = '4CD3FA30-67BD-460F-93B8-1E58ACFE7C34' }[$DriveLetter]
    [pscustomobject]@{ AccessPaths = @("\${DriveLetter}:\\", "\\\\?\\Volume{$g}\\") }
}
`;

interface Box {
  dir: string;
  /** The recorded product calls, "<exe> <args…>", in order. */
  calls: () => string[];
  /** Makes the stub cluster run (true) or not (false). */
  running: (on: boolean) => void;
  isRunning: () => boolean;
  run: (script: string, env?: Record<string, string>) => { status: number | null; out: string };
}

function box(): Box {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clp-win-md-"));
  const bin = path.join(dir, "bin");
  const state = path.join(dir, "cluster");
  fs.mkdirSync(bin);
  fs.mkdirSync(state);
  for (const n of ["clpcl.exe", "clplcnsc.exe", "clpcfset.exe", "clpcfctrl.exe", "clpstat.exe"])
    fs.writeFileSync(path.join(bin, n), NATIVE_STUB, { mode: 0o755 });
  const log = path.join(dir, "calls.log");
  fs.writeFileSync(log, "");
  let n = 0;
  return {
    dir,
    calls: () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l)
        .map((l) => l.split("\t").join(" ")),
    running: (on) =>
      on
        ? fs.writeFileSync(path.join(state, "running"), "")
        : fs.rmSync(path.join(state, "running"), { force: true }),
    isRunning: () => fs.existsSync(path.join(state, "running")),
    run(script, env = {}) {
      const file = path.join(dir, `step-${++n}.ps1`);
      fs.writeFileSync(file, script);
      const wrapper = path.join(dir, "wrapper.ps1");
      // An error that escapes the step (its trap failing) must not pass for success: exit 99.
      fs.writeFileSync(
        wrapper,
        `${STUB_CMDLETS}\ntry { & '${file}' } catch { Write-Output "UNCAUGHT: $($_.Exception.Message)"; exit 99 }\nexit $LASTEXITCODE\n`,
      );
      const r = spawnSync(PWSH!, ["-NoProfile", "-NonInteractive", "-File", wrapper], {
        env: {
          ...process.env,
          CLP_BIN: bin,
          CALLS: log,
          STUB_STATE: state,
          AZHA_STATE_DIR: path.join(dir, "state"),
          AZHA_LOG_DIR: path.join(dir, "log"),
          AZHA_REBOOT_DIR: path.join(dir, "reboot"),
          ...env,
        },
        encoding: "utf8",
      });
      return { status: r.status, out: r.stdout + r.stderr };
    },
  };
}

/** A clp.conf as the first node's push leaves it (S12's layout): md, only node-1's GUIDs. */
function pulledConf(node2?: { v: string; cp: string }): string {
  const srv2 = node2
    ? `<server name="node-2"><parameters><volumeguid>${node2.v}</volumeguid><cpvolumeguid>${node2.cp}</cpvolumeguid></parameters></server>`
    : "";
  return `<?xml version="1.0" encoding="ASCII"?>
<root><resource><types name="md" /><md name="md"><parameters><volumemountpoint>G</volumemountpoint><cpvolumemountpoint>F</cpvolumemountpoint></parameters>
<server name="node-1"><parameters><volumeguid>11111111-0000-0000-0000-000000000001</volumeguid><cpvolumeguid>11111111-0000-0000-0000-000000000002</cpvolumeguid></parameters></server>${srv2}
</md></resource></root>
`;
}

/** The calls that are not clpcfset edits of the local clp.conf. */
const control = (calls: string[]) => calls.filter((c) => !c.startsWith("clpcfset.exe "));

describe("CLUSTERPRO Windows md GUIDs in real pwsh (stub cmdlets and binaries)", () => {
  jest.setTimeout(300_000);
  const s = renderClusterproScripts(cluster("ilb-windows"));
  const md = s.mdGuid["node-2"];
  const GUID = "4519e341-59ed-43e9-8856-d2c9ed671f65";
  const CPGUID = "4cd3fa30-67bd-460f-93b8-1e58acfe7c34";
  // ilb-windows runs 5.0: pull and push without a format flag
  const PULL = "clpcfctrl.exe --pull -x .";
  const PUSH = "clpcfctrl.exe --push -x .";
  const MINE = [
    `clpcfset.exe add rscparam md md server@node-2/parameters/volumeguid ${GUID}`,
    `clpcfset.exe add rscparam md md server@node-2/parameters/cpvolumeguid ${CPGUID}`,
  ];
  const writeConf = (b: Box, text: string) => {
    const f = path.join(b.dir, "pulled.xml");
    fs.writeFileSync(f, text);
    return f;
  };

  it("the md-guid step has no start and no 'cluster may run' switch any more", () => {
    expect(psArray(md, "PullArgs").join(" ")).toBe("--pull -x .");
    expect(md).not.toMatch(/ClusterMayRun/);
    const code = md
      .split("\n")
      .filter((l) => !/^\s*#/.test(l))
      .join("\n");
    expect(code).not.toMatch(/@\('-s'|clpcl(\.exe)?'?\)? -s/);
    expect(md).toMatch(/^\s*Stop-ClusterBeforePush$/m);
  });

  itPwsh("first deployment: push (no start), md-guid on node-2 (no start), then start", () => {
    const b = box();
    // the push step: no configuration anywhere yet (both pulls fail), the cluster not running
    const push = b.run(s.form);
    expect(push.status).toBe(0);
    expect(push.out).toContain(`G: ${GUID}, F: ${CPGUID}`);
    const pushCalls = b.calls();
    expect(pushCalls).toEqual(
      expect.arrayContaining([
        `clpcfset.exe add rscparam md md server@node-1/parameters/volumeguid ${GUID}`,
        `clpcfset.exe add rscparam md md server@node-1/parameters/cpvolumeguid ${CPGUID}`,
        "clpcfset.exe add rscparam md md parameters/volumemountpoint G",
      ]),
    );
    expect(pushCalls.join("\n")).not.toMatch(/@VOLUMEGUID@|\{|\}/);
    expect(control(pushCalls)).toEqual([
      PULL, // the live configuration, for the other servers' GUIDs: none yet
      expect.stringMatching(/^clpcfctrl\.exe --pull -x \S+pulled$/), // resume check
      "clpstat.exe", // not running: no stop
      PUSH,
    ]);
    // md-guid on node-2: pull what the push left, its own GUIDs, push; the cluster stays down
    const conf = writeConf(b, pulledConf());
    const before = b.calls().length;
    const g = b.run(md, { PULL_CONF: conf });
    expect(g.status).toBe(0);
    expect(b.calls().slice(before)).toEqual([PULL, ...MINE, "clpstat.exe", PUSH]);
    expect(b.isRunning()).toBe(false);
    // (reboot-after-push on every node, then) start on node-1: the only clpcl -s of the chain
    const n = b.calls().length;
    const st = b.run(s.start);
    expect(st.status).toBe(0);
    expect(b.calls().slice(n)).toEqual([
      "clpstat.exe",
      "clpstat.exe",
      "clpcl.exe -s -a",
      "clpstat.exe",
    ]);
    expect(b.calls().filter((c) => c.startsWith("clpcl.exe"))).toEqual(["clpcl.exe -s -a"]);
  });

  itPwsh(
    "form.ps1: a re-push to a running cluster keeps node-2's GUIDs, stops, never starts",
    () => {
      const b = box();
      b.running(true);
      const other = {
        v: "22222222-0000-0000-0000-000000000001",
        cp: "22222222-0000-0000-0000-000000000002",
      };
      const r = b.run(s.form, { PULL_CONF: writeConf(b, pulledConf(other)) });
      expect(r.status).toBe(0);
      const calls = b.calls();
      const keep = [
        `clpcfset.exe add rscparam md md server@node-2/parameters/volumeguid ${other.v}`,
        `clpcfset.exe add rscparam md md server@node-2/parameters/cpvolumeguid ${other.cp}`,
      ];
      expect(calls).toEqual(
        expect.arrayContaining([
          `clpcfset.exe add rscparam md md server@node-1/parameters/volumeguid ${GUID}`,
          ...keep,
        ]),
      );
      const push = calls.indexOf(PUSH);
      expect(push).toBeGreaterThan(-1);
      for (const k of keep) expect(calls.indexOf(k)).toBeLessThan(push);
      expect(control(calls).slice(-3)).toEqual(["clpstat.exe", "clpcl.exe -t -a", PUSH]);
      expect(b.isRunning()).toBe(false);
    },
  );

  itPwsh("md-guid.ps1: the GUIDs already there: one pull, no stop, no push", () => {
    const b = box();
    b.running(true);
    const r = b.run(md, { PULL_CONF: writeConf(b, pulledConf({ v: GUID, cp: CPGUID })) });
    expect(r.status).toBe(0);
    expect(r.out).toContain("already holds this server's volume GUIDs");
    expect(b.calls()).toEqual([PULL]);
    expect(b.isRunning()).toBe(true);
  });

  itPwsh("md-guid.ps1 re-run on a running cluster (new volumes): stop, push, no start", () => {
    const b = box();
    b.running(true);
    const old = {
      v: "99999999-0000-0000-0000-000000000001",
      cp: "99999999-0000-0000-0000-000000000002",
    };
    const r = b.run(md, { PULL_CONF: writeConf(b, pulledConf(old)) });
    expect(r.status).toBe(0);
    expect(r.out).toContain("stopping it before the push (clpcl -t -a)");
    expect(b.calls()).toEqual([PULL, ...MINE, "clpstat.exe", "clpcl.exe -t -a", PUSH]);
    expect(b.isRunning()).toBe(false);
  });

  itPwsh("md-guid.ps1: the stop fails and the cluster still runs: no push, exit 1", () => {
    const b = box();
    b.running(true);
    const r = b.run(md, { PULL_CONF: writeConf(b, pulledConf()), CLPCL_STOP_FAILS: "1" });
    expect(r.status).toBe(1);
    expect(r.out).toContain("the cluster still runs: not pushing to a running cluster");
    expect(b.calls()).toEqual([PULL, ...MINE, "clpstat.exe", "clpcl.exe -t -a", "clpstat.exe"]);
  });

  itPwsh("md-guid.ps1 refuses clearly when the pushed configuration has no md resource", () => {
    const b = box();
    const r = b.run(md, {
      PULL_CONF: writeConf(b, '<?xml version="1.0"?><root><resource /></root>'),
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain("has no mirror disk resource 'md'");
    expect(b.calls()).toEqual([PULL]);
  });

  itPwsh(
    "md-guid.ps1: a failed pull stops the step with the tool's exit code, nothing pushed",
    () => {
      const b = box();
      const r = b.run(md);
      expect(r.status).toBe(1);
      expect(r.out).toContain("clpcfctrl --pull failed (exit 1)");
      expect(b.calls()).toEqual([PULL]);
    },
  );

  itPwsh("a product command that is missing stops the step (never read as an answer)", () => {
    const b = box();
    fs.rmSync(path.join(b.dir, "bin", "clpstat.exe"));
    const r = b.run(md, { PULL_CONF: writeConf(b, pulledConf()) });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/ERROR: \S*clpstat\.exe not found/);
    expect(b.calls()).toEqual([PULL, ...MINE]);
  });

  itPwsh("an error before the log is set up reports that error, not an unset $LogFile", () => {
    const b = box();
    const file = path.join(b.dir, "not-a-dir");
    fs.writeFileSync(file, "");
    const r = b.run(md, { AZHA_LOG_DIR: path.join(file, "log") });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/\[md-guid\] ERROR: .*not-a-dir/);
    expect(r.out).not.toMatch(/LogFile|UNCAUGHT/);
    expect(b.calls()).toEqual([]);
  });
});

describe("CLUSTERPRO Windows: product commands whose failure is an answer", () => {
  it("no .ps1 step redirects a product command's stderr outside Invoke-ClpProbe", () => {
    // Windows PowerShell 5.1 applies $ErrorActionPreference ('Stop') to redirected stderr of a
    // native command: only Invoke-ClpProbe (common.ps1) redirects, with 'Continue' around it.
    const dir = path.join(__dirname, "..", "components", "bootstrap", "clusterpro", "windows");
    const found: string[] = [];
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".ps1"))) {
      fs.readFileSync(path.join(dir, f), "utf8")
        .split("\n")
        .forEach((l, i) => {
          if (/2>\s*(\$null|&1)/.test(l) && !/^\s*#/.test(l))
            found.push(`${f}:${i + 1}: ${l.trim()}`);
        });
    }
    expect(found).toEqual([
      expect.stringMatching(/^common\.ps1:\d+: \$lines = @\(& \$Exe @Arguments 2>\$null /),
    ]);
    const common = fs.readFileSync(path.join(dir, "common.ps1"), "utf8");
    expect(common).toMatch(
      /function Invoke-ClpProbe[\s\S]*?\$ErrorActionPreference = 'Continue'[\s\S]*?2>\$null[\s\S]*?finally \{\s*\$ErrorActionPreference = \$eap/,
    );
  });
});
