/** Tags: Azure's limits (count, name and value lengths, forbidden characters) and reserved keys. */
import { TAGS } from "../azure-limits";
import type { Ctx, Seg } from "./context";

/** `tags`: at most 40 of the user's, names and values within Azure's limits, no `ha-cluster*` key. */
export function tags(ctx: Ctx): void {
  const given = ctx.partial.tags ?? {};
  const keys = Object.keys(given);
  const room = TAGS.perResource - TAGS.ownTags;
  if (keys.length > room) {
    ctx.add(
      ["tags"],
      `lists ${keys.length} tags; at most ${room}: Azure allows ${TAGS.perResource} per resource and the component stamps up to ${TAGS.ownTags} of its own (${TAGS.source})`,
      "{…}",
    );
  }
  const sw = ctx.facts.sw;
  const storageAccount = sw.kind === "wsfc" && (sw.witness?.kind ?? "cloud") === "cloud";
  const keyMax = storageAccount ? TAGS.keyMaxStorage : TAGS.keyMax;
  for (const k of keys) {
    const segs: Seg[] = ["tags", k];
    if (TAGS.reservedPrefix.test(k))
      ctx.add(
        segs,
        "ha-cluster* tag keys are reserved: the components stamp them and the policy pack reads them; rename the tag",
        k,
      );
    else if (!isTagName(k, keyMax))
      ctx.add(
        segs,
        `expected a tag name of 1–${keyMax} characters${storageAccount ? " (the cloud witness is a storage account: 128)" : ""} without < > % & \\ ? / or control characters (${TAGS.source})`,
        k.length > 60 ? `${k.slice(0, 57)}...` : k,
      );
    const v = given[k];
    if (v.length > TAGS.valueMax)
      ctx.add(
        segs,
        `tag values have at most ${TAGS.valueMax} characters (${TAGS.source})`,
        `${v.length} characters`,
      );
  }
}

function isTagName(k: string, max: number): boolean {
  return (
    k.length > 0 &&
    k.length <= max &&
    !TAGS.keyForbidden.test(k) &&
    ![...k].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  );
}
