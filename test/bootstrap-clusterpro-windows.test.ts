/**
 * CLUSTERPRO Windows bootstrap: every rendered .ps1 parses with a real PowerShell grammar
 * (tree-sitter-powershell); the clpcfset calls rendered into the form step are the seeds'
 * configuration (seed 004) per topology; no secret appears in any script.
 */
import { parseComponentArgs } from "../components/core/config";
import type { ResolvedCluster } from "../components/core/types";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { argsOf, seedResolved, stackCluster } from "./fixtures/clusters";
import { parsePowerShell } from "./support/powershell";

const SECRETS = {
  installerUrl: "https://example.blob.core.windows.net/media/clp.zip?sig=SECRET-SAS-456",
  licenses: Buffer.from("WIN-LICENSE-SECRET").toString("base64"),
  pem: "-----BEGIN PRIVATE KEY-----\nWIN-SECRET-PEM\n-----END PRIVATE KEY-----",
};

/** Seed 004 nodes on the seed-001 network; version 4.3 unless given. */
function base(version = "4.3"): any {
  const args = argsOf(stackCluster("ilb-linux"));
  args.nodes = [
    { name: "node-1", privateIp: "10.5.0.120" },
    { name: "node-2", privateIp: "10.5.0.121" },
  ];
  args.vm = { size: "Standard_D2s_v5", os: "windows-2022", adminUsername: "azureuser" };
  args.software = {
    kind: "clusterpro",
    version,
    installerUrl: SECRETS.installerUrl,
    licenses: SECRETS.licenses,
    networkPartition: { pingTargets: ["10.5.0.5"] },
  };
  return args;
}

function ilb(dsr: boolean): ResolvedCluster {
  const args = base("4.3");
  args.internalLb.frontendIp = "10.5.0.200";
  args.internalLb.floatingIp = dsr;
  args.internalLb.rules = [
    dsr ? { frontendPort: 80, backendPort: 80 } : { frontendPort: 80, backendPort: 8080 },
  ];
  return parseComponentArgs("ilb-windows", "internal-lb", args);
}

function plb(): ResolvedCluster {
  const args = base("5.0");
  delete args.internalLb;
  delete args.software.networkPartition;
  args.publicLb = { probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] };
  return parseComponentArgs("plb-windows", "public-lb", args);
}

/** Seed 004's DNS cluster, with plaintext stand-ins for its secrets. */
function dns(): ResolvedCluster {
  return seedResolved("dns-windows", (a) => {
    a.software.installerUrl = SECRETS.installerUrl;
    a.software.licenses = SECRETS.licenses;
    a.dns.updater.certificatePem = SECRETS.pem;
  });
}

/** The clpcfset calls as rendered in form.ps1 ($ClpCommands = @('a<TAB>b', …)). */
function renderedCalls(form: string): string[] {
  const m = /^\$ClpCommands = @\((.*)\)$/m.exec(form);
  if (!m) throw new Error("no $ClpCommands in form.ps1");
  return [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) =>
    x[1].replace(/''/g, "'").split("\t").join(" "),
  );
}

function renderedFiles(form: string): Map<string, string> {
  const m = /^\$ClpFiles = @\(([\s\S]*?)\)$/m.exec(form);
  if (!m) throw new Error("no $ClpFiles in form.ps1");
  const items = [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'"));
  const out = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) out.set(items[i], items[i + 1]);
  return out;
}

const CASES: [string, () => ResolvedCluster][] = [
  ["ilb", () => ilb(false)],
  ["ilb-dsr", () => ilb(true)],
  ["plb", plb],
  ["dns", dns],
];

describe.each(CASES)("CLUSTERPRO Windows, %s", (_label, make) => {
  const s = renderClusterproScripts(make());

  it.each(["prepare", "awaitReady", "license", "form", "start"] as const)(
    "%s.ps1 parses (tree-sitter-powershell)",
    async (k) => {
      expect(s.os).toBe("windows");
      expect(await parsePowerShell(s[k])).toEqual([]);
    },
  );

  it("puts no secret into any script text", () => {
    const all = [s.prepare, s.awaitReady, s.license, s.form].join("\n");
    for (const v of ["SECRET-SAS-456", SECRETS.licenses, "WIN-SECRET-PEM"])
      expect(all).not.toContain(v);
  });

  it("declares the secrets and runtime values as script parameters (how Windows Run Commands pass them)", () => {
    expect(s.prepare).toMatch(
      /param\(\s*\[string\]\$InstallerUrl = '',\s*\[string\]\$SpCertPem = ''\s*\)/,
    );
    expect(s.license).toMatch(/param\(\s*\[string\]\$Licenses = ''\s*\)/);
    expect(s.form).toMatch(
      /param\(\s*\[string\]\$PublicIp = '',\s*\[string\]\$DnsResourceGroup = ''\s*\)/,
    );
  });
});

