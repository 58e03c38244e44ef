/**
 * Runs the compiled planner (dist/cli/plan.js) as a user would. jest's global setup builds dist/
 * when a source changed (test/support/global-setup.js).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PLAN = path.join(ROOT, "dist", "cli", "plan.js");

export function ensureBuilt(): void {
  if (!fs.existsSync(PLAN))
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-if-stale.js")], {
      cwd: ROOT,
      stdio: "inherit",
    });
}

export interface PlanRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json?: any;
}

export function runPlan(args: string[]): PlanRun {
  const r = spawnSync(process.execPath, [PLAN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  let json: any;
  if (args.includes("--json") && r.status !== 2) {
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** Writes a stack-config file with the given clusters (and extra keys) to a temp dir. */
export function writeStackFile(clusters: unknown, extra: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-plan-"));
  const file = path.join(dir, "Pulumi.test.yaml");
  fs.writeFileSync(
    file,
    stringify({ config: { "azure-ha-cluster:clusters": clusters, ...extra } }),
  );
  return file;
}
