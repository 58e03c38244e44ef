/**
 * The Scheduled Events agent's settings (pure): shape, defaults and the derived freeze
 * tolerance. The agent itself is under components/bootstrap/scheduled-events/.
 *
 * Azure announces platform maintenance to the guest through Scheduled Events (IMDS): Freeze,
 * Reboot, Redeploy, Preempt, Terminate (Microsoft Learn, "Azure Metadata Service: Scheduled
 * Events for Linux VMs"). The agent drains a node before a Reboot/Redeploy (or a Freeze longer
 * than the heartbeat tolerates) and then approves the event, so clients see a planned switch
 * instead of a detection timeout. Preempt (Spot) and Terminate (scale sets) are logged, never
 * acted on.
 */
import { z } from "zod";
import { SE_EVENT_TYPES, type SeEventType } from "./enums";

// Defined without zod in ./enums (the package root exports it; config-lazy.ts).
export { SE_EVENT_TYPES, type SeEventType } from "./enums";

/**
 * Seconds the derived freeze tolerance keeps below failure detection: the last heartbeat before
 * a freeze may have left up to one heartbeat interval earlier (CLUSTERPRO 3 s, WSFC 1 s by
 * default), and Microsoft warns that an event "may" carry secondary impacts inside its window.
 */
export const FREEZE_TOLERANCE_MARGIN_SEC = 10;

/** Microsoft's recommended polling interval: once a second. */
export const SE_DEFAULT_POLL_SEC = 1;

/** `software.scheduledEvents`: the in-guest Scheduled Events agent (CLUSTERPRO and WSFC). */
export interface ScheduledEventsArgs {
  /** Install the agent on every node. Default: true (false removes an installed agent). */
  enabled?: boolean;
  /**
   * Approve (start early) an event once the node is drained, or at once for a tolerated freeze.
   * Default: true; false = drain only, the platform starts at `NotBefore`.
   */
  approve?: boolean;
  /**
   * Longest freeze (s) approved without draining. Default: failure detection − 10 s (WSFC
   * 1000 ms × 40 → 30 s; CLUSTERPRO 120 s → 110 s). Must stay below detection.
   */
  freezeToleranceSec?: number;
  /** Seconds between two polls, 1–60. Default: 1 (Microsoft's recommendation). */
  pollIntervalSec?: number;
  /** Event types acted on (Freeze, Reboot, Redeploy). Default: all three. */
  eventTypes?: SeEventType[];
}

/**
 * The agent's settings with every default applied.
 * @internal
 */
export interface ResolvedScheduledEvents {
  /** Install the agent; default true. */
  enabled: boolean;
  /** Approve events after draining; default true. */
  approve: boolean;
  /** Longest freeze approved without draining (s); default detection − 10 s. */
  freezeToleranceSec: number;
  /** Where `freezeToleranceSec` came from. */
  freezeToleranceSource: "config" | "derived";
  /** Seconds between two polls; default 1. */
  pollIntervalSec: number;
  /** Event types acted on; default Freeze, Reboot, Redeploy. */
  eventTypes: SeEventType[];
}

/** Shape of `software.scheduledEvents`. */
export const scheduledEventsSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).optional(),
  approve: z.boolean({ error: "expected true or false" }).optional(),
  freezeToleranceSec: z
    .number({ error: "expected a whole number of seconds from 0 to 9999" })
    .int({ error: "expected a whole number of seconds from 0 to 9999" })
    .min(0, { error: "expected a whole number of seconds from 0 to 9999" })
    .max(9999, { error: "expected a whole number of seconds from 0 to 9999" })
    .optional(),
  pollIntervalSec: z
    .number({ error: "expected a whole number of seconds from 1 to 60" })
    .int({ error: "expected a whole number of seconds from 1 to 60" })
    .min(1, { error: "expected a whole number of seconds from 1 to 60" })
    .max(60, { error: "expected a whole number of seconds from 1 to 60" })
    .optional(),
  eventTypes: z
    .array(z.enum(SE_EVENT_TYPES, { error: 'expected "Freeze", "Reboot" or "Redeploy"' }))
    .min(1, { error: "needs at least one event type, or set enabled: false" })
    .optional(),
});

/** The freeze the heartbeat tolerates, derived from failure detection (s). */
export function derivedFreezeToleranceSec(detectionSec: number): number {
  return Math.max(0, Math.floor(detectionSec) - FREEZE_TOLERANCE_MARGIN_SEC);
}

/**
 * Applies the defaults of `software.scheduledEvents` for a cluster whose detection is known.
 * @internal
 */
export function resolveScheduledEvents(
  a: ScheduledEventsArgs | undefined,
  detectionSec: number,
): ResolvedScheduledEvents {
  return {
    enabled: a?.enabled ?? true,
    approve: a?.approve ?? true,
    freezeToleranceSec: a?.freezeToleranceSec ?? derivedFreezeToleranceSec(detectionSec),
    freezeToleranceSource: a?.freezeToleranceSec === undefined ? "derived" : "config",
    pollIntervalSec: a?.pollIntervalSec ?? SE_DEFAULT_POLL_SEC,
    eventTypes: [...new Set(a?.eventTypes ?? SE_EVENT_TYPES)],
  };
}
