/**
 * The plan report: the `--json` object, and its human rendering (resource tree, addressing
 * table, policy verdicts, failover budget, Mermaid diagram).
 */
import * as path from "path";

export interface PlanResource {
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, unknown>;
}

export interface PolicyVerdict {
  policy: string;
  resource: string;
  enforcement: "mandatory" | "advisory";
  status: "pass" | "fail";
  message: string;
}

export interface BudgetEntry {
  cluster: string;
  detectionSec: number;
  toleratedPauseSec: number;
  clientSwitchSec: number;
  rtoSec: number;
}

export interface BootstrapEntry {
  cluster: string;
  node: string;
  os: "linux" | "windows";
  step: string;
  script: string;
}

/** Outputs a cluster component registered (secrets redacted): for the human report only. */
export interface ComponentOutputs {
  name: string;
  outputs: Record<string, unknown>;
}

export interface PlanReport {
  resources: PlanResource[];
  policies: PolicyVerdict[];
  failoverBudget: BudgetEntry[];
  bootstrap: BootstrapEntry[];
}

const short = (type: string) =>
  type.replace(/^azure-native:/, "").replace(/^azure-ha-cluster:index:/, "");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

function tree(resources: PlanResource[]): string {
  const children = new Map<string | null, PlanResource[]>();
  for (const r of resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const out: string[] = [];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      out.push(`${prefix}${last ? "└─ " : "├─ "}${short(r.type)}  ${r.name}`);
      if (children.has(r.name) && r.parent !== r.name)
        walk(r.name, prefix + (last ? "   " : "│  "));
    });
  };
  walk(null, "");
  return out.join("\n");
}

interface ClusterView {
  name: string;
  type: string;
  nodes: { name: string; ip: string }[];
  lb?: { frontend: string; probePort: string; rules: string[]; floating: boolean };
  dns?: { zone: string; fqdn?: string; ttlSec?: number; resolution?: string };
  publicIp?: string;
}

function clusters(resources: PlanResource[], outputs: ComponentOutputs[]): ClusterView[] {
  return resources
    .filter((r) => r.type.startsWith("azure-ha-cluster:index:"))
    .map((comp) => {
      const mine = resources.filter((r) => r.parent === comp.name);
      const nodes = mine
        .filter((r) => r.type === "azure-native:network:NetworkInterface")
        .map((nic) => {
          const ipc = ((nic.inputs.ipConfigurations as Record<string, unknown>[]) ?? [])[0] ?? {};
          return {
            name: nic.name.replace(new RegExp(`^${comp.name}-`), "").replace(/-nic$/, ""),
            ip: String(ipc.privateIPAddress ?? ""),
          };
        });
      const lbRes = mine.find((r) => r.type === "azure-native:network:LoadBalancer");
      let lb: ClusterView["lb"];
      if (lbRes) {
        const fe =
          ((lbRes.inputs.frontendIPConfigurations as Record<string, unknown>[]) ?? [])[0] ?? {};
        const probe = ((lbRes.inputs.probes as Record<string, unknown>[]) ?? [])[0] ?? {};
        const rules = (lbRes.inputs.loadBalancingRules as Record<string, unknown>[]) ?? [];
        lb = {
          frontend: fe.privateIPAddress ? String(fe.privateIPAddress) : "public IP",
          probePort: String(probe.port ?? ""),
          rules: rules.map((r) => `${r.protocol} ${r.frontendPort}→${r.backendPort}`),
          floating: rules.some((r) => r.enableFloatingIP === true),
        };
      }
      const zone = mine.find(
        (r) =>
          r.type === "azure-native:dns:Zone" || r.type === "azure-native:privatedns:PrivateZone",
      );
      const out = outputs.find((o) => o.name === comp.name)?.outputs ?? {};
      const dnsOut = typeof out.fqdn === "string";
      return {
        name: comp.name,
        type: short(comp.type),
        nodes,
        lb,
        publicIp: typeof out.publicIpAddress === "string" ? out.publicIpAddress : undefined,
        dns:
          zone || dnsOut
            ? {
                zone: String(zone?.inputs.zoneName ?? zone?.inputs.privateZoneName ?? ""),
                fqdn: dnsOut ? String(out.fqdn) : undefined,
                ttlSec: typeof out.ttlSec === "number" ? out.ttlSec : undefined,
                resolution: typeof out.resolution === "string" ? out.resolution : undefined,
              }
            : undefined,
      };
    });
}

