/**
 * CLUSTERPRO Linux bootstrap: every rendered script is shellcheck-clean, and runs with bash
 * against stub binaries that record their calls — the recorded configuration is the seeds'
 * (seed 001), and a second run changes nothing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseComponentArgs } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import {
  renderClusterproScripts,
  type ClusterproScripts,
} from "../components/bootstrap/clusterpro";
import { argsOf, seedResolved, stackCluster } from "./fixtures/clusters";

const SECRETS = {
  INSTALLER_URL: "https://example.blob.core.windows.net/pkg/clusterpro.rpm?sig=SECRET-SAS-123",
  LICENSES: [
    Buffer.from("LICENSE-ONE-SECRET").toString("base64"),
    Buffer.from("LICENSE-TWO-SECRET").toString("base64"),
  ].join(","),
  SP_CERT_PEM: "-----BEGIN PRIVATE KEY-----\nSECRET-PEM-BODY\n-----END PRIVATE KEY-----",
};

function ilb(dsr = false): ResolvedCluster {
  const args = argsOf(stackCluster(dsr ? "ilb-linux-dsr" : "ilb-linux"));
  args.software.installerUrl = SECRETS.INSTALLER_URL;
  args.software.licenses = SECRETS.LICENSES;
  return parseComponentArgs(dsr ? "ilb-linux-dsr" : "ilb-linux", "internal-lb", args);
}

function plb(): ResolvedCluster {
  const args = argsOf(stackCluster("ilb-linux"));
  delete args.internalLb;
  args.software = { kind: "clusterpro", version: "4.3", licenses: SECRETS.LICENSES };
  args.publicLb = { probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] };
  return parseComponentArgs("plb-linux", "public-lb", args);
}

/** Seed 001's DNS cluster, its updater's certificate a plaintext stand-in. */
function dns(): ResolvedCluster {
  return seedResolved("dns-linux", (a) => (a.dns.updater.certificatePem = SECRETS.SP_CERT_PEM));
}

const CASES: [string, () => ResolvedCluster][] = [
  ["ilb", () => ilb(false)],
  ["ilb-dsr", () => ilb(true)],
  ["plb", plb],
  ["dns", dns],
];

const STUB = `#!/bin/bash
name="$(basename "$0")"
printf '%s' "$name" >>"$CALLS"
for a in "$@"; do printf '\\t%s' "$a" >>"$CALLS"; done
printf '\\n' >>"$CALLS"
case "$name" in
  clpcfset) if [ "$1" = create ]; then : >clp.conf; fi; printf '%s\\n' "$*" >>clp.conf ;;
  clplcnsc) if [ "$1" = -l ]; then [ -f "$STUB_STATE/licensed" ]; exit; fi; touch "$STUB_STATE/licensed" ;;
  parted) touch "$2-part1" "$2-part2" ;;
  blkid) exit 2 ;;
  firewall-cmd)
    case "$*" in
      --state) exit 0 ;;
      *--query-port=*) grep -qx "\${2#--query-port=}" "$STUB_STATE/fw" 2>/dev/null; exit ;;
      *--add-port=*) printf '%s\\n' "\${2#--add-port=}" >>"$STUB_STATE/fw" ;;
    esac ;;
  ufw) exit 1 ;;
  curl) while [ $# -gt 0 ]; do if [ "$1" = -o ]; then printf 'pkg' >"$2"; fi; shift; done ;;
  rpm|dpkg) for t in clpcl clplcnsc clpcfset clpcfctrl clpstat clpgrp; do cp "$0" "$CLP_BIN/$t"; done ;;
  clpcfctrl)
    case "$1" in
      --push) rm -rf "$STUB_STATE/pushed"; mkdir -p "$STUB_STATE/pushed"; cp -r . "$STUB_STATE/pushed/" ;;
      --pull)
        d=""; while [ $# -gt 0 ]; do if [ "$1" = -x ]; then d="$2"; fi; shift; done
        [ -d "$STUB_STATE/pushed" ] || exit 1
        cp -r "$STUB_STATE/pushed/." "$d/" ;;
    esac ;;
  clpstat)
    [ -f "$STUB_STATE/running" ] || exit 1
    printf ' <group>\n    failover1 .........: Online\n      current          : node1\n' ;;
  clpcl) case "$1" in -s) touch "$STUB_STATE/running" ;; -t) rm -f "$STUB_STATE/running" ;; esac ;;
  bash) exit 0 ;;
esac
exit 0
`;

