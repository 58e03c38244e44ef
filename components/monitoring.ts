/**
 * Health-probe alerts of the LB topologies (issue 25): an active/standby cluster behind a load
 * balancer has one invariant Azure can watch for free — exactly one backend answers the probe.
 * Zero is an outage; more than one is split brain (two nodes answer for the VIP).
 *
 * The metric: `DipAvailability` ("Health Probe Status"), namespace Microsoft.Network/loadBalancers,
 * unit percent, recommended aggregation Average, dimensions ProtocolType, BackendPort,
 * FrontendIPAddress, FrontendPort, BackendIPAddress
 * (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-loadbalancers-metrics;
 * MicrosoftDocs/azure-docs articles/load-balancer/load-balancer-standard-diagnostics.md).
 * Averaged over the backends of one frontend IP + port it is 100 × healthy / backends
 * ("the average successful/total pings during the sampling interval", sampled per minute, so a
 * steady 50 may read 46.15: MicrosoftDocs/azure-docs articles/load-balancer/troubleshoot-rhc.md).
 * For N backends the thresholds sit half a node's share away from the exact values:
 *   no backend healthy:        average < 50/N   (one healthy node reads 100/N)
 *   more than one healthy:     average > 150/N  (one healthy reads 100/N, two read 200/N)
 *
 * Stopped or deallocated nodes: "If an instance is stopped, it will not be probed until it has
 * been started again" (MicrosoftDocs/azure-docs articles/load-balancer/
 * load-balancer-custom-probe-overview.md, "Design guidance"), and a stopped VM drops out of the
 * average instead of counting as unhealthy (MicrosoftDocs/azure-docs PR #51381: stopping 1 of 3
 * VMs does not bring the average to 66.67). So the average is 100 × healthy / running nodes, and
 * what the alerts cannot tell: with a node stopped, the one healthy node of the ones still
 * running reads 150/N or more — for two nodes, 100 % — exactly like split brain. The split-brain
 * alert's description says so, and `azure-ha-cluster drill --check` (per-backend state from the
 * rule-health API plus the VMs' power states) tells the two apart. With every node stopped there
 * is no data at all, and a metric alert does not fire on missing data: watch the VMs themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type * as network from "@pulumi/azure-native/network";
import { childName } from "./core/naming";
import type { ResolvedCluster, ResolvedLb } from "./core/types";

/** The metric and its namespace (Microsoft's supported-metrics reference). */
export const PROBE_METRIC = "DipAvailability";
/** The metric namespace of Standard load balancers. */
export const LB_METRIC_NAMESPACE = "Microsoft.Network/loadBalancers";

/** The two conditions, per load-balancing rule. */
export type AlertCondition = "no-healthy-backend" | "split-brain";

/** The thresholds (percent) of the two conditions for `nodes` backends. */
export function probeThresholds(nodes: number): Record<AlertCondition, number> {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { "no-healthy-backend": round(50 / nodes), "split-brain": round(150 / nodes) };
}

/** ISO 8601 duration of a window in minutes (1, 5, 15, 30 or 60). */
export function windowDuration(min: number): string {
  return min >= 60 ? `PT${min / 60}H` : `PT${min}M`;
}

/** The alerts of one cluster and their ids. */
export interface BuiltAlerts {
  /** One alert per (condition, load-balancing rule). */
  alerts: monitor.MetricAlert[];
  /** Their resource ids. */
  alertIds: pulumi.Output<string[]>;
}

/**
 * Creates the health-probe alerts of an LB cluster (none when `monitoring.enabled` is false).
 * `frontendAddress`: the internal VIP, or the public IP address once Azure allocates it.
 * @internal
 */
export function buildProbeAlerts(
  name: string,
  c: ResolvedCluster,
  lb: ResolvedLb,
  loadBalancer: network.LoadBalancer,
  resourceGroupName: pulumi.Input<string>,
  frontendAddress: pulumi.Input<string>,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): BuiltAlerts {
  if (!c.monitoring.enabled) return { alerts: [], alertIds: pulumi.output([]) };
  const scope: AlertScope = { name, c, loadBalancer, resourceGroupName, tags, parent };
  const alerts: monitor.MetricAlert[] = [];
  for (const rule of lb.rules) {
    const dimensions = ruleDimensions(rule, frontendAddress);
    for (const condition of alertConditions(name, rule, c)) {
      alerts.push(buildMetricAlert(scope, rule, condition, dimensions));
    }
  }
  return { alerts, alertIds: pulumi.all(alerts.map((a) => a.id)) };
}

/** What every alert of one cluster shares. */
interface AlertScope {
  name: string;
  c: ResolvedCluster;
  loadBalancer: network.LoadBalancer;
  resourceGroupName: pulumi.Input<string>;
  tags: Record<string, string>;
  parent: pulumi.Resource;
}

type LbRule = ResolvedLb["rules"][number];
type MetricDimension = { name: string; operator: string; values: pulumi.Input<string>[] };
type ConditionSpec = [AlertCondition, "LessThan" | "GreaterThan", string];

/**
 * One rule per frontend IP + port, so one rule's VIP cannot mask another's. HA ports
 * (port 0) balance every port: filter on the frontend IP only.
 */
function ruleDimensions(rule: LbRule, frontendAddress: pulumi.Input<string>): MetricDimension[] {
  const dimensions: MetricDimension[] = [
    { name: "FrontendIPAddress", operator: "Include", values: [frontendAddress] },
  ];
  if (rule.frontendPort !== 0)
    dimensions.push({
      name: "FrontendPort",
      operator: "Include",
      values: [String(rule.frontendPort)],
    });
  return dimensions;
}

/** The two conditions of one load-balancing rule: operator and the description users read. */
function alertConditions(name: string, rule: LbRule, c: ResolvedCluster): ConditionSpec[] {
  const n = c.nodes.length;
  const windowMin = c.monitoring.windowMin;
  return [
    [
      "no-healthy-backend",
      "LessThan",
      `No backend of ${name} answers the health probe for ${rule.name} (average < 50/${n} % over ${windowMin} min): clients get no answer. Check the cluster's group/role and the probe listener (azurepp / ProbePort).`,
    ],
    [
      "split-brain",
      "GreaterThan",
      `More than one backend of ${name} answers the health probe for ${rule.name} (average > 150/${n} % over ${windowMin} min): split brain, or a stopped node dropped out of the metric. Run azure-ha-cluster drill --check to tell which.`,
    ],
  ];
}

/** One metric alert: the probe metric's average against the condition's threshold. */
function buildMetricAlert(
  s: AlertScope,
  rule: LbRule,
  [cond, operator, description]: ConditionSpec,
  dimensions: MetricDimension[],
): monitor.MetricAlert {
  const m = s.c.monitoring;
  const ruleName = childName(s.name, "alert", cond, rule.name);
  return new monitor.MetricAlert(
    ruleName,
    {
      resourceGroupName: s.resourceGroupName,
      ruleName,
      // Metric alert rules are global resources.
      location: "global",
      description,
      severity: m.severity,
      enabled: true,
      scopes: [s.loadBalancer.id],
      evaluationFrequency: "PT1M",
      windowSize: windowDuration(m.windowMin),
      autoMitigate: true,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: cond,
            metricNamespace: LB_METRIC_NAMESPACE,
            metricName: PROBE_METRIC,
            timeAggregation: "Average",
            operator,
            threshold: probeThresholds(s.c.nodes.length)[cond],
            dimensions,
          },
        ],
      },
      actions: m.actionGroupId ? [{ actionGroupId: m.actionGroupId }] : undefined,
      tags: s.tags,
    },
    { parent: s.parent },
  );
}
