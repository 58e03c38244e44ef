/**
 * Address arithmetic on IPv4 CIDRs, with ipaddr.js. Azure reserves the first four addresses
 * and the last address of every subnet.
 */
import * as ipaddr from "ipaddr.js";

/** A parsed IPv4 CIDR. */
export interface Cidr {
  text: string;
  address: ipaddr.IPv4;
  prefix: number;
  /** First and last address as 32-bit numbers. */
  first: number;
  last: number;
}

function toNumber(a: ipaddr.IPv4): number {
  return a.octets.reduce((n, o) => n * 256 + o, 0);
}

function fromNumber(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** True for a dotted-quad IPv4 address in canonical form (no leading zeros). */
export function isIpv4(s: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(s)) return false;
  return ipaddr.IPv4.parse(s).toString() === s;
}

/** Parses "a.b.c.d/n" (IPv4). Returns undefined when malformed. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m || !isIpv4(m[1])) return undefined;
  const prefix = Number(m[2]);
  if (prefix > 32) return undefined;
  const address = ipaddr.IPv4.parse(m[1]);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(toNumber(address) / size) * size;
  return { text: s, address, prefix, first, last: first + size - 1 };
}

/** True when the CIDR's address is its network address (no host bits set). */
export function isNetworkAddress(c: Cidr): boolean {
  return toNumber(c.address) === c.first;
}

/** The network address the CIDR denotes, e.g. "10.5.0.0/24" for "10.5.0.7/24". */
export function canonicalCidr(c: Cidr): string {
  return `${fromNumber(c.first)}/${c.prefix}`;
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** True when the address lies inside the CIDR. */
export function ipInCidr(ip: string, c: Cidr): boolean {
  if (!isIpv4(ip)) return false;
  return ipaddr.IPv4.parse(ip).match(c.address, c.prefix);
}

/** The addresses Azure reserves in a subnet: the first four and the last. */
export function azureReserved(c: Cidr): string[] {
  return [c.first, c.first + 1, c.first + 2, c.first + 3, c.last].map(fromNumber);
}

/** The usable host range of an Azure subnet, for messages: "10.5.0.4–10.5.0.254". */
export function usableRange(c: Cidr): string {
  return `${fromNumber(c.first + 4)}–${fromNumber(c.last - 1)}`;
}
