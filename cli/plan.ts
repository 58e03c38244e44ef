#!/usr/bin/env node
/**
 * The offline planner: runs a Pulumi program under Pulumi mocks, with no cloud call, and prints
 * what `pulumi up` would create. Three sources of a program and its config:
 *
 * - a user's Pulumi project (DIR, default the current directory): Pulumi.yaml's program with
 *   the stack file `Pulumi.<stack>.yaml`, as `pulumi` resolves them (`--stack NAME`);
 * - `--example NAME`: this package's own program with one of its seed stacks;
 * - `--config FILE`: this package's own program with any stack file listing clusters.
 *
 * Exit status: see EXIT_CODES.
 */
import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "./run";
import type { PlanReport } from "./report";
import {
  InputError,
  listStacks,
  prepareLoader,
  readProject,
  readStackConfig,
  stackFile,
  type StackConfig,
} from "./project";
import { clusterCount, heapDecision, rerunWithHeap } from "./heap";
import { CLUSTERS_CONFIG_KEY, PACKAGE } from "../components/core/tokens";

/** Where the package lives (the compiled planner sits in dist/cli). */
const PACKAGE_ROOT = [path.resolve(__dirname, "..", ".."), path.resolve(__dirname, "..")].find(
  (d) => fs.existsSync(path.join(d, "package.json")),
)!;

/** The package's seed stacks (stacks/Pulumi.NAME.yaml). */
function examplesDir(): string {
  return path.join(PACKAGE_ROOT, "stacks");
}