interface Env {
  dir: string;
  env: NodeJS.ProcessEnv;
  calls: () => string[][];
}

function sandbox(installed: boolean): Env {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clp-linux-"));
  const bin = path.join(dir, "bin");
  const clpBin = path.join(dir, "clp", "bin");
  const state = path.join(dir, "stub");
  for (const d of [bin, clpBin, state, path.join(dir, "disk", "scsi1")])
    fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(dir, "disk", "scsi1", "lun0"), "");
  fs.writeFileSync(path.join(dir, "boot_id"), "boot-1\n");
  const stubs = [
    "ip",
    "az",
    "rpm",
    "dpkg",
    "dnf",
    "apt-get",
    "zypper",
    "firewall-cmd",
    "ufw",
    "parted",
    "partprobe",
    "udevadm",
    "blkid",
    "systemctl",
    "shutdown",
    "curl",
  ];
  for (const s of stubs) fs.writeFileSync(path.join(bin, s), STUB, { mode: 0o755 });
  if (installed) {
    for (const s of ["clpcl", "clplcnsc", "clpcfset", "clpcfctrl", "clpstat", "clpgrp"])
      fs.writeFileSync(path.join(clpBin, s), STUB, { mode: 0o755 });
  }
  const azPath = path.join(dir, "az");
  fs.writeFileSync(azPath, STUB, { mode: 0o755 });
  const calls = path.join(dir, "calls.log");
  fs.writeFileSync(calls, "");
  return {
    dir,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      CALLS: calls,
      STUB_STATE: state,
      CLP_BIN: clpBin,
      DISK_ROOT: path.join(dir, "disk"),
      LOG_DIR: path.join(dir, "log"),
      STATE_DIR: path.join(dir, "state"),
      PEM_DIR: path.join(dir, "pem"),
      BOOT_ID_FILE: path.join(dir, "boot_id"),
      REBOOT_DIR: path.join(dir, "reboot"),
      WAIT_STEP_SEC: "1",
      ALLOW_NON_ROOT: "1",
    },
    calls: () =>
      fs
        .readFileSync(calls, "utf8")
        .split("\n")
        .filter((l) => l)
        .map((l) => l.split("\t")),
  };
}

