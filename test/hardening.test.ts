/**
 * Issue 22: the adversarial configs as one table (expected field path and message each), the
 * planner's exits for hostile files (exit 2, the field named, no stack trace, no secret echoed),
 * the quoting functions, the list maxima against the 256 KB Run Command budget, and the heap.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { clusterCount, heapDecision, neededHeapMiB } from "../cli/heap";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { batQuotable, snippet } from "../components/bootstrap/clusterpro/params";
import { MAX_SCRIPT_BYTES, psQuote, shQuote } from "../components/bootstrap/render";
import { renderWsfcScripts } from "../components/bootstrap/wsfc";
import { parseClusters } from "../components/core/config";
import { LIST_MAX, MAX_CLUSTERS } from "../components/core/limits";
import { clusterTags } from "../components/core/naming";
import { problemsOf, stackCluster } from "./fixtures/clusters";
import { ensureBuilt, runPlan, writeStackFile } from "./support/cli";

type Mutator = (c: any) => void;
const seed = (s: string) => () => stackCluster(s) as any;
const range = (n: number, f: (i: number) => any) => Array.from({ length: n }, (_, i) => f(i));
const AZ_X86 = "C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd";

// [case, base, mutation, expected path, expected message]
const CASES: [string, () => any, Mutator, string, RegExp][] = [
  // 1–3: free text by what it is
  [
    "endpoint with a shell break-out",
    seed("dns-linux"),
    (c) => (c.software.networkPartition = { endpoint: "x'$(touch /tmp/p)'" }),
    "clusters[0].software.networkPartition.endpoint",
    /expected a host name/,
  ],
  [
    "endpoint with a newline",
    seed("dns-linux"),
    (c) => (c.software.networkPartition = { endpoint: "management.azure.com\nreboot" }),
    "clusters[0].software.networkPartition.endpoint",
    /expected a host name/,
  ],
  [
    "endpoint with a .bat command separator",
    seed("dns-windows"),
    (c) => (c.software.networkPartition = { endpoint: "management.azure.com & calc.exe" }),
    "clusters[0].software.networkPartition.endpoint",
    /expected a host name/,
  ],
  [
    "azureCliPath with a shell break-out",
    seed("dns-linux"),
    (c) => (c.software.azureCliPath = "/bin/true'; touch /tmp/p; '"),
    "clusters[0].software.azureCliPath",
    /absolute path of letters, digits/,
  ],
  [
    "azureCliPath with a typographic quote (PowerShell)",
    seed("dns-windows"),
    (c) => (c.software.azureCliPath = "C:\\az\u2019; calc; \u2019"),
    "clusters[0].software.azureCliPath",
    /absolute path .*no quotes, %/,
  ],
  [
    "azureCliPath with % (.bat expansion)",
    seed("dns-windows"),
    (c) => (c.software.azureCliPath = "C:\\%PATH%\\az.cmd"),
    "clusters[0].software.azureCliPath",
    /absolute path/,
  ],
  [
    "Linux azureCliPath on Windows",
    seed("dns-windows"),
    (c) => (c.software.azureCliPath = "/usr/bin/az"),
    "clusters[0].software.azureCliPath",
    /\(windows\)/,
  ],
  [
    "dnsSuffix carrying a hosts-file line",
    seed("dns-wsfc"),
    (c) => (c.software.dnsSuffix = "corp.local\r\n10.9.9.9 login.microsoftonline.com"),
    "clusters[0].software.dnsSuffix",
    /DNS suffix of two or more labels/,
  ],
  [
    "roleName with a quote",
    seed("ilb-wsfc"),
    (c) => (c.software.roleName = "sql'; Stop-Computer; '"),
    "clusters[0].software.roleName",
    /1–63 letters, digits/,
  ],
  [
    "joinUser with a quote",
    seed("ilb-wsfc-domain"),
    (c) => (c.software.domain.joinUser = "admin\u2018x"),
    "clusters[0].software.domain.joinUser",
    /DOMAIN\\user/,
  ],
  [
    "ouPath with a quote",
    seed("ilb-wsfc-domain"),
    (c) => (c.software.domain.ouPath = "OU=x',DC=corp"),
    "clusters[0].software.domain.ouPath",
    /distinguished name/,
  ],
  [
    "CLUSTERPRO cluster name with a TAB",
    seed("ilb-linux"),
    (c) => (c.software.clusterName = "clus\tter"),
    "clusters[0].software.clusterName",
    /1–31 letters/,
  ],
  [
    "mirror mount point with a newline",
    seed("ilb-linux"),
    (c) => (c.software.mirrorDisk = { mountPoint: "/mnt/md\n/etc" }),
    "clusters[0].software.mirrorDisk.mountPoint",
    /absolute path/,
  ],
  [
    "azureCliPath with a TAB",
    seed("dns-linux"),
    (c) => (c.software.azureCliPath = "/usr/bin/\taz"),
    "clusters[0].software.azureCliPath",
    /absolute path/,
  ],
  [
    "CLUSTERPRO cluster name with a newline (Windows)",
    seed("dns-windows"),
    (c) => (c.software.clusterName = "clus\nter"),
    "clusters[0].software.clusterName",
    /1–31 letters/,
  ],
  [
    "WSFC cluster name with a newline",
    seed("ilb-wsfc"),
    (c) => (c.software.clusterName = "clus\nter"),
    "clusters[0].software.clusterName",
    /NetBIOS name/,
  ],
  [
    "mirror mount point with a TAB",
    seed("ilb-linux"),
    (c) => (c.software.mirrorDisk = { mountPoint: "/mnt/\tmd" }),
    "clusters[0].software.mirrorDisk.mountPoint",
    /absolute path/,
  ],
  [
    "azureCliPath with a newline (Windows)",
    seed("dns-windows"),
    (c) => (c.software.azureCliPath = "C:\\az\n.cmd"),
    "clusters[0].software.azureCliPath",
    /absolute path .*\(windows\)/,
  ],
  [
    "version with a trailing newline",
    seed("ilb-linux"),
    (c) => (c.software.version = "5.0\n"),
    "clusters[0].software.version",
    /expected a version/,
  ],
  // 4: management ports
  [
    "public LB rule on SSH from the default Internet source",
    seed("plb-linux"),
    (c) => c.publicLb.rules.push({ frontendPort: 22, backendPort: 22 }),
    "clusters[0].publicLb.rules[1]",
    /opens SSH \(port 22\) to Internet .*Azure Bastion, a jump host/,
  ],
  [
    "public LB rule onto RDP from 0.0.0.0/0",
    seed("plb-windows"),
    (c) => {
      c.publicLb.clientSources = ["0.0.0.0/0"];
      c.publicLb.rules.push({ frontendPort: 50000, backendPort: 3389 });
    },
    "clusters[0].publicLb.rules[1]",
    /opens RDP \(port 3389\) to 0\.0\.0\.0\/0/,
  ],
  [
    "DNS client port WinRM from *",
    seed("dns-linux"),
    (c) => {
      c.dns.clientPorts = [8080, 5986];
      c.dns.clientSources = ["*"];
    },
    "clusters[0].dns.clientPorts[1]",
    /opens WinRM over HTTPS \(port 5986\) to \*/,
  ],
  [
    "public LB rule on WinRM from *",
    seed("plb-windows"),
    (c) => {
      c.publicLb.clientSources = ["*"];
      c.publicLb.rules.push({ frontendPort: 5985, backendPort: 5985 });
    },
    "clusters[0].publicLb.rules[1]",
    /opens WinRM \(port 5985\) to \*/,
  ],
  [
    "DNS client port RDP from the Internet service tag",
    seed("dns-windows"),
    (c) => {
      c.dns.clientPorts = [3389];
      c.dns.clientSources = ["Internet"];
    },
    "clusters[0].dns.clientPorts[0]",
    /opens RDP \(port 3389\) to Internet .*Azure Bastion/,
  ],
  // 6: sizes
  [
    "20,000 ping targets",
    seed("ilb-linux"),
    (c) =>
      (c.software.networkPartition.pingTargets = range(
        20000,
        (i) => `10.${(i >> 8) & 255}.${i & 255}.5`,
      )),
    "clusters[0].software.networkPartition.pingTargets",
    /at most 16/,
  ],
  [
    "59,000 client ports",
    seed("dns-linux"),
    (c) => (c.dns.clientPorts = range(59000, (i) => 1024 + i)),
    "clusters[0].dns.clientPorts",
    /at most 100/,
  ],
  [
    "20,000 ping targets: over the Run Command budget, the field named",
    seed("ilb-linux"),
    (c) =>
      (c.software.networkPartition.pingTargets = range(
        20000,
        (i) => `10.${(i >> 8) & 255}.${i & 255}.5`,
      )),
    "clusters[0].software.networkPartition.pingTargets",
    /makes the CLUSTERPRO form \(clpcfset\) script about \d+ KB: over the 256 KB budget/,
  ],
  [
    "59,000 client ports: over the Run Command budget, the field named",
    seed("dns-linux"),
    (c) => (c.dns.clientPorts = range(59000, (i) => 1024 + i)),
    "clusters[0].dns.clientPorts",
    /makes the CLUSTERPRO prepare script about \d+ KB: over the 256 KB budget/,
  ],
  [
    "101 LB rules",
    seed("ilb-linux"),
    (c) =>
      (c.internalLb.rules = range(101, (i) => ({ frontendPort: 1000 + i, backendPort: 1000 + i }))),
    "clusters[0].internalLb.rules",
    /at most 100/,
  ],
  // 7: platform and product limits
  [
    "65 WSFC nodes",
    seed("ilb-wsfc"),
    (c) => {
      c.network.subnetPrefix = "10.4.0.0/24";
      c.nodes = range(65, (i) => ({ name: `n${i}`, privateIp: `10.4.0.${20 + i}` }));
      c.sharedDisks = undefined;
    },
    "clusters[0].nodes",
    /at most 64.*64 nodes per cluster/,
  ],
  [
    "3 CLUSTERPRO nodes with a mirror disk",
    seed("ilb-linux"),
    (c) => c.nodes.push({ name: "node3", privateIp: "10.5.0.112" }),
    "clusters[0].nodes",
    /exactly 2 .*hybrid disk/,
  ],
  [
    "heartbeat interval ≥ timeout",
    seed("ilb-linux"),
    (c) => (c.software.heartbeat = { timeoutSec: 30, intervalSec: 30 }),
    "clusters[0].software.heartbeat.intervalSec",
    /must be shorter than heartbeat\.timeoutSec/,
  ],
  [
    "zones in a region without zones",
    seed("ilb-linux"),
    (c) => {
      c.location = "westus";
      c.placement = { zones: ["1", "2"] };
    },
    "clusters[0].placement.zones",
    /region westus has no availability zones.*Azure regions with availability zone support/,
  ],
  [
    "Linux admin named root",
    seed("ilb-linux"),
    (c) => (c.vm.adminUsername = "root"),
    "clusters[0].vm.adminUsername",
    /Azure refuses this admin name.*OSProfile\.adminUsername/,
  ],
  [
    "Linux admin of 65 characters",
    seed("ilb-linux"),
    (c) => (c.vm.adminUsername = "a".repeat(65)),
    "clusters[0].vm.adminUsername",
    /1–64 letters.*\(linux;/,
  ],
  [
    "Windows admin of 21 characters",
    seed("ilb-windows"),
    (c) => (c.vm.adminUsername = "a".repeat(21)),
    "clusters[0].vm.adminUsername",
    /1–20 letters.*\(windows;/,
  ],
  [
    "location with a space",
    seed("ilb-linux"),
    (c) => (c.location = "japan east"),
    "clusters[0].location",
    /region name such as japaneast/,
  ],
  [
    "VM size with a quote",
    seed("ilb-linux"),
    (c) => (c.vm.size = "Standard_D2s_v5'"),
    "clusters[0].vm.size",
    /Standard_…/,
  ],
  [
    "VNet name starting with a hyphen",
    seed("ilb-linux"),
    (c) => (c.network.vnetName = "-vnet"),
    "clusters[0].network.vnetName",
    /2–64 letters.*Naming rules and restrictions/,
  ],
  [
    "subnet name of 81 characters",
    seed("ilb-linux"),
    (c) => (c.network.subnetName = "s".repeat(81)),
    "clusters[0].network.subnetName",
    /1–80 letters/,
  ],
  [
    "malformed subnetId",
    seed("ilb-linux"),
    (c) => (c.network = { subnetId: "/subscriptions/x/subnets/y", subnetPrefix: "10.5.0.0/24" }),
    "clusters[0].network.subnetId",
    /\/virtualNetworks\/<vnet>\/subnets\/<subnet>/,
  ],
  [
    "41 user tags",
    seed("ilb-linux"),
    (c) => (c.tags = Object.fromEntries(range(41, (i) => [`t${i}`, "x"]))),
    "clusters[0].tags",
    /at most 40: Azure allows 50 per resource/,
  ],
  [
    "tag name with <",
    seed("ilb-linux"),
    (c) => (c.tags = { "a<b": "x" }),
    "clusters[0].tags.a<b",
    /without < > % &/,
  ],
  [
    "tag name of 129 characters on a cloud-witness cluster (storage account)",
    seed("ilb-wsfc"),
    (c) => (c.tags = { ["k".repeat(129)]: "x" }),
    `clusters[0].tags.${"k".repeat(129)}`,
    /1–128 characters \(the cloud witness is a storage account/,
  ],
  [
    "tag value of 257 characters",
    seed("ilb-linux"),
    (c) => (c.tags = { owner: "v".repeat(257) }),
    "clusters[0].tags.owner",
    /at most 256 characters/,
  ],
  [
    "CLUSTERPRO cluster name starting with a digit",
    seed("ilb-linux"),
    (c) => (c.software.clusterName = "1cluster"),
    "clusters[0].software.clusterName",
    /starting with a letter/,
  ],
  [
    "dns.updater with software none",
    seed("dns-linux"),
    (c) => {
      c.software = { kind: "none" };
      delete c.dataDisk;
    },
    "clusters[0].dns.updater",
    /with software none nothing uses it/,
  ],
  [
    "dns.updater with WSFC (a managed identity)",
    seed("dns-wsfc"),
    (c) =>
      (c.dns.updater = {
        tenantId: "11111111-2222-3333-4444-555555555555",
        appId: "66666666-7777-8888-9999-000000000000",
        objectId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        certificatePem: { secure: "v1:x" },
      }),
    "clusters[0].dns.updater",
    /managed identity attached to the nodes; remove dns\.updater/,
  ],
  [
    "tag name of 513 characters",
    seed("ilb-linux"),
    (c) => (c.tags = { ["k".repeat(513)]: "x" }),
    `clusters[0].tags.${"k".repeat(513)}`,
    /1–512 characters without </,
  ],
  [
    "Windows admin named Administrator",
    seed("ilb-windows"),
    (c) => (c.vm.adminUsername = "Administrator"),
    "clusters[0].vm.adminUsername",
    /Azure refuses this admin name/,
  ],
  // 8: reserved tags
  [
    "user tag overwriting ha-cluster",
    seed("ilb-linux"),
    (c) => (c.tags = { "ha-cluster": "phantom" }),
    "clusters[0].tags.ha-cluster",
    /ha-cluster\* tag keys are reserved/,
  ],
  [
    "user tag overwriting ha-cluster-timing (any case)",
    seed("ilb-linux"),
    (c) => (c.tags = { "HA-Cluster-Timing": "sw=none" }),
    "clusters[0].tags.HA-Cluster-Timing",
    /reserved/,
  ],
  [
    "user tag overwriting ha-cluster-net",
    seed("ilb-linux"),
    (c) => (c.tags = { "ha-cluster-net": "10.0.0.0/8" }),
    "clusters[0].tags.ha-cluster-net",
    /ha-cluster\* tag keys are reserved/,
  ],
];

describe("adversarial configs: each refused with its field path and the rule", () => {
  it.each(CASES)("%s", (_name, base, mutate, wantPath, wantMessage) => {
    const c = base();
    mutate(c);
    const problems = problemsOf([c]);
    // a path may carry several problems (a list's maximum and the script budget)
    const atPath = problems.filter((p) => p.path === wantPath);
    expect({ paths: problems.map((p) => p.path), hit: atPath.length > 0 }).toEqual({
      paths: expect.arrayContaining([wantPath]),
      hit: true,
    });
    expect(atPath.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(wantMessage)]),
    );
  });

  it.each([
    [
      "seed 004's Azure CLI path",
      seed("dns-windows"),
      (c: any) => (c.software.azureCliPath = AZ_X86),
    ],
    [
      "RDP on the public LB from a narrow source prefix",
      seed("plb-windows"),
      (c: any) => {
        c.publicLb.clientSources = ["203.0.113.0/24"];
        c.publicLb.rules.push({ frontendPort: 3389, backendPort: 3389 });
      },
    ],
    [
      "a 64-character Linux admin",
      seed("ilb-linux"),
      (c: any) => (c.vm.adminUsername = "a".repeat(64)),
    ],
    [
      "40 user tags",
      seed("ilb-linux"),
      (c: any) => (c.tags = Object.fromEntries(range(40, (i) => [`t${i}`, "x"]))),
    ],
    [
      "a domain join user DOMAIN\\user",
      seed("ilb-wsfc-domain"),
      (c: any) => (c.software.domain.joinUser = "CORP\\joiner"),
    ],
  ] as [string, () => any, Mutator][])("accepts %s", (_n, base, mutate) => {
    const c = base();
    mutate(c);
    expect(problemsOf([c])).toEqual([]);
  });

  it("refuses a heartbeat interval not shorter than the default timeout", () => {
    const c = stackCluster("ilb-linux") as any;
    c.software.heartbeat = { intervalSec: 99 }; // default timeout of ping NP on Linux: 90 s? any default ≤ 99 s
    const resolvedTimeout = (() => {
      const d = stackCluster("ilb-linux") as any;
      const r = parseClusters([d], { source: "stack" })[0];
      return r.software.kind === "clusterpro" ? r.software.heartbeat.timeoutSec : 0;
    })();
    const problems = problemsOf([c]);
    if (resolvedTimeout <= 99) {
      expect(problems.map((p) => p.path)).toContain("clusters[0].software.heartbeat.intervalSec");
      expect(problems[0].message).toMatch(/the default/);
    } else {
      expect(problems).toEqual([]);
      c.software.heartbeat = { intervalSec: 99, timeoutSec: 99 };
      expect(problemsOf([c]).map((p) => p.path)).toContain(
        "clusters[0].software.heartbeat.intervalSec",
      );
    }
  });
});

