/**
 * Issue 22 item 6: the 256 KB Run Command budget is checked at validation time
 * (components/core/validate/script-budget.ts). Its estimates are proven against the real
 * renderers here: for every seed, and for lists far beyond the package's maxima, every rendered
 * script is at most its estimate (and the estimate is not wildly loose); over the budget, the
 * field that grows the script is named.
 */
import { renderClusterproScripts } from "../../components/bootstrap/clusterpro";
import { MAX_SCRIPT_BYTES } from "../../components/bootstrap/render";
import { renderScheduledEventsInstall } from "../../components/bootstrap/scheduled-events";
import { renderWsfcScripts } from "../../components/bootstrap/wsfc";
import { RUN_COMMAND_SCRIPT_MAX_BYTES } from "../../components/core/azure-limits";
import { LIST_MAX } from "../../components/core/limits";
import { resolveEntry } from "../../components/core/resolve";
import { clusterEntrySchema } from "../../components/core/schema";
import { makeCtx } from "../../components/core/validate/context";
import {
  budgetProblems,
  SCRIPT_BASE_BYTES,
  scriptBudget,
  scriptEstimates,
} from "../../components/core/validate/script-budget";
import { problemsOf, stackCluster } from "../fixtures/clusters";
import { problemsOf as validatorProblems, range, type Mutate } from "./table";

const SEEDS = [
  "dev",
  "dns-linux",
  "dns-windows",
  "dns-wsfc",
  "ilb-linux",
  "ilb-linux-dsr",
  "ilb-windows",
  "ilb-windows-dsr",
  "ilb-wsfc",
  "ilb-wsfc-domain",
  "plb-linux",
  "plb-windows",
  "plb-wsfc",
];

const WSFC_VALUES = {
  publicIpAddress: "203.0.113.10",
  dns: {
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    zoneResourceGroupName: "TestGroup1",
    identityClientId: "00000000-0000-0000-0000-000000000000",
  },
};

/** Which estimate bounds a rendered script (undefined: the base alone). */
function estimateFor(key: string): string | undefined {
  if (key === "scheduled-events") return "Scheduled Events install";
  if (key === "prepare") return "CLUSTERPRO prepare";
  if (key === "form") return "CLUSTERPRO form (clpcfset)";
  if (key.startsWith("prepare/")) return "WSFC prepare";
  if (key.startsWith("form/")) return "WSFC form";
  if (key.startsWith("dns-updater")) return "WSFC DNS updater install";
  return undefined;
}

/** Every rendered script of the entry, by step (sizes in bytes). Bypasses validation. */
function renderedSizes(raw: unknown): Record<string, number> {
  const c = resolveEntry(clusterEntrySchema.parse(raw));
  const out: Record<string, number> = {};
  const put = (k: string, text: string) => (out[k] = Buffer.byteLength(text, "utf8"));
  if (c.software.kind === "none") return out;
  if (c.software.kind === "clusterpro") {
    const s = renderClusterproScripts(c);
    for (const k of ["prepare", "awaitReady", "license", "form", "start"] as const) put(k, s[k]);
    for (const [srv, text] of Object.entries(s.mdGuid)) put(`mdGuid/${srv}`, text);
  } else {
    for (const [k, text] of Object.entries(renderWsfcScripts(c, WSFC_VALUES))) put(k, text);
  }
  put("scheduled-events", renderScheduledEventsInstall(c, c.nodes[0].name));
  return out;
}

function estimates(raw: unknown): Record<string, number> {
  const { ctx } = makeCtx(clusterEntrySchema.parse(raw), ["clusters", 0], raw);
  return Object.fromEntries(scriptEstimates(ctx).map((s) => [s.script, s.bytes]));
}

/** Every rendered script is at most its estimate; returns [key, rendered, estimate] rows. */
function expectBounded(raw: unknown): [string, number, number][] {
  const est = estimates(raw);
  const rows = Object.entries(renderedSizes(raw)).map(([k, n]): [string, number, number] => {
    const name = estimateFor(k);
    return [k, n, name === undefined ? SCRIPT_BASE_BYTES : est[name]];
  });
  for (const [k, n, bound] of rows)
    expect({ k, n, bounded: n <= bound }).toEqual({ k, n, bounded: true });
  return rows;
}

