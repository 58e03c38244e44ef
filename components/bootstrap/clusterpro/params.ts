/**
 * CLUSTERPRO X / EXPRESSCLUSTER X (4.3–5.0): the clp.conf paths and clpcfset verbs the "form"
 * step uses, in ONE table, each with its source, and the pure function that turns a resolved
 * cluster into the list of clpcfset calls and product-run scripts (the same plan for Linux and
 * Windows; the scripts only execute it).
 *
 * Sources (see shared/CLUSTERPRO-REFERENCE.md for the full list):
 *   S1 EXPRESSCLUSTER/clpcfset doc/{linux,windows}/*.md (product clpcfset, X 4.3+)
 *   S2 EXPRESSCLUSTER/VMware iSCSI-cluster.md (X 4.3 Linux full build)
 *   S5 EXPRESSCLUSTER/CreateClusterOnLinux doc/jp/MonitorParameters_Windows_jp.md,
 *      CommandUsage_Windows_jp.md (pre-product clpcfset "v2": clp.conf paths, not the product CLI)
 *   S12 EXPRESSCLUSTER/BasicCluster X41/Win/conf/2nodesMirror/clp.conf
 *   seed 001 (Linux) / seed 004 (Windows): NEC's Azure guides, the settings reproduced here.
 *
 * UNCONFIRMED entries have no product source: confirm them by building the resource once in
 * Cluster WebUI and reading the exported clp.conf, then move them to "confirmed". The README's
 * "one-minute check" does that comparison (clusterpro/clpconf-check.ts). Searched again for this
 * round (code/docs/pages corpora: azuredns, rscparam, pingnp, monitors@, preaction, clpcfset,
 * "クラスタ構成情報"; EXPRESSCLUSTER/clpcfset, BasicCluster, CreateClusterOnLinux, Azure): no public
 * source names the azuredns elements or the mtw monitor list; the others have only S5/S12 sources,
 * noted per entry.
 */
import * as fs from "fs";
import * as path from "path";
import type { ResolvedCluster, ResolvedClusterpro } from "../../core/types";

/** How sure we are of a path or verb. */
export type Confidence = "confirmed" | "UNCONFIRMED";

interface Entry {
  path: string;
  source: string;
  confidence: Confidence;
}

const e = (p: string, source: string, confidence: Confidence = "confirmed"): Entry => ({
  path: p,
  source,
  confidence,
});

/**
 * THE table. Everything the form plan writes into clp.conf goes through it, so an unconfirmed
 * name is fixed in one place.
 */
