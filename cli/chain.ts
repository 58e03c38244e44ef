/**
 * The bootstrap chain as the engine will run it: the dependency graph of the resources that do
 * or wait for in-guest work (managed Run Commands, out-of-guest waits, VM extensions such as the
 * domain join, dynamic resources), walked generically — no step name is special here.
 */
import type { RecordedResource } from "./mocks";

export const RUN_COMMAND = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";
export const SLEEP = "time:index/sleep:Sleep";
export const VM_EXTENSION = "azure-native:compute:VirtualMachineExtension";
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";

/** Whether a resource takes part in the chain (work in or for the guest, or a wait). */
export const isChainType = (type: string): boolean =>
  type === RUN_COMMAND || type === SLEEP || type === VM_EXTENSION || type === DYNAMIC;

const key = (type: string, name: string) => `${type}::${name}`;

/**
 * For every chain resource: the chain resources it waits for (its nearest ones: the graph is
 * walked through resources that are not in the chain, e.g. a VM), as registered names, sorted.
 */
export function chainAfter(resources: RecordedResource[]): Map<string, string[]> {
  const byKey = new Map(resources.map((r) => [key(r.type, r.name), r]));
  const memo = new Map<string, Set<string>>();
  // Nearest chain ancestors reachable from r's dependencies (r itself excluded).
  const nearest = (r: RecordedResource, seen: Set<string>): Set<string> => {
    const k = key(r.type, r.name);
    const cached = memo.get(k);
    if (cached) return cached;
    const out = new Set<string>();
    r.dependsOn.forEach((name, i) => {
      const dk = key(r.dependsOnTypes[i], name);
      if (seen.has(dk)) return;
      const d = byKey.get(dk);
      if (isChainType(r.dependsOnTypes[i])) out.add(dk);
      else if (d) for (const x of nearest(d, new Set([...seen, dk]))) out.add(x);
    });
    memo.set(k, out);
    return out;
  };
  const result = new Map<string, string[]>();
  for (const r of resources) {
    if (!isChainType(r.type)) continue;
    const names = [...nearest(r, new Set([key(r.type, r.name)]))].map((k) =>
      k.slice(k.indexOf("::") + 2),
    );
    result.set(key(r.type, r.name), [...new Set(names)].sort());
  }
  return result;
}

/** The `after` list of one chain resource. */
export function afterOf(after: Map<string, string[]>, type: string, name: string): string[] {
  return after.get(key(type, name)) ?? [];
}

/** One entry of a rendered chain. */
export interface ChainItem {
  name: string;
  type: string;
  after: string[];
}

/**
 * Orders chain items so that each comes after everything it waits for (Kahn's algorithm; ties
 * broken by the given rank, then the name). Items in a cycle (not expected) come last.
 */
export function topoOrder<T extends ChainItem>(items: T[], rank: (t: T) => number = () => 0): T[] {
  const names = new Set(items.map((i) => i.name));
  const pending = new Map(items.map((i) => [i.name, i.after.filter((a) => names.has(a)).length]));
  const out: T[] = [];
  const done = new Set<string>();
  const cmp = (a: T, b: T) => rank(a) - rank(b) || a.name.localeCompare(b.name);
  while (out.length < items.length) {
    const ready = items.filter((i) => !done.has(i.name) && pending.get(i.name) === 0).sort(cmp);
    if (ready.length === 0) {
      out.push(...items.filter((i) => !done.has(i.name)).sort(cmp));
      break;
    }
    const next = ready[0];
    out.push(next);
    done.add(next.name);
    for (const i of items)
      if (i.after.includes(next.name)) pending.set(i.name, (pending.get(i.name) ?? 1) - 1);
  }
  return out;
}

