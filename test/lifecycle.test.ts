/**
 * Reboots as their own steps, on every seed stack: no script outside a reboot-<reason> step
 * reboots, schedules a reboot or waits for one; each reboot step is followed by a time.Sleep and a
 * gate, and the next step waits for the gate; node2's reboot waits for node1's gate; the WSFC
 * domain join is followed by a wait and a gate; re-apply hashes travel as parameters/triggers.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { record } from "./helpers";
import type { RecordedResource } from "../cli/mocks";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { isRebootStep } from "../components/bootstrap/lifecycle";
import { rebootAfterPush } from "../components/bootstrap/clusterpro/params";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";
import { parsePowerShell } from "./support/powershell";
import { RUN_TYPE, SLEEP_TYPE } from "./support/rehearsal";

const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};
const STACKS = fs
  .readdirSync(path.join(__dirname, "..", "stacks"))
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => !!s && s !== "dev");

async function build(stack: string): Promise<RecordedResource[]> {
  const seed = stackCluster(stack);
  const args = argsOf(seed);
  if (args.software.kind === "clusterpro")
    args.software.installerUrl = "https://example.invalid/p?sig=x";
  if (args.dns?.updater) args.dns.updater.certificatePem = "PEM";
  if (args.software.kind === "wsfc" && args.software.domain)
    args.software.domain.joinPassword = "pw";
  return record(() => new COMPONENTS[seed.topology](seed.name, args));
}

const tag = (r: RecordedResource, k: string) => (r.inputs as any).tags?.[k] as string;
const code = (script: string) =>
  script
    .replace(/<#[\s\S]*?#>/g, "")
    .split("\n")
    .filter((l) => !/^\s*(#|<#|\*)/.test(l))
    .join("\n");
/** A reboot, a scheduled reboot, or a wait for one. */
const REBOOTS =
  /\bshutdown(\.exe)?\s+(-r|\/r)|\bRestart-Computer\b|systemctl\s+reboot|systemd-run\b.*reboot|^\s*reboot\b|waiting for the planned reboot|Condition \{ \$false \}/m;