export const CLP_PARAMS = {
  // cluster
  heartbeatTimeoutMs: e("cluster/heartbeat/timeout", "S2 (50000 for 50 s: milliseconds)"),
  heartbeatIntervalMs: e(
    "cluster/heartbeat/interval",
    "none (guessed from the timeout's path)",
    "UNCONFIRMED",
  ),
  // md (Linux)
  mdNetdevPriority: e("parameters/netdev@0/priority", "S1 md.md, S2"),
  mdNetdevDevice: e("parameters/netdev@0/device", "S1 md.md, S2 (mdc index 0)"),
  mdNetdevMdcName: e("parameters/netdev@0/mdcname", "S1 md.md, S2"),
  mdNmpPath: e("parameters/nmppath", "S1 md.md, S2"),
  mdMountPoint: e("parameters/mount/point", "S1 md.md, S2"),
  mdDataPartition: e("parameters/diskdev/dppath", "S1 md.md, S2"),
  mdClusterPartition: e("parameters/diskdev/cppath", "S1 md.md, S2"),
  mdFs: e("parameters/fs", "S1 md.md, S2"),
  mdInitialMkfs: e("parameters/mkfs", "S1 md.md (optional 0|1)"),
  // md (Windows): a bare drive letter (`E`, as the export stores it) and, per server, the bare
  // lowercase volume GUIDs of the data and cluster partitions (S12 exported clp.conf;
  // CreateClusterOnLinux template_scripts/clpcreate_v1/create_win_md.pl sets the same paths).
  mdWinDataDrive: e("parameters/volumemountpoint", "S12 (value `E`), create_win_md.pl (`G`)"),
  mdWinClusterDrive: e("parameters/cpvolumemountpoint", "S12 (value `X`), create_win_md.pl (`F`)"),
  mdWinVolumeGuid: e("parameters/volumeguid", "S12 server@<srv>/parameters, create_win_md.pl"),
  mdWinCpVolumeGuid: e("parameters/cpvolumeguid", "S12 server@<srv>/parameters, create_win_md.pl"),
  // azurepp / azureppw / azurelbw
  azureppProbePort: e("parameters/probeport", "S1 azurepp.md"),
  azureppwMode: e("parameters/mode", "S1 azureppw.md"),
  azurelbwObject: e("parameters/object", "S1 azurelbw.md"),
  // azuredns: the WebUI fields of seeds 001/004 — clp.conf element names UNCONFIRMED (no public
  // clp.conf or clpcfset sample has an azuredns resource; searched again: none found)
  azurednsRecordSet: e("parameters/recordset", "WebUI 'Record Set Name' (seed 001)", "UNCONFIRMED"),
  azurednsZone: e("parameters/zone", "WebUI 'Zone Name' (seed 001)", "UNCONFIRMED"),
  azurednsIp: e("parameters/ip", "WebUI 'IP Address', per server tab (seed 001)", "UNCONFIRMED"),
  azurednsTtl: e("parameters/ttl", "WebUI 'TTL' (S7 Hybrid doc)", "UNCONFIRMED"),
  azurednsResourceGroup: e(
    "parameters/rgname",
    "WebUI 'Resource Group Name' (seed 001)",
    "UNCONFIRMED",
  ),
  azurednsUserUri: e("parameters/uri", "WebUI 'User URI' (seed 001)", "UNCONFIRMED"),
  azurednsTenant: e("parameters/tenant", "WebUI 'Tenant ID' (seed 001)", "UNCONFIRMED"),
  azurednsCertFile: e(
    "parameters/certfile",
    "WebUI 'File Path of Service Principal' (seed 001)",
    "UNCONFIRMED",
  ),
  azurednsCliPath: e(
    "parameters/azurecli",
    "WebUI 'Azure CLI File Path' (seed 001)",
    "UNCONFIRMED",
  ),
  // monitors: common
  interval: e("polling/interval", "S1, S5"),
  retries: e("polling/reconfirmation", "S1, S5"),
  timing: e("polling/timing", "S1, S5"),
  target: e("target", "S1, S5"),
  monitorServer: e("polling/servers@0/name", "S5 MonitorParameters"),
  relationType: e("relation/type", "S1, S5"),
  relationName: e("relation/name", "S1, S5"),
  restartThreshold: e("emergency/threshold/restart", "S5 ('final action only': restart 0, fo 0)"),
  // X 4: fo2 (S5 Windows doc); S2 (Linux 4.3) uses fo. Both are written: the unknown one is ignored.
  foThreshold: e("emergency/threshold/fo", "S2 (Linux), S5 (X 3)"),
  fo2Threshold: e("emergency/threshold/fo2", "S5 Windows doc (X 4)", "UNCONFIRMED"),
  finalAction: e("emergency/action", "S5 (1 none, 4 stop service + shutdown OS)"),
  preActionUse: e(
    "emergency/preaction/use",
    "S5 MonitorParameters_Linux_jp.md ('最終動作前にスクリプトを実行する'; CommandParameters_en.md names it usefailover, a typo?): pre-product doc only",
    "UNCONFIRMED",
  ),
  preActionDefault: e(
    "emergency/preaction/default",
    "S5 MonitorParameters_{Linux,Windows}_jp.md, CommandParameters_en.md (1 = script made by the product): pre-product docs only",
    "UNCONFIRMED",
  ),
  preActionPath: e(
    "emergency/preaction/path",
    "S5 (same docs: preaction.sh / preaction.bat for product scripts): pre-product docs only",
    "UNCONFIRMED",
  ),
  preActionTimeout: e(
    "emergency/preaction/timeout",
    "S5 (same docs): pre-product docs only",
    "UNCONFIRMED",
  ),
  // genw / ipw / mtw / mdw / mdnw
  genwPath: e("parameters/path", "S1 genw.md"),
  genwDefault: e("parameters/default", "S5 (1 = script made by the product)", "UNCONFIRMED"),
  genwSync: e("parameters/sync", "S1 genw.md"),
  genwNormalVal: e("parameters/normalval", "S1 genw.md"),
  ipwTarget: e(
    "parameters/list@0/ip",
    "S5 MonitorParameters_Linux_jp.md, CommandParameters_en.md: list@0/ip the first address, list@1/ip a second one (not a Windows difference); pre-product docs only",
    "UNCONFIRMED",
  ),
  mtwMonitor: e(
    "parameters/monitors@{i}/name",
    "none: no public doc, sample or export has an mtw (searched again: monitors@, mtw, マルチターゲット)",
    "UNCONFIRMED",
  ),
  mdwObject: e("parameters/object", "S1, S4"),
  // exec (Linux) / script (Windows)
  execStart: e("parameters/act/path", "S1 exec.md"),
  execStop: e("parameters/deact/path", "S1 exec.md"),
  scriptStart: e("parameters/act/path", "S5 Windows HowTo (start.bat)", "UNCONFIRMED"),
  scriptStop: e("parameters/deact/path", "S5 Windows HowTo (stop.bat)", "UNCONFIRMED"),
} as const;

