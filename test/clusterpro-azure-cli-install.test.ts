/**
 * The Azure CLI install of the Linux DNS topology (issue 19 item 2) runs unattended: the rendered
 * prepare.sh runs under `setsid` (no controlling terminal, as under a Run Command) with stdin
 * closed, against stub package managers; anything that reads /dev/tty fails there (the harness
 * check below proves it), and the packages are installed by Microsoft's documented route per
 * distro (MicrosoftDocs/azure-docs-cli includes/cli-install-linux-{dnf,apt,zypper}.md).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../components/core/config";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { argsOf, stackCluster } from "./fixtures/clusters";

const PEM = "-----BEGIN PRIVATE KEY-----\nNO-TTY-PEM\n-----END PRIVATE KEY-----";

/** Records every call (with DEBIAN_FRONTEND and whether stdin is a terminal); installs az. */
const STUB = `#!/bin/bash
n="$(basename "$0")"
{
  printf '%s' "$n"; for a in "$@"; do printf '\\t%s' "$a"; done
  printf '\\tDEBIAN_FRONTEND=%s' "\${DEBIAN_FRONTEND:-}"
  if [ -t 0 ]; then printf '\\tSTDIN-IS-A-TTY'; fi
  printf '\\n'
} >>"$CALLS"
case "$n" in
  dnf|apt-get|zypper) for a in "$@"; do if [ "$a" = azure-cli ]; then printf '#!/bin/sh\\n' >"$AZ_TARGET"; chmod 755 "$AZ_TARGET"; fi; done ;;
  curl)
    # Microsoft's install script, as the old route fetched it: it reads its answers from the
    # terminal (Azure/azure-cli scripts/curl_install_pypi/install: \`$install_script < $_TTY\`)
    out=""; url=""
    while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift ;; http*) url="$1" ;; esac; shift; done
    if [[ "$url" == *InstallAzureCli* ]]; then body='read -r answer </dev/tty'; else body='KEY'; fi
    if [ -n "$out" ]; then printf '%s\\n' "$body" >"$out"; else printf '%s\\n' "$body"; fi ;;
  gpg) while [ $# -gt 0 ]; do if [ "$1" = -o ]; then cat >"$2"; fi; shift; done ;;
  dpkg) printf 'amd64\\n' ;;
  firewall-cmd|ufw) exit 1 ;;
esac
exit 0
`;

function setup(osName: string) {
  const seed = stackCluster("dns-linux");
  const args = argsOf(seed);
  args.vm.os = osName;
  const c = parseComponentArgs(seed.name, seed.topology, args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clp-azcli-"));
  const bin = path.join(dir, "bin");
  const clp = path.join(dir, "clp");
  const disk = path.join(dir, "disk", "scsi1");
  for (const d of [bin, clp, disk, path.join(dir, "apt", "keyrings"), path.join(dir, "apt", "src")])
    fs.mkdirSync(d, { recursive: true });
  for (const f of ["lun0", "lun0-part1", "lun0-part2"]) fs.writeFileSync(path.join(disk, f), "");
  for (const s of ["dnf", "rpm", "apt-get", "zypper", "curl", "gpg", "dpkg", "firewall-cmd", "ufw"])
    fs.writeFileSync(path.join(bin, s), STUB, { mode: 0o755 });
  for (const s of ["clpcl", "clplcnsc"]) fs.writeFileSync(path.join(clp, s), STUB, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "os-release"), 'NAME="Ubuntu"\nVERSION_CODENAME=jammy\n');
  const az = path.join(dir, "usr-bin-az");
  const script = renderClusterproScripts(c).prepare.replace(
    /^AZ_PATH='[^']*'$/m,
    `AZ_PATH='${az}'`,
  );
  const file = path.join(dir, "prepare.sh");
  fs.writeFileSync(file, script, { mode: 0o755 });
  const calls = path.join(dir, "calls.log");
  fs.writeFileSync(calls, "");
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    CALLS: calls,
    AZ_TARGET: az,
    CLP_BIN: clp,
    DISK_ROOT: path.join(dir, "disk"),
    LOG_DIR: path.join(dir, "log"),
    STATE_DIR: path.join(dir, "state"),
    PEM_DIR: path.join(dir, "pem"),
    APT_KEYRING_DIR: path.join(dir, "apt", "keyrings"),
    APT_SOURCES_DIR: path.join(dir, "apt", "src"),
    OS_RELEASE_FILE: path.join(dir, "os-release"),
    WAIT_STEP_SEC: "1",
    ALLOW_NON_ROOT: "1",
    SP_CERT_PEM: PEM,
  };
  return { dir, file, env, az, script, calls: () => readCalls(calls) };
}

