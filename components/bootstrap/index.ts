/**
 * In-guest bootstrap: which steps a resolved cluster gets. Each software kind has its own
 * module; `none` gets no step at all.
 */
import type { BootstrapContext } from "./context";
import type { BootstrapStep } from "./run-command";
import { buildClusterproBootstrap } from "./clusterpro";
import { buildScheduledEventsSteps } from "./scheduled-events";
import { buildWsfcBootstrap } from "./wsfc";

export type { BootstrapContext } from "./context";
export type { BootstrapStep } from "./run-command";

/** Creates the bootstrap steps of a cluster (none for software kind "none"). */
export function buildBootstrap(ctx: BootstrapContext): BootstrapStep[] {
  switch (ctx.c.software.kind) {
    case "none":
      return [];
    case "clusterpro":
      return withScheduledEvents(ctx, buildClusterproBootstrap(ctx));
    case "wsfc":
      return withScheduledEvents(ctx, buildWsfcBootstrap(ctx));
    default: {
      // Exhaustive: a new software kind fails to compile here until it gets its bootstrap.
      const unknown: never = ctx.c.software;
      throw new Error(`no bootstrap for software kind ${(unknown as { kind: string }).kind}`);
    }
  }
}

/** The chain, then the Scheduled Events agent on every node once the cluster runs. */
function withScheduledEvents(ctx: BootstrapContext, chain: BootstrapStep[]): BootstrapStep[] {
  return [...chain, ...buildScheduledEventsSteps(ctx, chain)];
}