describe("CLUSTERPRO Windows: the configuration per topology", () => {
  it("ILB (seed 004, 4.3): lowercase servers, md on G:/F:, azurepp trio, PING NP, heartbeat 210000 ms, -w -x push", () => {
    const s = renderClusterproScripts(ilb(false));
    const calls = renderedCalls(s.form);
    expect(calls[0]).toBe("create ilb-windows ASCII");
    expect(calls).toEqual(
      expect.arrayContaining([
        "add clsparam cluster/heartbeat/timeout 210000",
        "add srv node-1 0",
        "add srv node-2 1",
        "add device node-1 lan 0 10.5.0.120",
        "add device node-2 mdc 0 10.5.0.121",
        "add hb lankhb 0 0",
        "add np pingnp 0 0 0 0 10.5.0.5",
        "add rsc failover1 md md",
        "add rscparam md md parameters/volumemountpoint G",
        "add rscparam md md parameters/cpvolumemountpoint F",
        "add mon mdw mdw1",
        "add rscparam azurepp azurepp1 parameters/probeport 26001",
        "add monparam azureppw azureppw1 relation/name azurepp1",
        "add monparam azurelbw azurelbw1 relation/name azurepp1",
      ]),
    );
    expect(calls.some((c) => /genw|mtw|script1/.test(c))).toBe(false);
    expect(s.form).toMatch(/^\$PushArgs = @\('--push', '-w', '-x', '\.'\)$/m);
    // firewall: probe port + business port; partitions from config
    expect(s.prepare).toMatch(/^\$FwTcp = @\(.*'26001', '8080'\)$/m);
    expect(s.prepare).toContain("$DataDriveLetter = 'G'");
    expect(s.prepare).toContain("$ClusterDriveLetter = 'F'");
    expect(s.prepare).toContain("$Dsr = $false");
  });

  it("ILB DSR: script1 start/stop.bat add/remove the VIP on the loopback; prepare creates it with weak host", () => {
    const s = renderClusterproScripts(ilb(true));
    const calls = renderedCalls(s.form);
    expect(calls).toEqual(
      expect.arrayContaining([
        "add rsc failover1 script script1",
        "add rscparam script script1 parameters/act/path start.bat",
      ]),
    );
    const files = renderedFiles(s.form);
    expect(files.get("scripts/failover1/script1/start.bat")).toContain(
      'netsh interface ipv4 add address "azha-loopback" 10.5.0.200 255.255.255.255',
    );
    expect(files.get("scripts/failover1/script1/stop.bat")).toContain(
      'netsh interface ipv4 delete address "azha-loopback" 10.5.0.200',
    );
    expect(s.prepare).toContain("$Dsr = $true");
    // azure-docs load-balancer-floating-ip.md: loopback receive+send, the NIC receive only
    expect(s.prepare).toContain(
      "Set-NetIPInterface -InterfaceAlias $LoopbackAlias -AddressFamily IPv4 -WeakHostReceive Enabled -WeakHostSend Enabled",
    );
    expect(s.prepare).toContain(
      "Set-NetIPInterface -InterfaceIndex $primary.InterfaceIndex -AddressFamily IPv4 -WeakHostReceive Enabled -WeakHostSend Disabled",
    );
    expect(s.prepare).not.toMatch(/InterfaceIndex[^\n]*-WeakHostSend Enabled/);
    expect(s.prepare).toContain("load-balancer-floating-ip.md");
  });

  it("public LB (5.0): genw1/ipw1/ipw2 final action only → none, mtw1 none + preaction.bat, push without -w", () => {
    const s = renderClusterproScripts(plb());
    const calls = renderedCalls(s.form);
    expect(calls).toEqual(
      expect.arrayContaining([
        "add clsparam cluster/heartbeat/timeout 210000",
        "add monparam genw genw1 parameters/path genw.bat",
        "add monparam genw genw1 polling/interval 60",
        "add monparam genw genw1 emergency/action 1",
        "add monparam ipw ipw1 parameters/list@0/ip 10.5.0.121",
        "add monparam ipw ipw2 parameters/list@0/ip 10.5.0.120",
        "add monparam mtw mtw1 polling/reconfirmation 1",
        "add monparam mtw mtw1 emergency/action 1",
        "add monparam mtw mtw1 emergency/preaction/use 1",
        "add monparam mtw mtw1 emergency/preaction/path preaction.bat",
        "add monparam mtw mtw1 emergency/preaction/timeout 30",
      ]),
    );
    const pre = renderedFiles(s.form).get("scripts/monitor.s/mtw1/preaction.bat")!;
    expect(pre).toMatch(/^clpazure_port_checker -h 127\.0\.0\.1 -p 8080$/m);
    expect(pre).toMatch(/^clpazure_port_checker -h @PUBLIC_IP@ -p 80$/m);
    expect(pre).toMatch(/^clpdown$/m);
    expect(s.form).toMatch(/^\$PushArgs = @\('--push', '-x', '\.'\)$/m);
  });

  it("DNS: azuredns1 with per-node IPs, SP, CLI path; azurednsw1; TTL fix; mtw1 → stop service and shut down OS", () => {
    const s = renderClusterproScripts(dns());
    const calls = renderedCalls(s.form);
    expect(calls).toEqual(
      expect.arrayContaining([
        "add rsc failover1 azuredns azuredns1",
        "add rscparam azuredns azuredns1 server@node-1/parameters/ip 10.5.0.120",
        "add rscparam azuredns azuredns1 server@node-2/parameters/ip 10.5.0.121",
        "add rscparam azuredns azuredns1 parameters/rgname @DNS_RESOURCE_GROUP@",
        "add rscparam azuredns azuredns1 parameters/certfile C:\\ProgramData\\azure-ha-cluster\\clusterpro-sp.pem",
        "add rscparam azuredns azuredns1 parameters/azurecli C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd",
        "add mon azurednsw azurednsw1",
        "add rscdep script ttlfix1 azuredns1",
        "add monparam mtw mtw1 emergency/action 4",
      ]),
    );
    expect(calls.some((c) => /azurepp|preaction|pingnp/.test(c))).toBe(false);
    expect(renderedFiles(s.form).get("scripts/failover1/ttlfix1/start.bat")).toContain(
      "--set ttl=30",
    );
    expect(s.prepare).toContain("$DnsTopology = $true");
    expect(s.prepare).toContain("https://aka.ms/installazurecliwindowsx64");
  });
});
