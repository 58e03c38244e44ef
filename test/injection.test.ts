/**
 * Injection matrix (issue 22, items 1–3): every free-text field that reaches a rendered or written
 * script × each of ' ‘ ’ ‚ ‛ " $( ` ; & | newline.
 *
 * Two lines of defence, both proven for every cell:
 *   1. validation refuses the value, naming the field path (exit 2 from the planner);
 *   2. with validation bypassed (the value put into the resolved cluster), the renderers still
 *      keep it inside one string: Linux — the rendered parameter blocks run in bash and the files
 *      the product runs are executed under stubs, the marker file is never created and the value
 *      comes back byte for byte; Windows — the real PowerShell parser tokenises every script and
 *      the value sits inside one string token (skipped with a clear line when pwsh is missing).
 *      A renderer may instead refuse (the .bat allow-list, clpcfset's TAB/newline guard).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { formPlan } from "../components/bootstrap/clusterpro/params";
import { renderWsfcScripts } from "../components/bootstrap/wsfc";
import { parseClusters } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import { problemsOf, stackCluster } from "./fixtures/clusters";

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-inject-"));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const PAYLOADS = ["'", "\u2018", "\u2019", "\u201A", "\u201B", '"', "$(", "`", ";", "&", "|", "\n"];
const SHOW: Record<string, string> = { "\n": "newline" };

let serial = 0;
/** A value that runs `touch <marker>` if the payload ever escapes its string. */
function hostile(p: string): { value: string; marker: string } {
  const marker = path.join(TMP, `PWNED-${++serial}`);
  const cmd = `touch ${marker}`;
  const value =
    p === "$("
      ? `v$(${cmd})v`
      : p === "`"
        ? `v\`${cmd}\`v`
        : p === "\n"
          ? `v\n${cmd}\nv`
          : `v${p} ${cmd} ${p}v`;
  return { value, marker };
}

type Seg = string | number;
function setAt(root: any, segs: Seg[], v: unknown): void {
  let cur = root;
  segs.slice(0, -1).forEach((s, i) => {
    if (cur[s] === undefined) cur[s] = typeof segs[i + 1] === "number" ? [] : {};
    cur = cur[s];
  });
  cur[segs[segs.length - 1]] = v;
}
const pathText = (segs: Seg[]) =>
  segs.reduce<string>(
    (a, s) => (typeof s === "number" ? `${a}[${s}]` : `${a}.${s}`),
    "clusters[0]",
  );

function resolvedOf(stack: string): ResolvedCluster {
  return parseClusters([stackCluster(stack)], { source: "stack" })[0];
}

/** [stack, field path (same in the stack entry and the resolved cluster)] */
const LINUX_FIELDS: [string, Seg[]][] = [
  ["dns-linux", ["software", "azureCliPath"]],
  ["dns-linux", ["software", "networkPartition", "endpoint"]],
  ["dns-linux", ["software", "clusterName"]],
  ["dns-linux", ["software", "mirrorDisk", "mountPoint"]],
  ["dns-linux", ["dns", "zoneName"]],
  ["dns-linux", ["dns", "recordName"]],
  ["dns-linux", ["nodes", 0, "name"]],
  ["plb-linux", ["software", "networkPartition", "endpoint"]],
  ["ilb-linux", ["software", "networkPartition", "pingTargets", 0]],
];
const WINDOWS_FIELDS: [string, Seg[]][] = [
  ["dns-windows", ["software", "azureCliPath"]],
  ["dns-windows", ["software", "networkPartition", "endpoint"]],
  ["dns-windows", ["software", "clusterName"]],
  ["dns-windows", ["dns", "zoneName"]],
  ["dns-windows", ["dns", "recordName"]],
  ["dns-wsfc", ["software", "clusterName"]],
  ["dns-wsfc", ["software", "roleName"]],
  ["dns-wsfc", ["software", "dnsSuffix"]],
  ["dns-wsfc", ["dns", "zoneName"]],
  ["dns-wsfc", ["dns", "recordName"]],
  ["dns-wsfc", ["nodes", 0, "name"]],
  ["ilb-wsfc-domain", ["software", "domain", "name"]],
  ["ilb-wsfc-domain", ["software", "domain", "joinUser"]],
  ["ilb-wsfc-domain", ["software", "domain", "ouPath"]],
];

