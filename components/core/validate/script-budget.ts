/**
 * The 256 KB Run Command budget, checked at validation time. Rendering every script here would
 * cost as much as the bootstrap itself and pull the renderers into core/, so each script's size
 * is estimated instead: a base (the largest script of the kind with short lists) plus, per list
 * field that reaches the script, an upper bound of what each entry adds — measured on the real
 * renderers (test/validate/script-budget.test.ts renders the seeds and long lists and checks that
 * every estimate bounds the rendered size). An estimate over the budget names the field that
 * grows that script most.
 */
import { RUN_COMMAND_SCRIPT_MAX_BYTES } from "../azure-limits";
import type { Ctx, Entry, Seg } from "./context";

/**
 * Upper bound of every rendered script before the per-entry growth below (measured: the largest,
 * the Scheduled Events install and the WSFC form, are about 22 KB).
 */
export const SCRIPT_BASE_BYTES = 32 * 1024;

/** One list field's share of a script. */
export interface Growth {
  /** Field path below the entry, e.g. ["software", "networkPartition", "pingTargets"]. */
  segs: Seg[];
  /** Entries in the list. */
  count: number;
  /** Bytes the entries add (upper bound). */
  bytes: number;
}

/** The estimated size of one script. */
export interface ScriptEstimate {
  /** The script, as the message names it (e.g. "CLUSTERPRO form (clpcfset)"). */
  script: string;
  /** Upper bound of its rendered size in bytes. */
  bytes: number;
  growth: Growth[];
}

const len = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, "utf8"));

function growth<T>(segs: Seg[], list: readonly T[] | undefined, each: (x: T) => number): Growth {
  const items = list ?? [];
  return { segs, count: items.length, bytes: items.reduce((n, x) => n + each(x), 0) };
}

function estimate(script: string, parts: Growth[]): ScriptEstimate {
  const growthOf = parts.filter((g) => g.count > 0);
  const bytes = SCRIPT_BASE_BYTES + growthOf.reduce((n, g) => n + g.bytes, 0);
  return { script, bytes, growth: growthOf };
}

type Node = Entry["nodes"][number];

/**
 * Per-entry costs (bytes), each an upper bound of the renderers' output: a quoted list element
 * is the value plus its quotes and separator (`'x' ` in bash, `'x', ` in PowerShell, doubled
 * quotes where a script is embedded in another); a ping target is one clpcfset command line
 * (`add np pingnp 0 0 0 <j> <ip>`); a port is at most five digits in one or two firewall lists.
 */
const COST = {
  pingTarget: (ip: string) => 32 + len(ip),
  lbRule: () => 20,
  clientPort: () => 10,
  clientSource: (s: string) => 4 + len(s),
  prepareNode: (n: Node) => 12 + len(n.name) + len(n.privateIp) + len(n.interconnectIp),
  formNode: (n: Node) => 8 + len(n.name) + len(n.privateIp),
  updaterNode: (n: Node) => 16 + len(n.name) + len(n.privateIp),
  agentNode: (n: Node) => 12 + len(n.name),
  sharedDisk: (d: { name: string }) => 20 + 2 * len(d.name),
};

/** The estimated size of every script whose size depends on the entry (none without software). */
export function scriptEstimates(ctx: Ctx): ScriptEstimate[] {
  const { e } = ctx;
  const { sw, nodes } = ctx.facts;
  if (sw.kind === "none") return [];
  const lb = e.internalLb ?? e.publicLb;
  const lbKey = e.internalLb ? "internalLb" : "publicLb";
  const rules = growth([lbKey, "rules"], lb?.rules, COST.lbRule);
  const ports = growth(["dns", "clientPorts"], e.dns?.clientPorts, COST.clientPort);
  const agent = estimate("Scheduled Events install", [growth(["nodes"], nodes, COST.agentNode)]);
  if (sw.kind === "clusterpro") {
    const np = sw.networkPartition?.pingTargets;
    return [
      estimate("CLUSTERPRO prepare", [rules, ports]),
      estimate("CLUSTERPRO form (clpcfset)", [
        growth(["software", "networkPartition", "pingTargets"], np, COST.pingTarget),
      ]),
      agent,
    ];
  }
  const sources = lb
    ? growth([lbKey, "clientSources"], lb.clientSources, COST.clientSource)
    : growth(["dns", "clientSources"], e.dns?.clientSources, COST.clientSource);
  const out = [
    estimate("WSFC prepare", [growth(["nodes"], nodes, COST.prepareNode), rules, ports, sources]),
    estimate("WSFC form", [
      growth(["nodes"], nodes, COST.formNode),
      growth(["sharedDisks"], e.sharedDisks, COST.sharedDisk),
    ]),
    agent,
  ];
  if (e.topology === "dns")
    out.push(estimate("WSFC DNS updater install", [growth(["nodes"], nodes, COST.updaterNode)]));
  return out;
}

/**
 * Every script estimated over `budget` names its fastest-growing field: how big the script gets,
 * what one entry costs and about how many fit. One problem per field.
 */
export function budgetProblems(ctx: Ctx, budget: number): void {
  const named = new Set<string>();
  for (const s of scriptEstimates(ctx)) {
    if (s.bytes <= budget || s.growth.length === 0) continue;
    const top = s.growth.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const key = top.segs.join(".");
    if (named.has(key)) continue;
    named.add(key);
    const each = Math.ceil(top.bytes / top.count);
    const fit = Math.max(0, Math.floor((budget - (s.bytes - top.bytes)) / each));
    ctx.add(
      top.segs,
      `lists ${top.count} entries, which makes the ${s.script} script about ${Math.ceil(s.bytes / 1024)} KB: over the ${budget / 1024} KB budget of one Run Command script (each entry adds up to ${each} bytes; about ${fit} fit)`,
      "[…]",
    );
  }
}

/** The scripts of the entry fit the 256 KB Run Command budget. */
export function scriptBudget(ctx: Ctx): void {
  budgetProblems(ctx, RUN_COMMAND_SCRIPT_MAX_BYTES);
}
