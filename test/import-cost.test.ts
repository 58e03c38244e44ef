/**
 * issue 21, Performance (c): `require("azure-ha-cluster")` stays close to `require("@pulumi/pulumi")`
 * because the package root does not load the config machinery (zod, the schema built with it, the
 * parser and the resolver): components/core/config-lazy.ts loads it on the first parse. `npm run bench`
 * measures the time; this test pins the cause, on the built package (jest's global setup builds
 * dist/ when a source changed).
 */
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const INDEX = path.join(ROOT, "dist", "components", "index.js");

/** Runs `code` in a fresh Node process with `index` = the built package root; returns its JSON. */
function fresh(code: string): any {
  const out = execFileSync(
    process.execPath,
    ["-e", `const index = require(${JSON.stringify(INDEX)});\n${code}`],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(out);
}

/** The modules of require.cache the config machinery consists of. */
const HEAVY = `
const heavy = () => Object.keys(require.cache).filter((f) =>
  /[\\\\/]node_modules[\\\\/]zod[\\\\/]/.test(f) ||
  /[\\\\/]dist[\\\\/]components[\\\\/]core[\\\\/](config|schema|resolve|scheduled-events)\\.js$/.test(f),
).map((f) => f.replace(/.*[\\\\/](node_modules|dist)[\\\\/]/, "$1/"));
`;

describe("require('azure-ha-cluster')", () => {
  it("loads neither zod nor the schema, the parser or the resolver", () => {
    const r = fresh(`${HEAVY}\nprocess.stdout.write(JSON.stringify(heavy()));`);
    expect(r).toEqual([]);
  }, 60_000);

  it("still exports the lists, and a component loads the machinery on its first parse", () => {
    const r = fresh(`${HEAVY}
const before = heavy().length;
const lists = { topologies: index.TOPOLOGIES, events: index.SE_EVENT_TYPES, skus: index.DISK_SKUS.length };
let problem;
try {
  // validation runs before the component registers anything: no Pulumi engine needed
  new index.HaClusterInternalLb("c1", { resourceGroupName: "rg" });
} catch (e) {
  problem = { name: e.constructor.name, isConfigError: e instanceof index.ConfigError, message: e.message };
}
process.stdout.write(JSON.stringify({ before, after: heavy().length, lists, problem }));`);
    expect(r.before).toBe(0);
    expect(r.lists).toEqual({
      topologies: ["internal-lb", "public-lb", "dns"],
      events: ["Freeze", "Reboot", "Redeploy"],
      skus: 7,
    });
    // The lazy entry point reaches the real parser: the same ConfigError class as the root's.
    expect(r.problem).toMatchObject({ name: "ConfigError", isConfigError: true });
    expect(r.problem.message).toMatch(/location/);
    expect(r.after).toBeGreaterThan(0);
  }, 60_000);
});
