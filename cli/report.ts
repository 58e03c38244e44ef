/**
 * The plan report: the `--json` object, and its human rendering (resource tree, addressing
 * table, policy verdicts, failover budget, Mermaid diagram).
 */
import { stringify as stringifyYaml } from "yaml";
import { COMPONENT_TYPE_PREFIX, isComponentType } from "../components/core/tokens";
import { SLEEP, topoOrder } from "./chain";

export interface PlanResource {
  type: string;
  name: string;
  parent: string | null;
  /** Names of the resources it waits for, as registered (explicit dependsOn and input uses). */
  dependsOn: string[];
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
  /** Planned maintenance of the active node (s): drain + switch with the agent, else the RTO. */
  plannedMaintenanceSec?: number;
  /** "drain": the Scheduled Events agent moves the groups first; "detection": no agent. */
  plannedMaintenance?: "drain" | "detection";
}

export interface BootstrapEntry {
  cluster: string;
  /** The Run Command's resource name (as in `resources` and in `after`). */
  name: string;
  node: string;
  os: "linux" | "windows";
  step: string;
  /**
   * The chain resources this step waits for (other steps, waits, VM extensions), as registered
   * names; the graph is walked through resources outside the chain, e.g. the VM.
   */
  after: string[];
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

/** One resource of a bootstrap chain (a step, a wait, an extension), for the human report. */
export interface ChainView {
  cluster: string;
  name: string;
  type: string;
  /** What it is, e.g. "node1 prepare", "wait 240s", "node1 extension JsonADDomainExtension". */
  label: string;
  /** One line: what it does. */
  detail: string;
  after: string[];
  /** Position hint for ties (the step's order tag). */
  rank: number;
}

/** What the human report shows besides the JSON report. */
export interface RenderContext {
  /** First line, e.g. "project app, stack dev (Pulumi.dev.yaml)". */
  title: string;
  /** Project and stack, for the stack's own line in the tree. */
  stackName: string;
  outputs?: ComponentOutputs[];
  stackOutputs?: Record<string, unknown>;
  chain?: ChainView[];
  /** Cluster name → its config path (`clusters[0]`), for the built-in program. */
  clusterPaths?: Record<string, string>;
  details?: boolean;
  verbose?: boolean;
}

const short = (type: string) =>
  isComponentType(type)
    ? type.slice(COMPONENT_TYPE_PREFIX.length)
    : type.replace(/^azure-native:/, "");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

/** The Azure name inputs whose key does not follow `<typeName>Name`. */
const AZURE_NAME_KEYS: Record<string, string> = {
  "azure-native:compute:VirtualMachine": "vmName",
  "azure-native:compute:VirtualMachineRunCommandByVirtualMachine": "runCommandName",
  "azure-native:compute:VirtualMachineExtension": "vmExtensionName",
  "azure-native:dns:RecordSet": "relativeRecordSetName",
  "azure-native:privatedns:PrivateRecordSet": "relativeRecordSetName",
  "azure-native:privatedns:PrivateZone": "privateZoneName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
  "azure-native:authorization:RoleDefinition": "roleName",
};

/**
 * The name the resource will have in Azure: the name input the user (or the component) set, or
 * Pulumi's auto-name (the resource name plus a random suffix) when there is none. Empty for
 * resources that are not Azure resources.
 */
export function azureName(r: PlanResource): string {
  if (!r.type.startsWith("azure-native:")) return "";
  const typeName = r.type.split(":").pop() ?? "";
  const want = (AZURE_NAME_KEYS[r.type] ?? `${typeName}Name`).toLowerCase();
  const key = Object.keys(r.inputs).find((k) => k.toLowerCase() === want);
  const v = key ? r.inputs[key] : undefined;
  if (typeof v === "string")
    return r.type.endsWith("RunCommandByVirtualMachine") ? `${r.inputs.vmName}/${v}` : v;
  return `${r.name}<random suffix>`;
}

/** The resource tree, as `pulumi preview` draws it: `+`, tree, type token, name, Azure name. */
function previewTree(resources: PlanResource[], stackName: string): string {
  const children = new Map<string | null, PlanResource[]>();
  for (const r of resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const rows: [string, string, string][] = [[`pulumi:pulumi:Stack`, stackName, ""]];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      rows.push([`${prefix}${last ? "└─ " : "├─ "}${r.type}`, r.name, azureName(r)]);
      if (children.has(r.name) && r.parent !== r.name)
        walk(r.name, prefix + (last ? "   " : "│  "));
    });
  };
  walk(null, "");
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const w1 = Math.max(4, ...rows.map((r) => r[1].length));
  const out = [`     ${"Type".padEnd(w0)}  ${"Name".padEnd(w1)}  Azure name`];
  for (const [t, n, a] of rows) out.push(` +   ${t.padEnd(w0)}  ${n.padEnd(w1)}  ${a}`.trimEnd());
  return out.join("\n");
}

