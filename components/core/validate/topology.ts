/** Topology: the entry carries the block of its topology and no other. */
import { valueAt } from "../errors";
import type { Ctx } from "./context";

const BLOCKS = { "internal-lb": "internalLb", "public-lb": "publicLb", dns: "dns" } as const;

/** `internalLb` / `publicLb` / `dns`: the one block the topology needs, present; the others absent. */
export function topology(ctx: Ctx): void {
  const { partial, e } = ctx;
  const wanted = partial.topology ? BLOCKS[partial.topology] : undefined;
  if (!wanted) return;
  for (const [topo, key] of Object.entries(BLOCKS)) {
    // presence in the raw entry: a block whose shape failed is reported by the schema
    const present = valueAt(ctx.raw, [key]) !== undefined;
    if (key === wanted && !present) {
      ctx.add([key], `topology ${e.topology} needs ${key === "dns" ? "a" : "an"} ${key} block`);
    } else if (key !== wanted && present) {
      ctx.add([key], `${key} belongs to topology ${topo}, not ${e.topology}; remove it`, "{…}");
    }
  }
}
