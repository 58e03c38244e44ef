/**
 * Real PowerShell 7 for the tests: finds `pwsh`, parses many scripts in one process with
 * PowerShell's own parser, and runs Windows steps under recording stubs (see pwsh/driver.ps1).
 *
 * pwsh is looked up on PATH, then at `$HOME/.dotnet/tools/pwsh` (where
 * `dotnet tool install --global PowerShell --version 7.6.9` puts it). Without it the PowerShell
 * tests are skipped with one line — unless CI_REQUIRE_PWSH=1 (set by .ci/run), which turns the
 * skip into a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PWSH_DIR = path.join(__dirname, "pwsh");

function findPwsh(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((d) => d !== "")
      .map((d) => path.join(d, "pwsh")),
    path.join(os.homedir(), ".dotnet", "tools", "pwsh"),
  ];
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The pwsh executable, or undefined when PowerShell 7 is not installed. */
export const PWSH: string | undefined = findPwsh();

/** CI_REQUIRE_PWSH=1: a missing pwsh fails the PowerShell tests instead of skipping them. */
export const REQUIRE_PWSH = process.env.CI_REQUIRE_PWSH === "1";

let registered = 0;

/**
 * `it` for a PowerShell test: runs it when pwsh exists; otherwise skips it (counted for the one
 * skip line), or — under CI_REQUIRE_PWSH=1 — fails it.
 */
export function psIt(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  registered++;
  if (PWSH) it(name, fn, timeoutMs);
  else if (REQUIRE_PWSH)
    it(name, () => {
      throw new Error(
        "pwsh not found and CI_REQUIRE_PWSH=1: install PowerShell 7 (dotnet tool install --global PowerShell --version 7.6.9)",
      );
    });
  else it.skip(name, fn);
}

/** Prints the one skip line (call once, at the end of the test file's body). */
export function reportPwshSkips(): void {
  if (!PWSH && !REQUIRE_PWSH)
    process.stderr.write(
      `pwsh not found: ${registered} PowerShell tests skipped; install PowerShell 7 to run them\n`,
    );
}

const children = new Set<ReturnType<typeof spawn>>();
let stopped = false;

/** Kills the pwsh processes still running (a filtered jest run leaves queued jobs behind). */
export function killPwshChildren(): void {
  stopped = true;
  for (const c of children) c.kill("SIGKILL");
  children.clear();
}

/** Runs pwsh with a script file and arguments; resolves with its exit code and output. */
export function runPwsh(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!PWSH) throw new Error("pwsh not found");
  if (stopped) return Promise.reject(new Error("pwsh runs stopped (test file done)"));
  return new Promise((resolve, reject) => {
    const child = spawn(PWSH, ["-NoLogo", "-NoProfile", "-NonInteractive", ...args], {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), NO_COLOR: "1", TERM: "dumb" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      children.delete(child);
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * Starts a long-lived pwsh (stdin and stdout piped: a request/answer protocol), killed with the
 * others by killPwshChildren.
 */
export function startPwsh(args: string[], opts: { cwd?: string } = {}): ChildProcess {
  if (!PWSH) throw new Error("pwsh not found");
  if (stopped) throw new Error("pwsh runs stopped (test file done)");
  const child = spawn(PWSH, ["-NoLogo", "-NoProfile", "-NonInteractive", ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", TERM: "dumb" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.on("close", () => children.delete(child));
  return child;
}

/** One script to parse. */
export interface PsSource {
  id: string;
  text: string;
}

/** The parse result of one script. */
export interface PsParseResult {
  id: string;
  errors: { line: number; column: number; message: string }[];
  /** PowerShell-7-only syntax (Windows PowerShell 5.1 rejects it). */
  sevenOnly: { kind: string; line: number; text: string }[];
}

/** Parses every script with PowerShell's parser in ONE pwsh process. */
export async function parseWithPwsh(sources: PsSource[]): Promise<PsParseResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-psparse-"));
  try {
    const manifest = sources.map((s, i) => {
      const file = path.join(dir, `${i}.ps1`);
      fs.writeFileSync(file, s.text);
      return { id: s.id, file };
    });
    const m = path.join(dir, "manifest.json");
    fs.writeFileSync(m, JSON.stringify(manifest));
    const r = await runPwsh(["-File", path.join(PWSH_DIR, "parse.ps1"), "-Manifest", m]);
    if (r.status !== 0) throw new Error(`parse.ps1 failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as PsParseResult[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `pwsh --version`, for messages. */
export function pwshVersion(): string {
  if (!PWSH) return "none";
  return spawnSync(PWSH, ["--version"], { encoding: "utf8" }).stdout.trim();
}
