/**
 * CLUSTERPRO: supported version, names and paths that reach root/SYSTEM scripts, heartbeat,
 * network-partition resolution per topology, the shutdown monitor, Azure DNS and drive letters.
 */
import { isIpv4 } from "../addressing";
import {
  CLUSTERPRO_CLUSTER_NAME,
  CLUSTERPRO_MAX,
  CLUSTERPRO_MIN,
  compareVersion,
  isHostName,
  parseVersion,
  VERSION_TEXT,
} from "../azure-limits";
import { ABS_PATH, LIST_MAX } from "../limits";
import type { Ctx, Seg } from "./context";

type Clusterpro = Extract<Ctx["facts"]["sw"], { kind: "clusterpro" }>;

/** The CLUSTERPRO software block, concern by concern (in this order). */
export function clusterpro(ctx: Ctx): void {
  const sw = ctx.facts.sw;
  if (sw.kind !== "clusterpro") return;
  version(ctx, sw);
  namesAndPaths(ctx, sw);
  heartbeat(ctx, sw);
  networkPartition(ctx, sw);
  pingTargets(ctx, sw);
  shutdownMonitor(ctx, sw);
  azureDns(ctx);
  driveLetters(ctx, sw);
}

function version(ctx: Ctx, sw: Clusterpro): void {
  const v = VERSION_TEXT.test(sw.version) ? parseVersion(sw.version) : undefined;
  const segs = ["software", "version"];
  if (!v) ctx.add(segs, 'expected a version such as "4.3", "5.0" or "5.0.2"');
  else if (compareVersion(v, CLUSTERPRO_MIN) < 0) {
    ctx.add(
      segs,
      "automated configuration needs clpcfset, bundled since X 4.3; supported: 4.3–5.0 (upgrade the product, or build older versions by hand)",
    );
  } else if (compareVersion(v, CLUSTERPRO_MAX) > 0) {
    ctx.add(
      segs,
      "supported: 4.3–5.0; X 5.1+ recommends clpcfadm.py, whose syntax is not confirmed yet",
    );
  }
}

/** Cluster name, Azure CLI path and mirror mount point: held to safe characters (no TAB/newline). */
function namesAndPaths(ctx: Ctx, sw: Clusterpro): void {
  const family = ctx.facts.family;
  if (sw.clusterName !== undefined && !CLUSTERPRO_CLUSTER_NAME.re.test(sw.clusterName))
    ctx.add(["software", "clusterName"], CLUSTERPRO_CLUSTER_NAME.rule);
  if (sw.azureCliPath !== undefined && family) {
    const rule = ABS_PATH[family];
    if (!rule.re.test(sw.azureCliPath) || sw.azureCliPath.length > ABS_PATH.maxLength)
      ctx.add(
        ["software", "azureCliPath"],
        `${rule.rule}; ≤ ${ABS_PATH.maxLength} characters (${family})`,
      );
  }
  const mount = sw.mirrorDisk?.mountPoint;
  if (
    mount !== undefined &&
    (!ABS_PATH.linux.re.test(mount) || mount.length > ABS_PATH.maxLength)
  ) {
    ctx.add(["software", "mirrorDisk", "mountPoint"], `${ABS_PATH.linux.rule}, e.g. /mnt/md`);
  }
}

function heartbeat(ctx: Ctx, sw: Clusterpro): void {
  const hb = sw.heartbeat;
  if (
    hb?.intervalSec !== undefined &&
    hb.timeoutSec !== undefined &&
    hb.intervalSec >= hb.timeoutSec
  ) {
    ctx.add(
      ["software", "heartbeat", "intervalSec"],
      `must be shorter than heartbeat.timeoutSec (${hb.timeoutSec} s): CLUSTERPRO sends several heartbeats within one timeout (Cluster WebUI refuses an interval ≥ the timeout)`,
    );
  }
}

/** Monitor-based NP fields on the internal LB (ping NP), ping targets elsewhere. */
const MONITOR_NP_FIELDS = [
  "endpoint",
  "port",
  "intervalSec",
  "retries",
  "multiTargetIntervalSec",
  "multiTargetRetries",
  "graceSec",
  "preFinalScriptTimeoutSec",
] as const;

