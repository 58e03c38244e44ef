/**
 * The planner on a user's own Pulumi project (Pulumi.yaml, stacks, TypeScript through ts-node),
 * and the report as an engineer reads it: preview tree with Azure names, outputs, the bootstrap
 * chain, --details, --show-script, the policy tally, Mermaid ids, mandatory failures.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { ensureBuilt, PLAN, ROOT, runPlan, writeStackFile } from "./support/cli";
import { stackCluster } from "./fixtures/clusters";

beforeAll(() => ensureBuilt(), 300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-project-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the built planner in `cwd`. */
function plan(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [PLAN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 600_000, // ts-node type-checks the program: slow on a loaded 2-core machine
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { HaClusterInternalLb } from "azure-ha-cluster";

const config = new pulumi.Config();
const shared = new resources.ResourceGroup("shared", { resourceGroupName: "shared-rg" });
const cluster = new HaClusterInternalLb("sql", {
  resourceGroupName: config.require("rg"),
  location: "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" },
  nodes: [
    { name: "node1", privateIp: "10.5.0.110" },
    { name: "node2", privateIp: "10.5.0.111" },
  ],
  vm: { size: "Standard_D4s_v5", os: "rhel-9", adminUsername: "azureuser",
        adminPassword: config.requireSecret("adminPassword") },
  dataDisk: { sizeGb: 20, sku: "Standard_LRS" },
  software: { kind: "clusterpro", version: "5.0", networkPartition: { pingTargets: ["10.5.0.5"] } },
  internalLb: { frontendIp: "10.5.0.200", probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] },
});
export const vip = cluster.frontendIp;
export const sharedGroup = shared.name;
`;

/**
 * A user's project: Pulumi.yaml (main, stackConfigDir), index.ts, stack files dev and prod, and
 * a node_modules that links this repository's packages (azure-ha-cluster → this checkout).
 */
function makeProject(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.mkdirSync(path.join(dir, "stacks"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    stringify({
      name: "myapp",
      runtime: { name: "nodejs", options: { typescript: true } },
      main: "src/index.ts",
      stackConfigDir: "stacks",
    }),
  );
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "myapp" }));
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        types: ["node"],
        skipLibCheck: true,
      },
      files: ["src/index.ts"],
    }),
  );
  fs.writeFileSync(path.join(dir, "src", "index.ts"), PROGRAM);
  const nm = path.join(dir, "node_modules");
  fs.mkdirSync(nm);
  for (const e of fs.readdirSync(path.join(ROOT, "node_modules")))
    fs.symlinkSync(path.join(ROOT, "node_modules", e), path.join(nm, e));
  fs.symlinkSync(ROOT, path.join(nm, "azure-ha-cluster"));
  const stack = (rg: string) =>
    stringify({
      config: {
        "myapp:rg": rg,
        "myapp:adminPassword": { secure: "v1:CIPHERTEXT-MUST-NOT-LEAK" },
        "azure-native:location": "japaneast",
      },
    });
  fs.writeFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), stack("dev-rg"));
  fs.writeFileSync(path.join(dir, "stacks", "Pulumi.prod.yaml"), stack("prod-rg"));
  return dir;
}

describe("plan [DIR] --stack NAME: a user's own program", () => {
  let project: string;
  beforeAll(() => {
    project = makeProject("app");
  });

  it("runs the project's TypeScript (type-checked by ts-node, as pulumi does) with its stack file; secrets stay [secret]", () => {
    const r = plan(["--stack", "dev", "--json"], project);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("CIPHERTEXT-MUST-NOT-LEAK");
    const json = JSON.parse(r.stdout);
    const rg = json.resources.filter((x: any) => x.type === "azure-native:resources:ResourceGroup");
    expect(rg.map((x: any) => x.inputs.resourceGroupName).sort()).toEqual(["dev-rg", "shared-rg"]);
    const vm = json.resources.find((x: any) => x.name === "sql-node1-vm");
    expect(vm.inputs.hardwareProfile.vmSize).toBe("Standard_D4s_v5");
    expect(vm.inputs.osProfile.adminPassword).toBe("[secret]");
  }, 600_000);

  it("prints the preview tree with Azure names, the other resources, the stack outputs and the summary", () => {
    const r = plan([project, "--stack", "prod"], tmp, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Previewing project myapp, stack prod \(.*Pulumi\.prod\.yaml\)/);
    expect(r.stdout).toMatch(/^ \+ {3}pulumi:pulumi:Stack\s+myapp-prod$/m);
    expect(r.stdout).toMatch(
      /^ \+ {3}[├└]─ azure-native:resources:ResourceGroup\s+shared\s+shared-rg$/m,
    );
    expect(r.stdout).toMatch(/azure-native:resources:ResourceGroup\s+sql-rg\s+prod-rg$/m);
    expect(r.stdout).toMatch(/azure-native:compute:VirtualMachine\s+sql-node1-vm\s+node1$/m);
    expect(r.stdout).toMatch(/Outputs:\n(?: {4}.*\n)*? {4}vip: "10\.5\.0\.200"/);
    expect(r.stdout).toMatch(/sharedGroup: "shared-rg"/);
    const json = JSON.parse(
      plan([project, "--stack", "prod", "--json"], tmp, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" })
        .stdout,
    );
    expect(r.stdout).toContain(
      `Resources:\n    + ${json.resources.length + 1} to create (the stack and ${json.resources.length} resources)`,
    );
    expect(r.stdout).toContain("Cluster sql (HaClusterInternalLb)");
  });

  it("several stacks and no --stack: exit 2 listing them; an unknown stack lists the stacks that exist", () => {
    const none = plan([], project);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /project myapp has several stacks \(dev, prod\): choose one with --stack NAME/,
    );
    const bad = plan(["--stack", "staging"], project);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/project myapp has no stack staging .*; its stacks: dev, prod/);
  });

  it("no Pulumi.yaml and no flag: says so and how to start, never plans a seed", () => {
    const empty = fs.mkdtempSync(path.join(tmp, "empty-"));
    const r = plan([], empty);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/no Pulumi project in the current directory \(no Pulumi\.yaml\)/);
    expect(r.stderr).toMatch(/templates\/ha-cluster-ts/);
    expect(r.stderr).toMatch(/--example ilb-linux|--example \w/);
  });

  it("a program that throws: exit 3 with its message", () => {
    const dir = makeProject("broken");
    fs.writeFileSync(path.join(dir, "src", "index.ts"), `throw new Error("boom in program");\n`);
    const r = plan(["--stack", "dev"], dir, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/the program failed: .*boom in program/);
  });
});

describe("the package's own program: --example, --config", () => {
  it("--example plans a seed by explicit choice; an unknown example lists them", () => {
    const r = runPlan(["--example", "ilb-linux", "--json"]);
    expect(r.status).toBe(0);
    expect(r.json.failoverBudget[0].cluster).toBe("ilb-linux");
    const bad = runPlan(["--example", "nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--example nope: no such example; the examples: .*ilb-linux/);
  });

  it("a directory as --config gets its own message; bad YAML shows line, column and a caret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-dir-"));
    const asDir = runPlan(["--config", dir]);
    expect(asDir.status).toBe(2);
    expect(asDir.stderr).toMatch(/is a directory; give a stack-config file/);
    const file = path.join(dir, "Pulumi.bad.yaml");
    fs.writeFileSync(file, "config:\n  azure-ha-cluster:clusters:\n    - name: x\n\t- name: y\n");
    const bad = runPlan(["--config", file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Pulumi\.bad\.yaml:\d+:\d+: not valid YAML/);
    expect(bad.stderr).toMatch(/:4:1: not valid YAML/);
    expect(bad.stderr).toMatch(/^> 4 \| \t- name: y$/m);
    expect(bad.stderr).toMatch(/^ +\| +\^$/m);
  });
});

describe("ordering: dependsOn and after", () => {
  it("--json: every resource has dependsOn (registered names); every step's after reaches every node's earlier steps", () => {
    for (const stack of ["ilb-linux", "ilb-wsfc", "dns-linux"]) {
      const r = runPlan(["--example", stack, "--json"]);
      expect(r.status).toBe(0);
      const names = new Set(r.json.resources.map((x: any) => x.name));
      for (const x of r.json.resources)
        for (const d of x.dependsOn) expect(names.has(d) || d === "").toBe(true);
      const byName = new Map<string, any>(r.json.resources.map((x: any) => [x.name, x]));
      const steps = r.json.bootstrap;
      for (const b of steps) {
        expect(byName.has(b.name)).toBe(true);
        for (const a of b.after) expect(names.has(a)).toBe(true);
      }
      // The transitive closure of a step's `after` (through steps, waits and extensions).
      const closure = (name: string, seen = new Set<string>()): Set<string> => {
        const after: string[] =
          steps.find((b: any) => b.name === name)?.after ??
          (byName.get(name)?.dependsOn as string[] | undefined)?.filter((d) =>
            /RunCommand|Sleep|Extension/.test(byName.get(d)?.type ?? ""),
          ) ??
          [];
        for (const a of after)
          if (!seen.has(a)) {
            seen.add(a);
            closure(a, seen);
          }
        return seen;
      };
      const first = steps.filter((b: any) => b.after.length === 0);
      expect(first.length).toBeGreaterThan(0);
      // The last step (the one nothing waits for, on the first node) comes after every first step.
      const last = steps.filter((b: any) => !steps.some((o: any) => o.after.includes(b.name)));
      // CLUSTERPRO's chain ends with "start", WSFC's with "form" (reboot steps are followed by waits)
      // (the Scheduled Events agent, installed after them, is now among what nothing waits for)
      expect(last.some((b: any) => b.step === "scheduled-events")).toBe(true);
      const form = steps.find((b: any) => b.step === "form" || b.step === "start");
      const before = closure(form.name);
      for (const f of first) if (f.name !== form.name) expect(before.has(f.name)).toBe(true);
      // A run command depends on its VM: dependsOn names it as registered.
      const vmOfStep = byName.get(form.name).dependsOn;
      expect(
        vmOfStep.some((d: string) => byName.get(d)?.type === "azure-native:compute:VirtualMachine"),
      ).toBe(true);
    }
  });

  it("the human report shows the chain per cluster: numbered, each after lower numbers only, with a description", () => {
    const r = runPlan(["--example", "ilb-linux"]);
    const m = /Bootstrap chain \((\d+) steps?, (\d+) waits?[^\n]*\n((?: +\d+\. .*\n)+)/.exec(
      r.stdout,
    );
    expect(m).not.toBeNull();
    const lines = m![3].trimEnd().split("\n");
    const json = runPlan(["--example", "ilb-linux", "--json"]).json;
    expect(Number(m![1])).toBe(json.bootstrap.length);
    const waits = json.resources.filter((x: any) => x.type === "time:index/sleep:Sleep").length;
    expect(Number(m![2])).toBe(waits);
    expect(lines.length).toBe(json.bootstrap.length + waits);
    lines.forEach((l, i) => {
      const n = Number(/^ +(\d+)\./.exec(l)![1]);
      expect(n).toBe(i + 1);
      const after = /\(after ([\d, ]+)\)/.exec(l)?.[1].split(", ").map(Number) ?? [];
      for (const a of after) expect(a).toBeLessThan(n);
      expect(l).toMatch(/ — \S/);
    });
    // The push step's line carries the facts checked against the vendor guide.
    expect(r.stdout).toMatch(
      /node1 push .*\[cluster ilb-linux, heartbeat 120 s, md \/mnt\/md, azurepp1 26001, pingnp 10\.5\.0\.5/,
    );
  });
});

describe("report details", () => {
  it("--details lists VM size and image, disk SKUs, NSG rules, LB rules and probe", () => {
    const r = runPlan(["--example", "ilb-linux", "--details"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /ilb-linux-node1-vm \(compute:VirtualMachine\)\n {6}size Standard_D2s_v5\n {6}image RedHat:RHEL:9-lvm-gen2:latest/,
    );
    expect(r.stdout).toMatch(
      /ilb-linux-node1-data \(compute:Disk\)\n {6}20 GB\n {6}SKU Standard_LRS/,
    );
    expect(r.stdout).toMatch(/100 Inbound Allow Tcp AzureLoadBalancer → 26001 \(allow-lb-probe\)/);
    expect(r.stdout).toMatch(/probe probe: Tcp 26001, every 5 s, threshold 2/);
    expect(r.stdout).toMatch(/rule tcp-80: Tcp 80→8080, floating IP off/);
    expect(runPlan(["--example", "ilb-linux"]).stdout).not.toMatch(/Details \(key inputs\)/);
  });

  it("--show-script NODE/STEP prints one rendered script; an unknown step lists the steps", () => {
    const r = runPlan(["--example", "ilb-linux", "--show-script", "node1/push"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#!\/bin\/bash\n/);
    expect(r.stdout).toMatch(/^STEP_NAME=push$/m);
    const json = runPlan(["--example", "ilb-linux", "--json"]).json;
    const form = json.bootstrap.find((b: any) => b.node === "node1" && b.step === "push");
    expect(r.stdout.trimEnd()).toBe(form.script.trimEnd());
    const bad = runPlan(["--example", "ilb-linux", "--show-script", "node9/form"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no such step; the steps: .*ilb-linux\/node1\/prepare/);
  });

  it("policies: a tally; only warnings and failures by default, every name once; --verbose lists all", () => {
    const r = runPlan(["--example", "ilb-linux"]);
    const tally = /Policies: (\d+) pass, (\d+) warn, (\d+) fail/.exec(r.stdout);
    expect(tally).not.toBeNull();
    const json = runPlan(["--example", "ilb-linux", "--json"]).json;
    const names = [...new Set(json.policies.map((p: any) => p.policy))];
    expect(Number(tally![1]) + Number(tally![2]) + Number(tally![3])).toBe(names.length);
    const section = r.stdout.slice(r.stdout.indexOf("Policies:"));
    expect(section).not.toMatch(/^ {2}pass /m);
    expect(section).toMatch(
      /^ {2}warn {2}clusterpro-os-boot-unknown \(advisory\)\n {10}clusters\[0\] \(ilb-linux\): OS boot time unknown/m,
    );
    const v = runPlan(["--example", "ilb-linux", "--verbose"]).stdout;
    const vSection = v.slice(v.indexOf("Policies:"), v.indexOf("Failover budget (seconds)"));
    for (const n of names) {
      const heads = vSection.match(new RegExp(`^ {2}(pass|warn|fail) {2}${n} \\(`, "gm")) ?? [];
      expect(heads).toHaveLength(1);
    }
  });

  it("Mermaid: nodes named end and lb keep distinct, valid ids", () => {
    const c = stackCluster("ilb-linux");
    c.nodes[0].name = "end";
    c.nodes[1].name = "lb";
    const r = runPlan(["--config", writeStackFile([c])]);
    expect(r.status).toBe(0);
    const block = /```mermaid\n([\s\S]*?)```/.exec(r.stdout)![1];
    const ids = [...block.matchAll(/(?:^|\s)(n\d+_[A-Za-z0-9_]+)/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(4); // clients, the LB, end, lb
    // No bare keyword or colliding id: every node id is prefixed.
    for (const line of block.trim().split("\n").slice(1))
      expect(line).not.toMatch(/^\s+(end|lb)\b/);
    expect(block).toMatch(/n\d+_node_end\["end<br\/>10\.5\.0\.110"\]/);
    expect(block).toMatch(/n\d+_node_lb\["lb<br\/>10\.5\.0\.111"\]/);
  });

  it("a mandatory policy failure still shows the tree, the budget and the steps; stderr gets one line; exit 1", () => {
    const e = stackCluster("ilb-wsfc");
    (e.software as any).heartbeat.sameSubnetThreshold = 10;
    const r = runPlan(["--config", writeStackFile([e])]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/azure-native:network:LoadBalancer\s+ilb-wsfc-lb/);
    expect(r.stdout).toMatch(/Bootstrap chain \([1-9]\d* steps/);
    expect(r.stdout).toMatch(/Failover budget: detection 10 s/);
    expect(r.stdout).toMatch(
      /^ {2}fail {2}detection-outlasts-pause \(mandatory\)\n {10}clusters\[0\] \(ilb-wsfc\): detection 10 s/m,
    );
    expect(r.stderr.trim().split("\n")).toEqual([
      "plan: 1 mandatory policy fails (detection-outlasts-pause): `pulumi up` would be refused; the report shows why",
    ]);
  });
});

describe("other programs", () => {
  it("a JavaScript program (typescript: false): other resources listed plainly, with their Azure names", () => {
    const dir = path.join(tmp, "js");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: jsapp\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: main.js\n",
    );
    fs.writeFileSync(
      path.join(dir, "main.js"),
      `const resources = require("@pulumi/azure-native/resources");
const network = require("@pulumi/azure-native/network");
const rg = new resources.ResourceGroup("rg", { resourceGroupName: "js-rg" });
const vnet = new network.VirtualNetwork("vnet", { resourceGroupName: rg.name });
exports.rgName = rg.name;
`,
    );
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(
      path.join(ROOT, "node_modules", "@pulumi"),
      path.join(dir, "node_modules", "@pulumi"),
    );
    const r = plan([], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Previewing project jsapp, stack \(no stack file\)/);
    expect(r.stdout).toMatch(/azure-native:resources:ResourceGroup\s+rg\s+js-rg$/m);
    // No name input: Pulumi auto-names it.
    expect(r.stdout).toMatch(/azure-native:network:VirtualNetwork\s+vnet\s+vnet<random suffix>$/m);
    expect(r.stdout).toMatch(/^ {4}rgName: "js-rg"$/m);
    expect(r.stdout).not.toMatch(/^Cluster /m);
    expect(r.stdout).toMatch(/^Policies: \d+ pass, 0 warn, 0 fail$/m);
  });

  it("a project whose typescript is 7 (no compiler API): exit 2 saying why and what to do", () => {
    const dir = makeProject("ts7");
    const nm = path.join(dir, "node_modules");
    fs.unlinkSync(path.join(nm, "typescript"));
    // TypeScript 7's package: "exports": { ".": "./lib/version.cjs" }, which exports the version only.
    fs.mkdirSync(path.join(nm, "typescript", "lib"), { recursive: true });
    fs.writeFileSync(
      path.join(nm, "typescript", "package.json"),
      JSON.stringify({
        name: "typescript",
        version: "7.0.2",
        exports: { ".": "./lib/version.cjs" },
      }),
    );
    fs.writeFileSync(
      path.join(nm, "typescript", "lib", "version.cjs"),
      `module.exports = { version: "7.0.2" };\n`,
    );
    const r = plan(["--stack", "dev"], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/TypeScript 7\.0\.2 has no compiler API \(TypeScript 7\+\)/);
    expect(r.stderr).toMatch(/add "typescript": "~5\.9\.3" to the project's devDependencies/);
  });
});
