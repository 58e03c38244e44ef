/** Disks: the data disk CLUSTERPRO mirrors, shared disks (names, SKU, shares, zones), LUNs. */
import { maxSharesLimit } from "../azure-limits";
import { SHARED_DISK_NAME } from "../limits";
import type { Ctx, Seg } from "./context";

/** Data disk and shared disks: unique LUNs, shareable SKUs, maxShares within Azure's limit. */
export function disks(ctx: Ctx): void {
  const { e } = ctx;
  const { sw, nodes, zones } = ctx.facts;
  const luns = new Map<number, string>();
  const useLun = (segs: Seg[], lun: number, owner: string) => {
    if (luns.has(lun)) ctx.add(segs, `LUN ${lun} is already used by ${luns.get(lun)}`, lun);
    else luns.set(lun, owner);
  };
  if (e.dataDisk) useLun(["dataDisk", "lun"], e.dataDisk.lun ?? 0, "dataDisk");
  if (sw.kind === "clusterpro" && !e.dataDisk) {
    ctx.add(
      ["dataDisk"],
      "CLUSTERPRO needs a data disk per node for the mirror disk, e.g. { sizeGb: 20 }",
    );
  }
  const names = new Set<string>();
  (e.sharedDisks ?? []).forEach((d, i) => {
    const sku = d.sku ?? "Premium_LRS";
    if (names.has(d.name)) ctx.add(["sharedDisks", i, "name"], "shared disk names must be unique");
    names.add(d.name);
    if (!SHARED_DISK_NAME.test(d.name)) {
      ctx.add(
        ["sharedDisks", i, "name"],
        "expected up to 31 lowercase letters, digits and hyphens",
      );
    }
    if (sku === "Standard_LRS") {
      ctx.add(
        ["sharedDisks", i, "sku"],
        "Standard HDD cannot be shared; use Premium_LRS, StandardSSD_LRS, a ZRS SKU, PremiumV2_LRS or UltraSSD_LRS",
        sku,
      );
    }
    const limit = maxSharesLimit(sku, d.sizeGb);
    const shares = d.maxShares ?? nodes.length;
    if (shares > limit) {
      ctx.add(
        ["sharedDisks", i, "maxShares"],
        `${sku} of ${d.sizeGb} GiB allows at most ${limit} shares`,
        shares,
      );
    }
    if (shares < nodes.length) {
      ctx.add(
        ["sharedDisks", i, "maxShares"],
        `must be at least the node count (${nodes.length}) so every node can attach it`,
        shares,
      );
    }
    if (zones && new Set(zones).size > 1 && !sku.endsWith("_ZRS")) {
      ctx.add(
        ["sharedDisks", i, "sku"],
        "nodes span several zones: a shared disk must be zone-redundant (Premium_ZRS or StandardSSD_ZRS)",
        sku,
      );
    }
    useLun(["sharedDisks", i, "lun"], d.lun ?? 1 + i, `sharedDisks[${i}]`);
  });
}
