/**
 * The Scheduled Events agent in the plan: every CLUSTERPRO and WSFC seed stack installs it on
 * every node, after every other bootstrap step; `software.scheduledEvents` is validated (field
 * path, value, what is allowed) and resolved (freeze tolerance derived from detection); turned
 * off, the step removes the agent and the budget falls back to detection; the failover budget
 * carries the planned-maintenance line, in the components' output and in `plan`.
 */
import { record, ofType } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { parseComponentArgs } from "../components/core/config";
import { failoverBudget, GROUP_START_SEC, GROUP_STOP_SEC } from "../components/core/budget";
import {
  agentConfig,
  renderScheduledEventsInstall,
  SE_STEP,
} from "../components/bootstrap/scheduled-events";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";
import { ensureBuilt, runPlan } from "./support/cli";

const RUN = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";
const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};
const SEEDS = [
  "ilb-linux",
  "ilb-linux-dsr",
  "plb-linux",
  "dns-linux",
  "ilb-windows",
  "ilb-windows-dsr",
  "plb-windows",
  "dns-windows",
  "ilb-wsfc",
  "ilb-wsfc-domain",
  "plb-wsfc",
  "dns-wsfc",
];

function seedArgs(stack: string, edit?: (a: any) => void) {
  const seed = stackCluster(stack);
  const args = argsOf(seed);
  if (args.software.domain) args.software.domain.joinPassword = "Join-Pa55word";
  if (args.dns?.updater)
    args.dns.updater.certificatePem = "-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----";
  edit?.(args);
  return { seed, args };
}

describe("every CLUSTERPRO and WSFC seed stack installs the agent", () => {
  it.each(SEEDS)(
    "%s: one scheduled-events step per node, after every other step",
    async (stack) => {
      const { seed, args } = seedArgs(stack);
      const rs = await record(() => new COMPONENTS[seed.topology](seed.name, args));
      const runs = ofType(rs, RUN);
      const se = runs.filter((r) => (r.inputs as any).tags["ha-cluster-step"] === SE_STEP);
      const others = runs.filter((r) => (r.inputs as any).tags["ha-cluster-step"] !== SE_STEP);
      expect(se.map((r) => (r.inputs as any).tags["ha-cluster-node"]).sort()).toEqual(
        seed.nodes.map((n) => n.name).sort(),
      );
      const resolved = parseComponentArgs(seed.name, seed.topology, args);
      const lastOrder = Math.max(
        ...others.map((r) => Number((r.inputs as any).tags["ha-cluster-order"])),
      );
      for (const r of se) {
        const node = (r.inputs as any).tags["ha-cluster-node"];
        const inputs = r.inputs as any;
        expect(inputs.runCommandName).toBe("hacluster-scheduled-events");
        expect(Number(inputs.tags["ha-cluster-order"])).toBe(lastOrder + 1);
        expect(inputs.source.script).toBe(renderScheduledEventsInstall(resolved, node));
        expect(inputs.protectedParameters).toBeUndefined();
        // waits for every other step of the cluster, on every node
        // (reboot steps excepted: only a reboot's wait may depend on it; its gate is in the list)
        for (const o of others)
          if (!String((o.inputs as any).tags?.["ha-cluster-step"]).startsWith("reboot-"))
            expect(r.dependsOn).toContain(o.name);
      }
    },
  );
});

