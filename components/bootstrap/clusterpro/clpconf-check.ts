/**
 * The one-minute check of the clp.conf paths this package writes (README "Deploying for real"):
 * build the cluster once in Cluster WebUI (or let the form step build it), export the configuration
 * (a zip holding clp.conf), and run
 *
 *   node dist/components/bootstrap/clusterpro/clpconf-check.js clp.conf [Pulumi.<stack>.yaml …]
 *
 * (in this repository: `node scripts/clpconf-check.js …` after `npm run build`). For every path the
 * form plan of the given stacks writes (default: the CLUSTERPRO seed stacks in stacks/), it says
 * whether the exported file has that element. Paths resolve as clpcfset resolves them (S5
 * clpcfset.c): clsparam under /root, rscparam under /root/resource/<type name=…>, monparam under
 * /root/monitor/<type name=…>; `x@id` selects <x id="id"> or <x name="id">; `server@<srv>/` matches
 * any <server> of the object (the export's server names are the user's). WebUI writes only values
 * that differ from the product default, so "missing" means: a wrong path, or a default value.
 * Offline, read-only, no dependencies beyond this package.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseClusters } from "../../core/config";
import { CLP_PARAMS, formPlan, PING_NP_VERBS, type ClpCommand, type Confidence } from "./params";

/** One element of a parsed XML document. */
export interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A small XML reader for clp.conf (elements, attributes, text; no DTD, no CDATA in clp.conf). */
export function parseXml(text: string): XmlNode {
  const root: XmlNode = { tag: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  const body = text.replace(/<\?[\s\S]*?\?>/g, "").replace(/<!--[\s\S]*?-->/g, "");
  const re =
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += m[5].trim();
      continue;
    }
    const [, close, tag, attrText, selfClose] = m;
    if (close) {
      if (top.tag !== tag) throw new Error(`clp.conf: </${tag}> closes <${top.tag}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1]] = a[2] ?? a[3];
    const node: XmlNode = { tag, attrs, children: [], text: "" };
    top.children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`clp.conf: <${stack[stack.length - 1].tag}> not closed`);
  const doc = root.children.find((c) => c.tag === "root");
  if (!doc) throw new Error("clp.conf: no <root> element");
  return doc;
}

const kids = (n: XmlNode, tag: string) => n.children.filter((c) => c.tag === tag);

/** Follows a clpcfset path (`a/b@id/c`) from a node; `server@*` matches any server. */
function follow(from: XmlNode[], segs: string[]): XmlNode[] {
  let cur = from;
  for (const seg of segs) {
    const [tag, id] = seg.split("@");
    cur = cur.flatMap((n) =>
      kids(n, tag).filter(
        (c) => id === undefined || id === "*" || c.attrs.id === id || c.attrs.name === id,
      ),
    );
  }
  return cur;
}

/** The outcome for one written path. */
export type CheckStatus = "found" | "missing" | "no-object";

/** One line of the report. */
export interface CheckRow {
  /** What the package writes, normalized: e.g. `rscparam md parameters/volumemountpoint`. */
  what: string;
  confidence: Confidence;
  status: CheckStatus;
  /** Where it was looked for (the export's object), or why it could not be. */
  note: string;
}

function normalize(p: string): string {
  return p.replace(/^server@[^/]+\//, "server@*/").replace(/@\d+/g, "@{i}");
}

const TABLE = new Map<string, Confidence>();
for (const e of Object.values(CLP_PARAMS)) TABLE.set(normalize(e.path), e.confidence);
function confidenceOf(p: string): Confidence {
  const n = normalize(p);
  return TABLE.get(n) ?? TABLE.get(n.replace(/^server@\*\//, "")) ?? "confirmed";
}

/** Compares an exported clp.conf with the paths of the given clpcfset calls. */
export function checkClpConf(xml: string, commands: ClpCommand[]): CheckRow[] {
  const root = parseXml(xml);
  const rows = new Map<string, CheckRow>();
  const put = (what: string, confidence: Confidence, status: CheckStatus, note: string) => {
    const prev = rows.get(what);
    // one row per normalized path; "found" anywhere wins
    if (!prev || (prev.status !== "found" && status === "found"))
      rows.set(what, { what, confidence, status, note });
  };
  for (const c of commands) {
    const [verb, kind] = c;
    if (verb !== "add") continue;
    if (kind === "clsparam") {
      const p = c[2];
      const hit = follow([root], p.split("/")).length > 0;
      put(`clsparam ${normalize(p)}`, confidenceOf(p), hit ? "found" : "missing", "/root");
    } else if (kind === "rscparam" || kind === "monparam") {
      const [, , type, name, p] = c;
      const scope = kids(root, kind === "rscparam" ? "resource" : "monitor");
      const all = scope.flatMap((s) => kids(s, type));
      const what = `${kind} ${type} ${normalize(p)}`;
      if (all.length === 0) {
        put(what, confidenceOf(p), "no-object", `the export has no ${type}: build one in WebUI`);
        continue;
      }
      const own = all.filter((o) => o.attrs.name === name);
      const objs = own.length > 0 ? own : all;
      const segs = p.replace(/^server@[^/]+\//, "server@*/").split("/");
      const hit = follow(objs, segs).length > 0;
      put(what, confidenceOf(p), hit ? "found" : "missing", `${type} ${objs[0].attrs.name ?? ""}`);
    } else if (kind === "device" && c[3] === "ping") {
      const hit = kids(root, "server").some((s) =>
        kids(s, "device").some((d) => kids(d, "type").some((t) => t.text === "ping")),
      );
      put(
        "device <srv> ping (PING NP device)",
        PING_NP_VERBS.confidence,
        hit ? "found" : "missing",
        "/root/server/device[type=ping]",
      );
    } else if (kind === "np" && c[2] === "pingnp") {
      const hit = follow([root], ["networkpartition", "pingnp", "grp", "list", "ip"]).length > 0;
      put(
        "np pingnp (grp/list/ip)",
        PING_NP_VERBS.confidence,
        hit ? "found" : "missing",
        "/root/networkpartition/pingnp",
      );
    }
  }
  return [...rows.values()].sort((a, b) => a.what.localeCompare(b.what));
}

/** The clpcfset calls of the form plans of the CLUSTERPRO clusters in the given stack files. */
export function commandsOfStacks(files: string[]): ClpCommand[] {
  const out: ClpCommand[] = [];
  for (const f of files) {
    const doc = parse(fs.readFileSync(f, "utf8"));
    const clusters = doc?.config?.["azure-ha-cluster:clusters"];
    if (!Array.isArray(clusters)) continue;
    for (const c of parseClusters(clusters, { source: "stack", keyIsSecret: false })) {
      if (c.software.kind !== "clusterpro") continue;
      const plan = formPlan(c, {
        family: c.vm.osFamily,
        clpBin: "/opt/nec/clusterpro/bin",
        pemPath: "pem",
      });
      out.push(...plan.commands, ...Object.values(plan.serverCommands).flat());
    }
  }
  return out;
}

/** The report as text, and the exit code: 0 all found, 1 something missing, 2 bad input. */
export function report(rows: CheckRow[]): { text: string; code: number } {
  const mark = { found: "ok     ", missing: "MISSING", "no-object": "n/a    " } as const;
  const lines = rows.map(
    (r) =>
      `${mark[r.status]} ${r.confidence === "UNCONFIRMED" ? "UNCONFIRMED " : "            "}${r.what}  (${r.note})`,
  );
  const missing = rows.filter((r) => r.status === "missing").length;
  const na = rows.filter((r) => r.status === "no-object").length;
  lines.push(
    `${rows.length} paths: ${rows.length - missing - na} found, ${missing} missing (wrong path, or a default value WebUI does not write), ${na} not checkable (no such resource/monitor in the export)`,
  );
  return { text: lines.join("\n"), code: missing > 0 ? 1 : 0 };
}

/** CLI: clpconf-check <exported clp.conf> [stack yaml …]. */
export function main(argv: string[]): number {
  const [conf, ...stacks] = argv;
  if (!conf || conf.startsWith("-")) {
    process.stderr.write("usage: clpconf-check <exported clp.conf> [Pulumi.<stack>.yaml …]\n");
    return 2;
  }
  let files = stacks;
  if (files.length === 0) {
    // the seed stacks shipped with the package (stacks/*.yaml), found from dist/ or the source
    const dir = [
      path.join(__dirname, "..", "..", "..", "..", "stacks"),
      path.join(__dirname, "..", "..", "..", "stacks"),
    ].find((d) => fs.existsSync(d));
    files = dir
      ? fs
          .readdirSync(dir)
          .filter((f) => /^Pulumi\..*\.yaml$/.test(f))
          .map((f) => path.join(dir, f))
      : [];
  }
  let xml: string;
  try {
    xml = fs.readFileSync(conf, "utf8");
  } catch (e) {
    process.stderr.write(`clpconf-check: cannot read ${conf}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const { text, code } = report(checkClpConf(xml, commandsOfStacks(files)));
    process.stdout.write(`${text}\n`);
    return code;
  } catch (e) {
    process.stderr.write(`clpconf-check: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
