/** List maxima: the package's limits on lists that render into scripts and NSG rules. */
import { LIST_MAX } from "../limits";
import type { Ctx, Seg } from "./context";

/** DNS client ports and sources, LB client sources and rules, shared disks (README "Limits"). */
export function listMaxima(ctx: Ctx): void {
  const { e } = ctx;
  const tooLong = (segs: Seg[], list: readonly unknown[] | undefined, max: number) => {
    if (list && list.length > max)
      ctx.add(
        segs,
        `lists ${list.length} entries; at most ${max} (the package's limit, README "Limits")`,
        "[…]",
      );
  };
  tooLong(["dns", "clientPorts"], e.dns?.clientPorts, LIST_MAX.clientPorts);
  tooLong(["dns", "clientSources"], e.dns?.clientSources, LIST_MAX.clientSources);
  tooLong(["internalLb", "clientSources"], e.internalLb?.clientSources, LIST_MAX.clientSources);
  tooLong(["publicLb", "clientSources"], e.publicLb?.clientSources, LIST_MAX.clientSources);
  tooLong(["internalLb", "rules"], e.internalLb?.rules, LIST_MAX.lbRules);
  tooLong(["publicLb", "rules"], e.publicLb?.rules, LIST_MAX.lbRules);
  tooLong(["sharedDisks"], e.sharedDisks, LIST_MAX.sharedDisks);
}
