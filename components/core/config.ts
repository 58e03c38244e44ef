/**
 * From raw config (stack file or component args) to a resolved cluster, or a ConfigError that
 * lists every problem with its field path, value and what is allowed.
 */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { ConfigError, ConfigProblem, joinPath, SECRET_FIELDS, showValue, valueAt } from "./errors";
import { MAX_CLUSTERS } from "./limits";
import { resolveEntry } from "./resolve";
import { enforcePolicies } from "./rules";
import { clusterEntrySchema, type ClusterEntry, type Topology } from "./schema";
import type { ClusterConfig, HaClusterCommonArgs, ResolvedCluster } from "./types";
import { validateEntry } from "./validate";

/** Where a config comes from, which decides how plaintext secrets are treated. */
export interface ParseOptions {
  /**
   * "component": secret fields may be any pulumi.Input<string> (wrapped in pulumi.secret).
   * "stack": secret fields must be `{ secure: … }`, or plaintext only when the config key is
   * itself secret (the engine hands decrypted values to the program).
   */
  source: "component" | "stack";
  /** With source "stack": whether `azure-ha-cluster:clusters` is a secret config key. */
  keyIsSecret?: boolean;
}

type Seg = PropertyKey;

type ZodDef = {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  options?: { _zod: { def: ZodDef } }[];
  in?: { _zod: { def: ZodDef } };
};

/** The field names an object schema accepts at `segs` (every branch of a union), for did-you-mean. */
export function knownFields(schema: z.ZodType, segs: readonly Seg[]): string[] {
  const out = new Set<string>();
  const walk = (def: ZodDef, rest: readonly Seg[]) => {
    if (def.innerType) return walk(def.innerType._zod.def, rest);
    if (def.in) return walk(def.in._zod.def, rest);
    if (def.options) return def.options.forEach((o) => walk(o._zod.def, rest));
    if (rest.length === 0) {
      if (def.shape) for (const k of Object.keys(def.shape)) out.add(k);
      return;
    }
    const [head, ...tail] = rest;
    if (def.element && typeof head === "number") return walk(def.element._zod.def, tail);
    const next = def.shape?.[String(head)];
    if (next) walk(next._zod.def, tail);
  };
  walk((schema as unknown as { _zod: { def: ZodDef } })._zod.def, segs);
  return [...out];
}

/** The nearest known field name, when the unknown one looks like a misspelling of it. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const same = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (same) return same;
  const best = closest(key, [...known]);
  return distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function zodProblems(err: z.ZodError, base: Seg[], raw: unknown): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of err.issues) {
    // discriminated-union / union failures carry their branches' issues; report the closest
    const segs = issue.path as Seg[];
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const hint = didYouMean(key, knownFields(clusterEntrySchema, segs));
        out.push({
          path: joinPath("", [...base, ...segs, key]),
          message: hint
            ? `is not a known field here; did you mean \`${hint}\`?`
            : "is not a known field here; check the spelling (fields are case-sensitive)",
        });
      }
      continue;
    }
    if (issue.code === "invalid_value" && "values" in issue) {
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    const value = valueAt(raw, segs);
    if (value === undefined && issue.code === "invalid_type") message = "is required";
    out.push({ path: joinPath("", [...base, ...segs]), value: showValue(value, segs), message });
  }
  return out;
}

/** Plaintext secrets in a stack file are refused unless the whole key is a secret. */
function secretProblems(raw: unknown, base: Seg[], opts: ParseOptions): ConfigProblem[] {
  if (opts.source !== "stack" || opts.keyIsSecret) return [];
  const out: ConfigProblem[] = [];
  const walk = (v: unknown, segs: Seg[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...segs, i]));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_FIELDS.has(k) && typeof x === "string") {
          const p = joinPath("", [...base, ...segs, k]);
          out.push({
            path: p,
            value: "[secret]",
            message: `plaintext secrets are refused: set it with \`pulumi config set --secret --path '${p.replace(/^clusters/, "azure-ha-cluster:clusters")}' …\` (stored as { secure: … })`,
          });
        } else walk(x, [...segs, k]);
      }
    }
  };
  walk(raw, []);
  return out;
}

