/**
 * The Windows reboot step's shared prologue (components/bootstrap/lifecycle/common.ps1) in real
 * pwsh: an early failure is reported as itself (the trap finds logging ready), and the
 * CLUSTERPRO drain reads clpstat without stopping on its exit code or stderr.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderRebootScripts } from "../components/bootstrap/lifecycle";
import { psIt, reportPwshSkips, runPwsh } from "./support/pwsh";

const script = renderRebootScripts({
  os: "windows",
  reason: "after-push",
  mode: "per-hash",
  drain: "clusterpro",
  node: "node1",
  groups: ["failover"],
  rebootWaitSec: 360,
}).reboot;

/** Runs the reboot script from a wrapper that defines the given stubs first. */
async function run(dir: string, stubs: string, env: NodeJS.ProcessEnv) {
  const file = path.join(dir, "reboot.ps1");
  fs.writeFileSync(file, script);
  const wrapper = path.join(dir, "wrapper.ps1");
  fs.writeFileSync(wrapper, `${stubs}\n& '${file}' -AfterHash 'h1'\nexit $LASTEXITCODE\n`);
  return runPwsh(["-File", wrapper], { env, cwd: dir });
}

const BASE_STUBS = String.raw`
function Get-CimInstance { [pscustomobject]@{ LastBootUpTime = [datetime]'2026-01-01T00:00:00Z' } }
function shutdown.exe { Add-Content -LiteralPath (Join-Path $env:CALLS_DIR 'calls.txt') -Value ("shutdown " + ($args -join ' ')); $global:LASTEXITCODE = 0 }
`;

describe("lifecycle/common.ps1 under real pwsh", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "azha-life-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  psIt("an early failure (no ProgramData, no AZHA_REBOOT_DIR) is reported as itself", async () => {
    const env = { PATH: process.env.PATH, HOME: dir, CALLS_DIR: dir };
    const r = await run(dir, BASE_STUBS, env);
    expect(r.status).toBe(1);
    // The real error (Join-Path on a null ProgramData), not a StrictMode error about $LogFile.
    expect(r.stderr).toContain("unexpected error");
    expect(r.stderr + r.stdout).not.toMatch(/LogFile/);
    expect(fs.existsSync(path.join(dir, "calls.txt"))).toBe(false);
  });

  psIt(
    "drain: clpstat failing with stderr output (cluster not running) still schedules the reboot",
    async () => {
      const bin = path.join(dir, "clpbin");
      fs.mkdirSync(bin);
      // A clpstat.exe that writes to stderr and exits 1, as a stopped cluster may.
      fs.writeFileSync(
        path.join(bin, "clpstat.exe"),
        "#!/bin/sh\necho 'clpstat: the cluster service is not running' >&2\nexit 1\n",
        { mode: 0o755 },
      );
      const env = {
        PATH: process.env.PATH,
        HOME: dir,
        CALLS_DIR: dir,
        AZHA_REBOOT_DIR: path.join(dir, "reboot"),
        AZHA_LOG_DIR: path.join(dir, "log"),
        CLP_BIN: bin,
      };
      const r = await run(dir, BASE_STUBS, env);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, "calls.txt"), "utf8").trim()).toBe(
        "shutdown /r /t 30 /d p:4:2 /c azure-ha-cluster: reboot-after-push",
      );
      const marker = JSON.parse(
        fs.readFileSync(path.join(dir, "reboot", "after-push.json"), "utf8"),
      );
      expect(marker).toMatchObject({ Scheduled: true, AfterHash: "h1" });
      expect(fs.readFileSync(path.join(dir, "log", "reboot-after-push.log"), "utf8")).toContain(
        "reboot scheduled in 30 s",
      );
    },
  );
});

reportPwshSkips();