function mermaid(c: ClusterView): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, "_");
  const lines = ["```mermaid", "flowchart LR", `  clients([clients])`];
  if (c.lb) {
    lines.push(
      `  lb["${c.type}: ${c.lb.frontend}<br/>probe ${c.lb.probePort}<br/>${c.lb.rules.join(", ")}${c.lb.floating ? " (floating IP)" : ""}"]`,
    );
    lines.push("  clients --> lb");
    c.nodes.forEach((n, i) =>
      lines.push(`  lb ${i === 0 ? "-->" : "-.->"} ${id(n.name)}["${n.name}<br/>${n.ip}"]`),
    );
  } else {
    lines.push(
      `  dns["Azure DNS: ${c.dns?.fqdn ?? c.dns?.zone ?? ""}<br/>A record written by the active node"]`,
      "  clients --> dns",
    );
    c.nodes.forEach((n, i) =>
      lines.push(`  dns ${i === 0 ? "-->" : "-.->"} ${id(n.name)}["${n.name}<br/>${n.ip}"]`),
    );
  }
  for (let i = 1; i < c.nodes.length; i++)
    lines.push(`  ${id(c.nodes[0].name)} <-- heartbeat --> ${id(c.nodes[i].name)}`);
  lines.push("```");
  return lines.join("\n");
}

/** The human report. */
export function renderHuman(r: PlanReport, file: string, outputs: ComponentOutputs[] = []): string {
  const out: string[] = [];
  out.push(`Plan of ${path.basename(file)} (offline, under Pulumi mocks: nothing was created)`, "");
  out.push(`Resources (${r.resources.length})`, tree(r.resources), "");
  for (const c of clusters(r.resources, outputs)) {
    out.push(`Addressing: ${c.name} (${c.type})`);
    const rows: string[][] = c.nodes.map((n) => ["node", n.name, n.ip]);
    if (c.lb) {
      rows.push(["VIP / frontend", "", c.lb.frontend], ["probe port", "", c.lb.probePort]);
      for (const rule of c.lb.rules) rows.push(["rule", c.lb.floating ? "floating IP" : "", rule]);
    }
    if (c.publicIp) rows.push(["public IP", "mock address", c.publicIp]);
    if (c.dns) {
      if (c.dns.zone) rows.push(["DNS zone", "", c.dns.zone]);
      if (c.dns.fqdn) rows.push(["A record", "owned by the cluster", c.dns.fqdn]);
      if (c.dns.ttlSec !== undefined)
        rows.push(["TTL", "set on every update", `${c.dns.ttlSec} s`]);
    }
    out.push(table(["what", "name", "address / port"], rows), "");
    if (c.dns?.resolution) out.push(`Name resolution: ${c.dns.resolution}`, "");
    out.push(mermaid(c), "");
  }
  out.push("Policies");
  if (r.policies.length === 0) out.push("  (no policy verdicts)");
  for (const p of r.policies) {
    out.push(
      `  [${p.status === "pass" ? "pass" : p.enforcement === "mandatory" ? "FAIL" : "warn"}] ${p.policy} (${p.enforcement}) ${p.resource}${p.message ? `: ${p.message}` : ""}`,
    );
  }
  out.push("", "Failover budget (seconds)");
  out.push(
    table(
      ["cluster", "detection", "tolerated pause", "client switch", "RTO estimate"],
      r.failoverBudget.map((b) => [
        b.cluster,
        String(b.detectionSec),
        String(b.toleratedPauseSec),
        String(b.clientSwitchSec),
        String(b.rtoSec),
      ]),
    ),
    "",
  );
  out.push("Bootstrap steps");
  if (r.bootstrap.length === 0) out.push("  (none: software kind none, or no steps)");
  for (const b of r.bootstrap)
    out.push(`  ${b.cluster} ${b.node} ${b.step} (${b.os}, ${b.script.split("\n").length} lines)`);
  out.push("");
  return out.join("\n");
}
