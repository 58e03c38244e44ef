/**
 * The stack program under the engine's config rules: plaintext secrets are accepted only when
 * the clusters key itself is secret (the engine hands decrypted values to the program), and
 * they reach resources as secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { record, ofType, rawRecords } from "./helpers";
import { stackCluster } from "./fixtures/clusters";
import { deployClusters } from "../stacks/program";
import * as config from "../components/core/config";
import { clusterEntrySchema } from "../components/core/schema";
import { HaClusterInternalLb } from "../components/internal-lb";
import { preResolvedArgs } from "../components/cluster-base";

const KEY = "azure-ha-cluster:clusters";

function withConfig(clusters: unknown[], secret: boolean) {
  pulumi.runtime.setAllConfig({ [KEY]: JSON.stringify(clusters) }, secret ? [KEY] : []);
}

describe("stacks/program.ts", () => {
  it("creates one component per cluster entry", async () => {
    const a = stackCluster("ilb-linux");
    const b = stackCluster("ilb-wsfc");
    withConfig([a, b], false);
    const rs = await record(() => deployClusters());
    expect(
      ofType(rs, "azure-ha-cluster:index:HaClusterInternalLb")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["ilb-linux", "ilb-wsfc"]);
  });

  it("refuses a plaintext secret when the key is not secret, before registering anything", async () => {
    const a = stackCluster("ilb-linux");
    a.vm.adminPassword = "Plain-Text-Passw0rd";
    withConfig([a], false);
    const rs = await record(() =>
      expect(() => deployClusters()).toThrow(
        /clusters\[0\]\.vm\.adminPassword: \[secret\] — plaintext secrets are refused/,
      ),
    );
    expect(rs).toHaveLength(0);
  });

  it("accepts the decrypted value when the key is secret, and sends it only as a secret", async () => {
    const a = stackCluster("ilb-linux");
    a.vm.adminPassword = "Decrypted-Passw0rd";
    withConfig([a], true);
    const rs = await record(() => deployClusters());
    expect(ofType(rs, "random:index/randomPassword:RandomPassword")).toHaveLength(0);
    const vms = rawRecords().filter((r) => r.type === "azure-native:compute:VirtualMachine");
    expect(vms).toHaveLength(2);
    for (const vm of vms) {
      const pw = (vm.inputs.osProfile as any).adminPassword;
      expect(pulumi.runtime.isRpcSecret(pw)).toBe(true);
    }
    expect(JSON.stringify(rs)).not.toContain("Decrypted-Passw0rd");
  });

  it("validates every cluster before creating any", async () => {
    const good = stackCluster("ilb-linux");
    const bad = stackCluster("ilb-wsfc");
    bad.internalLb!.probePort = 1433;
    withConfig([good, bad], false);
    const rs = await record(() =>
      expect(() => deployClusters()).toThrow(/clusters\[1\]\.internalLb\.probePort/),
    );
    expect(rs).toHaveLength(0);
  });

  describe("parses each cluster once", () => {
    afterEach(() => jest.restoreAllMocks());

    /** Counts the parses while `build` runs: the list parser, the component parser, the schema. */
    async function countParses(build: () => unknown) {
      const list = jest.spyOn(config, "parseClusters");
      const component = jest.spyOn(config, "parseComponentArgs");
      const schema = jest.spyOn(clusterEntrySchema, "safeParse");
      await record(build);
      return {
        list: list.mock.calls.length,
        component: component.mock.calls.length,
        schema: schema.mock.calls.length,
      };
    }

    it("the stack program: one list parse, no component parse, one schema parse per cluster", async () => {
      withConfig([stackCluster("ilb-linux"), stackCluster("dns-wsfc")], false);
      expect(await countParses(() => deployClusters())).toEqual({
        list: 1,
        component: 0,
        schema: 2,
      });
    });

    it("a component constructed directly still parses its own args", async () => {
      const seed = stackCluster("ilb-linux");
      const { name: _n, topology: _t, ...args } = seed;
      expect(await countParses(() => new HaClusterInternalLb(seed.name, args as never))).toEqual({
        list: 0,
        component: 1,
        schema: 1,
      });
    });

    it("a handed-over cluster must be the component's own (name and topology)", () => {
      const [c] = config.parseClusters([stackCluster("dns-linux")], { source: "stack" });
      expect(() => new HaClusterInternalLb(c.name, preResolvedArgs(c) as never)).toThrow(
        "internal: component internal-lb dns-linux was handed the resolved cluster dns dns-linux",
      );
      expect(() => new HaClusterInternalLb("other", preResolvedArgs(c) as never)).toThrow(
        /handed the resolved cluster dns dns-linux/,
      );
    });
  });
});
