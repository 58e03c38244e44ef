/**
 * The in-guest side of `azure-ha-cluster drill`: the tiny scripts it sends through the VM Run
 * Command API (action Run Command: RunShellScript / RunPowerShellScript), and the parsers of
 * their output. Every script ends with a `DRILL-RC=<n>` line: an action Run Command keeps only the
 * last 4 KiB of output (https://learn.microsoft.com/azure/virtual-machines/linux/run-command,
 * "Restrictions"), so the marker is always last and status output is cut before it, never after.
 */

/** Names that reach a script: no quoting needed, nothing a shell or PowerShell interprets. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Throws unless `v` is a safe name (node, group or role names come from the stack outputs). */
export function safeName(what: string, v: string): string {
  if (!SAFE.test(v))
    throw new Error(
      `${what} "${v}" cannot be passed to a Run Command safely: letters, digits, ".", "_" and "-" only`,
    );
  return v;
}

/** What the cluster software reports. */
export interface ClusterStatus {
  /** Every node the software knows, with its state as printed ("Online", "Up", …). */
  nodes: { name: string; state: string; up: boolean }[];
  /** The group/role: its current owner (undefined when offline) and state. */
  group: { name: string; owner?: string; state: string; online: boolean };
}

export type Software = "clusterpro" | "wsfc";
export type OsFamily = "linux" | "windows";

/** The Run Command id for the OS (built-in action Run Commands). */
export function commandId(os: OsFamily): string {
  return os === "windows" ? "RunPowerShellScript" : "RunShellScript";
}

const HEAD_BYTES = 3000;

/** A script that prints the cluster status (first 3000 bytes) and the marker. */
export function statusScript(sw: Software, os: OsFamily, group: string): string[] {
  safeName("group", group);
  if (sw === "wsfc") {
    // FailoverClusters module: Get-ClusterNode (State Up/Down/Paused), Get-ClusterGroup
    // (OwnerNode, State Online/Offline/Failed) — learn.microsoft.com/powershell/module/failoverclusters
    return [
      "$ErrorActionPreference = 'Stop'",
      "try {",
      "  Import-Module FailoverClusters",
      '  Get-ClusterNode | ForEach-Object { "node $($_.Name) $($_.State)" }',
      `  $g = Get-ClusterGroup -Name '${group}'`,
      '  "group $($g.Name) $($g.OwnerNode.Name) $($g.State)"',
      "  'DRILL-RC=0'",
      "} catch { \"error $($_.Exception.Message)\"; 'DRILL-RC=1' }",
    ];
  }
  // clpstat -s: the status display (NEC CLUSTERPRO X Reference Guide, "clpstat"; seeds 001/004
  // show `clpstat -s [-h host_name]`). <server> and <group> come first, before the monitors.
  if (os === "windows")
    return [
      "$o = (clpstat -s 2>&1 | Out-String)",
      "$rc = $LASTEXITCODE",
      `if ($o.Length -gt ${HEAD_BYTES}) { $o = $o.Substring(0, ${HEAD_BYTES}) }`,
      "$o",
      '"DRILL-RC=$rc"',
    ];
  return [
    "out=$(clpstat -s 2>&1); rc=$?",
    `printf '%s\\n' "$out" | head -c ${HEAD_BYTES}`,
    'echo; echo "DRILL-RC=$rc"',
  ];
}

/** A script that moves the group/role to `target` and prints the marker. */
export function moveScript(sw: Software, os: OsFamily, group: string, target: string): string[] {
  safeName("group", group);
  safeName("node", target);
  if (sw === "wsfc")
    // Move-ClusterGroup -Name <role> -Node <node> (FailoverClusters module)
    return [
      "$ErrorActionPreference = 'Stop'",
      "try {",
      "  Import-Module FailoverClusters",
      `  Move-ClusterGroup -Name '${group}' -Node '${target}' | Out-Null`,
      "  'DRILL-RC=0'",
      "} catch { \"error $($_.Exception.Message)\"; 'DRILL-RC=1' }",
    ];
  // clpgrp -m <group> -a <destination server> (NEC Reference Guide, "clpgrp": -m moves a group,
  // -a names the destination; -h would only name the server that receives the request)
  if (os === "windows") return [`clpgrp -m ${group} -a ${target}`, '"DRILL-RC=$LASTEXITCODE"'];
  return [`clpgrp -m ${group} -a ${target}`, 'echo "DRILL-RC=$?"'];
}