interface ClusterView {
  name: string;
  type: string;
  nodes: { name: string; ip: string }[];
  lb?: { frontend: string; probePort: string; rules: string[]; floating: boolean };
  dns?: {
    zone: string;
    fqdn?: string;
    ttlSec?: number;
    resolution?: string;
    nameServers?: string[];
  };
  publicIp?: string;
}

function clusters(resources: PlanResource[], outputs: ComponentOutputs[]): ClusterView[] {
  return resources
    .filter((r) => isComponentType(r.type))
    .map((comp) => {
      const mine = resources.filter((r) => r.parent === comp.name);
      const nodes = mine
        // WSFC interconnect NICs (a node's second NIC) are not nodes
        .filter(
          (r) =>
            r.type === "azure-native:network:NetworkInterface" &&
            !r.name.endsWith("-interconnect-nic"),
        )
        .map((nic) => {
          const ipc = ((nic.inputs.ipConfigurations as Record<string, unknown>[]) ?? [])[0] ?? {};
          const prefix = `${comp.name}-`;
          const base = nic.name.startsWith(prefix) ? nic.name.slice(prefix.length) : nic.name;
          return { name: base.replace(/-nic$/, ""), ip: String(ipc.privateIPAddress ?? "") };
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
                nameServers: Array.isArray(out.nameServers)
                  ? (out.nameServers as unknown[]).map(String)
                  : undefined,
              }
            : undefined,
      };
    });
}

/** Mermaid node ids: a fixed prefix and a counter, so `end`, `lb` or `a-b`/`a_b` stay distinct. */
export function mermaidIds(): (key: string) => string {
  const ids = new Map<string, string>();
  return (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}_${key.replace(/[^A-Za-z0-9]/g, "_")}`;
      ids.set(key, id);
    }
    return id;
  };
}

/** A Mermaid label: quotes and angle brackets escaped (line breaks as <br/> are added after). */
const label = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

function mermaid(c: ClusterView): string {
  const id = mermaidIds();
  const front = id("front:" + c.name);
  const clients = id("clients:" + c.name);
  const lines = ["```mermaid", "flowchart LR", `  ${clients}([clients])`];
  if (c.lb) {
    lines.push(
      `  ${front}["${label(`${c.type}: ${c.lb.frontend}`)}<br/>${label(`probe ${c.lb.probePort}`)}<br/>${label(c.lb.rules.join(", ") + (c.lb.floating ? " (floating IP)" : ""))}"]`,
    );
  } else {
    lines.push(
      `  ${front}["${label(`Azure DNS: ${c.dns?.fqdn ?? c.dns?.zone ?? ""}`)}<br/>A record written by the active node"]`,
    );
  }
  lines.push(`  ${clients} --> ${front}`);
  c.nodes.forEach((n, i) =>
    lines.push(
      `  ${front} ${i === 0 ? "-->" : "-.->"} ${id("node:" + n.name)}["${label(n.name)}<br/>${label(n.ip)}"]`,
    ),
  );
  for (let i = 1; i < c.nodes.length; i++)
    lines.push(
      `  ${id("node:" + c.nodes[0].name)} <-- heartbeat --> ${id("node:" + c.nodes[i].name)}`,
    );
  lines.push("```");
  return lines.join("\n");
}

/** The chain of one cluster as a numbered list; each line names the numbers it waits for. */
export function renderChain(items: ChainView[]): string[] {
  const ordered = topoOrder(items, (i) => i.rank);
  const num = new Map(ordered.map((c, i) => [c.name, i + 1]));
  const width = String(ordered.length).length;
  return ordered.map((c, i) => {
    const after = c.after
      .map((a) => num.get(a))
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => a - b);
    const waits = after.length > 0 ? ` (after ${after.join(", ")})` : "";
    return `  ${String(i + 1).padStart(width)}. ${c.label}${waits}${c.detail ? ` — ${c.detail}` : ""}`;
  });
}

const str = (v: unknown) => (v === undefined || v === null ? "-" : String(v));

