/**
 * CLUSTERPRO rules: heartbeat against network-partition resolution, shutdown monitor, OS boot,
 * the script before mtw1's final action, and ping NP targets.
 */
import { defineRule } from "./types";

/** `clpazure_port_checker` has a fixed 5 s timeout; the pre-final script runs two checks. */
export const PORT_CHECKER_SEC = 5;
export const PRE_FINAL_CHECKS = 2;

export const clusterproHeartbeatAbc = defineRule({
  id: "clusterpro-heartbeat-abc",
  description:
    "With monitor-based NP resolution (DNS, public LB) the heartbeat timeout must be ≥ A + B + C, or the standby starts the group before NP resolution stops the isolated node: both nodes active.",
  enforcement: "mandatory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p || p.np !== "monitors") return [];
    const total = p.a + p.b + p.c;
    const sum = `A + B + C = ${p.a} + ${p.b} + ${p.c} = ${total} s`;
    if (p.heartbeatSec >= total) return [v.pass(`heartbeat ${p.heartbeatSec} s ≥ ${sum}`)];
    return [
      v.fail(
        `heartbeat ${p.heartbeatSec} s < ${sum}: set software.heartbeat.timeoutSec ≥ ${total}, or shorten the NP monitors`,
      ),
    ];
  },
});

export const clusterproShutdownMonitor = defineRule({
  id: "clusterpro-shutdown-monitor",
  description:
    "The shutdown-monitor timeout must not exceed the heartbeat timeout, or a hung node is still shutting down when the standby takes over.",
  enforcement: "mandatory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p) return [];
    if (p.shutdownMonitorSec === undefined)
      return [
        v.pass(
          `shutdown monitor: product default (the heartbeat timeout, ${p.heartbeatSec} s; software.shutdownMonitorTimeoutSec is refused until a clp.conf path is documented)`,
        ),
      ];
    if (p.shutdownMonitorSec <= p.heartbeatSec)
      return [v.pass(`shutdown monitor ${p.shutdownMonitorSec} s ≤ heartbeat ${p.heartbeatSec} s`)];
    return [
      v.fail(
        `shutdown monitor ${p.shutdownMonitorSec} s > heartbeat ${p.heartbeatSec} s: set software.shutdownMonitorTimeoutSec ≤ ${p.heartbeatSec}`,
      ),
    ];
  },
});

export const clusterproOsBoot = defineRule({
  id: "clusterpro-os-boot",
  description:
    "A node must take longer to boot than the heartbeat timeout, or a quick reboot goes unnoticed by the other node and the cluster state diverges.",
  enforcement: "mandatory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p || f.osBootSec === undefined) return [];
    if (f.osBootSec > p.heartbeatSec)
      return [v.pass(`OS boot ${f.osBootSec} s > heartbeat ${p.heartbeatSec} s`)];
    return [
      v.fail(
        `OS boot ${f.osBootSec} s ≤ heartbeat ${p.heartbeatSec} s: lower software.heartbeat.timeoutSec below ${f.osBootSec} s (keeping it above the pause and A + B + C), or delay the cluster service start`,
      ),
    ];
  },
});

export const clusterproOsBootUnknown = defineRule({
  id: "clusterpro-os-boot-unknown",
  description:
    "Advice when the OS boot time is not declared: the heartbeat timeout must stay below it, which only the user can measure.",
  enforcement: "advisory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p || f.osBootSec !== undefined) return [];
    return [
      v.fail(
        `OS boot time unknown: measure a node's reboot and set failover.osBootSec; it must exceed the heartbeat timeout ${p.heartbeatSec} s`,
      ),
    ];
  },
});

export const clusterproPreFinalScript = defineRule({
  id: "clusterpro-pre-final-script",
  description:
    "The public-LB topology runs a script before mtw1's final action with two port checks of 5 s each; a shorter timeout kills it before it decides, and the active node is never stopped.",
  enforcement: "mandatory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p || p.preFinalScriptSec === undefined) return [];
    const checks = PORT_CHECKER_SEC * PRE_FINAL_CHECKS;
    if (p.preFinalScriptSec > checks)
      return [
        v.pass(
          `pre-final script timeout ${p.preFinalScriptSec} s > ${PRE_FINAL_CHECKS} × ${PORT_CHECKER_SEC} s checks`,
        ),
      ];
    return [
      v.fail(
        `pre-final script timeout ${p.preFinalScriptSec} s ≤ ${PRE_FINAL_CHECKS} × ${PORT_CHECKER_SEC} s = ${checks} s of checks: set software.networkPartition.preFinalScriptTimeoutSec ≥ ${checks + 1} (default 30)`,
      ),
    ];
  },
});

export const clusterproPingTarget = defineRule({
  id: "clusterpro-ping-target",
  description:
    "The internal-LB topology resolves network partitions by ping: without a target an isolated node cannot tell it is the one cut off.",
  enforcement: "mandatory",
  cluster(f, v) {
    const p = f.clusterpro;
    if (!p || p.np !== "ping") return [];
    if (p.pingTargets >= 1) return [v.pass(`${p.pingTargets} ping NP target(s)`)];
    return [
      v.fail(
        "no ping NP target: add software.networkPartition.pingTargets with an always-on host in the VNet that is neither a node nor the VIP (the seeds use 10.5.0.5)",
      ),
    ];
  },
});
