/**
 * One config contract (issue 21): the hand-written public Args types (they carry the TypeDoc)
 * are pinned to the zod schema, type for type, in both directions; the static defaults are one
 * object (`DEFAULTS`) that the schema applies and the README quotes; the secret fields are
 * derived from the schema; the resolved form stays out of the published declarations.
 *
 * The pins are types: `tsc --noEmit -p tsconfig.json` (npm run lint) fails on drift. Jest does
 * not type-check (ts-jest diagnostics are off), so the first test compiles this file with the
 * TypeScript API and fails on any diagnostic: drift fails `npm test` too.
 */
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { record } from "./helpers";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { HaClusterInternalLb } from "../components/internal-lb";
import { parseComponentArgs } from "../components/core/config";
import { drillTarget } from "../components/core/drill-target";
import { SECRET_FIELDS } from "../components/core/errors";
import type { ScheduledEventsArgs } from "../components/core/scheduled-events";
import {
  bootstrapSchema,
  clusterEntrySchema,
  clusterproNpSchema,
  clusterproSchema,
  commonArgsShape,
  componentArgsSchemas,
  createdNetworkSchema,
  dataDiskSchema,
  DEFAULTS,
  dnsSchema,
  existingNetworkSchema,
  failoverSchema,
  internalLbSchema,
  lbRuleSchema,
  monitoringSchema,
  nodeSchema,
  noneSchema,
  placementSchema,
  probeSchema,
  publicLbSchema,
  secretFieldNames,
  secretValue,
  sharedDiskSchema,
  vmSchema,
  wsfcSchema,
  type DiskSku,
  type SecretInput,
} from "../components/core/schema";
import type {
  BootstrapArgs,
  ClusterConfig,
  ClusterproArgs,
  ClusterproNetworkPartitionArgs,
  CreatedNetworkArgs,
  DataDiskArgs,
  DnsArgs,
  DnsUpdaterArgs,
  ExistingNetworkArgs,
  FailoverArgs,
  HaClusterCommonArgs,
  HaClusterDnsArgs,
  HaClusterInternalLbArgs,
  HaClusterPublicLbArgs,
  InternalLbArgs,
  LbRuleArgs,
  MonitoringArgs,
  NodeArgs,
  NoSoftwareArgs,
  PlacementArgs,
  ProbeArgs,
  PublicLbArgs,
  SharedDiskArgs,
  VmArgs,
  WsfcArgs,
  WsfcHeartbeatArgs,
} from "../components/core/types";

// ---- the type pins ----------------------------------------------------------------------------

/**
 * The compiler's identity relation (not mutual assignability, which would let a field more or
 * less slip through when it is optional): optional vs required, a literal union vs `string`, an
 * extra or missing field, anywhere in a nested block, all make it false.
 */
type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** What a user may write for a schema: defaulted fields are optional. */
type In<S extends z.ZodType> = z.input<S>;
/** The schema of `HaClusterCommonArgs`: the common shape as a strict object. */
type CommonArgsSchema = z.ZodObject<typeof commonArgsShape, z.core.$strict>;

/*
 * pulumi.Input<string> fields (`network.subnetId`) and secret fields (SecretInput =
 * pulumi.Input<string> | { secure }) are `z.custom<T>` in the schema, so z.input is exactly T and
 * they pin like every other field. At run time those schemas accept a string, an Output or a
 * Promise (and, for secrets, `{ secure: string }`): what the type says, except that no check can
 * look inside an Output or a Promise for the string.
 */
