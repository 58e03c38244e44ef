/**
 * A user's Pulumi project as `pulumi` resolves it: `Pulumi.yaml` (`name`, `runtime`, `main`,
 * `stackConfigDir`), the stack's config file `Pulumi.<stack>.yaml`, and the program, loaded the
 * way Pulumi's Node language host loads it (TypeScript through ts-node, or JavaScript).
 *
 * Sources:
 * - Project file: https://www.pulumi.com/docs/iac/concepts/projects/project-file/ (`main`,
 *   `stackConfigDir`, `runtime.options.typescript`).
 * - Node language host: @pulumi/pulumi `cmd/run/run.js` (chdir to the project, `typescript`
 *   option → PULUMI_NODEJS_TYPESCRIPT, ts-node registered with the project's tsconfig.json,
 *   `transpileOnly` from PULUMI_NODEJS_TRANSPILE_ONLY or the tsconfig's `noCheck`) and
 *   `tsutils.js` (the project's own `typescript`/`ts-node` first, else the copies vendored in
 *   @pulumi/pulumi/vendor: typescript 3.8.3, ts-node 7.0.1).
 */
import * as fs from "fs";
import * as path from "path";
import Module from "module";
import { LineCounter, parseDocument } from "yaml";
import { CLUSTERS_CONFIG_KEY, PACKAGE } from "../components/core/tokens";

/** A problem with the command line or the files it names (exit 2). */
export class InputError extends Error {}

/** A project's Pulumi.yaml, the fields the planner uses. */
export interface PulumiProject {
  dir: string;
  name: string;
  /** Absolute path of the program (a file or a directory), from `main` (default: the dir). */
  main: string;
  /** `runtime.options.typescript` (default true, as in Pulumi). */
  typescript: boolean;
  /** Where the stack files are (`stackConfigDir`, default: the project dir). */
  stackConfigDir: string;
}

/**
 * Parses YAML with a code frame on error: `file:line:col: message`, the line, a caret.
 */
export function readYaml(file: string): unknown {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputError(`no such file: ${file}`);
  }
  if (st.isDirectory())
    throw new InputError(
      `${file} is a directory; give a stack-config file (Pulumi.<stack>.yaml), or plan the project in that directory: azure-ha-cluster plan ${file} --stack NAME`,
    );
  const text = fs.readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new InputError(
      `${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message.split("\n")[0]}\n${codeFrame(text, pos.line, pos.col)}`,
    );
  }
  return doc.toJS();
}

/** Two lines of context, the bad line and a caret under the column. */
export function codeFrame(text: string, line: number, col: number): string {
  const lines = text.split("\n");
  const from = Math.max(1, line - 2);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = from; n <= Math.min(line, lines.length); n++) {
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${lines[n - 1]}`);
  }
  out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, col - 1))}^`);
  return out.join("\n");
}

/** Reads DIR/Pulumi.yaml (or .yml); null when there is none. */
export function readProject(dir: string): PulumiProject | null {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find(fs.existsSync);
  if (!file) return null;
  const doc = readYaml(file) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object" || typeof doc.name !== "string")
    throw new InputError(`${file}: a Pulumi project file needs a "name"`);
  const runtime = doc.runtime;
  const runtimeName =
    typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (runtimeName !== "nodejs")
    throw new InputError(
      `${file}: runtime ${JSON.stringify(runtimeName)} — the planner runs Node.js programs only (runtime: nodejs)`,
    );
  const options = (typeof runtime === "object" && runtime ? runtime : {}) as {
    options?: { typescript?: unknown };
  };
  const main = typeof doc.main === "string" ? doc.main : ".";
  return {
    dir: path.resolve(dir),
    name: doc.name,
    main: path.resolve(dir, main),
    typescript: options.options?.typescript !== false,
    stackConfigDir: path.resolve(
      dir,
      typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".",
    ),
  };
}

