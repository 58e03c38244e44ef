/** Placement and location: node zones, zones in the region, the resource group and region names. */
import { isResourceGroupName, LOCATION, regionHasZones, ZONES_SOURCE } from "../azure-limits";
import type { Ctx } from "./context";

/** Node zones among placement.zones; zones only in a region that has them. */
export function placement(ctx: Ctx): void {
  const { partial, e } = ctx;
  const { zones } = ctx.facts;
  ctx.facts.nodes.forEach((n, i) => {
    if (n.zone === undefined) return;
    if (!zones) ctx.add(["nodes", i, "zone"], "a node zone needs placement.zones");
    else if (!zones.includes(n.zone as "1"))
      ctx.add(["nodes", i, "zone"], `must be one of placement.zones (${zones.join(", ")})`);
  });
  if (zones && new Set(zones).size !== zones.length)
    ctx.add(["placement", "zones"], "lists a zone twice");
  const zonal = partial.location !== undefined && regionHasZones(e.location);
  if (zones && partial.location !== undefined && !zonal) {
    ctx.add(
      ["placement", "zones"],
      `region ${e.location} has no availability zones; use placement.availabilitySet (${ZONES_SOURCE})`,
    );
  }
  if (e.publicLb?.zoneRedundant === true && partial.location !== undefined && !zonal) {
    ctx.add(
      ["publicLb", "zoneRedundant"],
      `region ${e.location} has no availability zones, so a zone-redundant public IP is impossible; remove it (${ZONES_SOURCE})`,
      true,
    );
  }
}

/** Where the cluster lives: the resource group name and the region name. */
export function groupAndLocation(ctx: Ctx): void {
  const { partial, e } = ctx;
  if (partial.resourceGroupName !== undefined && !isResourceGroupName(e.resourceGroupName)) {
    ctx.add(
      ["resourceGroupName"],
      "expected 1–90 letters, digits, '_', '-', '.', '(', ')', not ending in '.'",
    );
  }
  if (partial.location !== undefined && !LOCATION.re.test(e.location)) {
    ctx.add(["location"], LOCATION.rule);
  }
}
