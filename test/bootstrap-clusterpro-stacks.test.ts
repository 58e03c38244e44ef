/**
 * Planning each CLUSTERPRO seed stack (3 topologies × Linux/Windows, + DSR) through its
 * component shows prepare → reboot-after-install → gate-after-install → await-ready → license on
 * every node, push on the first node, reboot-after-push → gate-after-push on every node and start
 * on the first, with secrets only as protected parameters and the runtime values push needs.
 */
import { record, ofType, rawRecords } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { pulumi } from "./helpers";
import { parseComponentArgs } from "../components/core/config";
import { afterPushKey, renderClusterproScripts } from "../components/bootstrap/clusterpro";
import { scriptHash } from "../components/bootstrap/lifecycle";

const RUN = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";
const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};
const PEM = "-----BEGIN PRIVATE KEY-----\nSTACK-SECRET-PEM\n-----END PRIVATE KEY-----";
const URL = "https://example.blob.core.windows.net/x?sig=STACK-SECRET-SAS";

describe.each([
  ["ilb-linux", "linux"],
  ["ilb-linux-dsr", "linux"],
  ["plb-linux", "linux"],
  ["dns-linux", "linux"],
  ["ilb-windows", "windows"],
  ["ilb-windows-dsr", "windows"],
  ["plb-windows", "windows"],
  ["dns-windows", "windows"],
])("CLUSTERPRO stack %s", (stack, family) => {
  it("plans prepare/reboot/gate/await-ready/license on every node, push/reboot/gate/start, secrets protected", async () => {
    const seed = stackCluster(stack);
    const args = argsOf(seed);
    args.software.installerUrl = URL;
    if (args.dns?.updater) args.dns.updater.certificatePem = PEM;
    const rs = await record(() => new COMPONENTS[seed.topology](seed.name, args));
    const runRecords = ofType(rs, RUN);
    const runs = runRecords.map((r) => r.inputs as any);
    const id = (r: any) =>
      `${r.tags["ha-cluster-node"]}:${r.tags["ha-cluster-step"]}:${r.tags["ha-cluster-order"]}`;
    const nodes = seed.nodes.map((n) => n.name);
    expect(runs.map(id).sort()).toEqual(
      [
        ...nodes.flatMap((n) => [
          `${n}:prepare:0`,
          `${n}:reboot-after-install:1`,
          `${n}:gate-after-install:2`,
          `${n}:await-ready:3`,
          `${n}:license:4`,
          `${n}:reboot-after-push:6`,
          `${n}:gate-after-push:7`,
        ]),
        `${nodes[0]}:push:5`,
        `${nodes[0]}:start:8`,
        // Windows md: every other node writes its own volume GUIDs after the push
        ...(family === "windows" ? nodes.slice(1).map((n) => `${n}:md-guid:5`) : []),
        // then the Scheduled Events agent on every node
        ...nodes.map((n) => `${n}:scheduled-events:9`),
      ].sort(),
    );
    if (family === "windows") {
      const guid = runs.find((r) => r.tags["ha-cluster-step"] === "md-guid");
      expect(guid.source.script).toContain(`$ServerName = '${nodes[1].toLowerCase()}'`);
      // it waits for the first node's push
      const rec = (step: string) =>
        runRecords.find((r) => (r.inputs as any).tags["ha-cluster-step"] === step)!;
      expect(rec("md-guid").dependsOn).toContain(rec("push").name);
    }
    for (const r of runs) expect(r.tags["ha-cluster-os"]).toBe(family);
    const form = runs.find((r) => r.tags["ha-cluster-step"] === "push");
    const names = (form.parameters ?? []).map((p: any) => p.name);
    const win = family === "windows";
    if (seed.topology === "public-lb") expect(names).toContain(win ? "PublicIp" : "PUBLIC_IP");
    if (seed.topology === "dns")
      expect(names).toContain(win ? "DnsResourceGroup" : "DNS_RESOURCE_GROUP");
    const prepare = runs.find((r) => r.tags["ha-cluster-step"] === "prepare");
    const secretNames = prepare.protectedParameters.map((p: any) => p.name);
    expect(secretNames).toContain(win ? "InstallerUrl" : "INSTALLER_URL");
    if (seed.topology === "dns") expect(secretNames).toContain(win ? "SpCertPem" : "SP_CERT_PEM");
    // secrets never in a script, and marked secret where they travel
    const raw = JSON.stringify(
      rawRecords()
        .filter((r) => r.type === RUN)
        .map((r) => (r.inputs as any).source),
    );
    expect(raw).not.toContain("STACK-SECRET");
    expect(form.source.script).toContain(win ? "clpcfset.exe" : "clpcfset");
  });
});