const variant = (seed: string, mutate: Mutate) => {
  const c = stackCluster(seed) as any;
  mutate(c);
  return c;
};

describe("the estimates bound the rendered scripts", () => {
  it.each(SEEDS)("seed %s", (seed) => {
    expectBounded(stackCluster(seed));
  });

  // Far beyond the package's maxima (validation is bypassed to render them).
  const LONG: [string, () => any, string][] = [
    [
      "2,000 ping targets",
      () =>
        variant("ilb-linux", (c) => {
          c.software.networkPartition.pingTargets = range(
            2000,
            (i) => `10.${(i >> 8) & 255}.${i & 255}.5`,
          );
        }),
      "form",
    ],
    [
      "500 rules and 300 sources (Windows CLUSTERPRO)",
      () =>
        variant("ilb-windows", (c) => {
          c.internalLb.rules = range(500, (i) => ({
            frontendPort: 10000 + i,
            backendPort: 20000 + i,
          }));
          c.internalLb.clientSources = range(300, (i) => `10.${i % 256}.${i >> 8}.0/24`);
        }),
      "prepare",
    ],
    [
      "3,000 client ports (Linux CLUSTERPRO)",
      () => variant("dns-linux", (c) => (c.dns.clientPorts = range(3000, (i) => 10000 + i))),
      "prepare",
    ],
    [
      "WSFC: 64 long-named nodes, 400 ports, 300 sources, 200 shared disks",
      () =>
        variant("ilb-wsfc-domain", (c) => {
          c.network.interconnectSubnetPrefix = "10.4.1.0/24";
          c.nodes = range(64, (i) => ({
            name: `wsfc-n${String(i).padStart(8, "0")}`,
            privateIp: `10.4.0.${20 + i}`,
            interconnectIp: `10.4.1.${20 + i}`,
          }));
          c.internalLb.rules = range(400, (i) => ({
            frontendPort: 10000 + i,
            backendPort: 10000 + i,
            protocol: i % 2 ? "Udp" : "Tcp",
          }));
          c.internalLb.clientSources = range(300, (i) => `10.${i % 256}.${i >> 8}.0/24`);
          c.sharedDisks = range(200, (i) => ({
            name: `disk-${"x".repeat(20)}-${i}`,
            sizeGb: 256,
            maxShares: 3,
          }));
          c.software.witness = { kind: "cloud" };
        }),
      "form/wsfc-n00000000",
    ],
    [
      "WSFC DNS: 64 nodes in the updater and the agent",
      () =>
        variant("dns-wsfc", (c) => {
          c.nodes = range(64, (i) => ({ name: `wsfc-node-${i}`, privateIp: `10.7.0.${20 + i}` }));
          c.dns.clientPorts = range(500, (i) => 10000 + i);
        }),
      "dns-updater/wsfc-node-0",
    ],
  ];
  it.each(LONG)("%s", (_name, make, key) => {
    const rows = expectBounded(make());
    // not wildly loose: the per-entry growth is within 2× of what the renderer adds
    const [, n, bound] = rows.find(([k]) => k === key)!;
    expect(bound - SCRIPT_BASE_BYTES).toBeLessThan(2 * n);
  });
});

