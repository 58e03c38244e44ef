/**
 * The rules' cluster forms: a pass and a fail case for every registered rule that has one
 * (table-driven, each case changes one fact of a valid seed cluster; the resource forms' cases
 * are in policies.test.ts), the stamped-tag round trip, PolicyViolationError at construction,
 * and A + B + C as a property.
 */
import fc from "fast-check";
import { checkClusterEntry, parseClusters, parseComponentArgs } from "../components/core/config";
import { abc } from "../components/core/heartbeat";
import { clusterTags } from "../components/core/naming";
import {
  CLUSTER_RULES,
  clusterFacts,
  decodeFactsTags,
  encodeFactsTags,
  evaluateCluster,
  PolicyViolationError,
  RULES,
  type ClusterFacts,
} from "../components/core/rules";
import { failoverBudget } from "../components/core/budget";
import type { ClusterConfig, ResolvedCluster } from "../components/core/types";
import { argsOf, stackCluster } from "./fixtures/clusters";

function resolve(entry: ClusterConfig): ResolvedCluster {
  const r = checkClusterEntry(entry, [], { source: "component" });
  if (!r.resolved) throw new Error(JSON.stringify(r.problems));
  return r.resolved;
}

const wsfc = () => clusterFacts(resolve(stackCluster("ilb-wsfc")));
const linux = () => clusterFacts(resolve(stackCluster("ilb-linux")));

/** A CLUSTERPRO public-LB cluster built from the Linux seed (monitor NP, pre-final script). */
function plbLinuxEntry(): ClusterConfig {
  const e = stackCluster("ilb-linux");
  const lb = e.internalLb!;
  delete e.internalLb;
  e.name = "plb-linux";
  e.topology = "public-lb";
  e.software = { kind: "clusterpro", version: "5.0" };
  e.publicLb = { probePort: lb.probePort, rules: lb.rules! };
  return e;
}
const plb = () => clusterFacts(resolve(plbLinuxEntry()));

type Case = [rule: string, facts: () => ClusterFacts, expected: "pass" | "fail", fragment: string];
const edit = (base: () => ClusterFacts, change: (f: ClusterFacts) => void) => (): ClusterFacts => {
  const f = base();
  change(f);
  return f;
};