export type ContractPins = [
  // the stack entry and the three components' args
  Assert<Equal<In<typeof clusterEntrySchema>, ClusterConfig>>,
  Assert<Equal<In<(typeof componentArgsSchemas)["internal-lb"]>, HaClusterInternalLbArgs>>,
  Assert<Equal<In<(typeof componentArgsSchemas)["public-lb"]>, HaClusterPublicLbArgs>>,
  Assert<Equal<In<(typeof componentArgsSchemas)["dns"]>, HaClusterDnsArgs>>,
  Assert<Equal<In<CommonArgsSchema>, HaClusterCommonArgs>>,
  // block by block: a drift fails here too, on the line that names the block
  Assert<Equal<In<typeof createdNetworkSchema>, CreatedNetworkArgs>>,
  Assert<Equal<In<typeof existingNetworkSchema>, ExistingNetworkArgs>>,
  Assert<Equal<In<typeof nodeSchema>, NodeArgs>>,
  Assert<Equal<NonNullable<In<typeof placementSchema>>, PlacementArgs>>,
  Assert<Equal<In<typeof vmSchema>, VmArgs>>,
  Assert<Equal<In<typeof dataDiskSchema>, DataDiskArgs>>,
  Assert<Equal<In<typeof sharedDiskSchema>, SharedDiskArgs>>,
  Assert<Equal<In<typeof lbRuleSchema>, LbRuleArgs>>,
  Assert<Equal<In<typeof probeSchema>, ProbeArgs>>,
  Assert<Equal<In<typeof internalLbSchema>, InternalLbArgs>>,
  Assert<Equal<In<typeof publicLbSchema>, PublicLbArgs>>,
  Assert<Equal<In<typeof dnsSchema>, DnsArgs>>,
  Assert<Equal<NonNullable<In<typeof dnsSchema>["updater"]>, DnsUpdaterArgs>>,
  Assert<Equal<In<typeof clusterproSchema>, ClusterproArgs>>,
  Assert<Equal<In<typeof clusterproNpSchema>, ClusterproNetworkPartitionArgs>>,
  Assert<Equal<In<typeof wsfcSchema>, WsfcArgs>>,
  Assert<Equal<NonNullable<In<typeof wsfcSchema>["heartbeat"]>, WsfcHeartbeatArgs>>,
  Assert<Equal<In<typeof noneSchema>, NoSoftwareArgs>>,
  Assert<Equal<NonNullable<In<typeof clusterproSchema>["scheduledEvents"]>, ScheduledEventsArgs>>,
  Assert<Equal<In<typeof failoverSchema>, FailoverArgs>>,
  Assert<Equal<In<typeof monitoringSchema>, MonitoringArgs>>,
  Assert<Equal<In<typeof bootstrapSchema>, BootstrapArgs>>,
  // the secret fields are SecretInput in the Args
  Assert<Equal<VmArgs["adminPassword"], SecretInput | undefined>>,
  Assert<Equal<DnsUpdaterArgs["certificatePem"], SecretInput>>,
];

/** The check is strict: each drift below is caught (an unused @ts-expect-error fails too). */
export type DriftsCaught = [
  // @ts-expect-error -- a string where the schema has an enum (osDiskSku, dataDisk.sku before)
  Assert<Equal<{ sku?: string }, { sku?: DiskSku }>>,
  // @ts-expect-error -- a list of strings where the schema has zones "1" | "2" | "3"
  Assert<Equal<{ zones: string[] }, { zones: ("1" | "2" | "3")[] }>>,
  // @ts-expect-error -- an optional field the other side lacks
  Assert<Equal<{ a: string; b?: number }, { a: string }>>,
  // @ts-expect-error -- optional vs required
  Assert<Equal<{ a?: string }, { a: string }>>,
  // @ts-expect-error -- a plain string where a component takes pulumi.Input<string>
  Assert<Equal<{ id: string }, { id: pulumi.Input<string> }>>,
  // @ts-expect-error -- drift deep inside a nested block
  Assert<Equal<{ a: { b: { c?: 1 | 5 } } }, { a: { b: { c?: number } } }>>,
];

function diagnostics(program: ts.Program, files: readonly ts.SourceFile[]): string[] {
  return files.flatMap((sf) =>
    [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const where = d.file
        ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    }),
  );
}

const ROOT = path.resolve(__dirname, "..");

describe("the Args types and the schema are one contract", () => {
  it("the type pins compile: z.input of every schema ⇔ its Args type, and the drift checks fail as they must", () => {
    const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    const program = ts.createProgram([__filename], { ...options, noEmit: true });
    const self = program.getSourceFile(__filename)!;
    expect(diagnostics(program, [self])).toEqual([]);
  }, 120_000);
});