export function listExamples(): string[] {
  const dir = examplesDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

export const EXIT_CODES = `exit status:
  0  plan made, no mandatory policy fails
  1  a mandatory policy fails (the report still shows what would be created; stderr says which)
  2  invalid input: the command line, a missing project/stack/file, bad YAML, or an invalid
     cluster config (stderr names the field path, the bad value and what is allowed)
  3  internal error: the program crashed (stderr has its message)`;

export function usage(): string {
  return `usage: azure-ha-cluster plan [DIR] [--stack NAME] [options]
       azure-ha-cluster plan --example NAME [options]
       azure-ha-cluster plan --config FILE [options]

Plans a Pulumi program offline, under Pulumi mocks: no Azure call, no Pulumi CLI, nothing created.

  DIR               a Pulumi project (default: the current directory): runs Pulumi.yaml's
                    program (TypeScript via ts-node, as pulumi does, or JavaScript)
  --stack NAME      the project's stack config, Pulumi.NAME.yaml (in stackConfigDir); needed
                    when the project has more than one stack file
  --example NAME    one of this package's seed stacks, with the package's own program
  --config FILE     a stack-config file (azure-ha-cluster:clusters) for the package's own program
  --json            one JSON object: resources (with dependsOn), policies, failoverBudget,
                    bootstrap (with after)
  --details         key inputs: VM size and image, disk SKUs, NSG rules, LB rules and probe
  --verbose         list passing policies too (default: warnings and failures only)
  --show-script NODE/STEP   print one rendered bootstrap script (CLUSTER/NODE/STEP when several
                    clusters have that node)
  -h, --help        this text

built-in examples (--example): ${listExamples().join(", ") || "(none found)"}

${EXIT_CODES}`;
}

export interface CliArgs {
  dir?: string;
  stack?: string;
  example?: string;
  config?: string;
  json: boolean;
  details: boolean;
  verbose: boolean;
  showScript?: string;
}

class UsageError extends Error {}

const VALUE_FLAGS = ["--stack", "--config", "--example", "--show-script"] as const;

export function parseArgs(argv: string[]): CliArgs {
  const a: CliArgs = { json: false, details: false, verbose: false };
  const set = (flag: string, v: string) => {
    if (flag === "--stack") a.stack = v;
    else if (flag === "--config") a.config = v;
    else if (flag === "--example") a.example = v;
    else a.showScript = v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = VALUE_FLAGS.find((f) => arg.startsWith(`${f}=`));
    if (arg === "--json") a.json = true;
    else if (arg === "--details") a.details = true;
    else if (arg === "--verbose" || arg === "-v") a.verbose = true;
    else if ((VALUE_FLAGS as readonly string[]).includes(arg)) {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      set(arg, v);
    } else if (eq) set(eq, arg.slice(eq.length + 1));
    else if (arg === "-h" || arg === "--help") throw new UsageError("");
    else if (arg === "plan" && i === 0)
      continue; // `azure-ha-cluster plan …`
    else if (!arg.startsWith("-") && a.dir === undefined) a.dir = arg;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  const sources = [a.config && "--config", a.example && "--example", a.stack && "--stack"].filter(
    Boolean,
  );
  if (sources.length > 1) throw new UsageError(`give one of ${sources.join(", ")}, not several`);
  if ((a.config || a.example) && a.dir)
    throw new UsageError(`a project directory (${a.dir}) and ${sources[0]} exclude each other`);
  for (const [flag, v] of [
    ["--stack", a.stack],
    ["--example", a.example],
  ] as const)
    if (v !== undefined && !/^[A-Za-z0-9_.-]+$/.test(v))
      throw new UsageError(`${flag} ${JSON.stringify(v)}: a stack name has letters, digits, _ . -`);
  if (a.example !== undefined && !listExamples().includes(a.example))
    throw new UsageError(
      `--example ${a.example}: no such example; the examples: ${listExamples().join(", ")}`,
    );
  return a;
}

/** What to run, and with which config. */
export interface PlanTarget {
  program: string;
  project: string;
  stack: string;
  /** The file the config came from (for messages), or null. */
  file: string | null;
  stackConfig: StackConfig;
  title: string;
  /** The user's project (ts-node etc. needed), or null for the built-in program. */
  userProject: ReturnType<typeof readProject>;
  builtIn: boolean;
}

function builtInTarget(file: string, stack: string, title: string): PlanTarget {
  const stackConfig = readStackConfig(file, PACKAGE);
  if (!(CLUSTERS_CONFIG_KEY in stackConfig.config))
    throw new InputError(
      `${file}: config has no "${CLUSTERS_CONFIG_KEY}" key (the list of clusters the package's program deploys); to plan your own program, run the planner in its project directory`,
    );
  return {
    program: path.join(PACKAGE_ROOT, "dist", "stacks", "index.js"),
    project: PACKAGE,
    stack,
    file,
    stackConfig,
    title,
    userProject: null,
    builtIn: true,
  };
}

/** Resolves the command line to a program and its config (no program code runs here). */
export function resolveTarget(a: CliArgs, cwd = process.cwd()): PlanTarget {
  if (a.config) {
    const file = path.resolve(cwd, a.config);
    return builtInTarget(file, "plan", `${path.basename(file)} with the package's program`);
  }
  if (a.example) {
    const file = path.join(examplesDir(), `Pulumi.${a.example}.yaml`);
    return builtInTarget(file, a.example, `example ${a.example} (${path.basename(file)})`);
  }
  const dir = path.resolve(cwd, a.dir ?? ".");
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new InputError(`${a.dir}: no such directory`);
  const project = readProject(dir);
  if (!project) {
    const where = a.dir ? a.dir : "the current directory";
    throw new InputError(
      [
        `no Pulumi project in ${where} (no Pulumi.yaml).`,
        `  To plan your own program: run this in its project directory (or give it: azure-ha-cluster plan DIR --stack NAME).`,
        `  To start a project: copy the template, node_modules/azure-ha-cluster/templates/ha-cluster-ts (README: "Your own project").`,
        `  To see a built-in example: azure-ha-cluster plan --example ${listExamples()[0] ?? "ilb-linux"} (examples: ${listExamples().join(", ")}).`,
      ].join("\n"),
    );
  }
  let stack = a.stack;
  if (stack === undefined) {
    const stacks = listStacks(project);
    if (stacks.length > 1)
      throw new InputError(
        `project ${project.name} has several stacks (${stacks.join(", ")}): choose one with --stack NAME`,
      );
    stack = stacks[0];
  }
  const file = stack === undefined ? null : stackFile(project, stack);
  const stackConfig = file
    ? readStackConfig(file, project.name)
    : { config: {}, secretKeys: [] as string[] };
  const own =
    fs.realpathSync(project.dir) === fs.realpathSync(PACKAGE_ROOT) && project.name === PACKAGE;
  const title = `project ${project.name}, stack ${stack ?? "(no stack file)"}${file ? ` (${path.relative(cwd, file) || file})` : ""}`;
  if (own && file) {
    // This package's own project: its program is the compiled stacks/ program.
    const t = builtInTarget(file, stack!, title);
    return t;
  }
  return {
    program: project.main,
    project: project.name,
    stack: stack ?? "dev",
    file,
    stackConfig,
    title,
    userProject: project,
    builtIn: false,
  };
}

/** Cluster name → `clusters[i]`, from the config's cluster list. */
function clusterPaths(cfg: StackConfig): Record<string, string> {
  try {
    const list = JSON.parse(cfg.config[CLUSTERS_CONFIG_KEY] ?? "[]") as { name?: unknown }[];
    return Object.fromEntries(
      list.flatMap((c, i) => (typeof c?.name === "string" ? [[c.name, `clusters[${i}]`]] : [])),
    );
  } catch {
    return {};
  }
}

function fail(code: number, message: string): never {
  process.stderr.write(`plan: ${message}\n`);
  process.exit(code);
}

/** Parses the arguments and finds what to plan; usage errors exit 2 (or 0 for --help). */
function targetOf(argv: string[]): { args: CliArgs; target: PlanTarget } {
  try {
    const args = parseArgs(argv);
    const target = resolveTarget(args);
    if (target.userProject) {
      // As the Node language host does: the program runs in its project directory.
      process.chdir(target.userProject.dir);
      prepareLoader(target.userProject);
    }
    return { args, target };
  } catch (e) {
    if (e instanceof UsageError) {
      if (!e.message) {
        process.stdout.write(`${usage()}\n`);
        process.exit(0);
      }
      fail(2, `${e.message}\n${usage()}`);
    }
    if (e instanceof InputError) fail(2, e.message);
    throw e;
  }
}

/** `--show-script [CLUSTER/]NODE/STEP`: prints that one step's script. */
function showScript(report: PlanReport, spec: string): void {
  const parts = spec.split("/");
  const [cluster, node, step] = parts.length === 3 ? parts : [undefined, ...parts];
  const found = report.bootstrap.filter(
    (b) => b.node === node && b.step === step && (cluster === undefined || b.cluster === cluster),
  );
  const all = report.bootstrap.map((b) => `${b.cluster}/${b.node}/${b.step}`);
  if (found.length !== 1)
    fail(
      2,
      `--show-script ${spec}: ${found.length === 0 ? "no such step" : "several clusters have it; give CLUSTER/NODE/STEP"}; the steps: ${all.join(", ") || "(none)"}`,
    );
  process.stdout.write(found[0].script.endsWith("\n") ? found[0].script : `${found[0].script}\n`);
}

/** Exit 1 (with one line on stderr) when a mandatory policy fails: `pulumi up` would refuse. */
function exitForPolicies(report: PlanReport): void {
  const mandatoryFails = report.policies.filter(
    (p) => p.enforcement === "mandatory" && p.status === "fail",
  );
  if (mandatoryFails.length > 0) {
    const names = [...new Set(mandatoryFails.map((p) => p.policy))];
    process.stderr.write(
      `plan: ${names.length} mandatory polic${names.length === 1 ? "y fails" : "ies fail"} (${names.join(", ")}): \`pulumi up\` would be refused; the report shows why\n`,
    );
  }
  process.exitCode = mandatoryFails.length > 0 ? 1 : 0;
}

async function main(): Promise<void> {
  // issue 25: `azure-ha-cluster drill …` (cli/drill.ts); everything else is the planner.
  if (process.argv[2] === "drill") return (await import("./drill")).main(process.argv.slice(3));
  const { args, target } = targetOf(process.argv.slice(2));
  const prefix = target.file ? `${path.basename(target.file)}: ` : "";

  // Size the heap for the clusters (cli/heap.ts): never an abort outside the exit codes 0–3.
  const heap = heapDecision(clusterCount(target.stackConfig.config));
  if (heap.kind === "too-big") fail(2, `${prefix}clusters: ${heap.message}`);
  if (heap.kind === "rerun") process.exit(rerunWithHeap(heap.heapMiB));

  // The runtime reads the config once, when the mocks create their store.
  process.env.PULUMI_CONFIG = JSON.stringify(target.stackConfig.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(target.stackConfig.secretKeys);
  const { runPlan } = await import("./run");
  const { renderHuman } = await import("./report");
  const result: PlanResult = await runPlan(target.program, target.project, target.stack);
  if (result.kind === "config-error") fail(2, `${prefix}${result.message}`);
  if (result.kind === "crash") fail(3, `the program failed: ${result.message}`);
  const report = result.report;
  if (args.showScript) return showScript(report, args.showScript);

  process.stdout.write(
    args.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : renderHuman(report, {
          title: target.title,
          stackName: `${target.project}-${target.stack}`,
          outputs: result.outputs,
          stackOutputs: result.stackOutputs,
          chain: result.chain,
          clusterPaths: target.builtIn ? clusterPaths(target.stackConfig) : undefined,
          details: args.details,
          verbose: args.verbose,
        }),
  );
  exitForPolicies(report);
}

// Exit codes stay 0–3: an exception escaping every handler is an internal error (3), not node's 1.
process.on("uncaughtException", (e) => {
  process.stderr.write(`plan: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(3);
});

main().catch((e) => {
  process.stderr.write(`plan: ${(e as Error).message}\n`);
  process.exit(3);
});