describe("validation refuses every hostile value, naming the field", () => {
  const cells = [...LINUX_FIELDS, ...WINDOWS_FIELDS].flatMap(([stack, segs]) =>
    PAYLOADS.map((p) => [stack, segs, p] as const),
  );
  it.each(cells.map(([s, f, p]) => [`${s} ${pathText(f)} ${SHOW[p] ?? p}`, s, f, p] as const))(
    "%s",
    (_t, stack, segs, p) => {
      const entry = stackCluster(stack);
      setAt(entry, segs as Seg[], hostile(p).value);
      const paths = problemsOf([entry]).map((x) => x.path);
      expect(paths).toContain(pathText(segs as Seg[]));
    },
  );

  it("accepts seed 004's Azure CLI path with spaces and parentheses", () => {
    const entry = stackCluster("dns-windows");
    (entry.software as any).azureCliPath =
      "C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd";
    expect(problemsOf([entry])).toEqual([]);
  });
});

// ---- Linux: execute ------------------------------------------------------------------------

const STUB_BIN = path.join(TMP, "bin");
const STUB_LOG = path.join(TMP, "stub.log");
beforeAll(() => {
  fs.mkdirSync(STUB_BIN);
  for (const name of ["clpazure_port_checker", "clpdown", "ip", "az", "grep"]) {
    fs.writeFileSync(
      path.join(STUB_BIN, name),
      `#!/bin/sh\nprintf '%s\\0' "$(basename "$0")" "$@" >>'${STUB_LOG}'\nprintf '\\n\\0' >>'${STUB_LOG}'\nexit 1\n`,
      { mode: 0o755 },
    );
  }
});

/** Runs text in bash; returns stdout. */
function bash(script: string, env: Record<string, string> = {}): string {
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
    encoding: "utf8",
    env: { PATH: `${STUB_BIN}:/usr/bin:/bin`, ...env },
    timeout: 20_000,
  });
  return r.stdout;
}

