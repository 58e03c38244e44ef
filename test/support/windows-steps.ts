/**
 * The Windows steps of the seed stacks, as the components register them: every cluster of every
 * stacks/Pulumi.*.yaml whose VMs run Windows, built through its component under the project's
 * mocks; each Run Command identified by its tags (`ha-cluster-step`, `-node`, `-order`).
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

const RUN = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";
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
}

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

/** Builds one cluster entry through its component and returns its Windows steps, in order. */
export async function clusterSteps(stack: string, entry: ClusterConfig): Promise<WindowsStep[]> {
  const { name, topology, ...args } = unsecure(entry, "x") as ClusterConfig;
  const Component = COMPONENTS[topology];
  if (!Component) throw new Error(`${stack}: topology ${topology} has no component`);
  const rs = await record(() => new Component(name, args));
  return rs
    .filter((r) => r.type === RUN)
    .map((r) => {
      const i = r.inputs as any;
      const tags = i.tags as Record<string, string>;
      return {
        stack,
        cluster: name,
        node: tags["ha-cluster-node"],
        step: tags["ha-cluster-step"],
        order: Number(tags["ha-cluster-order"] ?? 0),
        os: tags["ha-cluster-os"],
        script: String(i.source?.script ?? ""),
        parameters: Object.fromEntries(
          (i.parameters ?? []).map((p: any) => [p.name, String(p.value)]),
        ),
        protectedNames: (i.protectedParameters ?? []).map((p: any) => String(p.name)),
      };
    })
    .filter((s) => s.os === "windows")
    .map(({ os: _os, ...s }) => s)
    .sort((a, b) => a.order - b.order || a.node.localeCompare(b.node));
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