/** Key inputs of the resources an engineer checks against the vendor guide (`--details`). */
export function resourceDetails(r: PlanResource): string[] {
  const i = r.inputs as Record<string, any>;
  switch (r.type) {
    case "azure-native:compute:VirtualMachine": {
      const img = i.storageProfile?.imageReference ?? {};
      const dataDisks = (i.storageProfile?.dataDisks ?? []) as Record<string, any>[];
      return [
        `size ${str(i.hardwareProfile?.vmSize)}`,
        `image ${img.id ?? [img.publisher, img.offer, img.sku, img.version].map(str).join(":")}`,
        `OS disk ${str(i.storageProfile?.osDisk?.managedDisk?.storageAccountType)}`,
        `data disks ${dataDisks.map((d) => `lun ${d.lun} caching ${str(d.caching)}`).join(", ") || "none"}`,
        i.zones
          ? `zone ${[i.zones].flat().join(",")}`
          : `availability set ${i.availabilitySet ? "yes" : "no"}`,
        `admin ${str(i.osProfile?.adminUsername)}`,
      ];
    }
    case "azure-native:compute:Disk":
      return [
        `${str(i.diskSizeGB)} GB`,
        `SKU ${str(i.sku?.name)}`,
        ...(i.maxShares ? [`maxShares ${i.maxShares}`] : []),
        ...(i.zones ? [`zone ${[i.zones].flat().join(",")}`] : []),
      ];
    case "azure-native:network:NetworkSecurityGroup":
      return ((i.securityRules ?? []) as Record<string, any>[]).map(
        (s) =>
          `${s.priority} ${s.direction} ${s.access} ${s.protocol} ${str(s.sourceAddressPrefix ?? s.sourceAddressPrefixes)} → ${str(s.destinationPortRange ?? s.destinationPortRanges)} (${s.name})`,
      );
    case "azure-native:network:SecurityRule":
      return [
        `${i.priority} ${i.direction} ${i.access} ${i.protocol} ${str(i.sourceAddressPrefix)} → ${str(i.destinationPortRange ?? i.destinationPortRanges)}`,
      ];
    case "azure-native:network:LoadBalancer":
      return [
        `SKU ${str(i.sku?.name)}`,
        ...((i.frontendIPConfigurations ?? []) as Record<string, any>[]).map(
          (f) => `frontend ${f.name}: ${f.privateIPAddress ?? "public IP"}`,
        ),
        ...((i.probes ?? []) as Record<string, any>[]).map(
          (p) =>
            `probe ${p.name}: ${p.protocol} ${p.port}, every ${p.intervalInSeconds} s, threshold ${str(p.probeThreshold)}, ${str(p.noHealthyBackendsBehavior)}`,
        ),
        ...((i.loadBalancingRules ?? []) as Record<string, any>[]).map(
          (l) =>
            `rule ${l.name}: ${l.protocol} ${l.frontendPort}→${l.backendPort}, floating IP ${l.enableFloatingIP ? "on" : "off"}, idle ${str(l.idleTimeoutInMinutes)} min, TCP reset ${l.enableTcpReset ? "on" : "off"}`,
        ),
        ...((i.outboundRules ?? []) as Record<string, any>[]).map((o) => `outbound rule ${o.name}`),
      ];
    case "azure-native:network:NetworkInterface":
      return ((i.ipConfigurations ?? []) as Record<string, any>[]).map(
        (c) =>
          `${c.name}: ${str(c.privateIPAddress)} (${str(c.privateIPAllocationMethod)})${i.enableAcceleratedNetworking ? ", accelerated networking" : ""}`,
      );
    case "azure-native:network:PublicIPAddress":
      return [
        `SKU ${str(i.sku?.name)}`,
        `${str(i.publicIPAllocationMethod)}`,
        ...(i.dnsSettings?.domainNameLabel ? [`DNS label ${i.dnsSettings.domainNameLabel}`] : []),
      ];
    case "azure-native:compute:AvailabilitySet":
      return [
        `fault domains ${str(i.platformFaultDomainCount)}`,
        `update domains ${str(i.platformUpdateDomainCount)}`,
      ];
    case "azure-native:dns:RecordSet":
    case "azure-native:privatedns:PrivateRecordSet":
      return [`${str(i.recordType)} ${str(i.relativeRecordSetName)}, TTL ${str(i.ttl)}`];
    default:
      return [];
  }
}

/** Status of a policy over all its verdicts: fail (mandatory), warn (advisory fail), pass. */
type Tally = "pass" | "warn" | "fail";
const tallyOf = (v: PolicyVerdict): Tally =>
  v.status === "pass" ? "pass" : v.enforcement === "mandatory" ? "fail" : "warn";
const WORST: Record<Tally, number> = { pass: 0, warn: 1, fail: 2 };