describe("validation names the field over the budget", () => {
  it("the budget is the renderer's", () => {
    expect(RUN_COMMAND_SCRIPT_MAX_BYTES).toBe(MAX_SCRIPT_BYTES);
  });

  it("20,000 ping targets: pingTargets makes the clpcfset script too big (and over the maximum)", () => {
    const c = variant("ilb-linux", (x) => {
      x.software.networkPartition.pingTargets = range(
        20000,
        (i) => `10.${(i >> 8) & 255}.${i & 255}.5`,
      );
    });
    const p = problemsOf([c]).filter(
      (x) => x.path === "clusters[0].software.networkPartition.pingTargets",
    );
    expect(p.map((x) => x.message)).toEqual([
      "lists 20000 targets; at most 16",
      expect.stringMatching(
        /^lists 20000 entries, which makes the CLUSTERPRO form \(clpcfset\) script about \d+ KB: over the 256 KB budget of one Run Command script \(each entry adds up to \d+ bytes; about \d+ fit\)$/,
      ),
    ]);
    expect(p[1].value).toBe(JSON.stringify("[…]"));
  });

  it("59,000 client ports: dns.clientPorts makes the prepare script too big", () => {
    const c = variant("dns-linux", (x) => (x.dns.clientPorts = range(59000, (i) => 1024 + i)));
    const p = problemsOf([c]).filter((x) => x.path === "clusters[0].dns.clientPorts");
    expect(p[1].message).toMatch(
      /which makes the CLUSTERPRO prepare script about \d+ KB: over the 256 KB budget/,
    );
  });

  it("at every maximum at once, every script is under the budget", () => {
    const all = (seed: string, m: Mutate) => {
      const { ctx } = makeCtx(clusterEntrySchema.parse(variant(seed, m)), [], {});
      return scriptEstimates(ctx);
    };
    const maxLb = (c: any, key: string) => {
      c[key].rules = range(LIST_MAX.lbRules, (i) => ({
        frontendPort: 1000 + i,
        backendPort: 1000 + i,
      }));
      c[key].clientSources = range(LIST_MAX.clientSources, (i) => `10.${i}.0.0/16`);
    };
    const cases = [
      all("ilb-linux", (c) => {
        c.software.networkPartition.pingTargets = range(
          LIST_MAX.pingTargets,
          (i) => `10.5.0.${5 + i}`,
        );
        maxLb(c, "internalLb");
      }),
      all("dns-windows", (c) => {
        c.dns.clientPorts = range(LIST_MAX.clientPorts, (i) => 8000 + i);
        c.dns.clientSources = range(LIST_MAX.clientSources, (i) => `10.${i}.0.0/16`);
      }),
      all("ilb-wsfc-domain", (c) => {
        c.nodes = range(LIST_MAX.nodes, (i) => ({
          name: "w".repeat(13) + String(i).padStart(2, "0"),
          privateIp: `10.4.0.${20 + i}`,
          interconnectIp: `10.4.1.${20 + i}`,
        }));
        c.sharedDisks = range(LIST_MAX.sharedDisks, (i) => ({
          name: "d".repeat(28) + String(i).padStart(3, "0"),
          sizeGb: 8192,
        }));
        maxLb(c, "internalLb");
      }),
    ];
    for (const s of cases.flat())
      expect({ s: s.script, over: s.bytes > RUN_COMMAND_SCRIPT_MAX_BYTES }).toEqual({
        s: s.script,
        over: false,
      });
  });

  // The validator as a table: a smaller budget shows which field each script names.
  const at = (budget: number) => (ctx: Parameters<typeof scriptBudget>[0]) =>
    budgetProblems(ctx, budget);
  it.each([
    ["the seed at the real budget", scriptBudget, "ilb-linux", () => {}, []],
    [
      "software none has no scripts",
      at(1),
      "ilb-linux",
      (c: any) => (c.software = { kind: "none" }),
      [],
    ],
    [
      "CLUSTERPRO: the ping targets grow the form script",
      at(SCRIPT_BASE_BYTES + 100),
      "ilb-linux",
      (c: any) => (c.software.networkPartition.pingTargets = range(10, (i) => `10.5.0.${5 + i}`)),
      ["clusters[0].software.networkPartition.pingTargets"],
    ],
    [
      "CLUSTERPRO: rules grow prepare more than client ports",
      at(SCRIPT_BASE_BYTES + 100),
      "ilb-linux",
      (c: any) =>
        (c.internalLb.rules = range(10, (i) => ({
          frontendPort: 1000 + i,
          backendPort: 1000 + i,
        }))),
      ["clusters[0].internalLb.rules"],
    ],
    [
      "WSFC: nodes grow several scripts, named once",
      at(SCRIPT_BASE_BYTES + 100),
      "ilb-wsfc",
      (c: any) =>
        (c.nodes = range(8, (i) => ({ name: `node-${i}`, privateIp: `10.4.0.${20 + i}` }))),
      ["clusters[0].nodes"],
    ],
    [
      "WSFC: shared disks grow the form script",
      at(SCRIPT_BASE_BYTES + 400),
      "ilb-wsfc",
      (c: any) => (c.sharedDisks = range(20, (i) => ({ name: `disk-${i}`, sizeGb: 256 }))),
      ["clusters[0].sharedDisks"],
    ],
  ] as [string, any, string, Mutate, string[]][])("%s", (_n, validator, seed, mutate, paths) => {
    expect(validatorProblems(validator, seed, mutate).map((p) => p.path)).toEqual(paths);
  });
});
