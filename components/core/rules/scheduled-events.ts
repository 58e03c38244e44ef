/**
 * Scheduled Events rule: a cluster without the in-guest agent learns of an announced Reboot or
 * Redeploy of its active node only when heartbeats stop (a full detection timeout plus the
 * switch); with the agent, the node is drained first and clients see a planned switch.
 */
import { detectionSec } from "./timing";
import { defineRule } from "./types";

export const scheduledEventsAgent = defineRule({
  id: "scheduled-events-agent",
  description:
    "Azure announces reboots, redeploys and long freezes through Scheduled Events minutes ahead; without the in-guest agent the cluster notices only when heartbeats stop (detection timeout + switch), and a freeze it approves must stay below detection.",
  enforcement: "advisory",
  cluster(f, v) {
    const se = f.scheduledEvents;
    const d = detectionSec(f);
    if (!se || d === undefined || (f.software !== "wsfc" && f.software !== "clusterpro")) return [];
    if (!se.enabled) {
      return [
        v.fail(
          `the Scheduled Events agent is off: an announced Reboot/Redeploy of the active node costs detection ${d} s + switch instead of a planned drain; set software.scheduledEvents.enabled: true`,
        ),
      ];
    }
    if (se.freezeToleranceSec >= d) {
      return [
        v.fail(
          `freeze tolerance ${se.freezeToleranceSec} s ≥ detection ${d} s: a freeze the agent approves without draining becomes a failover; set software.scheduledEvents.freezeToleranceSec below ${d} (or leave it out: ${d} − 10 s)`,
        ),
      ];
    }
    return [
      v.pass(
        `the Scheduled Events agent drains before Reboot/Redeploy and freezes over ${se.freezeToleranceSec} s (detection ${d} s)`,
      ),
    ];
  },
});