/** The stacks of a project: the NAMEs of its Pulumi.NAME.yaml files, sorted. */
export function listStacks(p: PulumiProject): string[] {
  if (!fs.existsSync(p.stackConfigDir)) return [];
  return fs
    .readdirSync(p.stackConfigDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/** The stack file of NAME, or an InputError listing the stacks that exist. */
export function stackFile(p: PulumiProject, stack: string): string {
  for (const ext of ["yaml", "yml"]) {
    const f = path.join(p.stackConfigDir, `Pulumi.${stack}.${ext}`);
    if (fs.existsSync(f)) return f;
  }
  const stacks = listStacks(p);
  throw new InputError(
    `project ${p.name} has no stack ${stack} (no ${path.join(path.relative(process.cwd(), p.stackConfigDir) || ".", `Pulumi.${stack}.yaml`)}); ` +
      (stacks.length > 0
        ? `its stacks: ${stacks.join(", ")}`
        : `it has no stack file yet: create Pulumi.${stack}.yaml (pulumi stack init ${stack}, pulumi config set …)`),
  );
}

/** A stack file's config as PULUMI_CONFIG wants it (every value a string) and its secret keys. */
export interface StackConfig {
  config: Record<string, string>;
  secretKeys: string[];
}

/** Placeholder for a top-level `{ secure: … }` value: the planner cannot decrypt it. */
export const SECRET_PLACEHOLDER = "[secret]";

const isSecure = (v: unknown): boolean =>
  !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;

/**
 * Turns a stack file's `config:` map into PULUMI_CONFIG. Keys without a namespace belong to the
 * project (as in `pulumi config`). A top-level `{ secure: … }` value becomes an opaque
 * placeholder and its key a secret key (so `config.requireSecret` returns a secret Output); a
 * `{ secure: … }` nested in a structured value stays as it is (the cluster validator treats it
 * as an opaque secret).
 */
export function readStackConfig(file: string, project: string): StackConfig {
  const doc = readYaml(file);
  if (doc === null || doc === undefined) return { config: {}, secretKeys: [] };
  const cfg = (doc as { config?: unknown }).config;
  if (cfg === undefined || cfg === null) return { config: {}, secretKeys: [] };
  if (typeof cfg !== "object" || Array.isArray(cfg))
    throw new InputError(`${file}: "config:" must be a map of keys to values`);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(cfg as Record<string, unknown>)) {
    const key = k.includes(":") ? k : `${project}:${k}`;
    if (key === CLUSTERS_CONFIG_KEY && typeof v === "string") {
      // A quoted string (even one holding JSON) is not a list; the value is never echoed.
      throw new InputError(
        `${file}: clusters: expected a YAML list of cluster entries under ${CLUSTERS_CONFIG_KEY}, not a string${/^\s*[[{]/.test(v) ? " (it looks like JSON in quotes: write the list as YAML)" : ""}`,
      );
    }
    if (isSecure(v)) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else config[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { config, secretKeys };
}

/** The package root of this planner (dist/cli/.. /..), for the library fallback. */
const PACKAGE_ROOT = [path.resolve(__dirname, "..", ".."), path.resolve(__dirname, "..")].find(
  (d) => fs.existsSync(path.join(d, "package.json")),
)!;

/**
 * Loads the program's modules the way `pulumi` would: registers ts-node for TypeScript projects
 * (the project's own typescript/ts-node, else @pulumi/pulumi's vendored copies), and lets a
 * program that cannot resolve `azure-ha-cluster` (e.g. one of this package's examples, run from
 * a checkout) use this planner's own copy of the library.
 *
 * Why ts-node and not a home-made `transpileModule` hook: it is what `pulumi up` runs, so a
 * program that plans here runs the same way there (module resolution, tsconfig, type checks).
 */
export function prepareLoader(p: PulumiProject): void {
  const fromProject = Module.createRequire(path.join(p.dir, "package.json"));
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

  const resolver = Module as unknown as {
    _resolveFilename: (req: string, parent: unknown, ...rest: unknown[]) => string;
  };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function (req: string, parent: unknown, ...rest: unknown[]) {
    try {
      return original.call(this, req, parent, ...rest);
    } catch (e) {
      if (req === PACKAGE || req.startsWith(`${PACKAGE}/`))
        return original.call(this, PACKAGE_ROOT + req.slice(PACKAGE.length), parent, ...rest);
      throw e;
    }
  };

  if (!p.typescript) return;
  const tsconfig = path.join(p.dir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  const resolveOr = (name: string, vendored: string) => {
    try {
      return fromProject.resolve(name);
    } catch {
      return path.join(pulumiDir, "vendor", vendored);
    }
  };
  const typescriptPath = resolveOr("typescript", path.join("typescript@3.8.3", "typescript.js"));
  const tsnodePath = resolveOr("ts-node", "ts-node@7.0.1");
  const ts = require(typescriptPath) as typeof import("typescript");
  if (
    typeof ts.transpileModule !== "function" ||
    typeof ts.parseConfigFileTextToJson !== "function"
  )
    // TypeScript 7 (the Go port) ships no JavaScript API: `require("typescript")` gives only its
    // version (package.json exports "." → lib/version.cjs), so ts-node — and `pulumi` — cannot
    // run the program (pulumi/pulumi#21518).
    throw new InputError(
      `${path.relative(p.dir, typescriptPath) || typescriptPath}: TypeScript ${ts.version ?? "?"} has no compiler API (TypeScript 7+), so neither pulumi nor this planner can run ${path.relative(p.dir, p.main) || "the program"} with it: add "typescript": "~5.9.3" to the project's devDependencies (tsc 7 can stay side by side for type checks), or compile ahead and set runtime.options.typescript: false in Pulumi.yaml`,
    );
  let compilerOptions: Record<string, unknown> = {};
  if (fs.existsSync(tsconfig)) {
    const parsed = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8"));
    compilerOptions = (parsed.config?.compilerOptions as Record<string, unknown>) ?? {};
  }
  const envOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = envOnly ? envOnly === "true" : compilerOptions.noCheck === true;
  const [major, minor] = ts.version.split(".").map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  // The options @pulumi/pulumi cmd/run/run.js passes for a CommonJS project.
  const tsnode = require(tsnodePath) as { register: (o: unknown) => void };
  tsnode.register({
    compiler: typescriptPath,
    transpileOnly,
    project: tsconfig,
    skipProject: !fs.existsSync(tsconfig),
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
}