// ---- secrets ------------------------------------------------------------------------------------

describe("SECRET_FIELDS comes from the schema", () => {
  it("is every field whose schema is the secret one: the five secrets of the contract", () => {
    expect([...SECRET_FIELDS].sort()).toEqual(
      ["adminPassword", "certificatePem", "installerUrl", "joinPassword", "licenses"].sort(),
    );
  });

  it("finds a secret through lists, unions, records and defaults, and nothing else", () => {
    const s = z.strictObject({
      plain: z.string(),
      list: z.array(z.union([z.strictObject({ deep: secretValue.optional() }), z.string()])),
      map: z.record(z.string(), z.strictObject({ inMap: secretValue })),
      dflt: z
        .strictObject({ key: secretValue.default("x"), other: z.number().optional() })
        .prefault({}),
    });
    expect([...secretFieldNames(s)].sort()).toEqual(["deep", "inMap", "key"]);
  });
});

// ---- defaults -----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Leaves of DEFAULTS as [dotted path, value]; lists and empty objects are leaves. */
function leaves(v: unknown, at: string[] = []): [string, unknown][] {
  if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]));
  }
  return [[at.join("."), v]];
}

/** The value at a dotted path; a list on the way stands for its first element. */
function at(root: unknown, dotted: string): unknown {
  let cur: unknown = root;
  for (const seg of dotted.split(".")) {
    if (Array.isArray(cur)) cur = cur[0];
    cur = (cur as Record<string, unknown> | undefined)?.[seg];
  }
  return cur;
}

/** Shape-valid entries (the schema alone: relational rules do not run) with no optional field. */
function minimalEntry(software: Record<string, unknown>): Record<string, unknown> {
  return {
    name: "c1",
    topology: "internal-lb",
    resourceGroupName: "rg",
    location: "japaneast",
    network: { addressSpace: "10.5.0.0/24", subnetPrefix: "10.5.0.0/24" },
    nodes: [
      { name: "n1", privateIp: "10.5.0.10" },
      { name: "n2", privateIp: "10.5.0.11" },
    ],
    vm: { size: "Standard_D2s_v5", os: "rhel-9", adminUsername: "azureuser" },
    dataDisk: { sizeGb: 20 },
    sharedDisks: [{ name: "d1", sizeGb: 64 }],
    software,
    // every block at once: the schema checks shapes, not which block a topology takes
    internalLb: {
      frontendIp: "10.5.0.200",
      probePort: 26001,
      rules: [{ frontendPort: 80, backendPort: 8080 }],
    },
    publicLb: { probePort: 26001, rules: [{ frontendPort: 80, backendPort: 8080 }] },
    dns: { zoneName: "cluster1.zone", recordName: "app" },
  };
}

const KINDS = { clusterpro: { kind: "clusterpro", version: "5.0" }, wsfc: { kind: "wsfc" } };

/** Paths present in `out` but not in `given` (what parsing added). */
function added(given: unknown, out: unknown, pre: string[] = []): string[] {
  if (!out || typeof out !== "object") return [];
  if (given === undefined) return [pre.join(".")];
  if (Array.isArray(out)) return out.flatMap((x, i) => added((given as unknown[])[i], x, pre));
  return Object.entries(out).flatMap(([k, x]) =>
    (given as Record<string, unknown>)[k] === undefined
      ? [[...pre, k].join(".")]
      : added((given as Record<string, unknown>)[k], x, [...pre, k]),
  );
}

/** DEFAULTS path of a config path: `software.x` is under the entry's kind. */
const defaultsPath = (p: string, kind: string) =>
  p.startsWith("software.") ? p.replace(/^software\./, `software.${kind}.`) : p;

