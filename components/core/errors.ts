/**
 * Config problems: every one names the field path, the bad value and what is allowed.
 */
import type * as Schema from "./schema";

/** One problem of a config. */
export interface ConfigProblem {
  /** Field path, e.g. `clusters[0].internalLb.frontendIp`. */
  path: string;
  /** The bad value as printed ("[secret]" for secret fields, absent for a missing field). */
  value?: string;
  /** What is wrong and what is allowed. */
  message: string;
}

/**
 * Fields whose values are never printed: every field of the contract whose schema is the secret
 * one (`secretValue`), by name.
 */
export const SECRET_FIELDS: ReadonlySet<string> = lazySet(() => {
  // Required on first use, not at load: the package root loads this module (ConfigError), and
  // the schema loads zod (config-lazy.ts; test/import-cost.test.ts).
  const schema = require("./schema") as typeof Schema;
  return schema.secretFieldNames(schema.clusterEntrySchema);
});

/** A read-only set computed on its first use. */
function lazySet(compute: () => ReadonlySet<string>): ReadonlySet<string> {
  let set: ReadonlySet<string> | undefined;
  const get = () => (set ??= compute());
  return {
    has: (v) => get().has(v),
    get size() {
      return get().size;
    },
    forEach: (cb, thisArg) => get().forEach(cb, thisArg),
    entries: () => get().entries(),
    keys: () => get().keys(),
    values: () => get().values(),
    [Symbol.iterator]: () => get()[Symbol.iterator](),
  };
}

/**
 * ConfigError's brand, in the global symbol registry: the planner (dist/cli) and the program it
 * runs may load two copies of this package (a user's project resolves `azure-ha-cluster` from
 * its own node_modules), and `instanceof` is false across copies. See isConfigError.
 */
const CONFIG_ERROR: unique symbol = Symbol.for("azure-ha-cluster.ConfigError");

/** A config with one or more problems. Thrown before any resource is created. */
export class ConfigError extends Error {
  /** Every problem found, each with its field path, the bad value and what is allowed. */
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
    this.problems = problems;
    Object.defineProperty(this, CONFIG_ERROR, { value: true });
  }
}

/** Whether `e` is a ConfigError thrown by any copy of this package (instanceof sees one copy). */
export function isConfigError(e: unknown): e is ConfigError {
  return (
    typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[CONFIG_ERROR] === true
  );
}

/** One problem per line: `path: value — message`. */
export function formatProblems(problems: ConfigProblem[]): string {
  const n = problems.length;
  const head = `invalid cluster config (${n} problem${n === 1 ? "" : "s"}):`;
  return [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join("\n");
}

export function formatProblem(p: ConfigProblem): string {
  return p.value === undefined ? `${p.path}: ${p.message}` : `${p.path}: ${p.value} — ${p.message}`;
}

/** Joins path segments the way users write them: `clusters[0].nodes[1].name`. */
export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** Prints a value for an error message, hiding secrets and shortening long values. */
export function showValue(value: unknown, segments: readonly PropertyKey[]): string | undefined {
  if (segments.some((s) => typeof s === "string" && SECRET_FIELDS.has(s))) {
    return value === undefined ? undefined : "[secret]";
  }
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && isOutputLike(value)) return "<pulumi.Output>";
  let s: string;
  try {
    s =
      typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function isOutputLike(v: object): boolean {
  return "__pulumiOutput" in v || typeof (v as { apply?: unknown }).apply === "function";
}

/** The value at a path inside a raw object, or undefined. */
export function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[s];
  }
  return cur;
}