/** Policies grouped by name: each name once, its worst status, its verdicts. */
export function policyGroups(
  policies: PolicyVerdict[],
): { policy: string; enforcement: string; status: Tally; verdicts: PolicyVerdict[] }[] {
  const groups = new Map<string, PolicyVerdict[]>();
  for (const p of policies) groups.set(p.policy, [...(groups.get(p.policy) ?? []), p]);
  return [...groups].map(([policy, verdicts]) => ({
    policy,
    enforcement: verdicts[0].enforcement,
    status: verdicts.map(tallyOf).reduce((a, b) => (WORST[b] > WORST[a] ? b : a), "pass" as Tally),
    verdicts,
  }));
}

/** `19 pass, 1 warn, 0 fail`, counted per policy name. */
export function policyTally(policies: PolicyVerdict[]): string {
  const g = policyGroups(policies);
  const n = (s: Tally) => g.filter((x) => x.status === s).length;
  return `${n("pass")} pass, ${n("warn")} warn, ${n("fail")} fail`;
}

function renderPolicies(r: PlanReport, ctx: RenderContext): string[] {
  const out = [`Policies: ${policyTally(r.policies)}`];
  const groups = policyGroups(r.policies).sort(
    (a, b) => WORST[b.status] - WORST[a.status] || a.policy.localeCompare(b.policy),
  );
  const shown = ctx.verbose ? groups : groups.filter((g) => g.status !== "pass");
  if (r.policies.length === 0) out.push("  (no policy verdicts)");
  for (const g of shown) {
    out.push(`  ${g.status.padEnd(4)}  ${g.policy} (${g.enforcement})`);
    for (const v of g.verdicts) {
      if (!ctx.verbose && v.status === "pass") continue;
      const where = ctx.clusterPaths?.[v.resource]
        ? `${ctx.clusterPaths[v.resource]} (${v.resource})`
        : v.resource;
      const msg = v.message.startsWith(`${v.resource}: `)
        ? v.message.slice(v.resource.length + 2)
        : v.message;
      out.push(`          ${where}: ${msg}`);
    }
  }
  if (!ctx.verbose && shown.length < groups.length)
    out.push(
      `  (${groups.length - shown.length} passing policies not listed: --verbose lists them)`,
    );
  return out;
}

function renderOutputs(outputs: Record<string, unknown> | undefined): string[] {
  if (!outputs || Object.keys(outputs).length === 0) return [];
  const out = ["Outputs:"];
  for (const [k, v] of Object.entries(outputs)) {
    const one = JSON.stringify(v);
    if (one === undefined) continue;
    if (one.length <= 90) out.push(`    ${k}: ${one}`);
    else {
      out.push(`    ${k}:`);
      for (const line of stringifyYaml(v).trimEnd().split("\n")) out.push(`        ${line}`);
    }
  }
  return [...out, ""];
}

/** The human report: reads like `pulumi preview`, then what an engineer checks per cluster. */
export function renderHuman(r: PlanReport, ctx: RenderContext): string {
  const out: string[] = [];
  out.push(`Previewing ${ctx.title} (offline, under Pulumi mocks: nothing is created)`, "");
  out.push(previewTree(r.resources, ctx.stackName), "");
  out.push(...renderOutputs(ctx.stackOutputs));
  out.push(
    "Resources:",
    `    + ${r.resources.length + 1} to create (the stack and ${r.resources.length} resources)`,
    "",
  );

  for (const c of clusters(r.resources, ctx.outputs ?? [])) out.push(...renderCluster(c, r, ctx));
  const orphanChain = (ctx.chain ?? []).filter(
    (x) => !r.resources.some((c) => c.name === x.cluster && isComponentType(c.type)),
  );
  if (orphanChain.length > 0)
    out.push("Other in-guest steps and waits", ...renderChain(orphanChain), "");

  if (ctx.details) out.push(...renderDetails(r.resources));
  out.push(...renderPolicies(r, ctx), "");
  out.push(...renderBudgetTable(r.failoverBudget));
  return out.join("\n");
}

/** One cluster: addressing table, diagram, alerts, failover budget, bootstrap chain. */
function renderCluster(c: ClusterView, r: PlanReport, ctx: RenderContext): string[] {
  const out: string[] = [`Cluster ${c.name} (${c.type})`, ""];
  out.push(table(["what", "name", "address / port"], addressRows(c)), "");
  if (c.dns?.resolution) out.push(`Name resolution: ${c.dns.resolution}`, "");
  out.push(mermaid(c), "");
  out.push(...alertLines(r.resources, c.name));
  const budget = r.failoverBudget.find((b) => b.cluster === c.name);
  if (budget)
    out.push(
      `Failover budget: detection ${budget.detectionSec} s, tolerated pause ${budget.toleratedPauseSec} s, client switch ${budget.clientSwitchSec} s, RTO estimate ${budget.rtoSec} s, planned maintenance ${plannedMaintenance(budget)}`,
      "",
    );
  out.push(...renderClusterChain(c.name, r, ctx), "");
  return out;
}