describe.each(STACKS)("seed stack %s", (stack) => {
  let rs: RecordedResource[];
  beforeAll(async () => {
    rs = await build(stack);
  });
  const runs = () => rs.filter((r) => r.type === RUN_TYPE);
  const find = (node: string, step: string) =>
    runs().find((r) => tag(r, "ha-cluster-node") === node && tag(r, "ha-cluster-step") === step);

  it("reboots only in reboot-<reason> steps (no other script reboots, schedules or awaits one)", () => {
    const all = runs();
    if (stackCluster(stack).software.kind === "none") return expect(all).toEqual([]);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      const step = tag(r, "ha-cluster-step");
      const text = code(String((r.inputs as any).source.script));
      if (isRebootStep(step)) expect(text).toMatch(REBOOTS);
      else expect({ step, reboots: REBOOTS.exec(text)?.[0] }).toEqual({ step, reboots: undefined });
    }
  });

  it("each reboot step → wait (Sleep, triggers = the preceding step's hash) → gate → next step", () => {
    const reboots = runs().filter((r) => isRebootStep(tag(r, "ha-cluster-step")));
    if (stackCluster(stack).software.kind === "none") return;
    expect(reboots.length).toBeGreaterThanOrEqual(2);
    for (const reboot of reboots) {
      const node = tag(reboot, "ha-cluster-node");
      const reason = tag(reboot, "ha-cluster-step").replace(/^reboot-/, "");
      const waits = rs.filter((r) => r.type === SLEEP_TYPE && r.dependsOn.includes(reboot.name));
      expect(waits.map((w) => w.name)).toEqual([
        `${reboot.name.replace(/reboot-[a-z-]+$/, "")}wait-${reason}`,
      ]);
      const wait = waits[0];
      const sleep = wait.inputs as any;
      expect(sleep.createDuration).toMatch(/^\d+s$/);
      const hashParam = (reboot.inputs as any).parameters.find((p: any) =>
        /^(AFTER_HASH|AfterHash)$/.test(p.name),
      );
      expect(hashParam.value).toMatch(/^[0-9a-f]{32}$/);
      expect(sleep.triggers.afterHash).toBe(hashParam.value);
      const gate = find(node, `gate-${reason}`)!;
      expect(gate.dependsOn).toContain(wait.name);
      expect((gate.inputs as any).parameters).toEqual((reboot.inputs as any).parameters);
      // the steps after the gate wait for it, never for the reboot or the wait alone
      const next = runs().filter((r) => r.dependsOn.includes(gate.name));
      expect(next.length).toBeGreaterThan(0);
      // nothing but the wait follows a reboot step directly
      expect(runs().filter((x) => x.dependsOn.includes(reboot.name))).toEqual([]);
    }
  });

  it("reboots run node by node: node n's reboot waits for node n-1's gate", () => {
    const seed = stackCluster(stack);
    if (seed.software.kind === "none") return;
    const nodes = seed.nodes.map((n) => n.name);
    const reasons = new Set(
      runs()
        .map((r) => tag(r, "ha-cluster-step"))
        .filter(isRebootStep)
        .map((s) => s.replace(/^reboot-/, "")),
    );
    for (const reason of reasons) {
      for (let i = 1; i < nodes.length; i++) {
        const reboot = find(nodes[i], `reboot-${reason}`)!;
        expect(reboot.dependsOn).toContain(find(nodes[i - 1], `gate-${reason}`)!.name);
      }
    }
  });

  it("every reboot/gate/start script of a Linux chain is shellcheck-clean", () => {
    const seed = stackCluster(stack);
    if (seed.vm.os.startsWith("windows") || seed.software.kind === "none") return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-sc-"));
    const files = runs()
      .filter((x) => /^(reboot|gate)-|^start$/.test(tag(x, "ha-cluster-step")))
      .map((r, i) => {
        const f = path.join(dir, `${i}-${tag(r, "ha-cluster-step")}.sh`);
        fs.writeFileSync(f, String((r.inputs as any).source.script));
        return f;
      });
    expect(files.length).toBeGreaterThanOrEqual(9);
    const r = spawnSync("shellcheck", ["-S", "warning", "-s", "bash", ...files], {
      encoding: "utf8",
    });
    if (r.error) throw new Error(`shellcheck is required: ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe("");
  });

  it("every lifecycle script of a Windows chain parses", async () => {
    const seed = stackCluster(stack);
    if (seed.vm.os.startsWith("windows") === false || seed.software.kind === "none") return;
    for (const r of runs().filter((x) => /^(reboot|gate)-/.test(tag(x, "ha-cluster-step")))) {
      const errors = await parsePowerShell(String((r.inputs as any).source.script));
      expect({ step: tag(r, "ha-cluster-step"), errors }).toEqual({
        step: tag(r, "ha-cluster-step"),
        errors: [],
      });
    }
  });
});

describe("CLUSTERPRO: every node reboots between the push and the start", () => {
  it.each(STACKS.filter((s) => stackCluster(s).software.kind === "clusterpro"))(
    "%s",
    async (stack) => {
      const rs = await build(stack);
      const runs = rs.filter((r) => r.type === RUN_TYPE);
      const seed = stackCluster(stack);
      const push = runs.find((r) => tag(r, "ha-cluster-step") === "push")!;
      const start = runs.find((r) => tag(r, "ha-cluster-step") === "start")!;
      const first = runs.find(
        (r) =>
          tag(r, "ha-cluster-step") === "reboot-after-push" &&
          tag(r, "ha-cluster-node") === seed.nodes[0].name,
      )!;
      // Windows: the md-guid steps of the other nodes come between the push and the reboots
      const guid = runs.find((r) => tag(r, "ha-cluster-step") === "md-guid");
      if (guid) {
        expect(guid.dependsOn).toContain(push.name);
        expect(first.dependsOn).toContain(guid.name);
      } else expect(first.dependsOn).toContain(push.name);
      for (const n of seed.nodes) {
        const gate = runs.find(
          (r) =>
            tag(r, "ha-cluster-step") === "gate-after-push" && tag(r, "ha-cluster-node") === n.name,
        )!;
        expect(start.dependsOn).toContain(gate.name);
      }
      // the push step never starts the cluster
      expect(code(String((push.inputs as any).source.script))).not.toMatch(
        /clpcl(\.exe)?'?"?\)? -s|@\('-s'/,
      );
    },
  );
});

describe("WSFC domain join: extension → wait → gate → prepare", () => {
  it("ilb-wsfc-domain", async () => {
    const rs = await build("ilb-wsfc-domain");
    const seed = stackCluster("ilb-wsfc-domain");
    for (const n of seed.nodes) {
      const ext = rs.find(
        (r) =>
          r.type === "azure-native:compute:VirtualMachineExtension" &&
          r.name.endsWith(`${n.name}-domain-join`),
      )!;
      expect((ext.inputs as any).settings.Restart).toBe("true");
      const wait = rs.find((r) => r.type === SLEEP_TYPE && r.dependsOn.includes(ext.name))!;
      expect(wait.name).toBe(`${seed.name}-${n.name}-wait-after-join`);
      const gate = rs.find(
        (r) =>
          r.type === RUN_TYPE &&
          tag(r, "ha-cluster-step") === "gate-after-join" &&
          tag(r, "ha-cluster-node") === n.name,
      )!;
      expect(gate.dependsOn).toContain(wait.name);
      const script = String((gate.inputs as any).source.script);
      expect(script).toContain("PartOfDomain");
      expect(script).toContain("HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\JoinDomain");
      expect(await parsePowerShell(script)).toEqual([]);
      const prepare = rs.find(
        (r) =>
          r.type === RUN_TYPE &&
          tag(r, "ha-cluster-step") === "prepare" &&
          tag(r, "ha-cluster-node") === n.name,
      )!;
      expect(prepare.dependsOn).toContain(gate.name);
      expect(prepare.dependsOn).not.toContain(ext.name);
    }
  });
});

describe("bootstrap.rebootWaitSec", () => {
  it("defaults per OS and sizes every wait", async () => {
    const lin = (await build("ilb-linux")).filter((r) => r.type === SLEEP_TYPE);
    const win = (await build("ilb-windows")).filter((r) => r.type === SLEEP_TYPE);
    expect(new Set(lin.map((r) => (r.inputs as any).createDuration))).toEqual(new Set(["180s"]));
    expect(new Set(win.map((r) => (r.inputs as any).createDuration))).toEqual(new Set(["360s"]));
  });

  it.each([[30], [4000], [120.5], ["300"]])("refuses %p with the field path", (v) => {
    const entry: any = stackCluster("ilb-linux");
    entry.bootstrap = { rebootWaitSec: v };
    const problems = problemsOf([entry]);
    expect(problems.map((p) => p.path)).toContain("clusters[0].bootstrap.rebootWaitSec");
    const msg = problems.find((p) => p.path.endsWith("rebootWaitSec"))!.message;
    expect(msg).toMatch(/90 to 3600/);
  });
});

describe("CLUSTERPRO reboot after the push: sources", () => {
  it("4.3 confirmed by NEC's clpcfset doc, 5.0 marked UNCONFIRMED", () => {
    expect(rebootAfterPush([4, 3])).toMatchObject({ confidence: "confirmed" });
    expect(rebootAfterPush([4, 3]).source).toMatch(/Shared-Disk\.md/);
    expect(rebootAfterPush([5, 0])).toMatchObject({ confidence: "UNCONFIRMED" });
  });
});
