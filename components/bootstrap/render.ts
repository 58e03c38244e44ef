/**
 * The one small renderer of in-guest scripts (shared by WSFC and CLUSTERPRO).
 *
 * Scripts are real files under components/bootstrap/ (.sh, .ps1). A template holds:
 *   - exactly one line `# @@PARAMS@@`: replaced by typed assignments of the non-secret values
 *     (bash: `NAME='value'`, arrays `NAME=('a' 'b')`; PowerShell: `$Name = 'value'`, `@('a','b')`),
 *     each value quoted for its language, so no value can break out of its string;
 *   - optional lines `# @@INCLUDE relative/file@@`: replaced by that file (shared functions).
 * Secrets are never rendered: they travel as Run Command protected parameters.
 */
import * as fs from "fs";
import * as path from "path";

/** A value a template receives. */
export type ParamValue = string | number | boolean | readonly (string | number)[];

/** Script language. */
export type ScriptLang = "sh" | "ps1";

/** The budget of one inline Run Command script. */
export const MAX_SCRIPT_BYTES = 256 * 1024;

/** Directory of the script files (works from components/ and from dist/components/). */
export const BOOTSTRAP_DIR = __dirname;

const PARAMS = /^[ \t]*# @@PARAMS@@[ \t]*$/m;
const INCLUDE = /^[ \t]*# @@INCLUDE ([A-Za-z0-9_./-]+)@@[ \t]*$/gm;

function shQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function psQuote(v: string): string {
  return `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

function assignment(lang: ScriptLang, name: string, value: ParamValue): string {
  if (lang === "sh") {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name))
      throw new Error(`sh parameter names are UPPER_SNAKE: ${name}`);
    if (Array.isArray(value)) return `${name}=(${value.map((x) => shQuote(String(x))).join(" ")})`;
    if (typeof value === "boolean") return `${name}=${value ? "1" : "0"}`;
    return `${name}=${shQuote(String(value))}`;
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name))
    throw new Error(`ps1 parameter names are PascalCase: ${name}`);
  if (Array.isArray(value))
    return `$${name} = @(${value.map((x) => (typeof x === "number" ? String(x) : psQuote(String(x)))).join(", ")})`;
  if (typeof value === "boolean") return `$${name} = $${value ? "true" : "false"}`;
  if (typeof value === "number") return `$${name} = ${value}`;
  return `$${name} = ${psQuote(value as string)}`;
}

function readTemplate(rel: string): string {
  const file = path.resolve(BOOTSTRAP_DIR, rel);
  if (!file.startsWith(BOOTSTRAP_DIR + path.sep))
    throw new Error(`template outside bootstrap/: ${rel}`);
  return fs.readFileSync(file, "utf8");
}

/**
 * Renders a template with its parameters. Throws if the template has no `# @@PARAMS@@` line,
 * or if the result exceeds the 256 KB Run Command budget.
 */
export function renderScript(template: string, params: Record<string, ParamValue>): string {
  const lang: ScriptLang = template.endsWith(".ps1") ? "ps1" : "sh";
  let text = readTemplate(template);
  text = text.replace(INCLUDE, (_m, rel: string) =>
    readTemplate(path.join(path.dirname(template), rel)).replace(/\n$/, ""),
  );
  if (!PARAMS.test(text)) throw new Error(`${template} has no "# @@PARAMS@@" line`);
  const block = [
    lang === "sh" ? "# parameters (rendered)" : "# parameters (rendered)",
    ...Object.keys(params)
      .sort()
      .map((k) => assignment(lang, k, params[k])),
  ].join("\n");
  text = text.replace(PARAMS, () => block);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SCRIPT_BYTES) {
    throw new Error(
      `${template} renders to ${bytes} bytes, over the ${MAX_SCRIPT_BYTES}-byte Run Command budget`,
    );
  }
  return text;
}