/** Rules that need the defaults filled in (e.g. a heartbeat interval against the default timeout). */
function resolvedProblems(c: ResolvedCluster, base: Seg[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const sw = c.software;
  if (
    sw.kind === "clusterpro" &&
    sw.heartbeat.intervalSec !== undefined &&
    sw.heartbeat.intervalSec >= sw.heartbeat.timeoutSec
  ) {
    out.push({
      path: joinPath("", [...base, "software", "heartbeat", "intervalSec"]),
      value: String(sw.heartbeat.intervalSec),
      message: `must be shorter than the heartbeat timeout (${sw.heartbeat.timeoutSec} s, ${sw.heartbeat.timeoutSource === "config" ? "configured" : "the default"}): CLUSTERPRO sends several heartbeats within one timeout (Cluster WebUI refuses an interval ≥ the timeout)`,
    });
  }
  return out;
}

/** What a non-list value is, without printing it (the clusters key may hold secrets). */
function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") {
    const t = v.trim();
    return t.startsWith("[") || t.startsWith("{")
      ? "a string (that looks like JSON: write the list as YAML, not as a quoted string)"
      : "a string";
  }
  return Array.isArray(v) ? "a list" : typeof v === "object" ? "a map" : `a ${typeof v}`;
}

/**
 * Collisions between the clusters of one file, by Azure name within a resource group (names are
 * case-insensitive in Azure): a resource group created by two clusters (destroying one stack
 * entry would delete the other's resources), VMs (named after the nodes), created VNets and
 * created DNS zones.
 */
function collisionProblems(entries: unknown[], base: Seg[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const claim = (key: string, path: string, value: string, what: string, hint: string) => {
    const k = key.toLowerCase();
    const first = seen.get(k);
    if (first !== undefined) {
      out.push({
        path,
        value: JSON.stringify(value),
        message: `${what} already claimed by ${first}; ${hint}`,
      });
    } else seen.set(k, path);
  };
  entries.forEach((raw, i) => {
    if (!raw || typeof raw !== "object") return;
    const e = raw as Record<string, any>;
    const at = (...segs: Seg[]) => joinPath("", [...base, i, ...segs]);
    const rg = typeof e.resourceGroupName === "string" ? e.resourceGroupName : undefined;
    if (rg === undefined) return;
    if (e.createResourceGroup !== false)
      claim(
        `rg-create\u0000${rg}`,
        at("resourceGroupName"),
        rg,
        `resource group ${rg} is created by this cluster and`,
        "one cluster may create a group; set createResourceGroup: false on the others",
      );
    if (Array.isArray(e.nodes))
      e.nodes.forEach((n: any, j: number) => {
        if (typeof n?.name === "string")
          claim(
            `vm\u0000${rg}\u0000${n.name}`,
            at("nodes", j, "name"),
            n.name,
            `VM name ${n.name} in resource group ${rg} is`,
            "VM names are unique within a resource group: rename the node or use another group",
          );
      });
    const net = e.network;
    if (net && typeof net === "object" && !("subnetId" in net)) {
      const vnet = typeof net.vnetName === "string" ? net.vnetName : `${e.name}-vnet`;
      claim(
        `vnet\u0000${rg}\u0000${vnet}`,
        at("network", net.vnetName === undefined ? "addressSpace" : "vnetName"),
        vnet,
        `VNet ${vnet} in resource group ${rg} is`,
        "VNet names are unique within a resource group: give network.vnetName another name",
      );
    }
    const dns = e.dns;
    if (dns && typeof dns === "object" && typeof dns.zoneName === "string" && !dns.existingZone) {
      claim(
        `zone\u0000${rg}\u0000${dns.private ? "private" : "public"}\u0000${dns.zoneName}`,
        at("dns", "zoneName"),
        dns.zoneName,
        `DNS zone ${dns.zoneName} created in resource group ${rg} is`,
        "create the zone once and let the other clusters use dns.existingZone",
      );
    }
  });
  return out;
}

/** Checks and resolves one cluster entry; returns problems instead of throwing. */
export function checkClusterEntry(
  raw: unknown,
  base: Seg[],
  opts: ParseOptions,
): { resolved?: ResolvedCluster; problems: ConfigProblem[] } {
  const problems = secretProblems(raw, base, opts);
  const parsed = clusterEntrySchema.safeParse(raw);
  if (parsed.success) {
    // The relational rules see what was written (a field left out is undefined), not the parse
    // result with the schema's static defaults: the shape passed, and the schema transforms
    // nothing, so `raw` is that entry.
    problems.push(...validateEntry(raw as ClusterEntry, base, raw));
    if (problems.length > 0) return { problems };
    const resolved = resolveEntry(parsed.data);
    problems.push(...resolvedProblems(resolved, base));
    if (problems.length > 0) return { problems };
    return { resolved, problems };
  }
  problems.push(...zodProblems(parsed.error, base, raw));
  // Field by field, so that the relational rules still run on every field whose shape is right.
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const partial: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(clusterEntrySchema.shape)) {
      const given = (raw as Record<string, unknown>)[key];
      // as written, without the schema's defaults (see above)
      if (given !== undefined && (schema as z.ZodType).safeParse(given).success) {
        partial[key] = given;
      }
    }
    const seen = new Set(problems.map((p) => `${p.path}\u0000${p.message}`));
    // A top-level field whose shape failed is reported once: the relational rules' findings in
    // the same subtree (e.g. "dataDisk is missing" after `dataDisk.sizeGb: "20GB"`) would only
    // repeat it.
    const failed = Object.keys(clusterEntrySchema.shape)
      .filter((k) => !(k in partial) && (raw as Record<string, unknown>)[k] !== undefined)
      .map((k) => joinPath("", [...base, k]));
    const inFailed = (path: string) =>
      failed.some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
    for (const p of validateEntry(partial, base, raw)) {
      if (!seen.has(`${p.path}\u0000${p.message}`) && !inFailed(p.path)) problems.push(p);
    }
  }
  return { problems };
}

