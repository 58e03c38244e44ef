#!/usr/bin/env node
/**
 * The offline planner: runs the real stack program under Pulumi mocks, with no cloud call, and
 * prints what `pulumi up` would create.
 *
 *   plan [--stack NAME | --config FILE] [--json]
 *
 * Exit status: 0 plan made, no mandatory policy fails; 1 a mandatory policy fails; 2 the config
 * is invalid (or the command line is).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { PlanReport } from "./report";

const USAGE = `usage: plan [--stack NAME | --config FILE] [--json]
  --stack NAME    plan stacks/Pulumi.NAME.yaml (default: dev)
  --config FILE   plan any stack-config file
  --json          print one JSON object: resources, policies, failoverBudget, bootstrap`;

interface CliArgs {
  file: string;
  json: boolean;
}

class UsageError extends Error {}

/** Where the package's stacks live (the compiled planner sits in dist/cli). */
function stacksDir(): string {
  const candidates = [
    path.resolve(__dirname, "..", "..", "stacks"),
    path.resolve(__dirname, "..", "stacks"),
  ];
  return candidates.find((d) => fs.existsSync(d)) ?? candidates[0];
}

export function parseArgs(argv: string[]): CliArgs {
  let stack: string | undefined;
  let file: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = true;
    else if (a === "--stack" || a === "--config") {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      if (a === "--stack") stack = v;
      else file = v;
    } else if (a.startsWith("--stack=")) stack = a.slice(8);
    else if (a.startsWith("--config=")) file = a.slice(9);
    else if (a === "-h" || a === "--help") throw new UsageError("");
    else if (a === "plan" && i === 0)
      continue; // `azure-ha-cluster plan …`
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (stack && file) throw new UsageError("give --stack or --config, not both");
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new UsageError(`bad stack name ${stack}`);
  return { file: file ?? path.join(stacksDir(), `Pulumi.${stack ?? "dev"}.yaml`), json };
}

/** Turns a stack file's `config:` map into PULUMI_CONFIG (every value a string). */
export function readStackConfig(file: string): {
  config: Record<string, string>;
  secretKeys: string[];
} {
  if (!fs.existsSync(file)) throw new UsageError(`no such stack-config file: ${file}`);
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigFileError(`${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const cfg = (doc as { config?: unknown } | null)?.config;
  if (!cfg || typeof cfg !== "object" || Array.isArray(cfg)) {
    throw new ConfigFileError(`${file}: expected a top-level "config:" map`);
  }
  if (!("azure-ha-cluster:clusters" in cfg)) {
    throw new ConfigFileError(
      `${file}: config has no "azure-ha-cluster:clusters" key (the list of clusters)`,
    );
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(cfg as Record<string, unknown>)) {
    const key = k.includes(":") ? k : `azure-ha-cluster:${k}`;
    config[key] = typeof v === "string" ? v : JSON.stringify(v);
    if (
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1 &&
      "secure" in v
    ) {
      secretKeys.push(key);
    }
  }
  return { config, secretKeys };
}

class ConfigFileError extends Error {}

async function main(): Promise<void> {
  let args: CliArgs;
  let stackConfig: { config: Record<string, string>; secretKeys: string[] };
  try {
    args = parseArgs(process.argv.slice(2));
    stackConfig = readStackConfig(args.file);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`plan: ${e.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      process.exit(e.message ? 2 : 0);
    }
    if (e instanceof ConfigFileError) {
      process.stderr.write(`plan: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }

  // The runtime reads the config once, when the mocks create their store.
  process.env.PULUMI_CONFIG = JSON.stringify(stackConfig.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(stackConfig.secretKeys);
  const { runPlan } = await import("./run");
  const { renderHuman } = await import("./report");
  const result = await runPlan();
  if (result.kind === "config-error") {
    process.stderr.write(`plan: ${path.basename(args.file)}: ${result.message}\n`);
    process.exit(2);
  }
  if (result.kind === "crash") {
    process.stderr.write(`plan: the stack program failed: ${result.message}\n`);
    process.exit(3);
  }
  const report: PlanReport = result.report;
  process.stdout.write(
    args.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : renderHuman(report, args.file, result.outputs),
  );
  const mandatoryFails = report.policies.filter(
    (p) => p.enforcement === "mandatory" && p.status === "fail",
  );
  process.exitCode = mandatoryFails.length > 0 ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`plan: ${(e as Error).message}\n`);
  process.exit(3);
});