/** The rendered `# parameters (rendered)` block of a script made from template `rel`. */
function paramsBlock(rendered: string, rel: string): string {
  const dir = path.join(__dirname, "..", "components", "bootstrap", path.dirname(rel));
  const lines = fs.readFileSync(path.join(dir, path.basename(rel)), "utf8").split("\n");
  const next = lines[lines.findIndex((l) => /# @@PARAMS@@/.test(l)) + 1];
  const inc = /# @@INCLUDE ([^@]+)@@/.exec(next);
  const tail = inc ? fs.readFileSync(path.join(dir, inc[1]), "utf8").split("\n")[0] : next;
  const start = rendered.indexOf("# parameters (rendered)\n");
  const end = rendered.indexOf(`\n${tail}\n`, start);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return rendered.slice(start, end);
}

/** Every element of every variable a bash parameter block assigns. */
function shValues(block: string): string[] {
  const names = [...new Set([...block.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]))];
  const dump = names.map((n) => `printf '%s\\0' "\${${n}[@]}"`).join("\n");
  return bash(`${block}\n${dump}`)
    .split("\0")
    .flatMap((v) => [v, ...v.split("\t")]);
}

/** Executes the files the product would run (genw.sh, ttl-fix.sh, …); returns the stub calls. */
function runProductFiles(c: ResolvedCluster): string[][] {
  fs.rmSync(STUB_LOG, { force: true });
  const plan = formPlan(c, {
    family: "linux",
    clpBin: STUB_BIN,
    pemPath: "/etc/azure-ha-cluster/sp.pem",
  });
  const dir = fs.mkdtempSync(path.join(TMP, "files-"));
  for (const f of plan.files) {
    const file = path.join(dir, f.path.replace(/\//g, "_"));
    fs.writeFileSync(file, f.content, { mode: 0o755 });
    spawnSync("sh", [file], { env: { PATH: `${STUB_BIN}:/usr/bin:/bin` }, timeout: 20_000 });
  }
  if (!fs.existsSync(STUB_LOG)) return [];
  return fs
    .readFileSync(STUB_LOG, "utf8")
    .split("\n\0")
    .filter((x) => x !== "")
    .map((call) => call.split("\0").filter((x, i, a) => i < a.length - 1 || x !== ""));
}

describe("Linux: with validation bypassed, no value escapes (executed under stubs)", () => {
  const cells = LINUX_FIELDS.flatMap(([stack, segs]) =>
    PAYLOADS.map((p) => [`${stack} ${pathText(segs)} ${SHOW[p] ?? p}`, stack, segs, p] as const),
  );
  it.each(cells)("%s", (_t, stack, segs, p) => {
    const { value, marker } = hostile(p);
    const c = resolvedOf(stack);
    if (segs[1] !== "azureCliPath" && c.software.kind === "clusterpro")
      c.software.azureCliPath = path.join(STUB_BIN, "az");
    setAt(c, segs as Seg[], value);
    let scripts: ReturnType<typeof renderClusterproScripts>;
    try {
      scripts = renderClusterproScripts(c);
    } catch (e) {
      // the renderer's own guard (clpcfset arguments take no TAB/newline): refused, not run
      expect((e as Error).message).toMatch(/TAB\/newline|must sit inside|cannot quote/);
      expect(fs.existsSync(marker)).toBe(false);
      return;
    }
    const seen = [
      ...shValues(paramsBlock(scripts.prepare, "clusterpro/linux/prepare.sh")),
      ...shValues(paramsBlock(scripts.form, "clusterpro/linux/form.sh")),
    ];
    const calls = runProductFiles(c);
    expect(fs.existsSync(marker)).toBe(false);
    // the value comes back whole: as a parameter, a clpcfset argument or a stub's argument
    // (CLUSTERPRO server names are lowercased on the way, so compare without case)
    expect([...seen, ...calls.flat()].map((x) => x.toLowerCase())).toContain(value.toLowerCase());
  });

  it("regression: the two executed proofs of issue 22 no longer run (endpoint, azureCliPath)", () => {
    const m1 = path.join(TMP, "PWNED-endpoint");
    const m2 = path.join(TMP, "PWNED-azcli");
    const entry = stackCluster("dns-linux");
    (entry.software as any).networkPartition = { endpoint: `x'$(touch ${m1})'` };
    (entry.software as any).azureCliPath = `/bin/true'; touch ${m2}; '`;
    expect(problemsOf([entry]).map((x) => x.path)).toEqual(
      expect.arrayContaining([
        "clusters[0].software.networkPartition.endpoint",
        "clusters[0].software.azureCliPath",
      ]),
    );
    const c = resolvedOf("dns-linux");
    if (c.software.kind !== "clusterpro") throw new Error("clusterpro expected");
    c.software.networkPartition.endpoint = `x'$(touch ${m1})'`;
    c.software.azureCliPath = `/bin/true'; touch ${m2}; '`;
    const calls = runProductFiles(c);
    expect(fs.existsSync(m1)).toBe(false);
    expect(fs.existsSync(m2)).toBe(false);
    const port = calls.find((x) => x[0] === "clpazure_port_checker");
    expect(port).toEqual(["clpazure_port_checker", "-h", `x'$(touch ${m1})'`, "-p", "443"]);
  });
});

// ---- Windows: tokenise with the real PowerShell parser ---------------------------------------

const PWSH = [
  ...(process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "pwsh")),
  path.join(os.homedir(), ".dotnet", "tools", "pwsh"),
].find((f) => fs.existsSync(f));

const TOKEN_CHECK = `
param([string]$Dir, [string]$Out)
$verdicts = foreach ($f in Get-ChildItem -LiteralPath $Dir -Filter *.ps1) {
  $value = [IO.File]::ReadAllText($f.FullName + '.value')
  $tokens = $null; $errors = $null
  [void][System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$tokens, [ref]$errors)
  $str = { param($t) $t -is [System.Management.Automation.Language.StringToken] }
  [pscustomobject]@{
    file = $f.Name
    errors = @($errors | ForEach-Object { $_.Message })
    outside = @($tokens | Where-Object { $_.Text -like '*PWNED*' -and -not (& $str $_) } | ForEach-Object { $_.Text })
    inside = @($tokens | Where-Object { (& $str $_) -and $_.Value.Contains($value) }).Count
  }
}
[IO.File]::WriteAllText($Out, (ConvertTo-Json -InputObject @($verdicts) -Depth 4 -Compress))
`;

interface TokenVerdict {
  file: string;
  errors: string[];
  outside: string[];
  inside: number;
}

function windowsScripts(c: ResolvedCluster): Record<string, string> {
  if (c.software.kind === "wsfc")
    return renderWsfcScripts(c, {
      publicIpAddress: "20.0.0.1",
      dns: {
        subscriptionId: "00000000-0000-0000-0000-000000000000",
        zoneResourceGroupName: "rg",
        identityClientId: "11111111-1111-1111-1111-111111111111",
      },
    });
  const s = renderClusterproScripts(c);
  return { prepare: s.prepare, form: s.form, awaitReady: s.awaitReady, license: s.license };
}

(PWSH ? describe : describe.skip)(
  "Windows: with validation bypassed, every value sits inside one PowerShell string token",
  () => {
    it("tokenises every rendered .ps1 with the real parser", () => {
      // one pwsh process for every cell; slow on a loaded machine
      const dir = fs.mkdtempSync(path.join(TMP, "ps-"));
      const refusedByRenderer: string[] = [];
      const expected: string[] = [];
      let n = 0;
      for (const [stack, segs] of WINDOWS_FIELDS) {
        for (const p of PAYLOADS) {
          const { value } = hostile(p);
          const v = value.replace(/touch \S+/, `PWNED-${n}`);
          const c = resolvedOf(stack);
          setAt(c, segs, v);
          let scripts: Record<string, string>;
          try {
            scripts = windowsScripts(c);
          } catch (e) {
            expect((e as Error).message).toMatch(/TAB\/newline|cannot quote|must sit inside/);
            refusedByRenderer.push(`${stack} ${pathText(segs)} ${SHOW[p] ?? p}`);
            continue;
          }
          const cell = `${n}`;
          let carried = false;
          const unique = new Map(Object.entries(scripts).map(([k, t]) => [t, k]));
          for (const [text, k] of unique) {
            if (!text.includes(`PWNED-${n}`)) continue;
            carried = true;
            const f = path.join(dir, `${cell}-${k.replace(/[^A-Za-z0-9.-]/g, "_")}.ps1`);
            fs.writeFileSync(f, text);
            fs.writeFileSync(`${f}.value`, v);
          }
          if (carried) expected.push(cell);
          n++;
        }
      }
      const check = path.join(TMP, "token-check.ps1");
      const out = path.join(TMP, "token-check.json");
      fs.writeFileSync(check, TOKEN_CHECK);
      const r = spawnSync(
        PWSH!,
        ["-NoProfile", "-NonInteractive", "-File", check, "-Dir", dir, "-Out", out],
        { encoding: "utf8", timeout: 300_000, env: { ...process.env, TERM: "dumb" } },
      );
      expect(r.stderr).toBe("");
      const verdicts = JSON.parse(fs.readFileSync(out, "utf8")) as TokenVerdict[];
      expect(verdicts.length).toBeGreaterThan(0);
      for (const v of verdicts) {
        expect({ file: v.file, errors: v.errors, outside: v.outside }).toEqual({
          file: v.file,
          errors: [],
          outside: [],
        });
      }
      // every cell's value is found whole inside a string token of at least one of its scripts
      for (const cell of expected) {
        const mine = verdicts.filter((v) => v.file.startsWith(`${cell}-`));
        expect({ cell, inside: mine.some((v) => v.inside > 0) }).toEqual({ cell, inside: true });
      }
      // only the CLUSTERPRO renderers refuse (clpcfset arguments, .bat allow-list)
      for (const cell of refusedByRenderer) expect(cell).toMatch(/^dns-windows /);
    }, 600_000);
  },
);
if (!PWSH) {
  console.log(
    "injection.test: pwsh not found on PATH or in ~/.dotnet/tools: Windows tokenising skipped",
  );
}