/**
 * Verbs whose product form is UNCONFIRMED: PING NP with the product binary (S5 CommandUsage_v2
 * documents `add np pingnp <device id> <priority> <group id> <list id> <ip>`; S5 v2 samples pass
 * the raw id 10200; the product takes 0-based indexes per device type, S1 change_ipaddr). The
 * resulting XML is confirmed by S12's export: per server `<device id="10200"><type>ping</type>
 * <info>1</info>`, and `networkpartition/pingnp@pingnp1/{priority, device 10200, grp@0/list@0/ip}`.
 */
export const PING_NP_VERBS = {
  device: (srv: string, i: number) => ["add", "device", srv, "ping", String(i), "1"],
  np: (i: number, prio: number, grp: number, list: number, ip: string) => [
    "add",
    "np",
    "pingnp",
    String(i),
    String(prio),
    String(grp),
    String(list),
    ip,
  ],
  confidence: "UNCONFIRMED" as Confidence,
};

/** clp.conf action codes (S5 MonitorParameters table). */
export const FINAL_ACTION = { none: "1", stopGroup: "2", stopService: "3", shutdown: "4" } as const;

/** Resource and monitor names, as the seeds name them. */
export const NAMES = {
  group: "failover1",
  md: "md",
  mdw: "mdw1",
  mdnw: "mdnw1",
  userw: "userw",
  azurepp: "azurepp1",
  azureppw: "azureppw1",
  azurelbw: "azurelbw1",
  azuredns: "azuredns1",
  azurednsw: "azurednsw1",
  genw: "genw1",
  mtw: "mtw1",
  exec: "exec1",
  script: "script1",
} as const;

/** Runtime tokens the form script substitutes (values known only at deployment time). */
export const TOKENS = {
  publicIp: "@PUBLIC_IP@",
  dnsResourceGroup: "@DNS_RESOURCE_GROUP@",
  /** Linux: the data disk's by-LUN path on the forming node (scsi1/lun<N> or data/by-lun/<N>). */
  dataDisk: "@DATA_DISK@",
  /**
   * Windows: the bare lowercase volume GUIDs of the mirror disk's data and cluster partitions,
   * read on the node the per-server entries belong to (form.ps1 / md-guid.ps1, Get-VolumeGuid).
   */
  volumeGuid: "@VOLUMEGUID@",
  cpVolumeGuid: "@CPVOLUMEGUID@",
} as const;

/** One clpcfset invocation (arguments after the binary). */
export type ClpCommand = string[];

/** A script the product runs, written next to clp.conf before the push. */
export interface ClpFile {
  /** Path relative to the configuration directory, e.g. scripts/monitor.s/genw1/genw.sh. */
  path: string;
  content: string;
}

/** The whole configuration: clpcfset calls and product scripts. */
export interface FormPlan {
  /** Every clpcfset call the form step makes (the first node's own per-server calls included). */
  commands: ClpCommand[];
  files: ClpFile[];
  /**
   * Windows: per server (lowercase name), the clpcfset calls whose values only that server can
   * read (its md volume GUIDs, TOKENS.volumeGuid/cpVolumeGuid). The first server's are part of
   * `commands`; every other server applies its own in the md-guid step (pull, clpcfset, push).
   * Linux: empty (the md devices are by-LUN paths, the same on every node).
   */
  serverCommands: Record<string, ClpCommand[]>;
}

/** Per-OS facts the plan needs. */
export interface PlanOs {
  family: "linux" | "windows";
  /**
   * Linux: the product bin directory (for scripts the product runs). Windows scripts call the
   * product's commands by bare name (the installer puts its bin on PATH; NEC's samples do the
   * same), so no install path is written into them.
   */
  clpBin: string;
  /** Windows DSR: the loopback adapter's interface alias. */
  loopbackAlias?: string;
  /** Windows: where the service-principal PEM lives; Linux likewise. */
  pemPath: string;
}

const SNIPPET_DIR = path.join(__dirname);

/** A value that is one plain token in every target language (numbers, IPs, GUIDs, names). */
const PLAIN_TOKEN = /^[A-Za-z0-9._:@-]+$/;

/**
 * Characters a value inside a double-quoted .bat argument must not hold: `"` ends the quotes,
 * `%` (and `!` under delayed expansion) expand variables even inside quotes, `^ & | < >` act
 * once a quote count goes wrong, and a line break ends the command (Microsoft Learn, "cmd":
 * special characters `& < > [ ] { } ^ = ; ! ' + , ` ~` need quotes; `%` is expanded always).
 * form.ps1 writes .bat files as ASCII, so anything outside printable ASCII is refused too.
 */