/** The addressing table's rows: nodes, VIP/frontend, probe port, rules, public IP, DNS. */
function addressRows(c: ClusterView): string[][] {
  const rows: string[][] = c.nodes.map((n) => ["node", n.name, n.ip]);
  if (c.lb) {
    rows.push(["VIP / frontend", "", c.lb.frontend], ["probe port", "", c.lb.probePort]);
    for (const rule of c.lb.rules) rows.push(["rule", c.lb.floating ? "floating IP" : "", rule]);
  }
  if (c.publicIp) rows.push(["public IP", "mock address", c.publicIp]);
  if (c.dns) {
    if (c.dns.zone) rows.push(["DNS zone", "", c.dns.zone]);
    if (c.dns.fqdn) rows.push(["A record", "owned by the cluster", c.dns.fqdn]);
    if (c.dns.ttlSec !== undefined) rows.push(["TTL", "set on every update", `${c.dns.ttlSec} s`]);
    for (const ns of c.dns.nameServers ?? []) rows.push(["name server", "mock", ns]);
  }
  return rows;
}

/** The cluster's bootstrap chain: a count of steps, waits and extensions, then the chain. */
function renderClusterChain(cluster: string, r: PlanReport, ctx: RenderContext): string[] {
  const chain = (ctx.chain ?? []).filter((x) => x.cluster === cluster);
  const steps = r.bootstrap.filter((b) => b.cluster === cluster).length;
  const waits = chain.filter((x) => x.type === SLEEP).length;
  const others = chain.length - steps - waits;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [
    `Bootstrap chain (${plural(steps, "step")}, ${plural(waits, "wait")}${others > 0 ? `, ${plural(others, "VM extension")}` : ""}; in order, each after the numbers in brackets)`,
    ...(chain.length === 0 ? ["  (none: software kind none, or no steps)"] : renderChain(chain)),
  ];
}

/** --details: the key inputs of every resource that has some. */
function renderDetails(resources: PlanResource[]): string[] {
  const out = ["Details (key inputs)"];
  for (const res of resources) {
    const d = resourceDetails(res);
    if (d.length === 0) continue;
    out.push(`  ${res.name} (${short(res.type)})`);
    for (const line of d) out.push(`      ${line}`);
  }
  out.push("");
  return out;
}

/** The failover budget of every cluster, one table (nothing without clusters). */
function renderBudgetTable(budget: BudgetEntry[]): string[] {
  if (budget.length === 0) return [];
  return [
    "Failover budget (seconds)",
    table(
      [
        "cluster",
        "detection",
        "tolerated pause",
        "client switch",
        "RTO estimate",
        "planned maintenance",
      ],
      budget.map((b) => [
        b.cluster,
        String(b.detectionSec),
        String(b.toleratedPauseSec),
        String(b.clientSwitchSec),
        String(b.rtoSec),
        plannedMaintenance(b),
      ]),
    ),
    "",
  ];
}

// ---- issue 25: health-probe alerts (kept apart from the rest of the report) --------------------

/** The cluster's metric alerts: condition, threshold, window (empty when there are none). */
export function alertLines(resources: PlanResource[], cluster: string): string[] {
  const alerts = resources.filter(
    (r) => r.parent === cluster && r.type === "azure-native:monitor:MetricAlert",
  );
  if (alerts.length === 0) return [];
  const rows = alerts.map((a) => {
    const crit =
      ((a.inputs.criteria as { allOf?: Record<string, unknown>[] })?.allOf ?? [])[0] ?? {};
    const op = crit.operator === "LessThan" ? "<" : crit.operator === "GreaterThan" ? ">" : "?";
    return [
      a.name,
      `${crit.metricName} ${crit.timeAggregation} ${op} ${crit.threshold} %`,
      `${a.inputs.windowSize}, severity ${a.inputs.severity}`,
    ];
  });
  return [`Alerts: ${cluster}`, table(["alert", "condition", "window"], rows), ""];
}

/** The planned-maintenance cell: drain + switch with the Scheduled Events agent, else detection. */
function plannedMaintenance(b: BudgetEntry): string {
  if (b.plannedMaintenanceSec === undefined) return "-";
  return b.plannedMaintenance === "drain"
    ? `${b.plannedMaintenanceSec} s (drain + switch, no detection)`
    : `${b.plannedMaintenanceSec} s (no agent: detection)`;
}
