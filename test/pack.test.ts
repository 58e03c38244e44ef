/**
 * The published package, as a consumer gets it: `npm pack` the project, make a fresh project
 * from the packed template (templates/ha-cluster-ts) with the tarball installed (--prefer-offline,
 * from the npm cache when it can), then: the template, a consumer of every component and every
 * TypeScript block of the README type-check against the tarball's .d.ts files; `npx
 * azure-ha-cluster plan --stack dev` plans the project's own index.ts against ./Pulumi.dev.yaml;
 * the packed policy pack loads (run-policy-pack) and its rules run on a recorded plan.
 *
 * Uses dist/ as built (jest's global setup builds it when a source changed).
 */
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

// Keep the parent npm's settings (npm test) out of the child npm runs.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(config|lifecycle|package)_/i.test(k)),
) as NodeJS.ProcessEnv;
env.npm_config_loglevel = "error";
env.npm_config_update_notifier = "false";

const npm = (args: string[], cwd: string) =>
  execFileSync(NPM, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const versionOf = (pkg: string): string =>
  require(path.join(ROOT, "node_modules", pkg, "package.json")).version;

/** The TypeScript blocks of a Markdown file, each made a module (blocks share no scope). */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)].map(
    (m) => `${m[1]}\nexport {};\n`,
  );
}

const CONSUMER_TS = `import * as pulumi from "@pulumi/pulumi";
import {
  HaClusterInternalLb,
  HaClusterPublicLb,
  HaClusterDns,
  type HaClusterInternalLbArgs,
  type HaClusterPublicLbArgs,
  type HaClusterDnsArgs,
  type HaClusterCommonArgs,
} from "azure-ha-cluster";

const config = new pulumi.Config();

const common: HaClusterCommonArgs = {
  resourceGroupName: "rg",
  location: "japaneast",
  network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" },
  nodes: [
    { name: "node1", privateIp: "10.5.0.110" },
    { name: "node2", privateIp: "10.5.0.111" },
  ],
  vm: { size: "Standard_D2s_v5", os: "rhel-9", adminUsername: "azureuser", adminPassword: config.requireSecret("adminPassword") },
  dataDisk: { sizeGb: 20 },
  software: { kind: "clusterpro", version: "5.0", networkPartition: { pingTargets: ["10.5.0.5"] } },
};

const ilbArgs: HaClusterInternalLbArgs = {
  ...common,
  internalLb: { frontendIp: "10.5.0.200", probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] },
};
const plbArgs: HaClusterPublicLbArgs = {
  ...common,
  software: { kind: "clusterpro", version: "5.0" },
  publicLb: { probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] },
};
const dnsArgs: HaClusterDnsArgs = {
  ...common,
  software: { kind: "clusterpro", version: "5.0" },
  dns: {
    zoneName: "cluster1.zone",
    recordName: "app",
    updater: {
      tenantId: "11111111-2222-3333-4444-555555555555",
      appId: "66666666-7777-8888-9999-000000000000",
      objectId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      certificatePem: config.requireSecret("updaterCertificatePem"),
    },
  },
};

const ilb = new HaClusterInternalLb("ilb", ilbArgs);
const plb = new HaClusterPublicLb("plb", plbArgs, { protect: false });
const dns = new HaClusterDns("dns", dnsArgs);

export const vip: pulumi.Output<string> = ilb.frontendIp;
export const lbId: pulumi.Output<string> = ilb.loadBalancer.id;
export const publicIp: pulumi.Output<string> = plb.publicIpAddress;
export const fqdn: pulumi.Output<string> = dns.fqdn;
export const vmNames: pulumi.Output<string>[] = [...ilb.vms, ...plb.vms, ...dns.vms].map((v) => v.name);
export const budgets = [ilb.failoverBudget, plb.failoverBudget, dns.failoverBudget];
`;

