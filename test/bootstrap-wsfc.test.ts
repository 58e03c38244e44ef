import { record, rawRecords, one, ofType } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { parseComponentArgs } from "../components/core/config";
import type { RecordedResource } from "../cli/mocks";
import {
  KEEP_ALIVE_TIME_MS,
  planWsfcSteps,
  renderWsfcScripts,
  witnessStorageAccountName,
} from "../components/bootstrap/wsfc";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { parsePowerShell } from "./support/powershell";
import { T } from "./support/types";

const JOIN_PASSWORD = "Join-Pa55word-not-in-scripts";
const SECRETS = ["mock-storage-key", "mock-generated-password", JOIN_PASSWORD];

type Topology = "internal-lb" | "public-lb" | "dns";
const COMPONENTS: Record<Topology, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};

/** The seed stack's cluster as component args (a plaintext join password for the domain variant). */
function seedArgs(stack: string) {
  const seed = stackCluster(stack);
  const args = argsOf(seed);
  if (args.software.domain) args.software.domain.joinPassword = JOIN_PASSWORD;
  return { seed, args };
}

async function build(stack: string) {
  const { seed, args } = seedArgs(stack);
  const Component = COMPONENTS[seed.topology as Topology];
  const rs = await record(() => new Component(seed.name, args));
  const runs = ofType(rs, T.run);
  const script = (step: string, node?: string) => {
    const r = runs.find(
      (x) =>
        (x.inputs as any).tags["ha-cluster-step"] === step &&
        (node === undefined || (x.inputs as any).tags["ha-cluster-node"] === node),
    );
    if (!r) throw new Error(`no ${step} step${node ? ` on ${node}` : ""}`);
    return String((r.inputs as any).source.script);
  };
  return { seed, args, rs, runs, script };
}

const step = (r: RecordedResource) => (r.inputs as any).tags["ha-cluster-step"] as string;

describe("WSFC bootstrap: every rendered script parses (tree-sitter-powershell)", () => {
  it.each(["ilb-wsfc", "ilb-wsfc-domain", "plb-wsfc", "dns-wsfc"])("%s", async (stack) => {
    const { runs, seed } = await build(stack);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    for (const r of runs) {
      const text = String((r.inputs as any).source.script);
      expect(text).not.toMatch(/@@PARAMS@@|@@INCLUDE/);
      expect({ step: step(r), errors: await parsePowerShell(text) }).toEqual({
        step: step(r),
        errors: [],
      });
    }
    // The updater a DNS cluster installs is a script of its own, embedded in the installer.
    if (seed.topology === "dns") {
      const c = parseComponentArgs(seed.name, "dns", argsOf(seed));
      const s = renderWsfcScripts(c, {
        dns: { subscriptionId: "sub", zoneResourceGroupName: "rg", identityClientId: "id" },
      });
      expect(await parsePowerShell(s["dns-updater.ps1"])).toEqual([]);
    }
  });
});

