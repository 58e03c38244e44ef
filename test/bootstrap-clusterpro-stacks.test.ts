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