function run(sb: Env, script: string, name: string, extra: Record<string, string> = {}): string {
  const file = path.join(sb.dir, `${name}.sh`);
  fs.writeFileSync(file, script, { mode: 0o755 });
  const r = spawnSync("bash", [file], { env: { ...sb.env, ...extra }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${name} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** Runs a step with the AZ CLI path of the sandbox (the rendered AZ_PATH is /usr/bin/az). */
function withAz(sb: Env, script: string): string {
  return script.replace(/^AZ_PATH='[^']*'$/m, `AZ_PATH='${path.join(sb.dir, "az")}'`);
}

const pushes = (calls: string[][]) =>
  calls.filter((c) => c[0] === "clpcfctrl" && c[1] === "--push").map((c) => c.slice(1).join(" "));

const clpcfset = (calls: string[][]) =>
  calls.filter((c) => c[0] === "clpcfset").map((c) => c.slice(1).join(" "));

describe.each(CASES)("CLUSTERPRO Linux, %s", (label, make) => {
  let s: ClusterproScripts;
  beforeAll(() => {
    s = renderClusterproScripts(make());
  });

  it("renders shellcheck-clean scripts (severity warning), including the product-run ones", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clp-sc-"));
    const files: string[] = [];
    for (const [k, text] of Object.entries({
      prepare: s.prepare,
      ready: s.awaitReady,
      license: s.license,
      form: s.form,
      start: s.start,
    })) {
      files.push(path.join(dir, `${k}.sh`));
      fs.writeFileSync(files[files.length - 1], text);
    }
    s.plan.files.forEach((f, i) => {
      files.push(path.join(dir, `product-${i}.sh`));
      fs.writeFileSync(files[files.length - 1], f.content);
    });
    const r = spawnSync("shellcheck", ["-S", "warning", "-s", "bash", ...files], {
      encoding: "utf8",
    });
    if (r.error) throw new Error(`shellcheck is required: ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("puts no secret into any script text", () => {
    const all = [
      s.prepare,
      s.awaitReady,
      s.license,
      s.form,
      ...s.plan.files.map((f) => f.content),
    ].join("\n");
    for (const v of [
      SECRETS.INSTALLER_URL,
      "SECRET-SAS-123",
      SECRETS.LICENSES,
      "SECRET-PEM-BODY",
    ]) {
      expect(all).not.toContain(v);
    }
  });

  it("runs every step against stubs, and a second run changes nothing", () => {
    const sb = sandbox(true);
    const extra: Record<string, string> = {
      LICENSES: SECRETS.LICENSES,
      SP_CERT_PEM: SECRETS.SP_CERT_PEM,
      PUBLIC_IP: "20.30.40.50",
      DNS_RESOURCE_GROUP: "TestGroup1",
    };
    const steps: [string, string][] = [
      ["prepare", withAz(sb, s.prepare)],
      ["await-ready", s.awaitReady],
      ["license", s.license],
      ["push", s.form],
      ["start", s.start],
    ];
    for (const [n, t] of steps) run(sb, t, n, extra);
    const first = sb.calls();
    // partitioning by LUN, never /dev/sdX; no mkfs, no fstab
    const parted = first.filter((c) => c[0] === "parted");
    expect(parted).toHaveLength(1);
    expect(parted[0][2]).toBe(path.join(sb.env.DISK_ROOT!, "scsi1", "lun0"));
    expect(parted[0].join(" ")).toContain(
      "mkpart clpcluster 1MiB 1025MiB mkpart clpdata 1025MiB 100%",
    );
    expect(first.some((c) => /mkfs/.test(c[0]))).toBe(false);
    // licenses: one clplcnsc -i per license file
    expect(first.filter((c) => c[0] === "clplcnsc" && c[1] === "-i")).toHaveLength(2);
    // firewall: probe port and business port (LB topologies), product ports
    const fw = fs.readFileSync(path.join(sb.env.STUB_STATE!, "fw"), "utf8");
    expect(fw).toContain("29001-29010/tcp");
    if (label !== "dns") {
      expect(fw).toContain("26001/tcp");
      expect(fw).toContain(label === "ilb-dsr" ? "80/tcp" : "8080/tcp");
    }
    // push and start
    expect(pushes(first)).toHaveLength(1);
    expect(first.filter((c) => c[0] === "clpcl").map((c) => c.slice(1).join(" "))).toEqual([
      "-s -a",
    ]);

    for (const [n, t] of steps) run(sb, t, n, extra);
    const second = sb.calls().slice(first.length);
    const changing = second.filter(
      (c) =>
        ["clpcfset", "clpcfctrl", "clpcl", "parted", "rpm", "dpkg", "shutdown"].includes(c[0]) ||
        (c[0] === "clplcnsc" && c[1] === "-i") ||
        (c[0] === "firewall-cmd" && c.some((a) => a.startsWith("--add-port"))),
    );
    expect(changing).toEqual([]);
    // the certificate (DNS) is root-only at one path
    if (label === "dns") {
      const pem = path.join(sb.env.PEM_DIR!, "clusterpro-sp.pem");
      expect(fs.statSync(pem).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(pem, "utf8")).toContain("SECRET-PEM-BODY");
    }
  });
});

describe("CLUSTERPRO Linux: the recorded configuration per topology", () => {
  function formCalls(c: ResolvedCluster, extra: Record<string, string> = {}) {
    const s = renderClusterproScripts(c);
    const sb = sandbox(true);
    run(sb, s.form, "form", {
      PUBLIC_IP: "20.30.40.50",
      DNS_RESOURCE_GROUP: "TestGroup1",
      ...extra,
    });
    return { calls: sb.calls(), sb, s };
  }

  it("ILB (seed 001): servers, lankhb, md + mdw/mdnw, azurepp/azureppw/azurelbw, PING NP, heartbeat 120000 ms, 5.0 push", () => {
    const { calls, sb } = formCalls(ilb(false));
    const cf = clpcfset(calls);
    const disk = path.join(sb.env.DISK_ROOT!, "scsi1", "lun0");
    expect(cf[0]).toBe("create ilb-linux ASCII");
    expect(cf).toEqual(
      expect.arrayContaining([
        "add clsparam cluster/heartbeat/timeout 120000",
        "add srv node1 0",
        "add srv node2 1",
        "add device node1 lan 0 10.5.0.110",
        "add device node2 mdc 0 10.5.0.111",
        "add hb lankhb 0 0",
        "add np pingnp 0 0 0 0 10.5.0.5",
        "add grp failover failover1",
        "add rsc failover1 md md",
        `add rscparam md md parameters/diskdev/dppath ${disk}-part2`,
        `add rscparam md md parameters/diskdev/cppath ${disk}-part1`,
        "add rscparam md md parameters/mount/point /mnt/md",
        "add rscparam md md parameters/fs ext4",
        "add mon mdw mdw1",
        "add mon mdnw mdnw1",
        "add rsc failover1 azurepp azurepp1",
        "add rscparam azurepp azurepp1 parameters/probeport 26001",
        "add monparam azureppw azureppw1 relation/name azurepp1",
        "add monparam azurelbw azurelbw1 relation/type rsc",
        "add monparam azurelbw azurelbw1 relation/name azurepp1",
      ]),
    );
    expect(cf.some((c) => /genw|mtw|ipw|azuredns|exec/.test(c))).toBe(false);
    expect(pushes(calls)).toEqual(["--push -x ."]);
  });

  it("ILB DSR: exec1 adds/removes the VIP on lo and follows the group", () => {
    const { calls, sb } = formCalls(ilb(true));
    const cf = clpcfset(calls);
    expect(cf).toEqual(
      expect.arrayContaining([
        "add rsc failover1 exec exec1",
        "add rscparam exec exec1 parameters/act/path start.sh",
        "add rscparam exec exec1 parameters/deact/path stop.sh",
      ]),
    );
    const dir = path.join(sb.env.STATE_DIR!, "conf", "scripts", "failover1", "exec1");
    expect(fs.readFileSync(path.join(dir, "start.sh"), "utf8")).toContain(
      "ip addr add '10.5.0.200/32' dev lo",
    );
    expect(fs.readFileSync(path.join(dir, "stop.sh"), "utf8")).toContain(
      "ip addr del '10.5.0.200/32' dev lo",
    );
  });

  it("public LB (4.3): genw1/ipw1/ipw2 final action only → none; mtw1 none + pre-final-action script; -l -x push", () => {
    const { calls, sb } = formCalls(plb());
    const cf = clpcfset(calls);
    expect(cf).toEqual(
      expect.arrayContaining([
        "add clsparam cluster/heartbeat/timeout 120000",
        "add rsc failover1 azurepp azurepp1",
        "add mon azurelbw azurelbw1",
        "add mon genw genw1",
        "add monparam genw genw1 parameters/path genw.sh",
        "add monparam genw genw1 relation/name LocalServer",
        "add monparam genw genw1 emergency/threshold/restart 0",
        "add monparam genw genw1 emergency/action 1",
        "add monparam ipw ipw1 polling/servers@0/name node1",
        "add monparam ipw ipw1 parameters/list@0/ip 10.5.0.111",
        "add monparam ipw ipw2 polling/servers@0/name node2",
        "add monparam ipw ipw2 parameters/list@0/ip 10.5.0.110",
        "add monparam ipw ipw2 emergency/action 1",
        "add mon mtw mtw1",
        "add monparam mtw mtw1 emergency/action 1",
        "add monparam mtw mtw1 emergency/preaction/use 1",
        "add monparam mtw mtw1 emergency/preaction/timeout 30",
      ]),
    );
    expect(cf.some((c) => c.startsWith("add np pingnp"))).toBe(false);
    const conf = path.join(sb.env.STATE_DIR!, "conf", "scripts", "monitor.s");
    const pre = fs.readFileSync(path.join(conf, "mtw1", "preaction.sh"), "utf8");
    expect(pre).toContain("clpazure_port_checker' -h 127.0.0.1 -p '8080'");
    expect(pre).toContain("clpazure_port_checker' -h '20.30.40.50' -p '80'");
    expect(pre.match(/clpdown'\n/g)).toHaveLength(2);
    const genw = fs.readFileSync(path.join(conf, "genw1", "genw.sh"), "utf8");
    expect(genw).toContain("-h 'management.azure.com' -p '443'");
    expect(pushes(calls)).toEqual(["--push -l -x ."]);
  });

  it("public LB: the form step refuses to run without the public IP", () => {
    const s = renderClusterproScripts(plb());
    const sb = sandbox(true);
    expect(() => run(sb, s.form, "form", {})).toThrow(/PUBLIC_IP/);
    expect(clpcfset(sb.calls())).toEqual([]);
  });

  it("DNS: azuredns1 (record, zone, per-node IP, TTL, RG, SP, CLI) + azurednsw1 + TTL fix; mtw1 → stop service and shut down OS", () => {
    const { calls, sb } = formCalls(dns());
    const cf = clpcfset(calls);
    expect(cf).toEqual(
      expect.arrayContaining([
        "add rsc failover1 azuredns azuredns1",
        "add rscparam azuredns azuredns1 parameters/recordset test-record1",
        "add rscparam azuredns azuredns1 parameters/zone cluster1.zone",
        "add rscparam azuredns azuredns1 server@node1/parameters/ip 10.5.0.110",
        "add rscparam azuredns azuredns1 server@node2/parameters/ip 10.5.0.111",
        "add rscparam azuredns azuredns1 parameters/ttl 30",
        "add rscparam azuredns azuredns1 parameters/rgname TestGroup1",
        "add rscparam azuredns azuredns1 parameters/uri 66666666-7777-8888-9999-000000000000",
        "add rscparam azuredns azuredns1 parameters/tenant 11111111-2222-3333-4444-555555555555",
        "add rscparam azuredns azuredns1 parameters/certfile /etc/azure-ha-cluster/clusterpro-sp.pem",
        "add rscparam azuredns azuredns1 parameters/azurecli /usr/bin/az",
        "add mon azurednsw azurednsw1",
        "add rscdep exec ttlfix1 azuredns1",
        "add monparam mtw mtw1 emergency/action 4",
        "add monparam genw genw1 emergency/action 1",
      ]),
    );
    expect(cf.some((c) => /azurepp|preaction|pingnp/.test(c))).toBe(false);
    const ttl = fs.readFileSync(
      path.join(sb.env.STATE_DIR!, "conf", "scripts", "failover1", "ttlfix1", "start.sh"),
      "utf8",
    );
    expect(ttl).toContain("--set 'ttl=30'");
    expect(ttl).toContain("-g 'TestGroup1'");
  });

  it("a configured heartbeat timeout is written in milliseconds", () => {
    const args = argsOf(stackCluster("ilb-linux"));
    args.software.heartbeat = { timeoutSec: 150 };
    const { calls } = formCalls(parseComponentArgs("hb", "internal-lb", args));
    expect(clpcfset(calls)).toContain("add clsparam cluster/heartbeat/timeout 150000");
  });

  it("a changed plan is re-applied: the running cluster is stopped before the push, start starts it", () => {
    const s = renderClusterproScripts(plb());
    const sb = sandbox(true);
    run(sb, s.form, "push", { PUBLIC_IP: "20.30.40.50" });
    run(sb, s.start, "start");
    const n = sb.calls().length;
    run(sb, s.form, "push", { PUBLIC_IP: "20.30.40.51" });
    run(sb, s.start, "start");
    const again = sb.calls().slice(n);
    expect(
      again.filter((c) => c[0] === "clpcl" || (c[0] === "clpcfctrl" && c[1] === "--push")),
    ).toEqual([
      ["clpcl", "-t", "-a"],
      ["clpcfctrl", "--push", "-l", "-x", "."],
      ["clpcl", "-s", "-a"],
    ]);
  });

  it("push never starts the cluster (reboot-after-push and start follow)", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(true);
    run(sb, s.form, "push");
    expect(sb.calls().filter((c) => c[0] === "clpcl")).toEqual([]);
    const code = s.form
      .split("\n")
      .filter((l) => !/^\s*#/.test(l))
      .join("\n");
    expect(code).not.toMatch(/clpcl"? -s/);
  });

  it("resumes after a failure between the push and the saved hash: no second push, never to a running cluster", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(true);
    run(sb, s.form, "push");
    expect(pushes(sb.calls())).toHaveLength(1);
    // the step died after clpcfctrl --push, before the hash was written; the cluster was started
    fs.rmSync(path.join(sb.env.STATE_DIR!, "form.sha256"));
    fs.writeFileSync(path.join(sb.env.STUB_STATE!, "running"), "");
    const n = sb.calls().length;
    const out = run(sb, s.form, "push");
    const again = sb.calls().slice(n);
    expect(out).toContain("already equals this plan");
    expect(pushes(again)).toEqual([]);
    expect(again.filter((c) => c[0] === "clpcl")).toEqual([]);
    expect(fs.existsSync(path.join(sb.env.STATE_DIR!, "form.sha256"))).toBe(true);
    // the same failure, but the live configuration differs (another plan): stop first, then push
    fs.rmSync(path.join(sb.env.STATE_DIR!, "form.sha256"));
    fs.writeFileSync(path.join(sb.env.STUB_STATE!, "pushed", "clp.conf"), "older plan\n");
    const m = sb.calls().length;
    run(sb, s.form, "push");
    const third = sb
      .calls()
      .slice(m)
      .filter((c) => c[0] === "clpcl" || (c[0] === "clpcfctrl" && c[1] === "--push"));
    expect(third.map((c) => c.slice(0, 2).join(" "))).toEqual(["clpcl -t", "clpcfctrl --push"]);
  });

  it("refuses to push when the running cluster does not stop", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(true);
    fs.writeFileSync(path.join(sb.env.STUB_STATE!, "running"), "");
    // a clpcl that fails to stop
    fs.writeFileSync(path.join(sb.env.CLP_BIN!, "clpcl"), "#!/bin/sh\nexit 3\n", { mode: 0o755 });
    expect(() => run(sb, s.form, "push")).toThrow(/not pushing to a running cluster/);
    expect(pushes(sb.calls())).toEqual([]);
  });
});

describe("CLUSTERPRO Linux prepare: install, reboot planning, refusals", () => {
  it("installs from INSTALLER_URL with rpm and requests the reboot, never reboots itself", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(false);
    const out = run(sb, s.prepare, "prepare", { INSTALLER_URL: SECRETS.INSTALLER_URL });
    expect(out).not.toContain("SECRET-SAS-123");
    const calls = sb.calls();
    expect(calls.filter((c) => c[0] === "rpm")).toHaveLength(1);
    expect(calls.filter((c) => c[0] === "shutdown" || c[0] === "systemctl")).toEqual([]);
    expect(fs.readFileSync(path.join(sb.env.REBOOT_DIR!, "after-install.request"), "utf8")).toMatch(
      /^CLUSTERPRO 5\.0 installed at /,
    );
    // await-ready does not wait for a reboot: it only checks the product and its services
    expect(s.awaitReady).not.toMatch(/reboot-pending|"\$\(boot_id\)"/);
    run(sb, s.awaitReady, "await-ready");
  });

  it("fails clearly when the product is missing and no installer URL is given", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(false);
    expect(() => run(sb, s.prepare, "prepare")).toThrow(/not installed .* no installerUrl/);
  });

  it("refuses to repartition a disk with a foreign layout", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(true);
    fs.writeFileSync(path.join(sb.env.DISK_ROOT!, "scsi1", "lun0-part1"), "");
    expect(() => run(sb, s.prepare, "prepare")).toThrow(/unexpected partition layout/);
    expect(sb.calls().filter((c) => c[0] === "parted")).toEqual([]);
  });

  it("finds NVMe data disks under data/by-lun", () => {
    const s = renderClusterproScripts(ilb(false));
    const sb = sandbox(true);
    fs.rmSync(path.join(sb.env.DISK_ROOT!, "scsi1"), { recursive: true });
    fs.mkdirSync(path.join(sb.env.DISK_ROOT!, "data", "by-lun"), { recursive: true });
    fs.writeFileSync(path.join(sb.env.DISK_ROOT!, "data", "by-lun", "0"), "");
    run(sb, s.prepare, "prepare");
    expect(sb.calls().find((c) => c[0] === "parted")?.[2]).toBe(
      path.join(sb.env.DISK_ROOT!, "data", "by-lun", "0"),
    );
  });
});
