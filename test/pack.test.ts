/**
 * The published package, as a consumer gets it: `npm pack` the project, install the tarball into
 * a fresh temporary project (offline-friendly: --prefer-offline, from the npm cache), type-check
 * a small consumer stack against the tarball's .d.ts files, and run the packed `plan` bin.
 *
 * Uses dist/ as built (`npm test` builds it first; standalone, it builds when dist/ is missing).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

// Keep the parent npm's settings (npm test) out of the child npm runs.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(config|lifecycle|package)_/i.test(k)),
) as NodeJS.ProcessEnv;
env.npm_config_loglevel = "error";
env.npm_config_update_notifier = "false";

const npm = (args: string[], cwd: string) =>
  execFileSync(NPM, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

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
      npm(["run", "--silent", "build"], ROOT);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aha-pack-"));
    // --ignore-scripts: no prepack rebuild while other test files read dist/.
    const packed = JSON.parse(
      npm(["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT),
    );
    tarball = path.join(tmp, packed[0].filename);
    files = (packed[0].files as { path: string }[]).map((f) => f.path);

    consumer = path.join(tmp, "consumer");
    fs.mkdirSync(consumer);
    fs.writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2),
    );
    const ownPulumi = require(
      path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"),
    ).version;
    npm(
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        tarball,
        `@pulumi/pulumi@${ownPulumi}`,
      ],
      consumer,
    );
  }, 240_000);

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
    ]) {
      expect(files).toContain(f);
    }
    expect(
      files.filter((f) => /^(test|\.ci|examples|bench|dist\/test|dist\/bench)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map") || /\.test\.[jt]s$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
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

  it("a consumer stack importing the three components and their Args types type-checks", () => {
    fs.writeFileSync(path.join(consumer, "index.ts"), CONSUMER_TS);
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          // node16 resolution reads package.json "exports" (types condition), as modern consumers do.
          module: "node16",
          moduleResolution: "node16",
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        files: ["index.ts"],
      }),
    );
    // One run: the diagnostics, and the trace showing the types came from the tarball.
    const r = spawnSync(process.execPath, [TSC, "-p", consumer, "--traceResolution"], {
      cwd: consumer,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024, // the trace is several MB
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout.split("\n").filter((l) => /error TS\d+/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /'azure-ha-cluster' was successfully resolved to '[^']*consumer\/node_modules\/azure-ha-cluster\/dist\/components\/index\.d\.ts'/,
    );
  });

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

  it("the packed bin plans the stacks it ships (--stack) and exits 2 on a bad config", () => {
    const main = path.join(consumer, "node_modules", "azure-ha-cluster", "dist", "cli", "plan.js");
    const ok = spawnSync(process.execPath, [main, "--stack", "ilb-wsfc", "--json"], {
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
