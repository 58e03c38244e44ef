/**
 * The exported policy objects (policies/rules.ts), run the way the pack runs them but without
 * starting it: validation args built from a valid seed cluster recorded under mocks, one field
 * changed per case. Every registered rule's resource form has a case here (its cluster form has
 * its cases in rules.test.ts), and the pack is checked against the registry and the README.
 */
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { record } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { RULES } from "../components/core/rules";
import { policies } from "../policies/rules";
import { runResourcePolicy, runStackPolicy, toPolicyResource } from "../cli/policy-runner";
import { argsOf, stackCluster } from "./fixtures/clusters";

interface Res {
  type: string;
  name: string;
  props: Record<string, any>;
}
const records: Record<string, Res[]> = {};

beforeAll(async () => {
  for (const stack of ["ilb-wsfc", "ilb-linux"]) {
    const e = stackCluster(stack);
    const rs = await record(() => new HaClusterInternalLb(e.name, argsOf(e)));
    records[stack] = rs
      .filter((r) => r.custom)
      .map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
  }
});

const policy = (name: string) => {
  const p = policies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
};
const rule = (id: string) => {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

/** Violations of a resource policy on one resource; null when not applicable. */
function runResource(name: string, r: Res): Promise<string[] | null> {
  return runResourcePolicy(
    policy(name) as ResourceValidationPolicy,
    toPolicyResource(r.type, r.name, r.props),
  );
}

function runStack(name: string, rs: Res[]): Promise<string[] | null> {
  return runStackPolicy(
    policy(name) as StackValidationPolicy,
    rs.map((r) => toPolicyResource(r.type, r.name, r.props)),
  );
}

const find = (stack: string, type: string, suffix = "") => {
  const r = records[stack].find(
    (x) => x.type === `azure-native:${type}` && x.name.endsWith(suffix),
  );
  if (!r) throw new Error(`no ${type} in ${stack}`);
  return structuredClone(r);
};

type Case = [
  policy: string,
  stack: string,
  type: string,
  suffix: string,
  change: (p: any) => void,
  fragment: string,
];
const CASES: Case[] = [
  [
    "standard-sku",
    "ilb-wsfc",
    "network:LoadBalancer",
    "",
    (p) => (p.sku = { name: "Basic" }),
    'SKU Basic: set sku.name to "Standard"',
  ],
  [
    "standard-sku",
    "ilb-wsfc",
    "network:PublicIPAddress",
    "",
    (p) => delete p.sku,
    "SKU unset (Basic)",
  ],
  [
    "static-ips",
    "ilb-linux",
    "network:NetworkInterface",
    "node1-nic",
    (p) => (p.ipConfigurations[0].privateIPAllocationMethod = "Dynamic"),
    "ipconfig1: Dynamic",
  ],
  [
    "static-ips",
    "ilb-linux",
    "network:LoadBalancer",
    "",
    (p) => (p.frontendIPConfigurations[0].privateIPAllocationMethod = "Dynamic"),
    "frontend: Dynamic",
  ],
  [
    "no-probe-all-probed-up",
    "ilb-linux",
    "network:LoadBalancer",
    "",
    (p) => (p.probes[0].noHealthyBackendsBehavior = "AllProbedUp"),
    "set it to AllProbedDown",
  ],
  [
    "floating-ip-vip-owner",
    "ilb-wsfc",
    "network:LoadBalancer",
    "",
    (p) => (p.loadBalancingRules[0].enableFloatingIP = false),
    "floating IP off but the guest owns the VIP: set enableFloatingIP true",
  ],
  [
    "floating-ip-vip-owner",
    "ilb-linux",
    "network:LoadBalancer",
    "",
    (p) => (p.loadBalancingRules[0].enableFloatingIP = true),
    "floating IP on but the guest does not own the VIP",
  ],
  [
    "probe-port-free",
    "ilb-linux",
    "network:LoadBalancer",
    "",
    (p) => (p.probes[0].port = 8080),
    "probe port 8080 is also a rule port",
  ],
  [
    "probe-port-free",
    "ilb-linux",
    "network:LoadBalancer",
    "",
    (p) => (p.probes[0].port = 26002),
    "probe port 26002 ≠ 26001 configured in the guest",
  ],
  [
    "nsg-allows-probe",
    "ilb-linux",
    "network:NetworkSecurityGroup",
    "",
    (p) => (p.securityRules = []),
    "no inbound rule allows AzureLoadBalancer to the probe port 26001",
  ],
  [
    "nsg-allows-probe",
    "ilb-linux",
    "network:NetworkSecurityGroup",
    "",
    (p) =>
      p.securityRules.push({
        name: "deny-all",
        priority: 90,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sourceAddressPrefix: "*",
        destinationPortRange: "*",
      }),
    "rule deny-all (priority 90) denies AzureLoadBalancer",
  ],
  [
    "tcp-keepalive-idle-timeout",
    "ilb-wsfc",
    "network:LoadBalancer",
    "",
    (p) => (p.loadBalancingRules[0].idleTimeoutInMinutes = 3),
    "idle timeout 180 s ≤ keep-alive 230 s",
  ],
  [
    "tcp-keepalive-idle-timeout",
    "ilb-wsfc",
    "network:NatGateway",
    "",
    (p) => (p.idleTimeoutInMinutes = 2),
    "idle timeout 120 s ≤ keep-alive 230 s",
  ],
  [
    "fault-domains",
    "ilb-linux",
    "compute:AvailabilitySet",
    "",
    (p) => (p.platformFaultDomainCount = 1),
    "1 fault domain",
  ],
  [
    "shared-disk-limits",
    "ilb-wsfc",
    "compute:Disk",
    "shared-data",
    (p) => (p.maxShares = 5),
    "maxShares 5 > 3 allowed for Premium_LRS 256 GiB",
  ],
  [
    "shared-disk-caching-none",
    "ilb-wsfc",
    "compute:VirtualMachine",
    "node1-vm",
    (p) => (p.storageProfile.dataDisks[0].caching = "ReadOnly"),
    'LUN(s) 1 (ReadOnly): set caching "None"',
  ],
  [
    "nodes-patch-apart",
    "ilb-wsfc",
    "compute:VirtualMachine",
    "node1-vm",
    (p) => (p.osProfile.windowsConfiguration.patchSettings.patchMode = "AutomaticByOS"),
    "patchMode AutomaticByOS: Windows Update may reboot every node in the same window",
  ],
  [
    "nodes-patch-apart",
    "ilb-linux",
    "compute:VirtualMachine",
    "node2-vm",
    (p) => (p.osProfile.linuxConfiguration.patchSettings = { patchMode: "ImageDefault" }),
    "patchMode ImageDefault: the image's own updater may patch and reboot every node at once",
  ],
];

describe("resource policies", () => {
  it("every registered rule with a resource form has cases, and only those", () => {
    const withForm = RULES.filter((r) => r.resource !== undefined).map((r) => r.id);
    expect([...new Set(CASES.map((c) => c[0]))].sort()).toEqual([...withForm].sort());
  });

  it.each(CASES)(
    "%s on %s %s: valid passes, one change fails",
    async (name, stack, type, suffix, change, fragment) => {
      const r = find(stack, type, suffix);
      const form = rule(name).resource!;
      const verdict = (status: string) => [
        expect.objectContaining({ rule: name, enforcement: rule(name).enforcement, status }),
      ];
      expect(form.check({ type: r.type, name: r.name, inputs: r.props })).toEqual(verdict("pass"));
      expect(await runResource(name, r)).toEqual([]);
      change(r.props);
      expect(form.check({ type: r.type, name: r.name, inputs: r.props })).toEqual(verdict("fail"));
      const out = await runResource(name, r);
      expect(out).not.toBeNull();
      expect(out!.length).toBeGreaterThan(0);
      expect(out!.join("\n")).toContain(fragment);
      expect(policy(name).enforcementLevel).toBe(rule(name).enforcement);
    },
  );

  it("steps aside for resources it does not inspect", async () => {
    expect(
      await runResource("standard-sku", find("ilb-linux", "compute:AvailabilitySet")),
    ).toBeNull();
    expect(
      await runResource(
        "shared-disk-caching-none",
        find("ilb-linux", "compute:VirtualMachine", "node1-vm"),
      ),
    ).toBeNull();
  });
});

describe("stack policies (cluster rules over the stamped tags)", () => {
  const retag = (rs: Res[], key: string, edit: (v: string) => string) =>
    rs.map((r) => {
      const c = structuredClone(r);
      if (c.props.tags?.[key]) c.props.tags[key] = edit(c.props.tags[key]);
      return c;
    });

  it.each([
    [
      "detection-outlasts-pause",
      "ilb-wsfc",
      "ha-cluster-timing",
      (v: string) => v.replace("same=1000x40", "same=1000x10"),
      "ilb-wsfc: detection 10 s ≤ 30 s pause: set SameSubnetThreshold ≥ 31 at 1000 ms",
    ],
    [
      "wsfc-same-subnet-not-looser",
      "ilb-wsfc",
      "ha-cluster-timing",
      (v: string) => v.replace("cross=1000x40", "cross=1000x20"),
      "SameSubnetThreshold 40 > CrossSubnetThreshold 20",
    ],
    [
      "wsfc-heartbeat-ranges",
      "ilb-wsfc",
      "ha-cluster-timing",
      (v: string) => v.replace("same=1000x40", "same=100x40"),
      "SameSubnetDelay 100 ms outside 250–2000 ms",
    ],
    [
      "clusterpro-ping-target",
      "ilb-linux",
      "ha-cluster-timing",
      (v: string) => v.replace("pings=1", "pings=0"),
      "no ping NP target",
    ],
    [
      "detection-outlasts-pause",
      "ilb-linux",
      "ha-cluster-timing",
      (v: string) => v.replace("hb=120", "hb=30"),
      "detection 30 s ≤ 30 s pause",
    ],
  ] as const)("%s on %s", async (name, stack, key, edit, fragment) => {
    expect(await runStack(name, records[stack])).toEqual([]);
    const out = await runStack(name, retag(records[stack], key, edit));
    expect(out!.join("\n")).toContain(fragment);
    expect(policy(name).enforcementLevel).toBe("mandatory");
  });

  it("advisory rules report as advisory", async () => {
    expect(policy("clusterpro-os-boot-unknown").enforcementLevel).toBe("advisory");
    expect((await runStack("clusterpro-os-boot-unknown", records["ilb-linux"]))![0]).toContain(
      "OS boot time unknown",
    );
    expect(await runStack("clusterpro-os-boot-unknown", records["ilb-wsfc"])).toBeNull();
  });

  it("policy names are unique and every one has a description", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of policies) expect(p.description.length).toBeGreaterThan(20);
  });
});