describe("collisions between the clusters of one file", () => {
  const two = () => {
    const a = stackCluster("ilb-linux") as any;
    const b = stackCluster("plb-linux") as any; // same group TestGroup1, VNet Vnet1, nodes node1/node2
    return [a, b];
  };
  it("a resource group created by two clusters", () => {
    const [a, b] = two();
    b.network.vnetName = "Vnet2";
    b.nodes = [
      { name: "node3", privateIp: "10.5.0.110" },
      { name: "node4", privateIp: "10.5.0.111" },
    ];
    const p = problemsOf([a, b]);
    expect(p.map((x) => x.path)).toEqual(["clusters[1].resourceGroupName"]);
    expect(p[0].message).toMatch(
      /already claimed by clusters\[0\]\.resourceGroupName; .*createResourceGroup: false/,
    );
  });
  it("same VM (node) names and VNet name in one group", () => {
    const [a, b] = two();
    b.createResourceGroup = false;
    const p = problemsOf([a, b]).map((x) => x.path);
    expect(p).toEqual([
      "clusters[1].nodes[0].name",
      "clusters[1].nodes[1].name",
      "clusters[1].network.vnetName",
    ]);
  });
  it("names compare without case (Azure names are case-insensitive)", () => {
    const [a, b] = two();
    b.createResourceGroup = false;
    b.resourceGroupName = "testgroup1";
    b.network.vnetName = "VNET1";
    b.nodes = [
      { name: "NODE1", privateIp: "10.5.0.110" },
      { name: "node4", privateIp: "10.5.0.111" },
    ];
    b.software.kind = "clusterpro";
    expect(problemsOf([a, b]).map((x) => x.path)).toEqual(
      expect.arrayContaining(["clusters[1].nodes[0].name", "clusters[1].network.vnetName"]),
    );
  });
  it("accepts the same names in different groups", () => {
    const [a, b] = two();
    b.resourceGroupName = "OtherGroup";
    expect(problemsOf([a, b])).toEqual([]);
  });
  it("a DNS zone created twice in one group", () => {
    const a = stackCluster("dns-linux") as any;
    const b = stackCluster("dns-linux") as any;
    b.name = "dns-linux-b";
    b.createResourceGroup = false;
    b.network.vnetName = "Vnet2";
    b.nodes = [
      { name: "node3", privateIp: "10.5.0.110" },
      { name: "node4", privateIp: "10.5.0.111" },
    ];
    expect(problemsOf([a, b]).map((x) => x.path)).toEqual(["clusters[1].dns.zoneName"]);
    b.dns.existingZone = { resourceGroupName: "TestGroup1" };
    expect(problemsOf([a, b])).toEqual([]);
  });
  it(`more than ${MAX_CLUSTERS} clusters`, () => {
    const many = range(MAX_CLUSTERS + 1, (i) => ({ name: `c${i}` }));
    const p = problemsOf(many);
    expect(p.find((x) => x.path === "clusters")?.message).toMatch(/at most 100 clusters per stack/);
  });
});