/** A one-line description of a script: its own header comment, plus the form plan's key facts. */
export function describeScript(script: string): string {
  const lines = script.split("\n");
  const body = lines.slice(lines[0]?.startsWith("#!") ? 1 : 0);
  const header: string[] = [];
  if (/^\s*<#/.test(body[0] ?? "")) {
    // PowerShell block comment: its first paragraph.
    const first = body[0].replace(/^\s*<#/, "").trim();
    if (first) header.push(first);
    for (const l of body.slice(1)) {
      if (/^\s*#>/.test(l) || (l.trim() === "" && header.length > 0)) break;
      if (l.trim() !== "") header.push(l.trim());
    }
  } else {
    for (const l of body) {
      const m = /^\s*#\s?(.*)$/.exec(l);
      if (!m) break;
      if (m[1].trim() === "" && header.length > 0) break;
      if (m[1].trim() !== "") header.push(m[1].trim());
    }
  }
  let text = header.join(" ");
  const stop = text.search(/\.(\s|$)/);
  if (stop > 0) text = text.slice(0, stop);
  if (text.length > 110) text = `${text.slice(0, 107)}...`;
  const facts = clusterproFormFacts(script) ?? wsfcFormFacts(script);
  return facts ? `${text} [${facts}]` : text;
}

/**
 * What an engineer checks against the vendor guide in a CLUSTERPRO form step, read from the
 * rendered clpcfset plan (CLP_COMMANDS, one TAB-separated call per entry; CLUSTERPRO-REFERENCE.md).
 */
export function clusterproFormFacts(script: string): string | undefined {
  const m = /^CLP_COMMANDS=\((.*)\)$/m.exec(script) ?? /^\$ClpCommands = @\((.*)\)$/m.exec(script);
  if (!m) return undefined;
  const calls = [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].split("\t"));
  const facts: string[] = [];
  const find = (pred: (c: string[]) => boolean) => calls.filter(pred);
  const create = find((c) => c[0] === "create")[0];
  if (create) facts.push(`cluster ${create[1]}`);
  const hb = find((c) => c[0] === "add" && c[2] === "cluster/heartbeat/timeout")[0];
  if (hb) facts.push(`heartbeat ${Number(hb[3]) / 1000} s`);
  const param = (rsc: string, suffix: string) =>
    find((c) => c[0] === "add" && c[1] === "rscparam" && c[2] === rsc && c[4]?.endsWith(suffix));
  for (const mp of param("md", "/mount/point")) facts.push(`md ${mp[5]}`);
  for (const dl of param("md", "volumemountpoint"))
    facts.push(`md ${dl[4].startsWith("parameters/cp") ? "cluster partition" : "data"} ${dl[5]}`);
  for (const p of find(
    (c) => c[0] === "add" && c[1] === "rscparam" && c[4] === "parameters/probeport",
  ))
    facts.push(`${p[3]} ${p[5]}`);
  for (const np of find((c) => c[0] === "add" && c[1] === "np"))
    facts.push(`${np[2]} ${np[np.length - 1]}`);
  const groups = find((c) => c[0] === "add" && c[1] === "grp").map((c) => c[3]);
  if (groups.length > 0) facts.push(`groups ${groups.join(", ")}`);
  return facts.length > 0 ? facts.join(", ") : undefined;
}

/** The WSFC form step's key settings, from its rendered PowerShell parameters. */
export function wsfcFormFacts(script: string): string | undefined {
  const param = (name: string): string | undefined => {
    const m = new RegExp(`^\\$${name} = (?:'((?:[^']|'')*)'|(\\d+))$`, "m").exec(script);
    return m ? (m[1] ?? m[2]) : undefined;
  };
  const cluster = param("ClusterName");
  if (!cluster || param("HaStep") !== "form") return undefined;
  const facts = [`cluster ${cluster}`];
  const delay = param("SameSubnetDelayMs");
  const threshold = param("SameSubnetThreshold");
  if (delay && threshold) facts.push(`same subnet ${delay} ms × ${threshold}`);
  const ip = param("RoleIpAddress");
  if (ip) facts.push(`role IP ${ip}${param("ProbePort") ? ` probe ${param("ProbePort")}` : ""}`);
  const witness = param("WitnessKind");
  if (witness)
    facts.push(
      `witness ${witness}${param("WitnessDiskName") ? ` ${param("WitnessDiskName")}` : ""}`,
    );
  const mp = param("ManagementPoint");
  if (mp)
    facts.push(
      `management point ${mp}${param("StaticAddress") ? ` ${param("StaticAddress")}` : ""}`,
    );
  return facts.join(", ");
}
