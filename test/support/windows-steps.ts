/**
 * The Windows steps of the seed stacks, as the components register them: every cluster of every
 * stacks/Pulumi.*.yaml whose VMs run Windows, built through its component under the project's
 * mocks; each Run Command identified by its tags (`ha-cluster-step`, `-node`, `-order`), the
 * out-of-guest waits (time.Sleep) between them, and the order their `dependsOn` gives (the chain
 * order: dependencies first; the `order` tag and the node name break ties).
 * Secrets of the stack files (`{ secure: … }`) become plain test values.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { record } from "../helpers";
import { HaClusterInternalLb } from "../../components/internal-lb";
import { HaClusterPublicLb } from "../../components/public-lb";
import { HaClusterDns } from "../../components/dns";
import type { ClusterConfig } from "../../components/core/types";
import { chainOf, topoOrder, RUN_TYPE, type ChainItem } from "./rehearsal";

const STACKS = path.join(__dirname, "..", "..", "stacks");
const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};

/** One Windows Run Command of a seed stack. */
export interface WindowsStep {
  stack: string;
  cluster: string;
  node: string;
  step: string;
  order: number;
  script: string;
  /** Non-secret Run Command parameters (name → value as registered). */
  parameters: Record<string, string>;
  /** Names of the protected parameters (values are secrets). */
  protectedNames: string[];
  /** Resource name as registered (unique in the chain). */
  name: string;
  /** Names of the chain items (steps and waits) this one waits for. */
  deps: string[];
}

/** An out-of-guest wait (time.Sleep) of a Windows chain: a reboot lands during it. */
export interface WindowsWait {
  name: string;
  /** The node whose reboot it waits out (the node of the step before or after it). */
  node: string;
  waitSec: number;
  deps: string[];
}

/** One element of a Windows chain, in chain order. */
export type WindowsChainEntry =
  { kind: "run"; step: WindowsStep } | { kind: "wait"; wait: WindowsWait };

/** Every cluster entry of a stack file (deep copies). */
export function stackEntries(stack: string): ClusterConfig[] {
  const doc = parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8"));
  return structuredClone(doc?.config?.["azure-ha-cluster:clusters"] ?? []);
}

/** The seed stacks with at least one Windows cluster. */
export function windowsStacks(): string[] {
  return fs
    .readdirSync(STACKS)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .filter((s) => stackEntries(s).some((c) => String(c.vm?.os ?? "").startsWith("windows")))
    .sort();
}

function unsecure(v: unknown, where: string): unknown {
  if (Array.isArray(v)) return v.map((x, i) => unsecure(x, `${where}[${i}]`));
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && "secure" in o) return `stub-secret-${where}`;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unsecure(x, `${where}.${k}`)]));
  }
  return v;
}

/**
 * The chain of one cluster entry as the rehearsal takes it (test/support/rehearsal.ts chainOf: its
 * Run Commands and waits with their dependencies; protected parameters "[secret]").
 */
export async function rehearsalChain(stack: string, entry: ClusterConfig): Promise<ChainItem[]> {
  const { name, topology, ...args } = unsecure(entry, "x") as ClusterConfig;
  const Component = COMPONENTS[topology];
  if (!Component) throw new Error(`${stack}: topology ${topology} has no component`);
  return chainOf(await record(() => new Component(name, args)));
}

/**
 * Builds one cluster entry through its component and returns its Windows chain: every Run Command
 * and every wait, dependencies first (a topological order of their `dependsOn`; ties by the
 * `order` tag, then the node name).
 */
export async function clusterChain(
  stack: string,
  entry: ClusterConfig,
): Promise<WindowsChainEntry[]> {
  const { name, topology, ...args } = unsecure(entry, "x") as ClusterConfig;
  const Component = COMPONENTS[topology];
  if (!Component) throw new Error(`${stack}: topology ${topology} has no component`);
  const rs = await record(() => new Component(name, args));
  const chain = chainOf(rs);
  const byName = new Map(rs.map((r) => [r.name, r]));
  const tagsOf = (c: ChainItem) =>
    (byName.get(c.name)!.inputs as any).tags as Record<string, string>;
  const orderOf = (c: ChainItem) =>
    c.kind === "wait" ? Number.MAX_SAFE_INTEGER : Number(tagsOf(c)["ha-cluster-order"] ?? 0);
  const sorted = [...chain].sort(
    (a, b) =>
      orderOf(a) - orderOf(b) || a.node.localeCompare(b.node) || a.name.localeCompare(b.name),
  );
  const windows = (c: ChainItem) => c.kind === "run" && tagsOf(c)["ha-cluster-os"] === "windows";
  const out: WindowsChainEntry[] = [];
  for (const c of topoOrder(sorted)) {
    if (c.kind === "wait") {
      // the node of the step before it, else of the step after it (wait-after-join follows the
      // domain-join extension, which is not a step)
      const before = c.deps.map((d) => chain.find((x) => x.name === d)!).find((x) => x.node);
      const after = chain.find((x) => x.deps.includes(c.name) && x.node);
      const node = before?.node ?? after?.node ?? "";
      if (after && windows(after))
        out.push({ kind: "wait", wait: { name: c.name, node, waitSec: c.waitSec!, deps: c.deps } });
      continue;
    }
    if (!windows(c)) continue;
    const r = byName.get(c.name)!;
    if (r.type !== RUN_TYPE) continue;
    const i = r.inputs as any;
    const tags = i.tags as Record<string, string>;
    out.push({
      kind: "run",
      step: {
        stack,
        cluster: name,
        node: tags["ha-cluster-node"],
        step: tags["ha-cluster-step"],
        order: Number(tags["ha-cluster-order"] ?? 0),
        script: String(i.source?.script ?? ""),
        parameters: Object.fromEntries(
          (i.parameters ?? []).map((p: any) => [p.name, String(p.value)]),
        ),
        protectedNames: (i.protectedParameters ?? []).map((p: any) => String(p.name)),
        name: c.name,
        deps: c.deps,
      },
    });
  }
  return out;
}

/** The Windows steps of one cluster entry, in chain order (see clusterChain). */
export async function clusterSteps(stack: string, entry: ClusterConfig): Promise<WindowsStep[]> {
  return (await clusterChain(stack, entry)).flatMap((e) => (e.kind === "run" ? [e.step] : []));
}

/** Every Windows step of a stack (all its Windows clusters). */
export async function stackSteps(stack: string): Promise<WindowsStep[]> {
  const out: WindowsStep[] = [];
  for (const e of stackEntries(stack)) {
    if (!String(e.vm?.os ?? "").startsWith("windows")) continue;
    out.push(...(await clusterSteps(stack, e)));
  }
  return out;
}