describe("reserved tags", () => {
  it("the component's ha-cluster* tags cannot be overwritten by user tags", () => {
    const c = parseClusters([stackCluster("ilb-linux")], { source: "stack" })[0];
    const tags = clusterTags({ ...c, tags: { owner: "me" } });
    expect(tags["ha-cluster"]).toBe("ilb-linux");
    expect(tags.owner).toBe("me");
  });
});

describe("quoting functions", () => {
  it("psQuote doubles ' and each of U+2018–U+201B by itself, as EscapeSingleQuotedStringContent", () => {
    // reference: pwsh [CodeGeneration]::EscapeSingleQuotedStringContent("x'‘’‚‛“y") gives
    // 0078 0027 0027 2018 2018 2019 2019 201A 201A 201B 201B 201C 0079 (run during development)
    expect(psQuote("x'\u2018\u2019\u201A\u201B\u201Cy")).toBe(
      "'x''\u2018\u2018\u2019\u2019\u201A\u201A\u201B\u201B\u201Cy'",
    );
  });
  it("shQuote closes, escapes and reopens for '", () => {
    expect(shQuote("a'b")).toBe("'a'\\''b'");
  });
  it(".bat allow-list refuses \" % ^ & | < > ! and line breaks, accepts seed 004's CLI path", () => {
    for (const bad of [
      'a"b',
      "a%b",
      "a^b",
      "a&b",
      "a|b",
      "a<b",
      "a>b",
      "a!b",
      "a\nb",
      "a\rb",
      "a\u2019b",
    ])
      expect(() => batQuotable(bad)).toThrow(/cannot quote/);
    expect(batQuotable(AZ_X86)).toBe(AZ_X86);
  });
  it("ttl-fix.bat takes seed 004's path inside double quotes (parentheses safe)", () => {
    const text = snippet("windows/ttl-fix.bat", {
      AZ: AZ_X86,
      TENANT: "t",
      APP_ID: "a",
      PEM: "C:\\ProgramData\\azure-ha-cluster\\sp.pem",
      RG: "@DNS_RESOURCE_GROUP@",
      ZONE: "cluster1.zone",
      RECORD: "test-record1",
      TTL: 30,
    });
    expect(text).toContain(`call "${AZ_X86}" login`);
    expect(text).toContain('-g "@DNS_RESOURCE_GROUP@" -z "cluster1.zone" -n "test-record1"');
    // no parenthesised block holds the path: every ( of the path is inside quotes
    for (const line of text.split("\n").filter((l) => l.includes("(x86)")))
      expect(line.slice(0, line.indexOf("(x86)")).split('"').length % 2).toBe(0);
  });
  it("a .sh snippet quotes ' and a .bat snippet refuses what it cannot quote", () => {
    const sh = snippet("linux/genw.sh", { CLP_BIN: "/opt/x", ENDPOINT: "a'b", PORT: 443 });
    expect(sh).toContain("-h 'a'\\''b' -p '443'");
    expect(() =>
      snippet("windows/genw.bat", { CLP_BIN: "C:\\x", ENDPOINT: "a & calc", PORT: 443 }),
    ).toThrow(/cannot quote/);
  });
});

