import { record, ofType, one } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { probeThresholds, windowDuration } from "../components/monitoring";
import { argsOf, problemsOf, stackCluster } from "./fixtures/clusters";

const ALERT = "azure-native:monitor:MetricAlert";
const LB = "azure-native:network:LoadBalancer";

function criterion(r: { inputs: Record<string, unknown> }) {
  const c = r.inputs.criteria as any;
  expect(c.odataType).toBe("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria");
  expect(c.allOf).toHaveLength(1);
  return c.allOf[0];
}

describe("health-probe alerts (issue 25)", () => {
  it.each([
    [2, 25, 75],
    [3, 16.67, 50],
    [4, 12.5, 37.5],
  ])("thresholds for %i nodes: none < %d, more than one > %d", (n, none, split) => {
    expect(probeThresholds(n)).toEqual({ "no-healthy-backend": none, "split-brain": split });
  });

  it("internal LB: two alerts per rule on DipAvailability, averaged, scoped to the LB, filtered on VIP + port", async () => {
    const seed = stackCluster("ilb-linux");
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    const lb = one(rs, LB);
    const alerts = ofType(rs, ALERT);
    expect(alerts.map((a) => a.name).sort()).toEqual([
      "ilb-linux-alert-no-healthy-backend-tcp-80",
      "ilb-linux-alert-split-brain-tcp-80",
    ]);
    for (const a of alerts) {
      expect(a.parent).toBe("ilb-linux");
      expect(a.inputs).toMatchObject({
        location: "global",
        scopes: [`${lb.name}_id`],
        severity: 1,
        enabled: true,
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        resourceGroupName: "TestGroup1",
      });
      expect(a.inputs.actions).toBeUndefined();
      const c = criterion(a);
      expect(c).toMatchObject({
        criterionType: "StaticThresholdCriterion",
        metricNamespace: "Microsoft.Network/loadBalancers",
        metricName: "DipAvailability",
        timeAggregation: "Average",
      });
      expect(c.dimensions).toEqual([
        { name: "FrontendIPAddress", operator: "Include", values: ["10.5.0.200"] },
        { name: "FrontendPort", operator: "Include", values: ["80"] },
      ]);
    }
    const none = criterion(alerts.find((a) => a.name.includes("no-healthy"))!);
    expect(none).toMatchObject({ operator: "LessThan", threshold: 25 });
    const split = criterion(alerts.find((a) => a.name.includes("split-brain"))!);
    expect(split).toMatchObject({ operator: "GreaterThan", threshold: 75 });
  });

  it("threshold follows the node count; window, severity and action group from config", async () => {
    const seed = stackCluster("ilb-linux");
    const args = argsOf(seed);
    args.nodes = [...args.nodes, { name: "node3", privateIp: "10.5.0.112" }];
    // a CLUSTERPRO mirror disk takes exactly two servers: three nodes need another software kind
    args.software = { kind: "none" };
    const ag =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/microsoft.insights/actionGroups/oncall";
    args.monitoring = { windowMin: 15, severity: 0, actionGroupId: ag };
    const rs = await record(() => new HaClusterInternalLb(seed.name, args));
    const alerts = ofType(rs, ALERT);
    expect(alerts).toHaveLength(2);
    for (const a of alerts) {
      expect(a.inputs).toMatchObject({
        windowSize: "PT15M",
        severity: 0,
        actions: [{ actionGroupId: ag }],
      });
    }
    expect(criterion(alerts.find((a) => a.name.includes("split-brain"))!).threshold).toBe(50);
    expect(criterion(alerts.find((a) => a.name.includes("no-healthy"))!).threshold).toBe(16.67);
  });

  it("public LB: the frontend filter is the public IP; HA ports filter on the IP only", async () => {
    const seed = stackCluster("plb-windows");
    const rs = await record(() => new HaClusterPublicLb(seed.name, argsOf(seed)));
    const alerts = ofType(rs, ALERT);
    expect(alerts).toHaveLength(2);
    const dims = criterion(alerts[0]).dimensions;
    expect(dims[0].name).toBe("FrontendIPAddress");
    expect(dims[1]).toEqual({ name: "FrontendPort", operator: "Include", values: ["80"] });

    const ilb = stackCluster("ilb-linux");
    const args = argsOf(ilb);
    args.internalLb = { ...args.internalLb, haPorts: true, rules: undefined, floatingIp: false };
    const rs2 = await record(() => new HaClusterInternalLb(ilb.name, args));
    for (const a of ofType(rs2, ALERT))
      expect(criterion(a).dimensions).toEqual([
        { name: "FrontendIPAddress", operator: "Include", values: ["10.5.0.200"] },
      ]);
  });

  it("monitoring.enabled false: no alert; DNS topology: none (no LB metric)", async () => {
    const seed = stackCluster("ilb-linux");
    const rs = await record(
      () => new HaClusterInternalLb(seed.name, { ...argsOf(seed), monitoring: { enabled: false } }),
    );
    expect(ofType(rs, ALERT)).toHaveLength(0);
    const dns = stackCluster("dns-wsfc");
    const rs2 = await record(() => new HaClusterDns(dns.name, argsOf(dns)));
    expect(ofType(rs2, ALERT)).toHaveLength(0);
  });

  it("bad monitoring values name the field, the value and what is allowed", () => {
    const seed = stackCluster("ilb-linux") as any;
    const problems = problemsOf([
      { ...seed, monitoring: { windowMin: 10, severity: 7, actionGroupId: "oncall" } },
    ]);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(byPath["clusters[0].monitoring.windowMin"].message).toMatch(/1, 5, 15, 30, 60/);
    expect(byPath["clusters[0].monitoring.windowMin"].value).toBe("10");
    expect(byPath["clusters[0].monitoring.severity"].message).toMatch(/0 to 4/);
    expect(byPath["clusters[0].monitoring.actionGroupId"].message).toMatch(/actionGroups/);
  });

  it("window durations are ISO 8601", () => {
    expect([1, 5, 15, 30, 60].map(windowDuration)).toEqual([
      "PT1M",
      "PT5M",
      "PT15M",
      "PT30M",
      "PT1H",
    ]);
  });
});
