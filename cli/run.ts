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
import { isConfigError } from "../components/core/errors";
import { isPolicyViolationError, type PolicyViolationError } from "../components/core/rules";
import { isComponentType, PACKAGE, REPORT_POLICIES, TAG } from "../components/core/tokens";
import { installMocks, redact, type Recorder } from "./mocks";
import { evaluatePolicies } from "./policy-runner";
import type {
  BootstrapEntry,
  BudgetEntry,
  ChainView,
  ComponentOutputs,
  PlanReport,
  PlanResource,
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
export { REPORT_POLICIES };

/**
 * Runs the program at `program` (default: the compiled stacks/index.js) under the mocks, as
 * project `project`, stack `stack`, and builds the report.
 */
export async function runPlan(
  program = BUILT_IN_PROGRAM,
  project = PACKAGE,
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
    // Brand checks, not instanceof: a user's program may load another copy of the package than
    // this planner's (see isConfigError).
    if (isConfigError(failure)) return { kind: "config-error", message: failure.message };
    if (isPolicyViolationError(failure)) {
      // The runtime re-raises the program's rejection later; it is reported already.
      process.on("unhandledRejection", (e) => {
        if (!isPolicyViolationError(e)) throw e;
      });
      return { kind: "ok", report: policyReport(failure) };
    }
    return { kind: "crash", message: (failure as Error)?.stack ?? String(failure) };
  }
  const outputs = rec.outputs
    .filter((o) => isComponentType(o.type))
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
        cluster: tags[TAG.cluster] ?? r.parent ?? "",
        name: r.name,
        node: tags[TAG.node] ?? String(r.inputs.vmName ?? ""),
        os: (tags[TAG.os] === "windows" ? "windows" : "linux") as "linux" | "windows",
        step: tags[TAG.step] ?? String(r.inputs.runCommandName ?? r.name),
        order: Number(tags[TAG.order] ?? 0),
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
    .filter((o) => isComponentType(o.type) && o.outputs.failoverBudget)
    .map((o) => o.outputs.failoverBudget as BudgetEntry)
    .sort((a, b) => a.cluster.localeCompare(b.cluster));

  const policies = await evaluatePolicies(rec);
  return { resources, policies, failoverBudget, bootstrap };
}

/**
 * The report of a config that a mandatory policy refused before any resource was registered:
 * no resources, the verdicts of every rule (plan exits 1 on the mandatory failures).
 */
function policyReport(err: PolicyViolationError): PlanReport {
  return {
    resources: [],
    policies: err.verdicts.map((v) => ({
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
      if (isComponentType(r.type)) return r.name;
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
        label = `${tags[TAG.node] ?? inputs.vmName} ${tags[TAG.step] ?? inputs.runCommandName}`;
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
        rank: Number(tags[TAG.order] ?? 0),
      };
    });
}