describe("DEFAULTS is the one list of static defaults", () => {
  it.each(Object.entries(KINDS))(
    "the schema applies exactly DEFAULTS to an entry that leaves every optional field out (%s)",
    (kind, software) => {
      const given = minimalEntry(software);
      const out = clusterEntrySchema.parse(structuredClone(given));
      const ours = leaves(DEFAULTS).filter(
        ([p]) => !p.startsWith("software.") || p.startsWith(`software.${kind}.`),
      );
      expect(ours.length).toBeGreaterThan(25);
      for (const [p, want] of ours) {
        expect([p, at(out, p.replace(`software.${kind}.`, "software."))]).toEqual([p, want]);
      }
      // and nothing else: every field parsing filled in is a DEFAULTS path
      for (const p of added(given, out)) {
        expect([p, at(DEFAULTS, defaultsPath(p, kind)) !== undefined]).toEqual([p, true]);
      }
    },
  );

  it('the README\'s "Defaults worth knowing" quotes DEFAULTS', () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split("### Defaults worth knowing")[1].split("\n### ")[0];
    const quoted = [...section.matchAll(/`([A-Za-z.[\]]+): ([^`]+)`/g)].map(
      (m) => [m[1].replace(/\[\]/g, ""), parseYaml(m[2]) as Json] as const,
    );
    expect(quoted.length).toBeGreaterThanOrEqual(15);
    for (const [p, value] of quoted) {
      const kinds = p.startsWith("software.") ? Object.keys(KINDS) : [""];
      const found = kinds
        .map((k) => at(DEFAULTS, defaultsPath(p, k)))
        .filter((v) => v !== undefined);
      expect([p, found]).toEqual([p, [value]]);
    }
  });
});

// ---- the public surface -----------------------------------------------------------------------

describe("the resolved form is internal", () => {
  it("a component's drillTarget is what the drill reads: the resolved cluster's, as plain JSON", async () => {
    const seed = stackCluster("ilb-linux");
    let cluster: HaClusterInternalLb | undefined;
    await record(() => (cluster = new HaClusterInternalLb(seed.name, argsOf(seed))));
    const want = drillTarget(parseComponentArgs(seed.name, "internal-lb", argsOf(seed)));
    expect(cluster!.drillTarget).toEqual(want);
    expect(JSON.parse(JSON.stringify(cluster!.drillTarget))).toEqual(want);
    expect(want).toMatchObject({
      cluster: "ilb-linux",
      topology: "internal-lb",
      software: "clusterpro",
      loadBalancer: { name: "ilb-linux-lb" },
    });
  });

  it("the published declarations compile without skipLibCheck and carry no resolved field", () => {
    const dist = path.join(ROOT, "dist", "components");
    const consumer = path.join(ROOT, "dist", "contract-consumer.ts");
    const text =
      'import * as lib from "./components";\n' +
      "declare const c: lib.HaClusterInternalLb;\n" +
      "export const t: lib.DrillTarget = c.drillTarget;\n" +
      "export const all = lib;\n";
    const host = ts.createCompilerHost({});
    const read = host.readFile;
    host.readFile = (f) => (path.resolve(f) === consumer ? text : read(f));
    host.fileExists = (f) => path.resolve(f) === consumer || ts.sys.fileExists(f);
    const program = ts.createProgram(
      [consumer],
      {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        types: ["node"],
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
        skipLibCheck: false,
        noEmit: true,
      },
      host,
    );
    const ours = program.getSourceFiles().filter((f) => f.fileName.startsWith(dist));
    expect(ours.length).toBeGreaterThan(10);
    expect(diagnostics(program, [...ours, program.getSourceFile(consumer)!])).toEqual([]);
    // reachable from the package root: no Resolved* type but the opaque ResolvedCluster, no
    // `resolved` member
    for (const f of ours) {
      const body = f.getFullText();
      expect([
        f.fileName,
        /\breadonly resolved\b|Resolved(?!Cluster\b)\w+/.exec(body)?.[0],
      ]).toEqual([f.fileName, undefined]);
    }
    const types = fs.readFileSync(path.join(dist, "core", "types.d.ts"), "utf8");
    expect(types).toMatch(/export interface ResolvedCluster \{\s*\}/);
  }, 120_000);
});