const BAT_REFUSED = /["%^&|<>!\r\n]|[^\x20-\x7e]/;

/** Throws unless `value` may sit inside a double-quoted .bat argument (see BAT_REFUSED). */
export function batQuotable(value: string): string {
  const bad = BAT_REFUSED.exec(value);
  if (bad) {
    throw new Error(
      `value ${JSON.stringify(value)} holds ${JSON.stringify(bad[0])}, which a .bat file cannot quote (refused: " % ^ & | < > ! line breaks, non-ASCII)`,
    );
  }
  return value;
}

/**
 * Counts the quote characters before `offset` on its line: odd means `offset` sits inside a
 * quoted string (the snippets use no escaped quotes, so a count is exact).
 */
function insideQuotes(text: string, offset: number, quote: string): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return text.slice(lineStart, offset).split(quote).length % 2 === 0;
}

/**
 * Reads a product-run snippet and fills its `{{NAME}}` placeholders (all must be given), quoting
 * each value for the snippet's language, because the product runs these files as root/SYSTEM:
 *   - .sh: a value that is not a plain token must sit inside '…' in the snippet; its `'` become
 *     `'\''` (POSIX sh: nothing else is special inside single quotes);
 *   - .bat: a value that is not a plain token must sit inside "…" in the snippet and pass
 *     `batQuotable` (cmd.exe cannot escape `"` or `%` inside quotes, so they are refused).
 * Parentheses stay inside double quotes, where cmd's parenthesised blocks ignore them.
 * Validation (core/validate.ts) refuses such values earlier with the field path; this is the
 * second line, for values that come from elsewhere.
 */
