/**
 * What every validator receives: the entry (fields whose shape failed are absent), the facts
 * derived from it once (OS family, the usable subnet, node addresses, the VIP …) and `add`,
 * which records a problem with its full field path and the value printed (secrets hidden).
 */
import type { z } from "zod";
import {
  azureReserved,
  ipInCidr,
  isIpv4,
  isNetworkAddress,
  parseCidr,
  usableRange,
  type Cidr,
} from "../addressing";
import { SUBNET_MAX_PREFIX } from "../azure-limits";
import { ConfigProblem, joinPath, showValue, valueAt } from "../errors";
import { osFamily, type OsFamily } from "../os";
import type { clusterEntrySchema } from "../schema";

/** A cluster entry after its shape passed the schema. */
// what was written: the relational rules run before the schema's static defaults apply
export type Entry = z.input<typeof clusterEntrySchema>;
/** A field path segment. */
export type Seg = PropertyKey;

/** Facts derived from the entry once, shared by the validators (absent when unknown). */
export interface Facts {
  /** The OS family of `vm.os`. */
  family?: OsFamily;
  /** The software block, `{ kind: "none" }` when absent. */
  sw: Entry["software"];
  /** The nodes ([] when their shape failed). */
  nodes: Entry["nodes"];
  /** The created VNet's address space as parsed (host bits may be set). */
  vnet?: Cidr;
  /** The subnet, when it is a network address of /29 or larger. */
  subnet?: Cidr;
  /** The first node that holds each valid IPv4 address. */
  nodeIps: Map<string, string>;
  /** `placement.zones`, when zonal. */
  zones?: ("1" | "2" | "3")[];
  /** The internal LB's frontend IP (the VIP). */
  vip?: string;
  /** The WSFC interconnect subnet, when it is a usable network of a WSFC cluster. */
  ic?: Cidr;
}

/** A validator's view of one entry. */
export interface Ctx {
  /** The entry; top-level fields whose shape failed are absent. */
  readonly partial: Partial<Entry>;
  /** The same entry typed as complete: read a field only after checking `partial` has it. */
  readonly e: Entry;
  readonly facts: Facts;
  /** The raw entry as given (before the schema), for presence checks. */
  readonly raw: unknown;
  /** Records a problem at `segs` (below the entry); the value defaults to the raw one there. */
  add(segs: Seg[], message: string, value?: unknown): void;
}

/** One named validator: checks one concern of an entry and reports through `ctx.add`. */
export type Validator = (ctx: Ctx) => void;

function usableCidr(text: string | undefined): Cidr | undefined {
  const c = text === undefined ? undefined : parseCidr(text);
  return c && isNetworkAddress(c) && c.prefix <= SUBNET_MAX_PREFIX ? c : undefined;
}

/** Derives the shared facts of an entry (pure; no problem is reported here). */
export function entryFacts(partial: Partial<Entry>): Facts {
  const e = partial as Entry;
  const sw: Entry["software"] = partial.software ?? { kind: "none" };
  const nodes = partial.nodes ?? [];
  const net = partial.network;
  const created = net && "addressSpace" in net ? net : undefined;
  const nodeIps = new Map<string, string>();
  for (const n of nodes) {
    if (isIpv4(n.privateIp) && !nodeIps.has(n.privateIp)) nodeIps.set(n.privateIp, n.name);
  }
  const icPrefix = created?.interconnectSubnetPrefix;
  return {
    family: partial.vm ? osFamily(partial.vm.os) : undefined,
    sw,
    nodes,
    vnet: created?.addressSpace !== undefined ? parseCidr(created.addressSpace) : undefined,
    subnet: net ? usableCidr(net.subnetPrefix) : undefined,
    nodeIps,
    zones: e.placement && "zones" in e.placement ? e.placement.zones : undefined,
    vip: e.internalLb?.frontendIp,
    ic: sw.kind === "wsfc" ? usableCidr(icPrefix) : undefined,
  };
}

/** A context that collects problems under `base` (e.g. ["clusters", 0]). */
export function makeCtx(
  partial: Partial<Entry>,
  base: Seg[],
  raw: unknown,
): { ctx: Ctx; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const ctx: Ctx = {
    partial,
    e: partial as Entry,
    facts: entryFacts(partial),
    raw,
    add(segs, message, value) {
      problems.push({
        path: joinPath("", [...base, ...segs]),
        value: showValue(value === undefined ? valueAt(raw, segs) : value, segs),
        message,
      });
    },
  };
  return { ctx, problems };
}

/**
 * Checks that `ip` is a usable host address of `c` (inside it, not one of Azure's five reserved
 * addresses); reports the problem at `segs` and returns false otherwise.
 */
export function checkHostAddress(
  ctx: Ctx,
  segs: Seg[],
  ip: string,
  c: Cidr,
  what: string,
): boolean {
  if (!ipInCidr(ip, c)) {
    ctx.add(segs, `${what} must lie inside the subnet ${c.text} (${usableRange(c)})`);
    return false;
  }
  if (azureReserved(c).includes(ip)) {
    ctx.add(
      segs,
      `is reserved by Azure in ${c.text} (the first four and the last address); use ${usableRange(c)}`,
    );
    return false;
  }
  return true;
}