const CASES: Case[] = [
  ["detection-outlasts-pause", wsfc, "pass", "detection 40 s > 30 s pause"],
  [
    "detection-outlasts-pause",
    edit(wsfc, (f) => (f.wsfc!.sameThreshold = 10)),
    "fail",
    "detection 10 s ≤ 30 s pause: set SameSubnetThreshold ≥ 31 at 1000 ms",
  ],
  [
    "detection-outlasts-pause",
    edit(wsfc, (f) => (f.pauseSec = 60)),
    "fail",
    "detection 40 s ≤ 60 s pause",
  ],
  ["detection-outlasts-pause", linux, "pass", "detection 120 s > 30 s pause"],
  [
    "detection-outlasts-pause",
    edit(linux, (f) => (f.clusterpro!.heartbeatSec = 30)),
    "fail",
    "set software.heartbeat.timeoutSec ≥ 31",
  ],
  ["wsfc-heartbeat-ranges", wsfc, "pass", "within range"],
  [
    "wsfc-heartbeat-ranges",
    edit(wsfc, (f) => (f.wsfc!.sameDelayMs = 2500)),
    "fail",
    "SameSubnetDelay 2500 ms outside 250–2000 ms",
  ],
  [
    "wsfc-heartbeat-ranges",
    edit(wsfc, (f) => (f.wsfc!.crossDelayMs = 200)),
    "fail",
    "CrossSubnetDelay 200 ms outside 250–4000 ms",
  ],
  [
    "wsfc-heartbeat-ranges",
    edit(wsfc, (f) => (f.wsfc!.crossThreshold = 121)),
    "fail",
    "CrossSubnetThreshold 121 outside 3–120",
  ],
  ["wsfc-same-subnet-not-looser", wsfc, "pass", "same-subnet 40 s ≤ cross-subnet 40 s"],
  [
    "wsfc-same-subnet-not-looser",
    edit(wsfc, (f) => (f.wsfc!.crossThreshold = 20)),
    "fail",
    "SameSubnetThreshold 40 > CrossSubnetThreshold 20",
  ],
  [
    "wsfc-same-subnet-not-looser",
    edit(wsfc, (f) => (f.wsfc!.sameDelayMs = 2000)),
    "fail",
    "SameSubnetDelay 2000 ms > CrossSubnetDelay 1000 ms",
  ],
  ["wsfc-os-detection-limit", wsfc, "pass", "40 s ≤ 240 s (windows-2022)"],
  [
    "wsfc-os-detection-limit",
    edit(wsfc, (f) =>
      Object.assign(f.wsfc!, {
        sameDelayMs: 2000,
        sameThreshold: 121,
        crossDelayMs: 2000,
        crossThreshold: 121,
      }),
    ),
    "fail",
    "242 s > 240 s allowed",
  ],
  [
    "wsfc-os-detection-limit",
    edit(wsfc, (f) => (f.os = "windows-2008-r2")),
    "fail",
    "detection 40 s > 20 s allowed on windows-2008-r2",
  ],
  [
    "sql-ag-lease-below-detection",
    edit(wsfc, (f) => (f.sqlLeaseSec = 20)),
    "pass",
    "AG lease timeout 20 s < detection 40 s",
  ],
  [
    "sql-ag-lease-below-detection",
    edit(wsfc, (f) => (f.sqlLeaseSec = 40)),
    "fail",
    "AG lease timeout 40 s ≥ detection 40 s",
  ],
  ["clusterpro-heartbeat-abc", plb, "pass", "heartbeat 120 s ≥ A + B + C = 60 + 30 + 30 = 120 s"],
  [
    "clusterpro-heartbeat-abc",
    edit(plb, (f) => (f.clusterpro!.heartbeatSec = 100)),
    "fail",
    "heartbeat 100 s < A + B + C = 60 + 30 + 30 = 120 s: set software.heartbeat.timeoutSec ≥ 120",
  ],
  [
    "clusterpro-shutdown-monitor",
    edit(linux, (f) => (f.clusterpro!.shutdownMonitorSec = 120)),
    "pass",
    "shutdown monitor 120 s ≤ heartbeat 120 s",
  ],
  [
    "clusterpro-shutdown-monitor",
    edit(linux, (f) => (f.clusterpro!.shutdownMonitorSec = 121)),
    "fail",
    "set software.shutdownMonitorTimeoutSec ≤ 120",
  ],
  [
    "clusterpro-os-boot",
    edit(linux, (f) => (f.osBootSec = 150)),
    "pass",
    "OS boot 150 s > heartbeat 120 s",
  ],
  [
    "clusterpro-os-boot",
    edit(linux, (f) => (f.osBootSec = 90)),
    "fail",
    "OS boot 90 s ≤ heartbeat 120 s",
  ],
  ["clusterpro-os-boot-unknown", linux, "fail", "OS boot time unknown"],
  ["clusterpro-pre-final-script", plb, "pass", "pre-final script timeout 30 s > 2 × 5 s"],
  [
    "clusterpro-pre-final-script",
    edit(plb, (f) => (f.clusterpro!.preFinalScriptSec = 10)),
    "fail",
    "preFinalScriptTimeoutSec ≥ 11",
  ],
  ["clusterpro-ping-target", linux, "pass", "1 ping NP target"],
  [
    "clusterpro-ping-target",
    edit(linux, (f) => (f.clusterpro!.pingTargets = 0)),
    "fail",
    "no ping NP target",
  ],
  ["tcp-keepalive-idle-timeout", wsfc, "pass", "keep-alive 230 s < idle timeout 240 s"],
  [
    "tcp-keepalive-idle-timeout",
    edit(wsfc, (f) => (f.wsfc!.keepAliveMs = 300000)),
    "fail",
    "keep-alive 300 s ≥ idle timeout 240 s",
  ],
  [
    "floating-ip-vip-owner",
    wsfc,
    "pass",
    "floating IP on: the guest owns the VIP (WSFC IP resource)",
  ],
  [
    "floating-ip-vip-owner",
    edit(wsfc, (f) => (f.lb!.floatingIp = false)),
    "fail",
    "floating IP off but the guest owns the VIP",
  ],
  [
    "floating-ip-vip-owner",
    edit(plb, (f) => (f.lb!.floatingIp = true)),
    "fail",
    "floating IP on but the guest does not own the VIP",
  ],
  ["probe-port-free", linux, "pass", "probe port 26001 is used by no rule"],
  [
    "probe-port-free",
    edit(linux, (f) => (f.lb!.rulePorts = [80, 26001])),
    "fail",
    "probe port 26001 is also a rule port",
  ],
  ["fault-domains", linux, "pass", "2 fault domains"],
  [
    "fault-domains",
    edit(linux, (f) => (f.placement = { faultDomains: 1 })),
    "fail",
    "faultDomains to 2 or 3",
  ],
  ["fault-domains", edit(linux, (f) => (f.placement = { zones: 1 })), "fail", "nodes in 1 zone"],
  ["shared-disk-limits", wsfc, "pass", "maxShares 2 within 2–3"],
  [
    "shared-disk-limits",
    edit(wsfc, (f) => (f.sharedDisks![0].maxShares = 5)),
    "fail",
    "maxShares 5 > 3 allowed for Premium_LRS 256 GiB",
  ],
  [
    "shared-disk-limits",
    edit(wsfc, (f) => (f.sharedDisks![0].sku = "Standard_LRS")),
    "fail",
    "Standard HDD cannot be shared",
  ],
  ["node-egress", linux, "pass", "NAT gateway"],
  ["node-egress", edit(linux, (f) => (f.egress = "none")), "fail", "natGateway is false"],
  ["node-egress", edit(linux, (f) => (f.egress = "existing")), "fail", "existing subnet"],
  ["dns-ttl", edit(linux, (f) => (f.dns = { ttlSec: 30 })), "pass", "TTL 30 s ≤ 60 s"],
  ["dns-ttl", edit(linux, (f) => (f.dns = { ttlSec: 3600 })), "fail", "TTL 3600 s"],
  [
    "wsfc-client-role",
    edit(wsfc, (f) => (f.wsfc!.role = { mode: "ip-and-disks", name: "r", disks: ["data"] })),
    "pass",
    "role 'r' owns",
  ],
  [
    "wsfc-client-role",
    edit(wsfc, (f) => (f.wsfc!.role = { mode: "none", name: "r", disks: ["data"] })),
    "fail",
    "no role is created",
  ],
  ["scheduled-events-agent", linux, "pass", "freezes over 110 s (detection 120 s)"],
  ["scheduled-events-agent", wsfc, "pass", "freezes over 30 s (detection 40 s)"],
  [
    "scheduled-events-agent",
    edit(linux, (f) => (f.scheduledEvents = { enabled: false, freezeToleranceSec: 110 })),
    "fail",
    "the Scheduled Events agent is off: an announced Reboot/Redeploy of the active node costs detection 120 s",
  ],
  [
    "scheduled-events-agent",
    edit(wsfc, (f) => (f.scheduledEvents = { enabled: true, freezeToleranceSec: 40 })),
    "fail",
    "freeze tolerance 40 s ≥ detection 40 s",
  ],
];