export function snippet(rel: string, values: Record<string, string | number>): string {
  // CRLF is the writer's business (form.ps1 writes .bat files with CRLF)
  const text = fs.readFileSync(path.join(SNIPPET_DIR, rel), "utf8").replace(/\r\n/g, "\n");
  const lang = rel.endsWith(".bat") ? "bat" : "sh";
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (m, k: string, offset: number) => {
    if (!(k in values)) throw new Error(`${rel}: no value for ${m}`);
    const v = String(values[k]);
    if (PLAIN_TOKEN.test(v)) return v;
    if (lang === "sh") {
      if (!insideQuotes(text, offset, "'"))
        throw new Error(`${rel}: ${m} must sit inside '…' to take ${JSON.stringify(v)}`);
      return v.replace(/'/g, `'\\''`);
    }
    if (!insideQuotes(text, offset, '"'))
      throw new Error(`${rel}: ${m} must sit inside "…" to take ${JSON.stringify(v)}`);
    return batQuotable(v);
  });
}

/** The clusterpro software block of a resolved cluster (throws for other kinds). */
export function clusterproOf(c: ResolvedCluster): ResolvedClusterpro {
  if (c.software.kind !== "clusterpro") throw new Error(`${c.name}: not a CLUSTERPRO cluster`);
  return c.software;
}

/** A node as the plan names it: `srv` is the lowercase server name clp.conf uses. */
type PlanNode = ResolvedCluster["nodes"][number] & { srv: string };

/** What every section of the plan reads. */
interface PlanInput {
  c: ResolvedCluster;
  sw: ResolvedClusterpro;
  os: PlanOs;
  win: boolean;
  nodes: PlanNode[];
  /** The extension and snippet directory of the scripts the product runs. */
  ext: "bat" | "sh";
  dir: "windows" | "linux";
}

/** The plan under construction: the clpcfset calls in order, the product scripts. */
class PlanWriter {
  readonly commands: ClpCommand[] = [];
  readonly files: ClpFile[] = [];
  readonly serverCommands: Record<string, ClpCommand[]> = {};

  add(...args: (string | number)[]): void {
    this.commands.push(args.map(String));
  }

  rscparam(type: string, name: string, p: Entry | string, v: string | number): void {
    this.add("add", "rscparam", type, name, typeof p === "string" ? p : p.path, v);
  }

  monparam(type: string, name: string, p: Entry | string, v: string | number): void {
    this.add("add", "monparam", type, name, typeof p === "string" ? p : p.path, v);
  }

  /** "Final action only": no restart, no failover, `action`, recovery target cls LocalServer. */
  finalActionOnly(type: string, name: string, action: string): void {
    const P = CLP_PARAMS;
    this.monparam(type, name, P.relationType, "cls");
    this.monparam(type, name, P.relationName, "LocalServer");
    this.monparam(type, name, P.restartThreshold, 0);
    this.monparam(type, name, P.foThreshold, 0);
    this.monparam(type, name, P.fo2Threshold, 0);
    this.monparam(type, name, P.finalAction, action);
  }

  file(path: string, content: string): void {
    this.files.push({ path, content });
  }
}

/**
 * The configuration the form step builds, as seeds 001 (Linux) and 004 (Windows) build it in
 * Cluster WebUI. Pure: the same cluster always gives the same plan (its hash makes the form
 * step idempotent).
 */
export function formPlan(c: ResolvedCluster, os: PlanOs): FormPlan {
  const sw = clusterproOf(c);
  const win = os.family === "windows";
  const x: PlanInput = {
    c,
    sw,
    os,
    win,
    nodes: c.nodes.map((n) => ({ ...n, srv: n.name.toLowerCase() })),
    ext: win ? "bat" : "sh",
    dir: win ? "windows" : "linux",
  };
  const w = new PlanWriter();
  // the order of the calls is the order of the clpcfset calls (and of the files)
  addClusterAndServers(w, x);
  if (sw.networkPartition.method === "ping") addPingNp(w, x);
  addMirrorDisk(w, x);
  addMirrorDiskMonitors(w, x);
  if (c.lb) addProbePort(w, c.lb.probePort);
  if (sw.dsr && c.lb?.frontendIp) addDsrVip(w, x, c.lb.frontendIp);
  if (c.dns) addAzureDns(w, x, c.dns);
  if (sw.networkPartition.method === "monitors") addNpMonitors(w, x, sw.networkPartition);
  return { commands: w.commands, files: w.files, serverCommands: w.serverCommands };
}

/** Cluster, servers, heartbeats (seeds: every node's private IP is the interconnect and mdc1). */
function addClusterAndServers(w: PlanWriter, { sw, nodes }: PlanInput): void {
  const P = CLP_PARAMS;
  w.add("create", sw.clusterName, "ASCII");
  w.add("add", "clsparam", P.heartbeatTimeoutMs.path, sw.heartbeat.timeoutSec * 1000);
  if (sw.heartbeat.intervalSec !== undefined) {
    w.add("add", "clsparam", P.heartbeatIntervalMs.path, sw.heartbeat.intervalSec * 1000);
  }
  nodes.forEach((n, i) => w.add("add", "srv", n.srv, i));
  for (const n of nodes) {
    w.add("add", "device", n.srv, "lan", 0, n.privateIp);
    w.add("add", "device", n.srv, "mdc", 0, n.privateIp);
  }
  w.add("add", "hb", "lankhb", 0, 0);
}

/** Internal LB: PING NP resolution resource to the configured always-on targets. */
function addPingNp(w: PlanWriter, { sw, nodes }: PlanInput): void {
  const np = sw.networkPartition;
  for (const n of nodes) w.commands.push(PING_NP_VERBS.device(n.srv, 0));
  np.pingTargets.forEach((ip, j) => w.commands.push(PING_NP_VERBS.np(0, 0, 0, j, ip)));
}

/** Failover group + mirror disk. */
function addMirrorDisk(w: PlanWriter, x: PlanInput): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  const md = x.sw.mirrorDisk;
  w.add("add", "grp", "failover", N.group);
  w.add("add", "rsc", N.group, "md", N.md);
  w.rscparam("md", N.md, P.mdNetdevPriority, 0);
  w.rscparam("md", N.md, P.mdNetdevDevice, 0);
  w.rscparam("md", N.md, P.mdNetdevMdcName, "mdc1");
  if (x.win) {
    // bare letters, as the export stores them (S12 `E`/`X`); per server the volume GUIDs, read
    // on that server (a GUID belongs to one machine's volume, S12 lists different ones per server)
    w.rscparam("md", N.md, P.mdWinDataDrive, md.driveLetter);
    w.rscparam("md", N.md, P.mdWinClusterDrive, md.clusterPartitionDriveLetter);
    for (const n of x.nodes) w.serverCommands[n.srv] = mdVolumeGuidCommands(n.srv);
    w.commands.push(...w.serverCommands[x.nodes[0].srv]);
  } else {
    w.rscparam("md", N.md, P.mdNmpPath, "/dev/NMP1");
    w.rscparam("md", N.md, P.mdMountPoint, md.mountPoint);
    w.rscparam("md", N.md, P.mdDataPartition, `${TOKENS.dataDisk}-part2`);
    w.rscparam("md", N.md, P.mdClusterPartition, `${TOKENS.dataDisk}-part1`);
    w.rscparam("md", N.md, P.mdFs, md.fs);
    w.rscparam("md", N.md, P.mdInitialMkfs, 1);
  }
}

/** Windows: one server's md volume GUIDs (TOKENS, read on that server). */
function mdVolumeGuidCommands(srv: string): ClpCommand[] {
  const P = CLP_PARAMS;
  return [
    [
      "add",
      "rscparam",
      "md",
      NAMES.md,
      `server@${srv}/${P.mdWinVolumeGuid.path}`,
      TOKENS.volumeGuid,
    ],
    [
      "add",
      "rscparam",
      "md",
      NAMES.md,
      `server@${srv}/${P.mdWinCpVolumeGuid.path}`,
      TOKENS.cpVolumeGuid,
    ],
  ];
}

/** The mirror disk's monitors, and the user-mode monitor. */
function addMirrorDiskMonitors(w: PlanWriter, { win }: PlanInput): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  // mdw1 + mdnw1 on md. Recovery target: Linux cls LocalServer (S1 md.md); Windows the md
  // resource itself (rsc md), as S12's export and create_win_md.pl have it.
  for (const [type, name] of [
    ["mdw", N.mdw],
    ["mdnw", N.mdnw],
  ] as const) {
    w.add("add", "mon", type, name);
    w.monparam(type, name, P.mdwObject, N.md);
    w.monparam(type, name, P.relationType, win ? "rsc" : "cls");
    w.monparam(type, name, P.relationName, win ? N.md : "LocalServer");
  }
  // userw (user-mode monitor): every vendor clpcfset sample adds it (S1 Create-Cluster_X43.ps1:
  // name `userw`, relation cls LocalServer; S1 userw.md), S12's Windows export has it too;
  // method/action stay the product defaults (keepalive since X 4, S5 CommandParameters_en).
  w.add("add", "mon", "userw", N.userw);
  w.monparam("userw", N.userw, P.relationType, "cls");
  w.monparam("userw", N.userw, P.relationName, "LocalServer");
}

/** LB topologies: probe-port resource and its two monitors (recovery target azurepp1, seeds). */
function addProbePort(w: PlanWriter, probePort: number): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  w.add("add", "rsc", N.group, "azurepp", N.azurepp);
  w.rscparam("azurepp", N.azurepp, P.azureppProbePort, probePort);
  w.add("add", "mon", "azureppw", N.azureppw);
  w.monparam("azureppw", N.azureppw, P.target, N.azurepp);
  w.monparam("azureppw", N.azureppw, P.relationType, "rsc");
  w.monparam("azureppw", N.azureppw, P.relationName, N.azurepp);
  w.add("add", "mon", "azurelbw", N.azurelbw);
  w.monparam("azurelbw", N.azurelbw, P.azurelbwObject, N.azurepp);
  w.monparam("azurelbw", N.azurelbw, P.relationType, "rsc");
  w.monparam("azurelbw", N.azurelbw, P.relationName, N.azurepp);
}

/** DSR: the VIP on the loopback follows the group (exec on Linux, script on Windows). */
function addDsrVip(w: PlanWriter, { win, os }: PlanInput, vip: string): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  if (win) {
    w.add("add", "rsc", N.group, "script", N.script);
    w.rscparam("script", N.script, P.scriptStart, "start.bat");
    w.rscparam("script", N.script, P.scriptStop, "stop.bat");
    const v = { VIP: vip, LOOPBACK: os.loopbackAlias ?? "azha-loopback" };
    w.file(`scripts/${N.group}/${N.script}/start.bat`, snippet("windows/dsr-start.bat", v));
    w.file(`scripts/${N.group}/${N.script}/stop.bat`, snippet("windows/dsr-stop.bat", v));
  } else {
    w.add("add", "rsc", N.group, "exec", N.exec);
    w.rscparam("exec", N.exec, P.execStart, "start.sh");
    w.rscparam("exec", N.exec, P.execStop, "stop.sh");
    w.file(`scripts/${N.group}/${N.exec}/start.sh`, snippet("linux/dsr-start.sh", { VIP: vip }));
    w.file(`scripts/${N.group}/${N.exec}/stop.sh`, snippet("linux/dsr-stop.sh", { VIP: vip }));
  }
}

type PlanDns = NonNullable<ResolvedCluster["dns"]>;
type PlanDnsUpdater = NonNullable<PlanDns["updater"]>;

/** DNS topology: azuredns (+ TTL fix after activation) and azurednsw. */
function addAzureDns(w: PlanWriter, x: PlanInput, dns: PlanDns): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  const { c, sw, os, nodes } = x;
  const up = dns.updater;
  if (!up) throw new Error(`${c.name}: the DNS topology with CLUSTERPRO needs dns.updater`);
  w.add("add", "rsc", N.group, "azuredns", N.azuredns);
  w.rscparam("azuredns", N.azuredns, P.azurednsRecordSet, dns.recordName);
  w.rscparam("azuredns", N.azuredns, P.azurednsZone, dns.zoneName);
  // the common tab carries the first node's address, each server tab its own (seed 001)
  w.rscparam("azuredns", N.azuredns, P.azurednsIp, nodes[0].privateIp);
  for (const n of nodes)
    w.rscparam("azuredns", N.azuredns, `server@${n.srv}/${P.azurednsIp.path}`, n.privateIp);
  w.rscparam("azuredns", N.azuredns, P.azurednsTtl, dns.ttlSec);
  w.rscparam("azuredns", N.azuredns, P.azurednsResourceGroup, TOKENS.dnsResourceGroup);
  w.rscparam("azuredns", N.azuredns, P.azurednsUserUri, up.appId);
  w.rscparam("azuredns", N.azuredns, P.azurednsTenant, up.tenantId);
  w.rscparam("azuredns", N.azuredns, P.azurednsCertFile, os.pemPath);
  w.rscparam("azuredns", N.azuredns, P.azurednsCliPath, sw.azureCliPath);
  w.add("add", "mon", "azurednsw", N.azurednsw);
  w.monparam("azurednsw", N.azurednsw, P.target, N.azuredns);
  w.monparam("azurednsw", N.azurednsw, P.relationType, "rsc");
  w.monparam("azurednsw", N.azurednsw, P.relationName, N.azuredns);
  addDnsTtlFix(w, x, dns, up);
}

/**
 * NEC's workaround for Azure CLI resetting the TTL to 3600: set it again after activation,
 * from an exec/script resource that starts after azuredns1 (rscdep).
 */
function addDnsTtlFix(w: PlanWriter, x: PlanInput, dns: PlanDns, up: PlanDnsUpdater): void {
  const P = CLP_PARAMS;
  const { win, ext, dir } = x;
  const ttlVars = {
    AZ: x.sw.azureCliPath,
    TENANT: up.tenantId,
    APP_ID: up.appId,
    PEM: x.os.pemPath,
    RG: TOKENS.dnsResourceGroup,
    ZONE: dns.zoneName,
    RECORD: dns.recordName,
    TTL: dns.ttlSec,
  };
  const ttlRsc = win ? "script" : "exec";
  const ttlName = "ttlfix1";
  w.add("add", "rsc", NAMES.group, ttlRsc, ttlName);
  w.rscparam(ttlRsc, ttlName, win ? P.scriptStart : P.execStart, `start.${ext}`);
  w.rscparam(ttlRsc, ttlName, win ? P.scriptStop : P.execStop, `stop.${ext}`);
  w.add("add", "rscdep", ttlRsc, ttlName, NAMES.azuredns);
  w.file(
    `scripts/${NAMES.group}/${ttlName}/start.${ext}`,
    snippet(`${dir}/ttl-fix.${ext}`, ttlVars),
  );
  w.file(`scripts/${NAMES.group}/${ttlName}/stop.${ext}`, snippet(`${dir}/noop.${ext}`, {}));
}

type PlanNp = ResolvedClusterpro["networkPartition"];

/**
 * DNS / public LB: NP by monitors — genw1 (port check), ipw1/ipw2 (each node pings the
 * other), all "final action only" / LocalServer / none; mtw1 over them.
 */
function addNpMonitors(w: PlanWriter, x: PlanInput, np: PlanNp): void {
  addPortCheckMonitor(w, x, np);
  const ipws = addPeerPingMonitors(w, x, np);
  addMultiTargetMonitor(w, x, np, [NAMES.genw, ...ipws]);
}

/** genw1: the port check of the NP endpoint, by a product-run script. */
function addPortCheckMonitor(w: PlanWriter, { win, os, ext, dir }: PlanInput, np: PlanNp): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  w.add("add", "mon", "genw", N.genw);
  w.monparam("genw", N.genw, P.genwDefault, 1);
  w.monparam("genw", N.genw, P.genwPath, `genw.${ext}`);
  w.monparam("genw", N.genw, P.genwSync, 1);
  w.monparam("genw", N.genw, P.genwNormalVal, 0);
  w.monparam("genw", N.genw, P.interval, np.intervalSec);
  w.monparam("genw", N.genw, P.retries, np.retries);
  w.finalActionOnly("genw", N.genw, FINAL_ACTION.none);
  w.file(
    `scripts/monitor.s/${N.genw}/genw.${ext}`,
    snippet(`${dir}/genw.${ext}`, {
      ...(win ? {} : { CLP_BIN: os.clpBin }),
      ENDPOINT: np.endpoint,
      PORT: np.port,
    }),
  );
}

/** ipw1, ipw2, …: each node pings the next one; returns the monitors' names. */
function addPeerPingMonitors(w: PlanWriter, { nodes }: PlanInput, np: PlanNp): string[] {
  const P = CLP_PARAMS;
  return nodes.map((n, i) => {
    const name = `ipw${i + 1}`;
    const peer = nodes[(i + 1) % nodes.length];
    w.add("add", "mon", "ipw", name);
    w.monparam("ipw", name, P.monitorServer, n.srv);
    w.monparam("ipw", name, P.ipwTarget, peer.privateIp);
    w.monparam("ipw", name, P.interval, np.intervalSec);
    w.monparam("ipw", name, P.retries, np.retries);
    w.finalActionOnly("ipw", name, FINAL_ACTION.none);
    return name;
  });
}

/** mtw1 over `monitors`; public LB: its pre-final-action script (preaction). */
function addMultiTargetMonitor(
  w: PlanWriter,
  { c, win, os, ext, dir }: PlanInput,
  np: PlanNp,
  monitors: string[],
): void {
  const P = CLP_PARAMS;
  const N = NAMES;
  w.add("add", "mon", "mtw", N.mtw);
  monitors.forEach((m, i) =>
    w.monparam("mtw", N.mtw, P.mtwMonitor.path.replace("{i}", String(i)), m),
  );
  w.monparam("mtw", N.mtw, P.interval, np.multiTargetIntervalSec);
  w.monparam("mtw", N.mtw, P.retries, np.multiTargetRetries);
  w.finalActionOnly(
    "mtw",
    N.mtw,
    np.finalAction === "shutdown" ? FINAL_ACTION.shutdown : FINAL_ACTION.none,
  );
  if (c.lb?.kind !== "public") return;
  const rule = c.lb.rules[0];
  w.monparam("mtw", N.mtw, P.preActionUse, 1);
  w.monparam("mtw", N.mtw, P.preActionDefault, 1);
  w.monparam("mtw", N.mtw, P.preActionPath, `preaction.${ext}`);
  w.monparam("mtw", N.mtw, P.preActionTimeout, np.preFinalScriptTimeoutSec);
  w.file(
    `scripts/monitor.s/${N.mtw}/preaction.${ext}`,
    snippet(`${dir}/preaction.${ext}`, {
      ...(win ? {} : { CLP_BIN: os.clpBin }),
      BACKEND_PORT: rule.backendPort,
      FRONTEND_PORT: rule.frontendPort,
      PUBLIC_IP: TOKENS.publicIp,
    }),
  );
}

/**
 * After the first push, every server reboots (one at a time: steps reboot-after-push →
 * wait-after-push → gate-after-push, then "start"). 4.3: NEC reboots every server after the push
 * (S1 doc/windows/Shared-Disk.md "構成情報反映後、全てのサーバの OS を再起動してください"; the
 * EXPRESSCLUSTER iSCSI-cluster flow with a mirror disk pushes with `--push -l -x .` and reboots
 * both nodes), and any mdc change needs every server restarted (S1 change_ipaddr/README.md).
 * 5.0: no public source found; the same reboot is done (it is never wrong, only slower than a
 * service restart) — UNCONFIRMED.
 */
export function rebootAfterPush(versionParts: [number, number]): Entry {
  return versionParts[0] >= 5
    ? e(
        "reboot every server after the first push",
        "no public 5.0 source; 4.3 flow (S1 Shared-Disk.md)",
        "UNCONFIRMED",
      )
    : e("reboot every server after the first push", "S1 doc/windows/Shared-Disk.md, iSCSI flow");
}

/** Arguments of `clpcfctrl --push` per version and OS (CLUSTERPRO-REFERENCE.md §5). */
export function pushArgs(versionParts: [number, number], family: "linux" | "windows"): string[] {
  // 4.x Linux: -l (config made on Linux) (S6, S2); 4.3 Windows: -w (S1 Shared-Disk.md);
  // 5.x: neither flag (S4, S8).
  if (versionParts[0] >= 5) return ["--push", "-x", "."];
  return family === "linux" ? ["--push", "-l", "-x", "."] : ["--push", "-w", "-x", "."];
}

/**
 * Arguments of `clpcfctrl --pull` (the md-guid step, Windows): 4.x `--pull -w -x .` (the same
 * format flag as the 4.3 Windows push, S1 Shared-Disk.md; UNCONFIRMED: NEC's public Windows
 * sample pulls with `--pull -x .` on X 3, the Linux 4.x samples with `--pull -l -x .`, S13/S11);
 * 5.x `--pull -x .` (no format flag, as the 5.x push).
 */
export function pullArgs(versionParts: [number, number], family: "linux" | "windows"): string[] {
  if (versionParts[0] >= 5) return ["--pull", "-x", "."];
  return family === "linux" ? ["--pull", "-l", "-x", "."] : ["--pull", "-w", "-x", "."];
}

/** Product ports opened in the OS firewall (S9 OCI Terraform, S6 OpenPorts_X42.bat). */
export const PRODUCT_PORTS: Record<"linux" | "windows", { tcp: string[]; udp: string[] }> = {
  linux: { tcp: ["29001-29010", "29031", "29051", "29071"], udp: ["29001-29010"] },
  windows: { tcp: ["29001-29010"], udp: ["29001-29010", "29106"] },
};

/** A plan encoded for a script: one string per command, arguments separated by a TAB. */
export function encodeCommands(cmds: ClpCommand[]): string[] {
  for (const c of cmds) {
    for (const a of c)
      if (/[\t\n]/.test(a))
        throw new Error(`clpcfset argument with TAB/newline: ${JSON.stringify(a)}`);
  }
  return cmds.map((c) => c.join("\t"));
}
