/**
 * From a resolved cluster to the facts the rules check, and the compact tags that carry those
 * facts on every resource (component args are invisible to the policy pack).
 *
 * Stamped tags (each value at most 256 characters, space-separated `key=value` pairs):
 *
 *   ha-cluster-timing   sw=<wsfc|clusterpro|none> os=<vm.os> pause=<s> [boot=<s>] [lease=<s>]
 *                       WSFC:       same=<delayMs>x<threshold> cross=<delayMs>x<threshold> ka=<ms>
 *                                   [role=none] (software.role.mode none; the default is not stamped)
 *                       CLUSTERPRO: hb=<s> np=<ping|monitors> abc=<A>+<B>+<C> pings=<n> dsr=<0|1>
 *                                   [smt=<s>] [prefinal=<s>]
 *                       WSFC, CLUSTERPRO: se=<0|1> freeze=<s> (Scheduled Events agent, its freeze tolerance)
 *   ha-cluster-net      nodes=<n> vip=<guest|lb> egress=<nat|none|existing> (fd=<n> | zones=<n>)
 *                       [lb=<internal|public> fip=<0|1> probe=<port> probe-timing=<s>x<n> idle=<min>]
 *                       [ttl=<s>] [shared-luns=<lun>,<lun>…]
 *
 * e.g. `sw=wsfc os=windows-2022 pause=30 same=1000x40 cross=1000x40 ka=230000`.
 */
import type { ResolvedCluster } from "../types";
import type { ClusterFacts } from "./types";
import { TAG } from "../tokens";

import { WSFC_KEEPALIVE_MS } from "../heartbeat";
export { WSFC_KEEPALIVE_MS }; // defined beside the heartbeat arithmetic; kept importable here

export const TIMING_TAG = TAG.timing;
export const NET_TAG = TAG.net;

/** The facts of a resolved cluster. */
export function clusterFacts(c: ResolvedCluster): ClusterFacts {
  const sw = c.software;
  const f: ClusterFacts = {
    name: c.name,
    topology: c.topology,
    os: c.vm.os,
    software: sw.kind,
    pauseSec: c.failover.toleratedPauseSec,
    osBootSec: c.failover.osBootSec,
    sqlLeaseSec: c.failover.sqlAgLeaseTimeoutSec,
    nodeCount: c.nodes.length,
    guestOwnsVip: sw.kind === "wsfc" || (sw.kind === "clusterpro" && sw.dsr),
    placement:
      c.placement.kind === "availabilitySet"
        ? { faultDomains: c.placement.faultDomains }
        : { zones: new Set(c.nodes.map((n) => n.zone)).size },
    egress: c.network.kind === "existing" ? "existing" : c.network.natGateway ? "nat" : "none",
    sharedLuns: c.sharedDisks.map((d) => d.lun),
    sharedDisks: c.sharedDisks.map((d) => ({
      name: d.name,
      sku: d.sku,
      sizeGb: d.sizeGb,
      maxShares: d.maxShares,
    })),
  };
  if (sw.kind === "wsfc") {
    const h = sw.heartbeat;
    f.wsfc = {
      sameDelayMs: h.sameSubnetDelayMs,
      sameThreshold: h.sameSubnetThreshold,
      crossDelayMs: h.crossSubnetDelayMs,
      crossThreshold: h.crossSubnetThreshold,
      keepAliveMs: WSFC_KEEPALIVE_MS,
      role: {
        mode: sw.roleMode,
        name: sw.roleName,
        disks: c.sharedDisks
          .map((d) => d.name)
          .filter((n) => !(sw.witness.kind === "disk" && n === sw.witness.diskName)),
      },
    };
  }
  if (sw.kind === "clusterpro") {
    const np = sw.networkPartition;
    const monitors = np.method === "monitors";
    f.clusterpro = {
      heartbeatSec: sw.heartbeat.timeoutSec,
      np: np.method,
      a: monitors ? np.intervalSec * (np.retries + 1) : 0,
      b: monitors ? np.multiTargetIntervalSec * (np.multiTargetRetries + 1) : 0,
      c: monitors ? np.graceSec : 0,
      shutdownMonitorSec: sw.shutdownMonitorTimeoutSec,
      preFinalScriptSec: c.topology === "public-lb" ? np.preFinalScriptTimeoutSec : undefined,
      pingTargets: np.pingTargets.length,
      dsr: sw.dsr,
    };
  }
  if (sw.kind !== "none") {
    f.scheduledEvents = {
      enabled: sw.scheduledEvents.enabled,
      freezeToleranceSec: sw.scheduledEvents.freezeToleranceSec,
    };
  }
  if (c.lb) {
    f.lb = {
      kind: c.lb.kind,
      floatingIp: c.lb.floatingIp,
      probePort: c.lb.probePort,
      probeIntervalSec: c.lb.probe.intervalSec,
      probeThreshold: c.lb.probe.threshold,
      minIdleTimeoutMin: Math.min(...c.lb.rules.map((r) => r.idleTimeoutMinutes), 100),
      rulePorts: c.lb.rules.flatMap((r) => [r.frontendPort, r.backendPort]).filter((p) => p > 0),
    };
  }
  if (c.dns) f.dns = { ttlSec: c.dns.ttlSec };
  return f;
}