describe("cluster rules", () => {
  it("every registered rule with a cluster form has a pass and a fail case, and only those", () => {
    const withForm = RULES.filter((r) => r.cluster !== undefined);
    expect(CLUSTER_RULES).toEqual(withForm);
    for (const r of withForm) {
      // clusterpro-os-boot-unknown only warns; once the boot time is declared it steps aside.
      const passes = r.id === "clusterpro-os-boot-unknown" ? false : true;
      expect([r.id, CASES.some((c) => c[0] === r.id && c[2] === "pass")]).toEqual([r.id, passes]);
      expect([r.id, CASES.some((c) => c[0] === r.id && c[2] === "fail")]).toEqual([r.id, true]);
    }
    const ids = new Set(withForm.map((r) => r.id));
    expect(CASES.map((c) => c[0]).filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(CASES)("%s → %s (%#)", (id, facts, expected, fragment) => {
    const rule = CLUSTER_RULES.find((r) => r.id === id)!;
    const verdicts = rule.cluster(facts());
    expect(verdicts.length).toBeGreaterThan(0);
    const hit = verdicts.find((v) => v.status === expected);
    expect(hit).toBeDefined();
    expect(hit!.rule).toBe(id);
    expect(hit!.enforcement).toBe(rule.enforcement);
    expect(hit!.message).toContain(fragment);
  });

  it("rules that do not apply return nothing", () => {
    const byId = (id: string) => CLUSTER_RULES.find((r) => r.id === id)!;
    expect(byId("wsfc-heartbeat-ranges").cluster(linux())).toEqual([]);
    expect(byId("clusterpro-heartbeat-abc").cluster(linux())).toEqual([]); // ping NP
    expect(byId("clusterpro-ping-target").cluster(wsfc())).toEqual([]);
    expect(byId("sql-ag-lease-below-detection").cluster(wsfc())).toEqual([]);
    expect(
      byId("clusterpro-os-boot-unknown").cluster(edit(linux, (f) => (f.osBootSec = 150))()),
    ).toEqual([]);
  });

  it("marks the advisory rules", () => {
    const advisory = CLUSTER_RULES.filter((r) => r.enforcement === "advisory").map((r) => r.id);
    expect(advisory.sort()).toEqual([
      "clusterpro-os-boot-unknown",
      "dns-ttl",
      "node-egress",
      "scheduled-events-agent",
      "sql-ag-lease-below-detection",
      "wsfc-client-role",
    ]);
  });

  it.each(["ilb-linux", "ilb-linux-dsr", "ilb-wsfc"])(
    "seed %s passes every mandatory rule",
    (stack) => {
      const failed = evaluateCluster(resolve(stackCluster(stack))).filter(
        (v) => v.status === "fail" && v.enforcement === "mandatory",
      );
      expect(failed).toEqual([]);
    },
  );
});

describe("stamped tags", () => {
  it.each(["ilb-linux", "ilb-linux-dsr", "ilb-wsfc"])(
    "%s: decode(encode(facts)) keeps every stamped fact",
    (stack) => {
      const f = clusterFacts(resolve(stackCluster(stack)));
      const tags = {
        "ha-cluster": f.name,
        "ha-cluster-topology": f.topology,
        ...encodeFactsTags(f),
      };
      const { sharedDisks: _s, ...stamped } = f;
      const { rulePorts: _r, ...lb } = f.lb!;
      // the WSFC client role is not stamped (the plan reports it; the pack steps aside)
      const wsfc = f.wsfc ? (({ role: _role, ...rest }) => rest)(f.wsfc) : undefined;
      expect(decodeFactsTags(tags)).toEqual({ ...stamped, lb, ...(wsfc ? { wsfc } : {}) });
    },
  );

  it("round-trips a public-LB CLUSTERPRO cluster with A + B + C and the pre-final timeout", () => {
    const f = plb();
    const d = decodeFactsTags({ "ha-cluster": f.name, ...encodeFactsTags(f) })!;
    expect(d.clusterpro).toEqual(f.clusterpro);
  });

  it("clusterTags stamps compact values within Azure's limits", () => {
    const tags = clusterTags(resolve(stackCluster("ilb-wsfc")));
    expect(tags["ha-cluster-timing"]).toBe(
      "sw=wsfc os=windows-2022 pause=30 same=1000x40 cross=1000x40 ka=230000 se=1 freeze=30",
    );
    expect(tags["ha-cluster-net"]).toBe(
      "nodes=2 vip=guest egress=nat fd=2 lb=internal fip=1 probe=59999 probe-timing=5x2 idle=4 shared-luns=1",
    );
    expect(Object.keys(tags).length).toBeLessThanOrEqual(50);
    for (const v of Object.values(tags)) expect(v.length).toBeLessThanOrEqual(256);
  });

  it("decodes no Pacemaker cluster (no such software kind yet)", () => {
    const net = "nodes=2 vip=lb egress=nat fd=2";
    expect(
      decodeFactsTags({ "ha-cluster-timing": "sw=none pause=30", "ha-cluster-net": net }),
    ).toMatchObject({ software: "none", pauseSec: 30, nodeCount: 2 });
    expect(
      decodeFactsTags({
        "ha-cluster-timing": "sw=pacemaker pause=30 token=30000",
        "ha-cluster-net": net,
      }),
    ).toBeUndefined();
  });

  it("ignores resources without stamped tags or with malformed ones", () => {
    expect(decodeFactsTags(undefined)).toBeUndefined();
    expect(decodeFactsTags({ "ha-cluster": "x" })).toBeUndefined();
    expect(
      decodeFactsTags({
        "ha-cluster-timing": "sw=wsfc pause=30",
        "ha-cluster-net": "nodes=2 egress=nat",
      }),
    ).toBeUndefined();
  });
});

describe("construction fails on a mandatory violation", () => {
  it("parseComponentArgs throws PolicyViolationError naming the rule and the numbers", () => {
    const e = stackCluster("ilb-wsfc");
    (e.software as any).heartbeat.sameSubnetThreshold = 10;
    let err: unknown;
    try {
      parseComponentArgs(e.name, e.topology, argsOf(e));
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(PolicyViolationError);
    const pve = err as PolicyViolationError;
    expect(pve.name).toBe("PolicyViolationError");
    expect(pve.message).toContain(
      "[detection-outlasts-pause] detection 10 s ≤ 30 s pause: set SameSubnetThreshold ≥ 31 at 1000 ms",
    );
    expect(pve.verdicts.filter((v) => v.status === "fail").map((v) => v.rule)).toEqual([
      "detection-outlasts-pause",
    ]);
    expect(pve.verdicts.some((v) => v.status === "pass")).toBe(true);
  });

  it("parseClusters throws for the stack program before any component exists", () => {
    const ok = stackCluster("ilb-linux");
    const bad = stackCluster("ilb-wsfc");
    (bad.software as any).heartbeat.crossSubnetThreshold = 20;
    expect(() => parseClusters([ok, bad], { source: "stack" })).toThrow(
      /wsfc-same-subnet-not-looser/,
    );
    expect(parseClusters([ok], { source: "stack" })).toHaveLength(1);
  });
});

describe("failover budget", () => {
  it.each([
    ["ilb-linux", 120, 10],
    ["ilb-wsfc", 40, 10],
  ])("%s: detection %i s, client switch %i s", (stack, detection, sw) => {
    const b = failoverBudget(resolve(stackCluster(stack)));
    expect(b).toMatchObject({
      detectionSec: detection,
      toleratedPauseSec: 30,
      clientSwitchSec: sw,
      marginSec: detection - 30,
    });
    expect(b.rtoSec).toBe(detection + b.groupStartSec + sw);
  });

  it("Windows CLUSTERPRO defaults to 210 s; DNS client switch is TTL + update", () => {
    const e = plbLinuxEntry();
    e.vm = { size: "Standard_D2s_v5", os: "windows-2022", adminUsername: "clusteradmin" };
    e.nodes = e.nodes.map((n) => ({ ...n }));
    expect(failoverBudget(resolve(e)).detectionSec).toBe(210);
    const c = resolve(stackCluster("ilb-linux"));
    const dns = failoverBudget({
      ...c,
      lb: undefined,
      dns: {
        zoneName: "z.example",
        recordName: "r",
        fqdn: "r.z.example",
        ttlSec: 30,
        private: false,
      },
    });
    expect(dns.clientSwitch).toBe("dns");
    expect(dns.clientSwitchSec).toBeGreaterThan(30);
  });
});

describe("A + B + C", () => {
  const monitors = fc.record({
    intervalSec: fc.integer({ min: 1, max: 600 }),
    retries: fc.integer({ min: 0, max: 10 }),
    multiTargetIntervalSec: fc.integer({ min: 1, max: 600 }),
    multiTargetRetries: fc.integer({ min: 0, max: 10 }),
    graceSec: fc.integer({ min: 0, max: 300 }),
  });

  it("the rule passes exactly when the heartbeat is at least A + B + C", () => {
    const rule = CLUSTER_RULES.find((r) => r.id === "clusterpro-heartbeat-abc")!;
    fc.assert(
      fc.property(monitors, fc.integer({ min: 1, max: 20000 }), (m, hb) => {
        const { a, b, c, total } = abc(m);
        const f = plb();
        Object.assign(f.clusterpro!, { a, b, c, heartbeatSec: hb });
        const [v] = rule.cluster(f);
        expect(total).toBe(
          m.intervalSec * (m.retries + 1) +
            m.multiTargetIntervalSec * (m.multiTargetRetries + 1) +
            m.graceSec,
        );
        expect(v.status).toBe(hb >= total ? "pass" : "fail");
        if (v.status === "fail") expect(v.message).toContain(`≥ ${total}`);
      }),
    );
  });

  it("a defaulted monitor-NP heartbeat always satisfies the rule and survives the tag round trip", () => {
    fc.assert(
      fc.property(monitors, (m) => {
        const e = plbLinuxEntry();
        (e.software as any).networkPartition = m;
        const f = clusterFacts(resolve(e));
        expect(f.clusterpro!.heartbeatSec).toBe(abc(m).total);
        const d = decodeFactsTags({ "ha-cluster": f.name, ...encodeFactsTags(f) })!;
        expect(
          CLUSTER_RULES.find((r) => r.id === "clusterpro-heartbeat-abc")!.cluster(d)[0].status,
        ).toBe("pass");
      }),
      { numRuns: 50 },
    );
  });
});
