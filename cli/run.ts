/**
 * Runs the stack program under mocks and collects the plan. PULUMI_CONFIG must be set first.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, redact, type Recorder } from "./mocks";
import { evaluatePolicies } from "./policy-runner";
import type {
  BootstrapEntry,
  BudgetEntry,
  ComponentOutputs,
  PlanReport,
  PlanResource,
  PolicyVerdict,
} from "./report";

export type PlanResult =
  | { kind: "ok"; report: PlanReport; outputs?: ComponentOutputs[] }
  | { kind: "config-error"; message: string }
  | { kind: "crash"; message: string };

const STACK_TYPE = "pulumi:pulumi:Stack";
const RUN_COMMAND = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";

/** Runs the program at `program` (default: the compiled stacks/index.js) and builds the report. */
export async function runPlan(
  program = path.resolve(__dirname, "..", "stacks", "index.js"),
): Promise<PlanResult> {
  const rec = installMocks();
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
  return { kind: "ok", report: await buildReport(rec), outputs };
}

/** Builds the plan report from the recorded registrations. */
export async function buildReport(rec: Recorder): Promise<PlanReport> {
  const resources: PlanResource[] = rec.resources
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parentType === STACK_TYPE ? null : r.parent,
      inputs: redact(r.inputs) as Record<string, unknown>,
    }))
    .sort(
      (a, b) =>
        (a.parent ?? "").localeCompare(b.parent ?? "") ||
        a.type.localeCompare(b.type) ||
        a.name.localeCompare(b.name),
    );

  const bootstrap: BootstrapEntry[] = resources
    .filter((r) => r.type === RUN_COMMAND)
    .map((r) => {
      const tags = (r.inputs.tags ?? {}) as Record<string, string>;
      return {
        cluster: tags["ha-cluster"] ?? r.parent ?? "",
        node: tags["ha-cluster-node"] ?? String(r.inputs.vmName ?? ""),
        os: (tags["ha-cluster-os"] === "windows" ? "windows" : "linux") as "linux" | "windows",
        step: tags["ha-cluster-step"] ?? String(r.inputs.runCommandName ?? r.name),
        order: Number(tags["ha-cluster-order"] ?? 0),
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
