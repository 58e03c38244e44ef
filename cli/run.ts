/**
 * Runs the stack program under mocks and collects the plan. PULUMI_CONFIG must be set first.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  afterOf,
  chainAfter,
  describeScript,
  isChainType,
  RUN_COMMAND,
  SLEEP,
  VM_EXTENSION,
} from "./chain";
import { installMocks, redact, type Recorder } from "./mocks";
import { evaluatePolicies } from "./policy-runner";
import type {
  BootstrapEntry,
  BudgetEntry,
  ChainView,
  ComponentOutputs,
  PlanReport,
  PlanResource,
  PolicyVerdict,
} from "./report";

export type PlanResult =
  | {
      kind: "ok";
      report: PlanReport;
      outputs?: ComponentOutputs[];
      /** The program's stack outputs (secrets redacted). */
      stackOutputs?: Record<string, unknown>;
      /** The bootstrap chain (steps, waits, extensions), for the human report. */
      chain?: ChainView[];
    }
  | { kind: "config-error"; message: string }
  | { kind: "crash"; message: string };

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The package's own stack program (compiled). */
export const BUILT_IN_PROGRAM = path.resolve(__dirname, "..", "stacks", "index.js");

/**
 * Set while the planner runs a program: a mandatory cluster rule then records its verdicts
 * instead of throwing, so the report still shows what would be created (the planner's policy
 * runner finds the same failures on the recorded resources and exits 1).
 */
export const REPORT_POLICIES = Symbol.for("azure-ha-cluster.plan.reportPolicies");

/**
 * Runs the program at `program` (default: the compiled stacks/index.js) under the mocks, as
 * project `project`, stack `stack`, and builds the report.
 */
export async function runPlan(
  program = BUILT_IN_PROGRAM,
  project = "azure-ha-cluster",
  stack = "plan",
): Promise<PlanResult> {
  const rec = installMocks(project, stack);
  (globalThis as Record<symbol, unknown>)[REPORT_POLICIES] = true;
  let failure: unknown;
  const onRejection = (e: unknown) => {
    failure = failure ?? e;
  };
  process.on("unhandledRejection", onRejection);
  const done = new Promise<void>((resolve) => process.once("beforeExit", () => resolve()));
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      const m = require(program);
      return typeof m === "function" ? m() : m;
    });
  } catch (e) {
    failure = e;
  }
  if (!failure) await done;
  process.off("unhandledRejection", onRejection);
  if (failure) {
    const err = failure as Error;
    if (err && err.name === "ConfigError") return { kind: "config-error", message: err.message };
    if (err && err.name === "PolicyViolationError") {
      // The runtime re-raises the program's rejection later; it is reported already.
      process.on("unhandledRejection", (e) => {
        if ((e as Error)?.name !== "PolicyViolationError") throw e;
      });
      return { kind: "ok", report: policyReport(err) };
    }
    return { kind: "crash", message: err?.stack ?? String(failure) };
  }
  const outputs = rec.outputs
    .filter((o) => o.type.startsWith("azure-ha-cluster:index:"))
    .map((o) => ({ name: o.name, outputs: redact(o.outputs) as Record<string, unknown> }));
  const stackOut = rec.outputs.find((o) => o.type === STACK_TYPE);
  return {
    kind: "ok",
    report: await buildReport(rec),
    outputs,
    stackOutputs: stackOut ? (redact(stackOut.outputs) as Record<string, unknown>) : undefined,
    chain: chainViews(rec),
  };
}