/** Checks and resolves the stack config list; throws one ConfigError with every problem. */
export function parseClusters(raw: unknown, opts: ParseOptions): ResolvedCluster[] {
  const base: Seg[] = ["clusters"];
  if (!Array.isArray(raw)) {
    throw new ConfigError([
      {
        path: "clusters",
        message: `expected a list of cluster entries under azure-ha-cluster:clusters, not ${kindOf(raw)}`,
      },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const resolved: ResolvedCluster[] = [];
  const names = new Map<string, number>();
  raw.forEach((entry, i) => {
    const r = checkClusterEntry(entry, [...base, i], opts);
    problems.push(...r.problems);
    if (r.resolved) resolved.push(r.resolved);
    const name = (entry as { name?: unknown })?.name;
    if (typeof name === "string") {
      if (names.has(name)) {
        problems.push({
          path: `clusters[${i}].name`,
          value: JSON.stringify(name),
          message: `duplicates clusters[${names.get(name)}].name; cluster names must be unique (resource names derive from them)`,
        });
      } else names.set(name, i);
    }
  });
  if (raw.length > MAX_CLUSTERS) {
    problems.push({
      path: "clusters",
      value: `${raw.length} entries`,
      message: `at most ${MAX_CLUSTERS} clusters per stack (the planner's memory grows about 35 MiB per cluster); split the file into several stacks`,
    });
  }
  problems.push(...collisionProblems(raw, base));
  if (raw.length === 0) {
    problems.push({
      path: "clusters",
      value: "[]",
      message: "lists no cluster; add at least one entry",
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // Mandatory policy rules: a violation throws PolicyViolationError before anything exists.
  enforcePolicies(resolved);
  return resolved;
}

/** Checks and resolves a component's args (`name` and `topology` fixed by the class). */
export function parseComponentArgs(
  name: string,
  topology: Topology,
  args: HaClusterCommonArgs,
): ResolvedCluster {
  const entry = { ...(args as object), name, topology } as ClusterConfig;
  const r = checkClusterEntry(entry, [], { source: "component" });
  if (!r.resolved) throw new ConfigError(r.problems);
  enforcePolicies([r.resolved]);
  return r.resolved;
}
