/**
 * The planner's exit codes and verdicts for unsafe configs, and the failover budgets of the
 * seeds, through the built CLI (`node dist/cli/plan.js --config <file> --json`).
 */
import { spawnSync, execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { ClusterConfig } from "../components/core/types";
import { stackCluster } from "./fixtures/clusters";

const ROOT = path.join(__dirname, "..");
const PLAN = path.join(ROOT, "dist", "cli", "plan.js");
let dir: string;

beforeAll(() => {
  // jest's global setup built dist/; this is a no-op unless a source changed since.
  execSync(`"${process.execPath}" scripts/build-if-stale.js`, { cwd: ROOT, stdio: "ignore" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policies-"));
}, 240000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stderr: string;
  report?: {
    policies: {
      policy: string;
      resource: string;
      enforcement: string;
      status: string;
      message: string;
    }[];
    failoverBudget: {
      cluster: string;
      detectionSec: number;
      toleratedPauseSec: number;
      clientSwitchSec: number;
      rtoSec: number;
    }[];
  };
}

function plan(entry: ClusterConfig, label: string): Run {
  const file = path.join(dir, `${label}.yaml`);
  fs.writeFileSync(file, stringify({ config: { "azure-ha-cluster:clusters": [entry] } }));
  const r = spawnSync(process.execPath, [PLAN, "--config", file, "--json"], {
    encoding: "utf8",
    cwd: ROOT,
  });
  return {
    status: r.status,
    stderr: r.stderr,
    report: r.stdout.trim() ? JSON.parse(r.stdout) : undefined,
  };
}

const mandatoryFails = (r: Run) =>
  (r.report?.policies ?? []).filter((p) => p.enforcement === "mandatory" && p.status === "fail");

describe("unsafe configs", () => {
  it("a 10 s WSFC detection (1000 ms × 10) exits 1 naming detection-outlasts-pause", () => {
    const e = stackCluster("ilb-wsfc");
    (e.software as any).heartbeat.sameSubnetThreshold = 10;
    const r = plan(e, "wsfc-10s");
    expect(r.status).toBe(1);
    const f = mandatoryFails(r);
    expect(f.map((p) => p.policy)).toEqual(["detection-outlasts-pause"]);
    expect(f[0]).toMatchObject({ resource: "ilb-wsfc", status: "fail" });
    expect(f[0].message).toContain(
      "detection 10 s ≤ 30 s pause: set SameSubnetThreshold ≥ 31 at 1000 ms",
    );
    expect(r.report!.policies.some((p) => p.status === "pass")).toBe(true);
  });

  it("same-subnet looser than cross-subnet exits 1 naming wsfc-same-subnet-not-looser", () => {
    const e = stackCluster("ilb-wsfc");
    (e.software as any).heartbeat.crossSubnetThreshold = 20;
    const r = plan(e, "wsfc-looser");
    expect(r.status).toBe(1);
    expect(mandatoryFails(r).map((p) => p.policy)).toEqual(["wsfc-same-subnet-not-looser"]);
  });

  it("a CLUSTERPRO public-LB heartbeat below A + B + C exits 1 naming clusterpro-heartbeat-abc", () => {
    const e = stackCluster("plb-windows");
    (e.software as any).heartbeat = { timeoutSec: 100 };
    const r = plan(e, "plb-abc");
    expect(r.status).toBe(1);
    const f = mandatoryFails(r);
    expect(f.map((p) => p.policy)).toEqual(["clusterpro-heartbeat-abc"]);
    expect(f[0].message).toContain("heartbeat 100 s < A + B + C = 120 + 60 + 30 = 210 s");
  });

  it("floating IP on a CLUSTERPRO cluster without DSR is refused (exit 2, validation names the field)", () => {
    const e = stackCluster("plb-windows");
    e.publicLb!.floatingIp = true;
    const r = plan(e, "plb-floating");
    expect([1, 2]).toContain(r.status);
    expect(r.stderr + JSON.stringify(r.report ?? {})).toMatch(/floatingIp|floating-ip-vip-owner/);
    expect(r.stderr).toContain("floating IP (DSR) is built for the internal LB only");
  });
});

describe("seed configs", () => {
  it.each([
    ["ilb-linux", 120],
    ["ilb-linux-dsr", 120],
    ["plb-windows", 210],
    ["ilb-wsfc", 40],
  ])("%s plans with every mandatory rule passing; detection %i s", (stack, detection) => {
    const r = plan(stackCluster(stack), `seed-${stack}`);
    expect(r.status).toBe(0);
    expect(mandatoryFails(r)).toEqual([]);
    const ids = new Set(r.report!.policies.map((p) => p.policy));
    for (const id of [
      "detection-outlasts-pause",
      "standard-sku",
      "static-ips",
      "nsg-allows-probe",
      "no-probe-all-probed-up",
    ]) {
      expect([id, ids.has(id)]).toEqual([id, true]);
    }
    const [b] = r.report!.failoverBudget;
    expect(b).toMatchObject({
      cluster: stack,
      detectionSec: detection,
      toleratedPauseSec: 30,
      clientSwitchSec: 10,
    });
    expect(b.rtoSec).toBeGreaterThan(detection);
  });
});