describe("npm pack → install → consume", () => {
  let tmp: string;
  let tarball: string;
  let files: string[];
  let consumer: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "components", "index.d.ts")))
      execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-if-stale.js")]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aha-pack-"));
    // --ignore-scripts: no prepack rebuild while other test files read dist/.
    const packed = JSON.parse(
      npm(["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT),
    );
    tarball = path.join(tmp, packed[0].filename);
    files = (packed[0].files as { path: string }[]).map((f) => f.path);

    // A fresh project from the packed template, with the tarball and the versions this
    // repository tests with (typescript 5.9: see the template's README note on TypeScript 7).
    const unpacked = path.join(tmp, "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    consumer = path.join(tmp, "app");
    fs.cpSync(path.join(unpacked, "package", "templates", "ha-cluster-ts"), consumer, {
      recursive: true,
    });
    const pkg = JSON.parse(fs.readFileSync(path.join(consumer, "package.json"), "utf8"));
    pkg.dependencies["azure-ha-cluster"] = `file:${tarball}`;
    pkg.dependencies["@pulumi/pulumi"] = versionOf("@pulumi/pulumi");
    pkg.devDependencies = {
      ...pkg.devDependencies,
      typescript: versionOf("typescript"),
      "@types/node": versionOf("@types/node"),
      "@pulumi/policy": versionOf("@pulumi/policy"),
    };
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(pkg, null, 2));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);
  }, 400_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("ships the compiled library, planner and stack program, and no tests, CI files or source maps", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/cli/plan.js",
      "dist/stacks/index.js",
      "policies/PulumiPolicy.yaml",
      "policies/package.json",
      "dist/policies/index.js",
      "dist/policies/rules.js",
      "templates/ha-cluster-ts/Pulumi.yaml",
      "templates/ha-cluster-ts/Pulumi.dev.yaml",
      "templates/ha-cluster-ts/package.json",
      "templates/ha-cluster-ts/tsconfig.json",
      "templates/ha-cluster-ts/index.ts",
    ]) {
      expect(files).toContain(f);
    }
    expect(files).not.toContain("dist/.tsbuildinfo");
    expect(
      files.filter((f) => /^(test|\.ci|examples|bench|dist\/test|dist\/bench)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map") || /\.test\.[jt]s$/.test(f))).toEqual([]);
    expect(
      files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("templates/")),
    ).toEqual([]);
  });

  it("the consumer gets one copy of @pulumi/pulumi", () => {
    const copies = spawnSync(NPM, ["ls", "@pulumi/pulumi", "--all", "--parseable"], {
      cwd: consumer,
      env,
      encoding: "utf8",
    })
      .stdout.trim()
      .split("\n")
      .filter(Boolean);
    expect(copies).toEqual([
      path.join(fs.realpathSync(consumer), "node_modules", "@pulumi", "pulumi"),
    ]);
  });

  it("the template, a consumer of every component and every README TypeScript block type-check against the tarball", () => {
    const readme = typescriptBlocks(
      fs.readFileSync(path.join(consumer, "node_modules", "azure-ha-cluster", "README.md"), "utf8"),
    );
    expect(readme.length).toBeGreaterThanOrEqual(3);
    fs.mkdirSync(path.join(consumer, "check"));
    fs.writeFileSync(path.join(consumer, "check", "all-components.ts"), CONSUMER_TS);
    readme.forEach((b, i) =>
      fs.writeFileSync(path.join(consumer, "check", `readme-${i + 1}.ts`), b),
    );
    // The template's own tsconfig.json, as the user has it; one program for every file.
    fs.writeFileSync(
      path.join(consumer, "tsconfig.check.json"),
      JSON.stringify({ extends: "./tsconfig.json", files: ["index.ts"], include: ["check/*.ts"] }),
    );
    const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
    // One run: the diagnostics, and the trace showing the types came from the tarball.
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.check.json", "--traceResolution"], {
      cwd: consumer,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024, // the trace is several MB
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout.split("\n").filter((l) => /error TS\d+/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /'azure-ha-cluster' was successfully resolved to '[^']*app\/node_modules\/azure-ha-cluster\/dist\/components\/index\.d\.ts'/,
    );
    // A broken block is caught: the check can fail.
    fs.writeFileSync(
      path.join(consumer, "check", "broken.ts"),
      typescriptBlocks(
        '```ts\nimport { HaClusterDns } from "azure-ha-cluster";\nnew HaClusterDns("x", { location: 1 });\n```\n',
      )[0],
    );
    const bad = spawnSync(process.execPath, [tsc, "-p", "tsconfig.check.json"], {
      cwd: consumer,
      encoding: "utf8",
    });
    fs.rmSync(path.join(consumer, "check", "broken.ts"));
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/check\/broken\.ts\(\d+,\d+\): error TS/);
  }, 300_000);

  it("npx azure-ha-cluster plan --stack dev plans the project's own index.ts against ./Pulumi.dev.yaml", () => {
    const stackFile = path.join(consumer, "Pulumi.dev.yaml");
    fs.appendFileSync(
      stackFile,
      "  ha-cluster-app:adminPassword:\n    secure: v1:CIPHERTEXT-MUST-NOT-LEAK\n",
    );
    const npx = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      spawnSync(NPX, ["--no-install", "azure-ha-cluster", ...args], {
        cwd: consumer,
        encoding: "utf8",
        env: { ...env, ...extra },
      });
    const r = npx(["plan", "--stack", "dev"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Previewing project ha-cluster-app, stack dev \(Pulumi\.dev\.yaml\)/);
    expect(r.stdout).toMatch(/^ \+ {3}pulumi:pulumi:Stack\s+ha-cluster-app-dev$/m);
    expect(r.stdout).toMatch(/azure-native:resources:ResourceGroup\s+app-rg\s+ha-dev-rg$/m);
    expect(r.stdout).toMatch(/^ {4}vip: "10\.5\.0\.200"$/m);
    expect(r.stdout).toMatch(/^Resources:\n {4}\+ \d+ to create/m);
    expect(r.stdout).toMatch(/^Bootstrap chain \(\d+ steps/m);
    expect(r.stdout).toMatch(/^Policies: \d+ pass, \d+ warn, 0 fail$/m);
    expect(r.stdout).not.toContain("CIPHERTEXT-MUST-NOT-LEAK");
    // Once type-checked above; the second run skips the check as `pulumi` allows.
    const json = JSON.parse(
      npx(["plan", "--stack", "dev", "--json"], { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }).stdout,
    );
    const vm = json.resources.find((x: any) => x.type === "azure-native:compute:VirtualMachine");
    expect(vm.inputs.osProfile.adminPassword).toBe("[secret]");
    expect(json.failoverBudget[0].cluster).toBe("app");
  }, 300_000);

  it("the packed policy pack loads (run-policy-pack) and its rules run on a recorded plan", async () => {
    const packDir = path.join(consumer, "node_modules", "azure-ha-cluster", "policies");
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [consumer] });
    expect(runner.startsWith(fs.realpathSync(consumer))).toBe(true);
    // The pack prints the port of its gRPC server once loaded, then serves until killed.
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: packDir, env });
    let out = "";
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port within 60 s: ${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`exit ${code}: ${out}`));
      });
    }).finally(() => child.kill());
    expect(Number(port)).toBeGreaterThan(0);

    // Its rules, from the packed files, on the plan the packed planner recorded.
    const pkgDir = path.join(consumer, "node_modules", "azure-ha-cluster");
    const { policies } = require(path.join(pkgDir, "dist", "policies", "rules.js"));
    const harness = require(path.join(pkgDir, "dist", "cli", "policy-runner.js"));
    const plan = JSON.parse(
      execFileSync(
        path.join(consumer, "node_modules", ".bin", "azure-ha-cluster"),
        ["plan", "--stack", "dev", "--json"],
        {
          cwd: consumer,
          encoding: "utf8",
          env: { ...env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        },
      ),
    );
    const lb = plan.resources.find((x: any) => x.type === "azure-native:network:LoadBalancer");
    const probeRule = policies.find((p: any) => p.name === "no-probe-all-probed-up");
    const ok = await harness.runResourcePolicy(
      probeRule,
      harness.toPolicyResource(lb.type, lb.name, lb.inputs),
    );
    expect(ok).toEqual([]);
    const bad = structuredClone(lb.inputs);
    bad.probes[0].noHealthyBackendsBehavior = "AllProbedUp";
    const violations = await harness.runResourcePolicy(
      probeRule,
      harness.toPolicyResource(lb.type, lb.name, bad),
    );
    expect(violations.join("\n")).toMatch(/AllProbedUp/);
    // Every policy of the pack ran in the planner: its verdicts name only pack policies.
    const names = new Set(policies.map((p: any) => p.name));
    for (const v of plan.policies) expect(names.has(v.policy)).toBe(true);
  }, 300_000);

  it("require('azure-ha-cluster') in the consumer exposes the three components", () => {
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        "const m = require('azure-ha-cluster'); console.log([m.HaClusterInternalLb, m.HaClusterPublicLb, m.HaClusterDns].map(c => typeof c).join(','), require.resolve('azure-ha-cluster'))",
      ],
      { cwd: consumer, encoding: "utf8" },
    );
    expect(out.trim()).toBe(
      `function,function,function ${path.join(fs.realpathSync(consumer), "node_modules", "azure-ha-cluster", "dist", "components", "index.js")}`,
    );
  });

  it("the packed bin plans a stack file of the consumer's (azure-ha-cluster plan --config … --json)", () => {
    const stack = path.join(consumer, "Pulumi.mine.yaml");
    fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.ilb-linux.yaml"), stack);
    const bin = path.join(consumer, "node_modules", ".bin", "azure-ha-cluster");
    expect(fs.existsSync(bin)).toBe(true);
    const r = spawnSync(bin, ["plan", "--config", stack, "--json"], {
      cwd: consumer,
      encoding: "utf8",
      env,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    const types = (plan.resources as { type: string }[]).map((x) => x.type);
    expect(types).toContain("azure-ha-cluster:index:HaClusterInternalLb");
    expect(types).toContain("azure-native:network:LoadBalancer");
    expect(types.filter((t) => t === "azure-native:compute:VirtualMachine")).toHaveLength(2);
    expect(plan.failoverBudget.length).toBeGreaterThan(0);
  });

  it("the packed bin plans the stacks it ships (--example) and exits 2 on a bad config", () => {
    const main = path.join(consumer, "node_modules", "azure-ha-cluster", "dist", "cli", "plan.js");
    const ok = spawnSync(process.execPath, [main, "--example", "ilb-wsfc", "--json"], {
      cwd: consumer,
      encoding: "utf8",
      env,
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).resources.length).toBeGreaterThan(0);

    const bad = path.join(consumer, "Pulumi.bad.yaml");
    fs.writeFileSync(
      bad,
      fs
        .readFileSync(path.join(ROOT, "stacks", "Pulumi.ilb-linux.yaml"), "utf8")
        .replace("frontendIp: 10.5.0.200", "frontendIp: 10.5.0.110"),
    );
    const r = spawnSync(process.execPath, [main, "--config", bad], {
      cwd: consumer,
      encoding: "utf8",
      env,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/internalLb\.frontendIp/);
  });
});