const kv = (pairs: [string, string | number | undefined][]): string =>
  pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

/** The stamped tags of a cluster's facts (see the module comment for the format). */
export function encodeFactsTags(f: ClusterFacts): Record<string, string> {
  const w = f.wsfc;
  const p = f.clusterpro;
  const timing = kv([
    ["sw", f.software],
    ["os", f.os],
    ["pause", f.pauseSec],
    ["boot", f.osBootSec],
    ["lease", f.sqlLeaseSec],
    ["same", w && `${w.sameDelayMs}x${w.sameThreshold}`],
    ["cross", w && `${w.crossDelayMs}x${w.crossThreshold}`],
    ["ka", w?.keepAliveMs],
    ["role", w?.role?.mode === "none" ? "none" : undefined],
    ["hb", p?.heartbeatSec],
    ["np", p?.np],
    ["abc", p && p.np === "monitors" ? `${p.a}+${p.b}+${p.c}` : undefined],
    ["pings", p?.pingTargets],
    ["dsr", p && (p.dsr ? 1 : 0)],
    ["smt", p?.shutdownMonitorSec],
    ["prefinal", p?.preFinalScriptSec],
    ["se", f.scheduledEvents && (f.scheduledEvents.enabled ? 1 : 0)],
    ["freeze", f.scheduledEvents?.freezeToleranceSec],
  ]);
  const lb = f.lb;
  const net = kv([
    ["nodes", f.nodeCount],
    ["vip", f.guestOwnsVip ? "guest" : "lb"],
    ["egress", f.egress],
    ["fd", f.placement.faultDomains],
    ["zones", f.placement.zones],
    ["lb", lb?.kind],
    ["fip", lb && (lb.floatingIp ? 1 : 0)],
    ["probe", lb?.probePort],
    ["probe-timing", lb && `${lb.probeIntervalSec}x${lb.probeThreshold}`],
    ["idle", lb?.minIdleTimeoutMin],
    ["ttl", f.dns?.ttlSec],
    ["shared-luns", f.sharedLuns.length > 0 ? f.sharedLuns.join(",") : undefined],
  ]);
  return { [TIMING_TAG]: timing, [NET_TAG]: net };
}

function parseKv(s: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (s ?? "").split(/\s+/)) {
    const i = part.indexOf("=");
    if (i > 0) m.set(part.slice(0, i), part.slice(i + 1));
  }
  return m;
}

/**
 * Decodes the facts stamped on a resource's tags; undefined when the resource carries none
 * (not a cluster resource) or the tags are malformed.
 */
export function decodeFactsTags(tags: unknown): ClusterFacts | undefined {
  if (!tags || typeof tags !== "object") return undefined;
  const t = tags as Record<string, unknown>;
  if (typeof t[TIMING_TAG] !== "string" || typeof t[NET_TAG] !== "string") return undefined;
  const tm = parseKv(t[TIMING_TAG] as string);
  const nm = parseKv(t[NET_TAG] as string);
  const f = decodeCommonFacts(t, tm, nm);
  if (!f) return undefined;
  if (f.software === "wsfc") {
    f.wsfc = decodeWsfcFacts(tm);
    if (!f.wsfc) return undefined;
  }
  if (f.software === "clusterpro") {
    f.clusterpro = decodeClusterproFacts(tm);
    if (!f.clusterpro) return undefined;
  }
  const scheduledEvents = decodeScheduledEventsFacts(tm);
  if (scheduledEvents) f.scheduledEvents = scheduledEvents;
  const lbKind = nm.get("lb");
  if (lbKind === "internal" || lbKind === "public") {
    f.lb = decodeLbFacts(nm, lbKind);
    if (!f.lb) return undefined;
  }
  const ttl = num(nm, "ttl");
  if (ttl !== undefined) f.dns = { ttlSec: ttl };
  return f;
}