function readCalls(file: string): string[][] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => l.split("\t"));
}

/** Runs without a controlling terminal (setsid) and with stdin closed, as a Run Command does. */
function noTty(cmd: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync("setsid", ["--wait", ...cmd], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error) throw new Error(`setsid is required: ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("Azure CLI install (Linux DNS topology) without a terminal", () => {
  it("the harness catches a read from /dev/tty (what Microsoft's install script does)", () => {
    const r = noTty(["bash", "-c", "read -r answer </dev/tty"], { PATH: process.env.PATH });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/\/dev\/tty/);
  });

  it.each([
    ["rhel-9", "https://packages.microsoft.com/config/rhel/9.0/packages-microsoft-prod.rpm"],
    ["rhel-8", "https://packages.microsoft.com/config/rhel/8/packages-microsoft-prod.rpm"],
  ])(
    "%s: rpm --import, dnf install -y the repository package, dnf install -y azure-cli",
    (o, rpm) => {
      const t = setup(o);
      const r = noTty(["bash", t.file], t.env);
      expect(r.out).not.toMatch(/\/dev\/tty|InstallAzureCli/);
      expect(r.status).toBe(0);
      const seq = t
        .calls()
        .filter((c) => ["rpm", "dnf", "curl"].includes(c[0]))
        .map((c) => c.slice(0, -1).join(" "));
      expect(seq).toEqual([
        "rpm --import https://packages.microsoft.com/keys/microsoft.asc",
        `dnf install -y ${rpm}`,
        "dnf install -y azure-cli",
      ]);
      expect(fs.existsSync(t.az)).toBe(true);
      expect(t.calls().some((c) => c.includes("STDIN-IS-A-TTY"))).toBe(false);
      // a second run finds az and installs nothing
      const n = t.calls().length;
      expect(noTty(["bash", t.file], t.env).status).toBe(0);
      expect(
        t
          .calls()
          .slice(n)
          .filter((c) => c[0] === "dnf"),
      ).toEqual([]);
    },
  );

  it("ubuntu-22.04: Microsoft's apt steps, every install -y, DEBIAN_FRONTEND=noninteractive", () => {
    const t = setup("ubuntu-22.04");
    const r = noTty(["bash", t.file], t.env);
    expect(r.out).not.toMatch(/\/dev\/tty|InstallAzureCli/);
    expect(r.status).toBe(0);
    const apt = t.calls().filter((c) => c[0] === "apt-get");
    expect(apt.map((c) => c.slice(1, -1).join(" "))).toEqual([
      "update",
      "install -y apt-transport-https ca-certificates curl gnupg",
      "update",
      "install -y azure-cli",
    ]);
    for (const c of apt) expect(c[c.length - 1]).toBe("DEBIAN_FRONTEND=noninteractive");
    const sources = fs.readFileSync(path.join(t.env.APT_SOURCES_DIR, "azure-cli.sources"), "utf8");
    expect(sources).toContain("URIs: https://packages.microsoft.com/repos/azure-cli/");
    expect(sources).toContain("Suites: jammy");
    expect(sources).toContain(`Signed-by: ${t.env.APT_KEYRING_DIR}/microsoft.gpg`);
    expect(fs.existsSync(path.join(t.env.APT_KEYRING_DIR, "microsoft.gpg"))).toBe(true);
    expect(fs.existsSync(t.az)).toBe(true);
  });

  it("sles-15: SUSE's package with zypper --non-interactive", () => {
    const t = setup("sles-15");
    const r = noTty(["bash", t.file], t.env);
    expect(r.status).toBe(0);
    const z = t.calls().filter((c) => c[0] === "zypper");
    expect(z.map((c) => c.slice(1, -1).join(" "))).toEqual(["--non-interactive install azure-cli"]);
  });

  it("never fetches the terminal-reading install script, and says why in the script", () => {
    const t = setup("rhel-9");
    const code = t.script.split("\n").filter((l) => !/^\s*#/.test(l));
    expect(code.filter((l) => /InstallAzureCli/i.test(l))).toEqual([]);
    expect(t.script).toContain("$install_script < $_TTY");
  });
});