/** Builds the plan report from the recorded registrations. */
export async function buildReport(rec: Recorder): Promise<PlanReport> {
  const resources: PlanResource[] = rec.resources
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parentType === STACK_TYPE ? null : r.parent,
      dependsOn: r.dependsOn.filter((_, i) => r.dependsOnTypes[i] !== STACK_TYPE),
      inputs: redact(r.inputs) as Record<string, unknown>,
    }))
    .sort(
      (a, b) =>
        (a.parent ?? "").localeCompare(b.parent ?? "") ||
        a.type.localeCompare(b.type) ||
        a.name.localeCompare(b.name),
    );

  const after = chainAfter(rec.resources);
  const bootstrap: BootstrapEntry[] = resources
    .filter((r) => r.type === RUN_COMMAND)
    .map((r) => {
      const tags = (r.inputs.tags ?? {}) as Record<string, string>;
      return {
        cluster: tags["ha-cluster"] ?? r.parent ?? "",
        name: r.name,
        node: tags["ha-cluster-node"] ?? String(r.inputs.vmName ?? ""),
        os: (tags["ha-cluster-os"] === "windows" ? "windows" : "linux") as "linux" | "windows",
        step: tags["ha-cluster-step"] ?? String(r.inputs.runCommandName ?? r.name),
        order: Number(tags["ha-cluster-order"] ?? 0),
        after: afterOf(after, r.type, r.name),
        script: String((r.inputs.source as { script?: string } | undefined)?.script ?? ""),
      };
    })
    .sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) || a.order - b.order || a.node.localeCompare(b.node),
    )
    .map(({ order: _order, ...rest }) => rest);

  const failoverBudget: BudgetEntry[] = rec.outputs
    .filter((o) => o.type.startsWith("azure-ha-cluster:index:") && o.outputs.failoverBudget)
    .map((o) => o.outputs.failoverBudget as BudgetEntry)
    .sort((a, b) => a.cluster.localeCompare(b.cluster));

  const policies = await evaluatePolicies(rec);
  return { resources, policies, failoverBudget, bootstrap };
}

/**
 * The report of a config that a mandatory policy refused before any resource was registered:
 * no resources, the verdicts of every rule (plan exits 1 on the mandatory failures).
 */
function policyReport(err: Error): PlanReport {
  type ClusterVerdict = Omit<PolicyVerdict, "policy" | "resource"> & {
    rule: string;
    cluster: string;
  };
  const verdicts = (err as Error & { verdicts?: ClusterVerdict[] }).verdicts ?? [];
  return {
    resources: [],
    policies: verdicts.map((v) => ({
      policy: v.rule,
      resource: v.cluster,
      enforcement: v.enforcement,
      status: v.status,
      message: v.message,
    })),
    failoverBudget: [],
    bootstrap: [],
  };
}

/** Every chain resource with its cluster, a label, a one-line description and its `after`. */
export function chainViews(rec: Recorder): ChainView[] {
  const after = chainAfter(rec.resources);
  const byName = new Map(rec.resources.map((r) => [r.name, r]));
  const clusterOf = (name: string | null): string => {
    for (let cur = name, hops = 0; cur && hops < 50; hops++) {
      const r = byName.get(cur);
      if (!r) break;
      if (r.type.startsWith("azure-ha-cluster:index:")) return r.name;
      cur = r.parent;
    }
    return "";
  };
  return rec.resources
    .filter((r) => isChainType(r.type))
    .map((r) => {
      const inputs = redact(r.inputs) as Record<string, any>;
      const tags = (inputs.tags ?? {}) as Record<string, string>;
      let label = r.name;
      let detail = "";
      if (r.type === RUN_COMMAND) {
        label = `${tags["ha-cluster-node"] ?? inputs.vmName} ${tags["ha-cluster-step"] ?? inputs.runCommandName}`;
        detail = describeScript(String(inputs.source?.script ?? ""));
      } else if (r.type === SLEEP) {
        label = `wait ${inputs.createDuration ?? "?"} (${r.name})`;
        detail = "out-of-guest wait (time.Sleep): the engine waits, no script runs";
      } else if (r.type === VM_EXTENSION) {
        label =
          `${inputs.vmName ?? ""} extension ${inputs.type ?? inputs.vmExtensionName ?? r.name}`.trim();
        detail = `VM extension ${inputs.publisher ?? ""}.${inputs.type ?? ""}`;
      }
      return {
        cluster: clusterOf(r.parent),
        name: r.name,
        type: r.type,
        label,
        detail,
        after: afterOf(after, r.type, r.name),
        rank: Number(tags["ha-cluster-order"] ?? 0),
      };
    });
}