describe("list maxima keep every script under the 256 KB Run Command budget", () => {
  const sizes = (scripts: Record<string, string>) =>
    Object.entries(scripts).map(([k, v]) => [k, Buffer.byteLength(v, "utf8")] as const);
  it("CLUSTERPRO internal LB at 16 ping targets and 100 rules", () => {
    const c = stackCluster("ilb-linux") as any;
    c.software.networkPartition.pingTargets = range(LIST_MAX.pingTargets, (i) => `10.5.0.${5 + i}`);
    c.internalLb.rules = range(LIST_MAX.lbRules, (i) => ({
      frontendPort: 1000 + i,
      backendPort: 1000 + i,
    }));
    c.internalLb.clientSources = range(LIST_MAX.clientSources, (i) => `10.${i}.0.0/16`);
    const r = parseClusters([c], { source: "stack" })[0];
    const s = renderClusterproScripts(r);
    for (const [k, n] of sizes({ prepare: s.prepare, form: s.form, license: s.license }))
      expect({ k, over: n > MAX_SCRIPT_BYTES }).toEqual({ k, over: false });
  });
  it("CLUSTERPRO DNS (Windows) at 100 client ports", () => {
    const c = stackCluster("dns-windows") as any;
    c.dns.clientPorts = range(LIST_MAX.clientPorts, (i) => 8000 + i);
    c.dns.clientSources = range(LIST_MAX.clientSources, (i) => `10.${i}.0.0/16`);
    const s = renderClusterproScripts(parseClusters([c], { source: "stack" })[0]);
    for (const [k, n] of sizes({ prepare: s.prepare, form: s.form }))
      expect({ k, over: n > MAX_SCRIPT_BYTES }).toEqual({ k, over: false });
  });
  it("WSFC at 64 nodes, and at 32 shared disks", () => {
    const big = stackCluster("ilb-wsfc") as any;
    big.nodes = range(LIST_MAX.nodes, (i) => ({
      name: `wsfc-node${i}`,
      privateIp: `10.4.0.${20 + i}`,
    }));
    big.sharedDisks = undefined;
    const disks = stackCluster("ilb-wsfc") as any;
    disks.sharedDisks = range(LIST_MAX.sharedDisks, (i) => ({ name: `d${i}`, sizeGb: 256 }));
    for (const c of [big, disks]) {
      const s = renderWsfcScripts(parseClusters([c], { source: "stack" })[0], {});
      for (const [k, n] of sizes(s))
        expect({ k, over: n > MAX_SCRIPT_BYTES }).toEqual({ k, over: false });
    }
  });
});