describe("the pack is derived from the rule registry", () => {
  it("has one policy per rule id: cluster forms as stack policies first, then resource forms", () => {
    const stack = RULES.filter((r) => r.resource === undefined).map((r) => r.id);
    const resource = RULES.filter((r) => r.resource !== undefined).map((r) => r.id);
    expect(policies.map((p) => p.name)).toEqual([...stack, ...resource]);
    for (const p of policies) {
      const r = rule(p.name);
      const kind = "validateResource" in p ? "resource" : "stack";
      expect([p.name, kind, p.enforcementLevel, p.description]).toEqual([
        r.id,
        r.resource ? "resource" : "stack",
        r.enforcement,
        r.description,
      ]);
    }
  });

  it("rule ids are unique and every rule has a form", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect([r.id, !!(r.cluster || r.resource)]).toEqual([r.id, true]);
  });

  it("policies/index.ts constructs the one PolicyPack from the derived list", () => {
    const root = path.join(__dirname, "..");
    const pack = fs.readFileSync(path.join(root, "policies", "index.ts"), "utf8");
    expect(pack).toMatch(/^import \{ policies \} from "\.\/rules";$/m);
    expect(pack).toMatch(/^new PolicyPack\("azure-ha-cluster", \{ policies \}\);$/m);
    const rules = fs.readFileSync(path.join(root, "policies", "rules.ts"), "utf8");
    expect(rules).toMatch(/^export const policies: Policies = packPolicies\(RULES\);$/m);
    const sources = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return sources(rel);
        return e.name.endsWith(".ts") ? [rel] : [];
      });
    const constructing = ["components", "policies", "cli", "stacks"]
      .flatMap(sources)
      .filter((f) => /new PolicyPack\(/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(constructing).toEqual([path.join("policies", "index.ts")]);
  });

  it("policies/README.md lists every policy with its kind and enforcement", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "policies", "README.md"), "utf8");
    const rows = new Map(
      [...readme.matchAll(/^\| ([a-z0-9-]+) \| ([^|]+) \| (mandatory|advisory)[^|]* \|$/gm)].map(
        (m) => [m[1], { kind: m[2].trim(), enforcement: m[3] }],
      ),
    );
    expect([...rows.keys()].sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const r of RULES) {
      const row = rows.get(r.id)!;
      const kind = r.resource
        ? r.resource.types
            .map((t) => t.split(":").pop())
            .sort()
            .join(", ")
        : "stack";
      const listed = row.kind.startsWith("stack")
        ? "stack"
        : row.kind
            .replace(/\s*\(.*\)$/, "")
            .split(", ")
            .sort()
            .join(", ");
      expect([r.id, listed, row.enforcement]).toEqual([r.id, kind, r.enforcement]);
    }
  });
});
