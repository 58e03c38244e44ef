/**
 * Deterministic GUIDs (pure): Azure names role definitions and role assignments by GUID, and a
 * name that changes on every run would replace them on every `pulumi up`.
 */
import { createHash } from "crypto";

/** Namespace of this library's name-based GUIDs (RFC 4122 §4.3 style, SHA-1: version 5). */
const NAMESPACE = "azure-ha-cluster";

/** A version-5-style GUID from the given parts: same parts, same GUID. */
export function deterministicGuid(...parts: string[]): string {
  const h = createHash("sha1")
    .update(`${NAMESPACE}\0${parts.join("\0")}`)
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
