/** Failover timing: the maintenance pause detection must outlast. */
import { MIN_TOLERATED_PAUSE_SEC } from "../heartbeat";
import type { Ctx } from "./context";

/** `failover.toleratedPauseSec` ≥ 30 s (Azure's memory-preserving maintenance pause). */
export function failover(ctx: Ctx): void {
  const pause = ctx.e.failover?.toleratedPauseSec;
  if (pause !== undefined && pause < MIN_TOLERATED_PAUSE_SEC) {
    ctx.add(
      ["failover", "toleratedPauseSec"],
      `must be at least ${MIN_TOLERATED_PAUSE_SEC} s (Azure's memory-preserving maintenance pauses a VM up to 30 s)`,
    );
  }
}