/** A stamped value as a finite number; undefined when absent or not a number. */
function num(m: Map<string, string>, k: string): number | undefined {
  const v = m.get(k);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A stamped `<a>x<b>` pair (delay x threshold, interval x count). */
function pair(v: string | undefined): [number, number] | undefined {
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(v ?? "");
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The facts every cluster has (software, timing, nodes, egress, placement, shared LUNs). */
function decodeCommonFacts(
  t: Record<string, unknown>,
  tm: Map<string, string>,
  nm: Map<string, string>,
): ClusterFacts | undefined {
  const sw = tm.get("sw");
  if (sw !== "wsfc" && sw !== "clusterpro" && sw !== "none") return undefined;
  const pauseSec = num(tm, "pause");
  const nodeCount = num(nm, "nodes");
  const egress = nm.get("egress");
  if (pauseSec === undefined || nodeCount === undefined) return undefined;
  if (egress !== "nat" && egress !== "none" && egress !== "existing") return undefined;
  const placement: ClusterFacts["placement"] = {};
  const fd = num(nm, "fd");
  const zones = num(nm, "zones");
  if (fd !== undefined) placement.faultDomains = fd;
  if (zones !== undefined) placement.zones = zones;
  return {
    name: typeof t[TAG.cluster] === "string" ? (t[TAG.cluster] as string) : "",
    topology: typeof t[TAG.topology] === "string" ? (t[TAG.topology] as string) : "",
    os: tm.get("os") ?? "",
    software: sw,
    pauseSec,
    osBootSec: num(tm, "boot"),
    sqlLeaseSec: num(tm, "lease"),
    nodeCount,
    guestOwnsVip: nm.get("vip") === "guest",
    placement,
    egress,
    sharedLuns: (nm.get("shared-luns") ?? "")
      .split(",")
      .filter((x) => x !== "")
      .map(Number),
  };
}

/** WSFC: heartbeat (same/cross subnet), keep-alive, role mode "none"; undefined if malformed. */
function decodeWsfcFacts(tm: Map<string, string>): ClusterFacts["wsfc"] {
  const same = pair(tm.get("same"));
  const cross = pair(tm.get("cross"));
  const ka = num(tm, "ka");
  if (!same || !cross || ka === undefined) return undefined;
  const wsfc: NonNullable<ClusterFacts["wsfc"]> = {
    sameDelayMs: same[0],
    sameThreshold: same[1],
    crossDelayMs: cross[0],
    crossThreshold: cross[1],
    keepAliveMs: ka,
  };
  // Only "none" is stamped (role name and disks are not): enough for the plan's warning.
  if (tm.get("role") === "none") wsfc.role = { mode: "none", name: "", disks: [] };
  return wsfc;
}

/** CLUSTERPRO: heartbeat, NP method and A+B+C, timeouts, pings, DSR; undefined if malformed. */
function decodeClusterproFacts(tm: Map<string, string>): ClusterFacts["clusterpro"] {
  const hb = num(tm, "hb");
  const np = tm.get("np");
  if (hb === undefined || (np !== "ping" && np !== "monitors")) return undefined;
  const abc = /^(\d+)\+(\d+)\+(\d+)$/.exec(tm.get("abc") ?? "");
  return {
    heartbeatSec: hb,
    np,
    a: abc ? Number(abc[1]) : 0,
    b: abc ? Number(abc[2]) : 0,
    c: abc ? Number(abc[3]) : 0,
    shutdownMonitorSec: num(tm, "smt"),
    preFinalScriptSec: num(tm, "prefinal"),
    pingTargets: num(tm, "pings") ?? 0,
    dsr: tm.get("dsr") === "1",
  };
}

/** The Scheduled Events agent, when both of its values are stamped. */
function decodeScheduledEventsFacts(tm: Map<string, string>): ClusterFacts["scheduledEvents"] {
  const se = tm.get("se");
  const freeze = num(tm, "freeze");
  if ((se === "0" || se === "1") && freeze !== undefined)
    return { enabled: se === "1", freezeToleranceSec: freeze };
  return undefined;
}

/** The load balancer's probe and rules; undefined if malformed. */
function decodeLbFacts(nm: Map<string, string>, kind: "internal" | "public"): ClusterFacts["lb"] {
  const timing = pair(nm.get("probe-timing"));
  const probe = num(nm, "probe");
  if (!timing || probe === undefined) return undefined;
  return {
    kind,
    floatingIp: nm.get("fip") === "1",
    probePort: probe,
    probeIntervalSec: timing[0],
    probeThreshold: timing[1],
    minIdleTimeoutMin: num(nm, "idle") ?? 4,
  };
}
