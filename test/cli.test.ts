/**
 * The offline planner as a user runs it: exit codes, the --json shape, human output, and no
 * secret value in any output.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureBuilt, runPlan, writeStackFile } from "./support/cli";
import { stackCluster } from "./fixtures/clusters";

beforeAll(() => ensureBuilt(), 300_000);

describe("npm run plan", () => {
  it("plans the default stack: human report with tree, addressing, budget and a Mermaid diagram", () => {
    const r = runPlan(["--stack", "dev"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Resources:\n {4}\+ \d+ to create/);
    expect(r.stdout).toMatch(/HaClusterInternalLb\s+dev-cluster/);
    expect(r.stdout).toMatch(/\| node\s+\| node1 \| 10\.5\.0\.110/);
    expect(r.stdout).toMatch(/VIP \/ frontend.*10\.5\.0\.200/);
    expect(r.stdout).toContain("```mermaid");
    expect(r.stdout).toMatch(/Failover budget/);
  });

  it("--json prints exactly the four keys, with type tokens, parents and inputs", () => {
    const r = runPlan(["--stack", "ilb-linux", "--json"]);
    expect(r.status).toBe(0);
    expect(Object.keys(r.json).sort()).toEqual([
      "bootstrap",
      "failoverBudget",
      "policies",
      "resources",
    ]);
    const lb = r.json.resources.find((x: any) => x.type === "azure-native:network:LoadBalancer");
    expect(lb).toMatchObject({ name: "ilb-linux-lb", parent: "ilb-linux" });
    expect(lb.inputs.loadBalancingRules[0]).toMatchObject({
      frontendPort: 80,
      backendPort: 8080,
      enableFloatingIP: false,
    });
    const comp = r.json.resources.find(
      (x: any) => x.type === "azure-ha-cluster:index:HaClusterInternalLb",
    );
    expect(comp).toMatchObject({ name: "ilb-linux", parent: null });
    expect(r.json.failoverBudget).toEqual([
      expect.objectContaining({ cluster: "ilb-linux", detectionSec: 120, toleratedPauseSec: 30 }),
    ]);
    for (const p of r.json.policies)
      expect(p).toEqual(
        expect.objectContaining({
          policy: expect.any(String),
          status: expect.stringMatching(/^(pass|fail)$/),
        }),
      );
    for (const b of r.json.bootstrap)
      expect(Object.keys(b).sort()).toEqual([
        "after",
        "cluster",
        "name",
        "node",
        "os",
        "script",
        "step",
      ]);
    for (const x of r.json.resources) expect(Array.isArray(x.dependsOn)).toBe(true);
  });

  it("exit 2 for a malformed config: field path, value and what is allowed, no stack trace", () => {
    const c = stackCluster("ilb-linux");
    c.internalLb!.frontendIp = "10.5.0.110";
    const r = runPlan(["--config", writeStackFile([c]), "--json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /clusters\[0\]\.internalLb\.frontendIp: "10\.5\.0\.110" — is node1's address; the VIP must be a free address in 10\.5\.0\.0\/24/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exit 2 for a file without clusters, bad YAML, a missing file, or a bad argument", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-bad-"));
    fs.writeFileSync(path.join(dir, "nokey.yaml"), "config:\n  azure-native:location: japaneast\n");
    fs.writeFileSync(path.join(dir, "bad.yaml"), "config: [unclosed\n");
    const noKey = runPlan(["--config", path.join(dir, "nokey.yaml")]);
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/no "azure-ha-cluster:clusters" key/);
    const badYaml = runPlan(["--config", path.join(dir, "bad.yaml")]);
    expect(badYaml.status).toBe(2);
    expect(badYaml.stderr).toMatch(/not valid YAML/);
    const empty = runPlan(["--config", writeStackFile([])]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/clusters: \[\] — lists no cluster/);
    expect(runPlan(["--config", "/nonexistent/Pulumi.x.yaml"]).stderr).toMatch(
      /no such file: \/nonexistent\/Pulumi\.x\.yaml/,
    );
    const bad = runPlan(["--frobnicate"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown argument --frobnicate/);
    expect(runPlan(["--stack", "x", "--config", "y"]).status).toBe(2);
  });

  it("--help exits 0 with the usage, the exit codes and the built-in examples", () => {
    const r = runPlan(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: azure-ha-cluster plan \[DIR\] \[--stack NAME\]/);
    expect(r.stdout).toMatch(/^ {2}1 {2}a mandatory policy fails/m);
    expect(r.stdout).toMatch(/^ {2}2 {2}invalid input/m);
    expect(r.stdout).toMatch(/built-in examples \(--example\): .*\bdns-wsfc\b.*\bilb-linux\b/);
  });

  it("prints no secret value: { secure } config values and generated passwords show as [secret]", () => {
    const c = stackCluster("ilb-wsfc");
    c.vm.adminPassword = { secure: "v1:CIPHERTEXT-MUST-NOT-LEAK" } as any;
    const file = writeStackFile([c]);
    for (const args of [["--json"], []]) {
      const r = runPlan(["--config", file, ...args]);
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).not.toContain("CIPHERTEXT-MUST-NOT-LEAK");
      expect(r.stdout + r.stderr).not.toContain("mock-generated-password");
    }
    const r = runPlan(["--config", file, "--json"]);
    const vm = r.json.resources.find((x: any) => x.type === "azure-native:compute:VirtualMachine");
    expect(vm.inputs.osProfile.adminPassword).toBe("[secret]");
  });

  it("exit 2 for a plaintext secret in a stack file", () => {
    const c = stackCluster("ilb-linux");
    c.vm.adminPassword = "PlainText-Password-1";
    const r = runPlan(["--config", writeStackFile([c])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /clusters\[0\]\.vm\.adminPassword: \[secret\] — plaintext secrets are refused/,
    );
    expect(r.stderr).not.toContain("PlainText-Password-1");
  });

  it("passes other config namespaces through and ignores them", () => {
    const r = runPlan([
      "--config",
      writeStackFile([stackCluster("ilb-linux")], { "azure-native:location": "japaneast" }),
      "--json",
    ]);
    expect(r.status).toBe(0);
    expect(r.json.resources.length).toBeGreaterThan(10);
  });
});