/** The value of an Output (mocks: always known). */
const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("CLUSTERPRO: whatever re-runs a push re-runs the reboots and start after it", () => {
  it("afterPushKey: md-guid follows the push and every VM; reboots/start also every md-guid script", async () => {
    const k = (push: string, scripts: string[], ids: string[]) => afterPushKey(push, scripts, ids);
    const base = k("PUSH", ["MD2"], ["id1", "id2"]);
    const [md, after] = [await valueOf(base.mdGuid), await valueOf(base.afterPush)];
    // a rebuilt VM (new vmId): md-guid and the after-push chain re-run
    const rebuilt = k("PUSH", ["MD2"], ["id1", "id2-new"]);
    expect(await valueOf(rebuilt.mdGuid)).not.toBe(md);
    expect(await valueOf(rebuilt.afterPush)).not.toBe(after);
    // md-guid's own script changed: the reboots and start re-run, md-guid's parameter stays
    const script = k("PUSH", ["MD2-changed"], ["id1", "id2"]);
    expect(await valueOf(script.mdGuid)).toBe(md);
    expect(await valueOf(script.afterPush)).not.toBe(after);
    // the push changed: all of them
    const push = k("PUSH2", ["MD2"], ["id1", "id2"]);
    expect(await valueOf(push.mdGuid)).not.toBe(md);
    expect(await valueOf(push.afterPush)).not.toBe(after);
    // Linux (no md-guid): the push step's inputs alone, as before
    const linux = k("PUSH", [], ["id1", "id2"]);
    expect(await valueOf(linux.afterPush)).toBe("PUSH");
  });

  it.each(["ilb-windows", "dns-windows"])(
    "%s: md-guid carries AfterHash; every reboot-after-push and start carry the key of the push and md-guid",
    async (stack) => {
      const seed = stackCluster(stack);
      const args = argsOf(seed);
      if (args.dns?.updater) args.dns.updater.certificatePem = PEM;
      const rs = await record(() => new COMPONENTS[seed.topology](seed.name, args));
      const runs = ofType(rs, RUN).map((r) => r.inputs as any);
      const param = (r: any) => r.parameters?.find((p: any) => p.name === "AfterHash")?.value;
      const step = (name: string) => runs.filter((r) => r.tags["ha-cluster-step"] === name);
      const s = renderClusterproScripts(parseComponentArgs(seed.name, seed.topology, argsOf(seed)));
      const push = step("push")[0];
      // the push's key as clusterpro.ts builds it: its script and its parameters' values
      const pushKey = [
        push.source.script,
        ...(push.parameters ?? []).map((p: any) => p.value),
      ].join("\n");
      const keys = afterPushKey(
        pushKey,
        Object.values(s.mdGuid),
        seed.nodes.map(() => undefined),
      );
      const mdHash = await valueOf(scriptHash(keys.mdGuid));
      const afterHash = await valueOf(scriptHash(keys.afterPush));
      expect(step("md-guid").map(param)).toEqual(seed.nodes.slice(1).map(() => mdHash));
      expect(step("reboot-after-push").map(param)).toEqual(seed.nodes.map(() => afterHash));
      expect(step("gate-after-push").map(param)).toEqual(seed.nodes.map(() => afterHash));
      expect(param(step("start")[0])).toBe(afterHash);
      // and it is not the push's key alone (md-guid's script and the VMs count)
      expect(afterHash).not.toBe(await valueOf(scriptHash(pushKey)));
    },
  );
});