describe("WSFC behind the internal LB (seed 000)", () => {
  it("prepare carries firewall ports, probe port exclusion, keep-alive and workgroup settings", async () => {
    const { script } = await build("ilb-wsfc");
    const s = script("prepare", "wsfc-node1");
    expect(s).toContain("$ProbePort = 59999");
    expect(s).toContain(`$KeepAliveTimeMs = ${KEEP_ALIVE_TIME_MS}`);
    expect(s).toContain("$KeepAliveTimeMs = 230000");
    expect(s).toContain("$KeepAliveIntervalMs = 1000");
    expect(s).toContain("HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters");
    expect(s).not.toMatch(/0x38480|Service\\TCPIP/i);
    for (const port of ["'3343'", "'135'", "'445'", "'49152-65535'"])
      expect(s).toContain(`-LocalPort @(${port})`);
    expect(s).toMatch(/-Protocol 'UDP' -LocalPort @\('3343'\)/);
    expect(s).toContain("-Protocol 'ICMPv4'");
    expect(s).toContain("$ClusterNodeIps = @('10.4.0.11', '10.4.0.12')");
    expect(s).toContain("int ipv4 show excludedportrange protocol=tcp");
    expect(s).toContain(
      "int ipv4 add excludedportrange protocol=tcp startport=$ProbePort numberofports=1 store=persistent",
    );
    expect(s).toContain("$Workgroup = $true");
    expect(s).toContain("'LocalAccountTokenFilterPolicy' -Value 1");
    expect(s).toContain("$DnsSuffix = 'ilb-wsfc.local'");
    // prepare never reboots: it records a request for reboot-after-prepare
    expect(s).not.toMatch(/shutdown(\.exe)?\s+\/r|Restart-Computer/);
    expect(s).toMatch(/if \(\$needsReboot\) \{[\s\S]*'after-prepare\.request'/);
    expect(s).toContain(
      "Install-WindowsFeature -Name 'Failover-Clustering' -IncludeManagementTools",
    );
  });

  it("form creates the cluster, witness, heartbeat and the VIP's IP Address resource", async () => {
    const { script, seed } = await build("ilb-wsfc");
    const s = script("form");
    expect(s).toContain("$RoleIpAddress = '10.4.0.101'");
    expect(s).toContain("$ProbePort = 59999");
    expect(s).toContain("$RoleIpSubnetMask = '255.255.255.255'");
    expect(s).toContain("$EnableDhcp = 0");
    expect(s).toContain("$ClusterSubnetAddress = '10.4.0.0'");
    expect(s).toContain("$ClusterSubnetMask = '255.255.255.0'");
    expect(s).toMatch(
      /Get-ClusterNetwork \| Where-Object \{ \$_\.Address -eq \$ClusterSubnetAddress/,
    );
    expect(s).toMatch(/Set-ClusterParameter -Multiple \$want/);
    expect(s).toContain("$SameSubnetDelayMs = 1000");
    expect(s).toContain("$SameSubnetThreshold = 40");
    expect(s).toContain("$CrossSubnetDelayMs = 1000");
    expect(s).toContain("$CrossSubnetThreshold = 40");
    expect(s).toContain("$WitnessKind = 'cloud'");
    expect(s).toContain(
      `$WitnessStorageAccount = '${witnessStorageAccountName({ name: seed.name, resourceGroupName: seed.resourceGroupName })}'`,
    );
    expect(s).toContain(
      "Set-ClusterQuorum -CloudWitness -AccountName $WitnessStorageAccount -AccessKey $key",
    );
    expect(s).toContain("$ManagementPoint = 'Distributed'");
    expect(s).toContain("$StaticAddress = ''");
    expect(s).toContain("$newCluster.AdministrativeAccessPoint = 'DNS'");
    expect(s).toMatch(
      /\$newCluster = @\{ Name = \$ClusterName; Node = \$ClusterNodeNames; NoStorage = \$true/,
    );
    expect(s).toContain("$SharedDiskNames = @('data')");
    expect(s).toContain("$SharedDiskLuns = @(1)");
    expect(s).toContain("$SharedDiskSizesGb = @(256)");
    expect(s).toContain("Start-ClusterGroup -Name $RoleName");
    // the secret is a named script parameter (Windows managed Run Command: script.ps1 -name value)
    expect(s).toMatch(/^param\(\s*\[string\]\$WitnessStorageKey = ''\s*\)/m);
  });

  it("form runs on the first node only, as the shared local admin, with the witness key protected", async () => {
    const { runs, seed } = await build("ilb-wsfc");
    const forms = runs.filter((r) => step(r) === "form");
    expect(forms).toHaveLength(1);
    const f = forms[0].inputs as any;
    expect(f.tags["ha-cluster-node"]).toBe(seed.nodes[0].name);
    expect(f.runAsUser).toBe("clusteradmin");
    expect(f.runAsPassword).toBe("[secret]");
    expect(f.protectedParameters).toEqual([{ name: "WitnessStorageKey", value: "[secret]" }]);
    expect(f.parameters).toBeUndefined();
    for (const r of runs.filter((x) => step(x) !== "form")) {
      expect((r.inputs as any).runAsUser).toBeUndefined();
      expect((r.inputs as any).protectedParameters).toBeUndefined();
    }
    expect(runs.map(step).sort()).toEqual([
      "await-ready",
      "await-ready",
      "form",
      "gate-after-prepare",
      "gate-after-prepare",
      "prepare",
      "prepare",
      "reboot-after-prepare",
      "reboot-after-prepare",
      "scheduled-events",
      "scheduled-events",
    ]);
    expect(runs.map((r) => (r.inputs as any).tags["ha-cluster-order"]).sort()).toEqual([
      "1",
      "1",
      "2",
      "2",
      "3",
      "3",
      "4",
      "4",
      "5",
      "6",
      "6",
    ]);
  });

  it("creates the cloud witness storage account: StorageV2, Standard_LRS, TLS 1.2, https only, no public blobs", async () => {
    const { rs, seed } = await build("ilb-wsfc");
    const sa = one(rs, T.sa).inputs as any;
    expect(sa).toMatchObject({
      accountName: witnessStorageAccountName({
        name: seed.name,
        resourceGroupName: seed.resourceGroupName,
      }),
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      location: "japaneast",
    });
    expect(sa.accountName).toMatch(/^[a-z0-9]{3,24}$/);
    expect(ofType(rs, T.ext)).toHaveLength(0);
  });

  it("no secret value appears in any script, and the raw Run Command inputs keep them secret", async () => {
    for (const stack of ["ilb-wsfc", "ilb-wsfc-domain", "plb-wsfc", "dns-wsfc"]) {
      const { runs } = await build(stack);
      for (const r of runs) {
        const text = String((r.inputs as any).source.script);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
      const raw = rawRecords().filter((r) => r.type === T.run);
      for (const r of raw) {
        // secret values are present only under Pulumi's secret marker (runAsPassword, protectedParameters)
        if ((r.inputs as any).runAsPassword !== undefined) {
          expect(JSON.stringify((r.inputs as any).runAsPassword)).toContain(
            "4dabf18193072939515e22adb298388d",
          );
        }
        expect(JSON.stringify((r.inputs as any).source)).not.toMatch(
          /mock-storage-key|mock-generated-password/,
        );
      }
    }
    // four whole stacks under mocks: slow on a shared machine
  }, 240_000);
});

describe("WSFC chain (pure plan)", () => {
  const c = () => {
    const { seed, args } = seedArgs("ilb-wsfc");
    args.nodes.push({ name: "wsfc-node3", privateIp: "10.4.0.13" });
    return parseComponentArgs(seed.name, "internal-lb", args);
  };

  it("form on the first node waits for every node's await-ready; await-ready waits for its gate; reboots node by node", () => {
    const plan = planWsfcSteps(c());
    const form = plan.filter((p) => p.step === "form");
    expect(form).toHaveLength(1);
    expect(form[0].node).toBe("wsfc-node1");
    expect(form[0].runAs).toBe("cluster-admin");
    expect(form[0].dependsOn).toEqual(
      ["wsfc-node1", "wsfc-node2", "wsfc-node3"].map((node) => ({ node, step: "await-ready" })),
    );
    for (const a of plan.filter((p) => p.step === "await-ready"))
      expect(a.dependsOn).toEqual([{ node: a.node, step: "gate-after-prepare" }]);
    const reboots = plan.filter((p) => p.step === "reboot-after-prepare");
    expect(reboots.map((r) => r.dependsOn)).toEqual([
      [{ node: "wsfc-node1", step: "prepare" }],
      [
        { node: "wsfc-node2", step: "prepare" },
        { node: "wsfc-node1", step: "gate-after-prepare" },
      ],
      [
        { node: "wsfc-node3", step: "prepare" },
        { node: "wsfc-node2", step: "gate-after-prepare" },
      ],
    ]);
    for (const g of plan.filter((p) => p.step === "gate-after-prepare"))
      expect(g.afterWait).toEqual({ node: g.node, step: "reboot-after-prepare" });
    for (const p of plan.filter((x) => x.step === "prepare")) {
      expect(p.dependsOn).toEqual([]);
      expect(p.runAs).toBe("system");
      expect(p.afterDomainJoin).toBe(false);
    }
  });

  it("a domain cluster's prepare waits for the gate after the domain join; a DNS cluster installs the updater after form", () => {
    const { seed, args } = seedArgs("ilb-wsfc-domain");
    const plan = planWsfcSteps(parseComponentArgs(seed.name, "internal-lb", args));
    const gates = plan.filter((p) => p.step === "gate-after-join");
    expect(gates.map((g) => g.node)).toEqual(["wsfc-node1", "wsfc-node2"]);
    expect(gates.every((g) => g.afterDomainJoin)).toBe(true);
    for (const p of plan.filter((x) => x.step === "prepare"))
      expect(p.dependsOn).toEqual([{ node: p.node, step: "gate-after-join" }]);
    const dns = seedArgs("dns-wsfc");
    const dplan = planWsfcSteps(parseComponentArgs(dns.seed.name, "dns", dns.args));
    const updaters = dplan.filter((p) => p.step === "dns-updater");
    expect(updaters.map((p) => p.node)).toEqual(["wsfc-node1", "wsfc-node2"]);
    for (const u of updaters) expect(u.dependsOn).toEqual([{ node: "wsfc-node1", step: "form" }]);
    expect(planWsfcSteps(c()).some((p) => p.step === "dns-updater")).toBe(false);
  });

  it.each([
    ["ilb-wsfc", "wsfc-rg"],
    ["a", "rg"],
    ["Very-Long_Cluster.Name-With-Symbols-0123456789", "rg"],
    ["---", "rg"],
  ])("witness account name of %s is a valid, stable storage name", (name, rg) => {
    const n = witnessStorageAccountName({ name, resourceGroupName: rg });
    expect(n).toMatch(/^[a-z0-9]{3,24}$/);
    expect(witnessStorageAccountName({ name, resourceGroupName: rg })).toBe(n);
    expect(witnessStorageAccountName({ name, resourceGroupName: `${rg}-other` })).not.toBe(n);
  });
});

describe("WSFC domain variant", () => {
  it("joins through JsonADDomainExtension (password protected) and forms as the domain admin", async () => {
    const { rs, runs, script } = await build("ilb-wsfc-domain");
    const exts = ofType(rs, T.ext);
    expect(exts.map((e) => e.name).sort()).toEqual([
      "ilb-wsfc-domain-wsfc-node1-domain-join",
      "ilb-wsfc-domain-wsfc-node2-domain-join",
    ]);
    for (const e of exts) {
      expect(e.inputs).toMatchObject({
        publisher: "Microsoft.Compute",
        type: "JsonADDomainExtension",
        settings: {
          Name: "corp.example.com",
          User: "corp.example.com\\clusterjoin",
          OUPath: "OU=Clusters,DC=corp,DC=example,DC=com",
          Restart: "true",
        },
        protectedSettings: "[secret]",
      });
    }
    const form = runs.find((r) => step(r) === "form")!.inputs as any;
    expect(form.runAsUser).toBe("corp.example.com\\clusterjoin");
    expect(form.runAsPassword).toBe("[secret]");
    const prepare = script("prepare", "wsfc-node1");
    expect(prepare).toContain("$Workgroup = $false");
    expect(prepare).toContain("$DomainName = 'corp.example.com'");
    expect(script("form")).toContain("$ClusterName = 'wsfc-cl1'");
  });
});

describe("WSFC behind the public LB (Microsoft's external pattern)", () => {
  it("the role's IP Address resource carries the public frontend IP with the probe port and a /32 mask", async () => {
    const { script, seed } = await build("plb-wsfc");
    const s = script("form");
    expect(s).toContain("$RoleIpAddress = '203.0.113.10'"); // the mocked public IP
    expect(s).toContain(`$ProbePort = ${(seed as any).publicLb.probePort}`);
    expect(s).toContain("$RoleIpSubnetMask = '255.255.255.255'");
    expect(s).toContain("$EnableDhcp = 0");
  });
});

describe("WSFC with DNS name switching", () => {
  it("no IP resource or probe; the updater writes the A record and TTL with the identity, from IMDS", async () => {
    const { script, runs } = await build("dns-wsfc");
    const form = script("form");
    expect(form).toContain("$RoleIpAddress = ''");
    expect(form).toContain("$ProbePort = 0");
    expect(script("prepare", "wsfc-node1")).toContain("$ProbePort = 0");
    const installers = runs.filter((r) => step(r) === "dns-updater");
    expect(installers.map((r) => (r.inputs as any).tags["ha-cluster-node"]).sort()).toEqual([
      "wsfc-node1",
      "wsfc-node2",
    ]);
    const inst = script("dns-updater", "wsfc-node2");
    expect(inst).toContain("EventID=1201");
    expect(inst).toContain("Register-ScheduledTask -TaskName $TaskName -Xml $taskXml");
    expect(inst).toContain("$ReconcileMinutes = 5");
    // the embedded updater, with its rendered values
    expect(inst).toContain("$RecordName = ''app''");
    expect(inst).toContain("$ZoneName = ''cluster1.internal''");
    expect(inst).toContain("$TtlSec = 30");
    expect(inst).toContain("$PrivateZone = $true");
    expect(inst).toContain("privateDnsZones/$ZoneName/A/$RecordName");
    expect(inst).toContain("http://169.254.169.254/metadata/identity/oauth2/token");
    expect(inst).toMatch(/\$IdentityClientId = ''[^']+-client-id''/);
    expect(inst).not.toMatch(/Install-Module|Az\.Accounts|Install-PackageProvider/);
  });

  it("a public zone goes to Microsoft.Network/dnsZones", () => {
    const { seed, args } = seedArgs("dns-wsfc");
    args.dns.private = false;
    const c = parseComponentArgs(seed.name, "dns", args);
    const s = renderWsfcScripts(c, {
      dns: {
        subscriptionId: "sub-1",
        zoneResourceGroupName: "zone-rg",
        identityClientId: "client-1",
      },
    });
    const u = s["dns-updater.ps1"];
    expect(u).toContain("$PrivateZone = $false");
    expect(u).toContain("dnsZones/$ZoneName/A/$RecordName");
    expect(u).toContain("$SubscriptionId = 'sub-1'");
    expect(u).toContain("$ZoneResourceGroup = 'zone-rg'");
    expect(u).toContain("$IdentityClientId = 'client-1'");
    expect(u).toContain("TTL = $TtlSec");
  });
});

describe("WSFC scripts: every change is guarded by a check (idempotence by structure)", () => {
  const { seed, args } = seedArgs("dns-wsfc");
  const dnsScripts = renderWsfcScripts(parseComponentArgs(seed.name, "dns", args), {
    dns: { subscriptionId: "s", zoneResourceGroupName: "r", identityClientId: "i" },
  });
  const ilb = seedArgs("ilb-wsfc");
  const ilbScripts = renderWsfcScripts(
    parseComponentArgs(ilb.seed.name, "internal-lb", ilb.args),
    {},
  );
  const scripts: Record<string, string> = {
    prepare: ilbScripts["prepare/wsfc-node1"],
    form: ilbScripts["form/wsfc-node1"],
    installer: dnsScripts["dns-updater/wsfc-node1"],
    updater: dnsScripts["dns-updater.ps1"],
  };

  it.each([
    [
      "prepare",
      /InstallState -eq 'Installed'/,
      /Install-WindowsFeature -Name 'Failover-Clustering'/,
    ],
    ["prepare", /Get-NetFirewallRule -Name \$Name/, /New-NetFirewallRule @create/],
    ["prepare", /show excludedportrange/, /add excludedportrange/],
    ["prepare", /\$current = Get-HaRegistryValue/, /New-ItemProperty -LiteralPath \$Path/],
    ["prepare", /if \(\$hosts -contains \$entry\)/, /Add-Content -LiteralPath \$hostsFile/],
    ["form", /if \(\$null -eq \$cluster\) \{/, /New-Cluster @newCluster/],
    ["form", /if \("\$\(\$disk\.PartitionStyle\)" -eq 'RAW'\)/, /Initialize-Disk -Number/],
    ["form", /\$account -eq \$WitnessStorageAccount/, /Set-ClusterQuorum -CloudWitness/],
    ["form", /if \(\[uint32\]\$cluster\.\$property -eq \$want\)/, /\$cluster\.\$property = \$want/],
    ["form", /if \(\$null -eq \$group\) \{/, /Add-ClusterGroup -Name \$RoleName/],
    ["form", /if \(\$null -eq \$ip\) \{/, /Add-ClusterResource -Name \$IpResourceName/],
    ["form", /if \(\$differs\.Count -eq 0\)/, /Set-ClusterParameter -Multiple \$want/],
    ["form", /if \("\$\(\$group\.State\)" -ne 'Online'\)/, /Start-ClusterGroup -Name \$RoleName/],
    ["installer", /if \(\$existing -ceq \$UpdaterScript\)/, /WriteAllText\(\$updaterPath/],
    ["installer", /\$registeredHash -eq \$hash/, /Register-ScheduledTask/],
    ["installer", /if \(\$acl\.AreAccessRulesProtected\)/, /icacls\.exe/],
    [
      "updater",
      /\$haveTtl -eq "\$TtlSec" -and \$haveIps -eq \$address/,
      /Invoke-RestMethod -Method Put/,
    ],
    ["updater", /\$owner -ine \$env:COMPUTERNAME/, /Invoke-RestMethod -Method Put/],
  ])("%s: %s guards %s", (name, check, change) => {
    const s = scripts[name];
    const c = s.search(check);
    const m = s.search(change);
    expect(c).toBeGreaterThanOrEqual(0);
    expect(m).toBeGreaterThan(c);
  });

  it.each(Object.keys(scripts))(
    "%s: strict mode, stop on error, log file, non-zero exit on failure",
    (name) => {
      const s = scripts[name];
      expect(s).toContain("Set-StrictMode -Version Latest");
      expect(s).toContain("$ErrorActionPreference = 'Stop'");
      expect(s).toContain("Join-Path $env:ProgramData 'azure-ha-cluster'");
      expect(s).toMatch(/function Stop-HaStep[\s\S]*exit 1/);
      expect(s).toMatch(/trap \{\s*Stop-HaStep/);
    },
  );

  it("await-ready's waits are bounded", () => {
    const s = ilbScripts["await-ready/wsfc-node1"];
    expect(s).not.toContain("RebootWaitSec");
    expect(s).toContain("$TimeoutSec = 900");
    expect(s).toMatch(/timed out after \$TimeoutSec s waiting for/);
    expect(s.match(/Wait-HaCondition -What/g)!.length).toBeGreaterThanOrEqual(3);
    expect(s).not.toMatch(/waiting for the planned reboot|Condition \{ \$false \}/);
  });
});