describe("software.scheduledEvents", () => {
  it("defaults: on, approve, poll 1 s, Freeze/Reboot/Redeploy, tolerance = detection − 10 s", () => {
    const linux = parseComponentArgs("se-test", "internal-lb", argsOf(stackCluster("ilb-linux")));
    const win = parseComponentArgs("se-test", "internal-lb", argsOf(stackCluster("ilb-windows")));
    const wsfc = parseComponentArgs("se-test", "internal-lb", argsOf(stackCluster("ilb-wsfc")));
    const dns = parseComponentArgs("se-test", "dns", seedArgs("dns-linux").args);
    const se = (c: typeof linux) =>
      c.software.kind === "none" ? undefined : c.software.scheduledEvents;
    expect(se(linux)).toEqual({
      enabled: true,
      approve: true,
      freezeToleranceSec: 110,
      freezeToleranceSource: "derived",
      pollIntervalSec: 1,
      eventTypes: ["Freeze", "Reboot", "Redeploy"],
    });
    expect(se(win)!.freezeToleranceSec).toBe(200); // 210 s heartbeat
    expect(se(wsfc)!.freezeToleranceSec).toBe(30); // 1000 ms × 40
    expect(se(dns)!.freezeToleranceSec).toBe(110); // A + B + C = 120 s
    const custom = parseComponentArgs(
      "se-test",
      "internal-lb",
      seedArgs("ilb-wsfc", (a) => {
        a.software.heartbeat = { sameSubnetThreshold: 60, crossSubnetThreshold: 60 };
        a.software.scheduledEvents = { approve: false, pollIntervalSec: 2, eventTypes: ["Reboot"] };
      }).args,
    );
    expect(se(custom)).toMatchObject({
      approve: false,
      freezeToleranceSec: 50,
      pollIntervalSec: 2,
      eventTypes: ["Reboot"],
    });
    expect(agentConfig(custom, "wsfc-node2")).toMatchObject({
      kind: "wsfc",
      node: "wsfc-node2",
      nodes: ["wsfc-node1", "wsfc-node2"],
      pollSec: 2,
      actOn: ["Reboot"],
      approve: false,
      freezeToleranceSec: 50,
      extraPath: [],
    });
    const set = parseComponentArgs(
      "se-test",
      "internal-lb",
      seedArgs("ilb-linux", (a) => (a.software.scheduledEvents = { freezeToleranceSec: 45 })).args,
    );
    expect(se(set)).toMatchObject({ freezeToleranceSec: 45, freezeToleranceSource: "config" });
  });

  it.each([
    [{ enabled: "yes" }, "scheduledEvents.enabled", /expected true or false/],
    [{ approve: 1 }, "scheduledEvents.approve", /expected true or false/],
    [{ freezeToleranceSec: -1 }, "scheduledEvents.freezeToleranceSec", /from 0 to 9999/],
    [{ freezeToleranceSec: 2.5 }, "scheduledEvents.freezeToleranceSec", /whole number/],
    [{ pollIntervalSec: 0 }, "scheduledEvents.pollIntervalSec", /from 1 to 60/],
    [
      { eventTypes: ["Preempt"] },
      "scheduledEvents.eventTypes[0]",
      /"Freeze".*"Reboot".*"Redeploy"/,
    ],
    [{ eventTypes: [] }, "scheduledEvents.eventTypes", /at least one event type/],
    [{ drain: true }, "scheduledEvents.drain", /not a known field/],
  ])("refuses %j at software.%s", (value, field, message) => {
    const c = stackCluster("ilb-linux");
    (c.software as any).scheduledEvents = value;
    const problems = problemsOf([c]);
    const hit = problems.find(
      (p) => p.path.startsWith(`clusters[0].software.${field}`) && message.test(p.message),
    );
    if (!hit)
      throw new Error(
        `no problem at software.${field} matching ${message}; got:\n${problems.map((p) => `${p.path}: ${p.value} ${p.message}`).join("\n")}`,
      );
  });

  it("is accepted for WSFC too and refused for software kind none", () => {
    const w = stackCluster("ilb-wsfc");
    (w.software as any).scheduledEvents = { enabled: false };
    expect(problemsOf([w])).toEqual([]);
    const n = stackCluster("ilb-linux");
    n.software = { kind: "none", scheduledEvents: {} } as any;
    expect(problemsOf([n]).some((p) => p.path.startsWith("clusters[0].software"))).toBe(true);
  });

  it("turned off: the step removes the agent, the budget falls back to detection", async () => {
    const { seed, args } = seedArgs(
      "ilb-wsfc",
      (a) => (a.software.scheduledEvents = { enabled: false }),
    );
    const c = parseComponentArgs(seed.name, seed.topology, args);
    const script = renderScheduledEventsInstall(c, "wsfc-node1");
    expect(script).toContain("$Enabled = $false");
    expect(script).toContain("$AgentScript = ''");
    expect(script).toContain("Unregister-ScheduledTask -TaskName $TaskName");
    const b = failoverBudget(c);
    expect(b).toMatchObject({ plannedMaintenance: "detection", plannedMaintenanceSec: b.rtoSec });
    const linux = parseComponentArgs(
      "se-test",
      "internal-lb",
      seedArgs("ilb-linux", (a) => (a.software.scheduledEvents = { enabled: false })).args,
    );
    expect(renderScheduledEventsInstall(linux, "node1")).toContain("SE_ENABLED=0");
  });
});

describe("planned-maintenance budget", () => {
  it.each([
    ["ilb-linux", 120, 10],
    ["ilb-wsfc", 40, 10],
    ["dns-windows", 210, 45],
  ])("%s: drain + switch (no detection) beside the RTO", (stack, detection, sw) => {
    const { seed, args } = seedArgs(stack);
    const b = failoverBudget(parseComponentArgs(seed.name, seed.topology, args));
    expect(b).toMatchObject({
      detectionSec: detection,
      clientSwitchSec: sw,
      rtoSec: detection + GROUP_START_SEC + sw,
      plannedMaintenance: "drain",
      plannedMaintenanceSec: GROUP_STOP_SEC + GROUP_START_SEC + sw,
    });
  });

  it("software none has no agent: planned maintenance is the RTO", () => {
    const { args } = seedArgs("ilb-linux", (a) => (a.software = { kind: "none" }));
    const b = failoverBudget(parseComponentArgs("se-test", "internal-lb", args));
    expect(b).toMatchObject({ plannedMaintenance: "detection", plannedMaintenanceSec: b.rtoSec });
  });

  it("plan shows the line (human and --json) and the agent's steps", () => {
    ensureBuilt();
    const human = runPlan(["--stack", "ilb-wsfc"]);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/planned maintenance/);
    expect(human.stdout).toMatch(/planned maintenance 70 s \(drain \+ switch, no detection\)/);
    expect(human.stdout).toMatch(/\| 70 s \(drain \+ switch, no detection\)/);
    expect(human.stdout).toContain("wsfc-node1/hacluster-scheduled-events");
    const json = runPlan(["--stack", "ilb-linux", "--json"]);
    expect(json.status).toBe(0);
    expect(json.json.failoverBudget[0]).toMatchObject({
      plannedMaintenance: "drain",
      plannedMaintenanceSec: 70,
    });
    expect(json.json.policies).toContainEqual(
      expect.objectContaining({
        policy: "scheduled-events-agent",
        status: "pass",
        enforcement: "advisory",
      }),
    );
  });
});