describe("the planner's heap", () => {
  it("sizes the heap from the cluster count and never exceeds the machine", () => {
    expect(neededHeapMiB(10)).toBe(992);
    expect(heapDecision(10, 4096, 16384, false)).toEqual({ kind: "fits" });
    expect(heapDecision(100, 4096, 16384, false)).toEqual({ kind: "rerun", heapMiB: 5312 });
    expect(heapDecision(100, 4096, 16384, true)).toEqual({ kind: "fits" });
    const big = heapDecision(300, 4096, 8192, false);
    expect(big.kind).toBe("too-big");
    expect((big as { message: string }).message).toMatch(/300 clusters need about 14912 MiB/);
  });
  it("counts the clusters of the config", () => {
    expect(clusterCount({ "azure-ha-cluster:clusters": JSON.stringify([1, 2, 3]) })).toBe(3);
    expect(clusterCount({ "azure-ha-cluster:clusters": "42" })).toBe(0);
  });
});

describe("the planner: hostile files exit 2 with the field, no stack trace, no secret", () => {
  beforeAll(() => ensureBuilt());
  const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |Error: |\.js:\d+/);

  it("a scalar clusters key that could be a secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-hard-"));
    const file = path.join(dir, "Pulumi.x.yaml");
    fs.writeFileSync(file, stringify({ config: { "azure-ha-cluster:clusters": 918273645 } }));
    const r = runPlan(["--config", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/clusters: expected a list of cluster entries .*not a number/);
    expect(r.stderr).not.toContain("918273645");
    noTrace(r.stderr);
    fs.writeFileSync(
      file,
      stringify({ config: { "azure-ha-cluster:clusters": "hunter2-S3cret" } }),
    );
    const s = runPlan(["--config", file]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/clusters: expected a YAML list/);
    expect(s.stderr).not.toContain("hunter2");
    noTrace(s.stderr);
  });

  it("a YAML string holding JSON as the cluster list", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ahc-hard-"));
    const file = path.join(dir, "Pulumi.x.yaml");
    const json = JSON.stringify([stackCluster("ilb-linux")]);
    fs.writeFileSync(file, stringify({ config: { "azure-ha-cluster:clusters": json } }));
    const r = runPlan(["--config", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /not a string \(it looks like JSON in quotes: write the list as YAML\)/,
    );
    noTrace(r.stderr);
  });

  it("TAB in a name, 20,000 ping targets and a management port: one exit 2 naming each field", () => {
    const a = stackCluster("ilb-linux") as any;
    a.software.clusterName = "bad\tname";
    a.software.networkPartition.pingTargets = range(
      20000,
      (i) => `10.${(i >> 8) & 255}.${i & 255}.5`,
    );
    const b = stackCluster("plb-linux") as any;
    b.resourceGroupName = "OtherGroup";
    b.publicLb.rules.push({ frontendPort: 22, backendPort: 22 });
    const r = runPlan(["--config", writeStackFile([a, b])]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("clusters[0].software.clusterName");
    expect(r.stderr).toContain("clusters[0].software.networkPartition.pingTargets");
    expect(r.stderr).toMatch(
      /pingTargets: "\[…\]" — lists 20000 entries, which makes the CLUSTERPRO form \(clpcfset\) script about \d+ KB: over the 256 KB budget/,
    );
    expect(r.stderr).toContain("clusters[1].publicLb.rules[1]");
    noTrace(r.stderr);
  });

  it("a newline in mountPoint, azureCliPath (Windows) or a WSFC clusterName: exit 2 naming each", () => {
    const a = stackCluster("ilb-linux") as any;
    a.software.mirrorDisk = { mountPoint: "/mnt/md\n/etc" };
    const b = stackCluster("dns-windows") as any;
    b.resourceGroupName = "OtherGroup";
    b.software.azureCliPath = "C:\\az\n.cmd";
    const c = stackCluster("ilb-wsfc") as any;
    c.software.clusterName = "clus\nter";
    const r = runPlan(["--config", writeStackFile([a, b, c])]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    for (const path of [
      "clusters[0].software.mirrorDisk.mountPoint",
      "clusters[1].software.azureCliPath",
      "clusters[2].software.clusterName",
    ])
      expect(r.stderr).toContain(`${path}: `);
    noTrace(r.stderr);
  });

  it("300 clusters: the heap is sized (or the count refused) and the exit is 2, never an abort", () => {
    const many = range(300, (i) => {
      const c = stackCluster("ilb-linux") as any;
      c.name = `c${i}`;
      c.resourceGroupName = `rg-${i}`;
      return c;
    });
    const r = runPlan(["--config", writeStackFile(many)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/clusters: .*(at most 100 clusters per stack|split the clusters)/);
    noTrace(r.stderr);
  });
});