/** Stops the cluster service on the local (active) node: the destructive "stop-service" drill. */
export function stopServiceScript(sw: Software, os: OsFamily, node: string): string[] {
  safeName("node", node);
  if (sw === "wsfc")
    // Stop-ClusterNode: stops the Cluster service on the node; its roles fail over.
    return [
      "$ErrorActionPreference = 'Stop'",
      `try { Import-Module FailoverClusters; Stop-ClusterNode -Name '${node}' | Out-Null; 'DRILL-RC=0' }`,
      "catch { \"error $($_.Exception.Message)\"; 'DRILL-RC=1' }",
    ];
  // clpcl -t: stop the cluster service on this server (Reference Guide, "clpcl"; CLUSTERPRO-REFERENCE.md)
  if (os === "windows") return ["clpcl -t", '"DRILL-RC=$LASTEXITCODE"'];
  return ["clpcl -t", 'echo "DRILL-RC=$?"'];
}

/** Starts the cluster service on the node again (the restore of "stop-service"). */
export function startServiceScript(sw: Software, os: OsFamily, node: string): string[] {
  safeName("node", node);
  if (sw === "wsfc")
    return [
      "$ErrorActionPreference = 'Stop'",
      `try { Import-Module FailoverClusters; Start-ClusterNode -Name '${node}' | Out-Null; 'DRILL-RC=0' }`,
      "catch { \"error $($_.Exception.Message)\"; 'DRILL-RC=1' }",
    ];
  // clpcl -s: start the cluster service on this server
  if (os === "windows") return ["clpcl -s", '"DRILL-RC=$LASTEXITCODE"'];
  return ["clpcl -s", 'echo "DRILL-RC=$?"'];
}

/** The stdout of an action Run Command result, and whether the script reported success. */
export function runCommandOutput(value: { code?: string; message?: string }[] | undefined): {
  stdout: string;
  rc?: number;
} {
  // Linux: one status whose message is "Enable succeeded: \n[stdout]\n…\n[stderr]\n…";
  // Windows: ComponentStatus/StdOut/succeeded and ComponentStatus/StdErr/succeeded.
  const all = value ?? [];
  const out = all.find((v) => /StdOut/i.test(v.code ?? "")) ?? all[0];
  let stdout = out?.message ?? "";
  const m = /\[stdout\]\n([\s\S]*?)(?:\n\[stderr\][\s\S]*)?$/.exec(stdout);
  if (m) stdout = m[1];
  const rcs = [...stdout.matchAll(/^DRILL-RC=(\d+)\s*$/gm)];
  return { stdout, rc: rcs.length ? Number(rcs[rcs.length - 1][1]) : undefined };
}

/**
 * Parses `clpstat -s`. The layout (NEC Reference Guide's example) is:
 *
 *    <server>
 *     *server1 .........: Online
 *        lanhb1         : Normal
 *      server2 .........: Online
 *    <group>
 *      failover1 .......: Online
 *        current        : server1
 *
 * Server and group lines have a dotted leader; `*` marks the local server. Returns undefined
 * when the sections or the group are missing: the drill then refuses rather than guess.
 */
export function parseClpstat(text: string, group: string): ClusterStatus | undefined {
  const lines = text.split(/\r?\n/);
  let section = "";
  const nodes: ClusterStatus["nodes"] = [];
  let g: ClusterStatus["group"] | undefined;
  let inGroup = false;
  for (const line of lines) {
    const sec = /^\s*<(\w+)>\s*$/.exec(line);
    if (sec) {
      section = sec[1].toLowerCase();
      continue;
    }
    const head = /^\s*\*?\s*(\S+)\s*\.{2,}\s*:\s*(\S+)/.exec(line);
    if (section === "server" && head) {
      nodes.push({ name: head[1], state: head[2], up: /^online$/i.test(head[2]) });
    } else if (section === "group") {
      if (head) {
        inGroup = head[1] === group;
        if (inGroup) g = { name: head[1], state: head[2], online: /^online$/i.test(head[2]) };
      } else if (inGroup && g) {
        const cur = /^\s*current\s*:\s*(\S+)/.exec(line);
        if (cur) g.owner = cur[1] === "-" || cur[1] === "--" ? undefined : cur[1];
      }
    }
  }
  if (nodes.length === 0 || !g) return undefined;
  return { nodes, group: g };
}

/** Parses the WSFC status script's `node <name> <State>` / `group <name> <owner> <State>` lines. */
export function parseWsfcStatus(text: string): ClusterStatus | undefined {
  const nodes: ClusterStatus["nodes"] = [];
  let group: ClusterStatus["group"] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const n = /^node (\S+) (\S+)\s*$/.exec(line);
    if (n) nodes.push({ name: n[1], state: n[2], up: n[2] === "Up" });
    const g = /^group (\S+) (\S*) (\S+)\s*$/.exec(line);
    if (g) group = { name: g[1], owner: g[2] || undefined, state: g[3], online: g[3] === "Online" };
  }
  if (nodes.length === 0 || !group) return undefined;
  return { nodes, group };
}