function networkPartition(ctx: Ctx, sw: Clusterpro): void {
  const np = sw.networkPartition ?? {};
  const at = (k: string): Seg[] => ["software", "networkPartition", k];
  if (np.endpoint !== undefined && !isHostName(np.endpoint)) {
    ctx.add(
      at("endpoint"),
      "expected a host name (letters, digits, hyphens, dots; ≤ 253 characters) or an IPv4 address, e.g. management.azure.com",
    );
  }
  if ((np.pingTargets?.length ?? 0) > LIST_MAX.pingTargets) {
    ctx.add(
      at("pingTargets"),
      `lists ${np.pingTargets!.length} targets; at most ${LIST_MAX.pingTargets}`,
      "[…]",
    );
  }
  // topology shape problem already reported when absent; the NP rules depend on it
  if (!ctx.partial.topology) return;
  const topology = ctx.e.topology;
  if (topology === "internal-lb") {
    if ((np.pingTargets ?? []).length === 0) {
      ctx.add(
        at("pingTargets"),
        "the internal-LB topology resolves network partitions by ping: give at least one always-on host in the VNet that is neither a node nor the VIP (the seeds use 10.5.0.5)",
      );
    }
    for (const k of MONITOR_NP_FIELDS) {
      if (np[k] !== undefined)
        ctx.add(
          at(k),
          "belongs to monitor-based NP (dns, public-lb); the internal-LB topology uses pingTargets",
        );
    }
    return;
  }
  if (np.pingTargets !== undefined)
    ctx.add(
      at("pingTargets"),
      `topology ${topology} resolves network partitions with monitors (genw1, ipw1, ipw2, mtw1), not ping`,
      "[…]",
    );
  if (topology === "dns" && np.preFinalScriptTimeoutSec !== undefined) {
    ctx.add(
      at("preFinalScriptTimeoutSec"),
      "only the public-LB topology runs a script before mtw1's final action",
    );
  }
}

/** Each ping target: an IPv4 third host, neither a node nor the ILB frontend. */
function pingTargets(ctx: Ctx, sw: Clusterpro): void {
  const { nodeIps } = ctx.facts;
  (sw.networkPartition?.pingTargets ?? []).forEach((t, i) => {
    const segs: Seg[] = ["software", "networkPartition", "pingTargets", i];
    if (!isIpv4(t)) ctx.add(segs, "expected an IPv4 address");
    else if (nodeIps.has(t))
      ctx.add(
        segs,
        `is ${nodeIps.get(t)}'s address; a ping target must be a third host, or an isolated node still sees itself`,
      );
    else if (ctx.e.internalLb && t === ctx.e.internalLb.frontendIp)
      ctx.add(
        segs,
        "is the ILB frontend, which does not answer ping; use an always-on host in the VNet",
      );
  });
}

/**
 * Refused, never accepted and dropped: NEC documents the shutdown monitor (clp.conf `haltp`)
 * with `method` and `action` only (EXPRESSCLUSTER/CreateClusterOnLinux
 * doc/jp/ClusterParameters_Linux_jp.md); no clp.conf path for its timeout is public.
 */
function shutdownMonitor(ctx: Ctx, sw: Clusterpro): void {
  if (sw.shutdownMonitorTimeoutSec !== undefined) {
    ctx.add(
      ["software", "shutdownMonitorTimeoutSec"],
      "cannot be set: the shutdown monitor's timeout has no documented clp.conf path (NEC documents only haltp/method and haltp/action), so it would not be written; the product default applies (the heartbeat timeout). Remove this field",
    );
  }
}

/** CLUSTERPRO's Azure DNS resource: public zones only, a service principal to log in. */
function azureDns(ctx: Ctx): void {
  const { e } = ctx;
  if (e.topology !== "dns" || !e.dns) return;
  if (e.dns.private)
    ctx.add(
      ["dns", "private"],
      "CLUSTERPRO's Azure DNS resource uses `az network dns` (public zones only); use a public zone",
      true,
    );
  if (!e.dns.updater)
    ctx.add(
      ["dns", "updater"],
      "CLUSTERPRO's Azure DNS resource logs in as a service principal: give { tenantId, appId, objectId, certificatePem }",
    );
}

function driveLetters(ctx: Ctx, sw: Clusterpro): void {
  const md = sw.mirrorDisk;
  if (
    ctx.facts.family === "windows" &&
    md?.driveLetter &&
    md.driveLetter.toUpperCase() === md.clusterPartitionDriveLetter?.toUpperCase()
  ) {
    ctx.add(
      ["software", "mirrorDisk", "driveLetter"],
      "must differ from clusterPartitionDriveLetter",
    );
  }
}
