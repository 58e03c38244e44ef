/**
 * Properties of components/core/addressing.ts (fast-check), each against an independent oracle:
 * plain 32-bit arithmetic on the dotted quad.
 */
import fc from "fast-check";
import {
  azureReserved,
  canonicalCidr,
  cidrWithin,
  ipInCidr,
  isIpv4,
  isNetworkAddress,
  parseCidr,
  usableRange,
  type Cidr,
} from "../components/core/addressing";

/** The oracle: a dotted quad as a 32-bit number, and back. */
const num = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const quad = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

const ip = fc.ipV4();
const prefix = fc.integer({ min: 0, max: 32 });
/** A CIDR text, host bits possibly set. */
const cidrText = fc.tuple(ip, prefix).map(([a, p]) => `${a}/${p}`);
const cidr = cidrText.map((t) => parseCidr(t)!);
/** A CIDR as large as an Azure subnet may be (/29 is the smallest Azure accepts). */
const subnet = fc
  .tuple(ip, fc.integer({ min: 0, max: 29 }))
  .map(([a, p]) => parseCidr(`${a}/${p}`)!);

describe("addressing (properties)", () => {
  it("isIpv4: every canonical dotted quad, and nothing with a leading zero, a 5th part or an octet > 255", () => {
    fc.assert(fc.property(ip, (a) => isIpv4(a)));
    fc.assert(
      fc.property(ip, fc.integer({ min: 0, max: 3 }), (a, i) => {
        const parts = a.split(".");
        parts[i] = `0${parts[i]}`;
        return !isIpv4(parts.join("."));
      }),
    );
    fc.assert(fc.property(ip, fc.nat(255), (a, o) => !isIpv4(`${a}.${o}`)));
    fc.assert(
      fc.property(
        ip,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 256, max: 99999 }),
        (a, i, o) => {
          const parts = a.split(".");
          parts[i] = String(o);
          return !isIpv4(parts.join("."));
        },
      ),
    );
  });

  it("parseCidr: the block of 2^(32-prefix) aligned addresses that holds the address", () => {
    fc.assert(
      fc.property(ip, prefix, (a, p) => {
        const c = parseCidr(`${a}/${p}`);
        expect(c).toBeDefined();
        const size = 2 ** (32 - p);
        expect(c!.prefix).toBe(p);
        expect(c!.text).toBe(`${a}/${p}`);
        expect(c!.last - c!.first + 1).toBe(size);
        expect(c!.first % size).toBe(0);
        expect(c!.first).toBeLessThanOrEqual(num(a));
        expect(num(a)).toBeLessThanOrEqual(c!.last);
      }),
    );
  });

  it("parseCidr: refuses a prefix beyond 32, a missing prefix and a bad address", () => {
    fc.assert(fc.property(ip, fc.integer({ min: 33, max: 99 }), (a, p) => !parseCidr(`${a}/${p}`)));
    fc.assert(fc.property(ip, (a) => !parseCidr(a) && !parseCidr(`${a}/`)));
    fc.assert(fc.property(ip, prefix, (a, p) => !parseCidr(`${a.replace(/^\d+/, "256")}/${p}`)));
    fc.assert(
      fc.property(fc.string(), (s) => (!/^[\d.]+\/\d{1,2}$/.test(s) ? !parseCidr(s) : true)),
    );
  });

  it("isNetworkAddress and canonicalCidr: the network address, idempotent, same block", () => {
    fc.assert(
      fc.property(cidr, (c) => {
        expect(isNetworkAddress(c)).toBe(num(c.address.toString()) === c.first);
        const canon = parseCidr(canonicalCidr(c))!;
        expect(isNetworkAddress(canon)).toBe(true);
        expect([canon.first, canon.last, canon.prefix]).toEqual([c.first, c.last, c.prefix]);
        expect(canonicalCidr(canon)).toBe(canonicalCidr(c));
        if (isNetworkAddress(c)) expect(canonicalCidr(c)).toBe(c.text);
      }),
    );
  });

  it("cidrWithin: reflexive; a longer prefix of the same address is within; mutual only for the same block", () => {
    fc.assert(fc.property(cidr, (c) => cidrWithin(c, c)));
    fc.assert(
      fc.property(ip, prefix, prefix, (a, p, q) => {
        const [short, long] = [
          parseCidr(`${a}/${Math.min(p, q)}`)!,
          parseCidr(`${a}/${Math.max(p, q)}`)!,
        ];
        expect(cidrWithin(long, short)).toBe(true);
        expect(cidrWithin(short, long)).toBe(p === q);
      }),
    );
    fc.assert(
      fc.property(cidr, cidr, (x, y) => {
        const mutual = cidrWithin(x, y) && cidrWithin(y, x);
        expect(mutual).toBe(x.first === y.first && x.last === y.last);
        // within means every address of the inner block is in the outer one
        if (cidrWithin(x, y)) {
          expect(ipInCidr(quad(x.first), y)).toBe(true);
          expect(ipInCidr(quad(x.last), y)).toBe(true);
        }
      }),
    );
  });

  it("ipInCidr: exactly the addresses between the block's first and last", () => {
    fc.assert(
      fc.property(ip, cidr, (a, c) => {
        expect(ipInCidr(a, c)).toBe(c.first <= num(a) && num(a) <= c.last);
      }),
    );
    fc.assert(fc.property(cidr, (c) => ipInCidr(quad(c.first), c) && ipInCidr(quad(c.last), c)));
    fc.assert(
      fc.property(cidr, fc.nat(), (c, k) =>
        ipInCidr(quad(c.first + (k % (c.last - c.first + 1))), c),
      ),
    );
    fc.assert(fc.property(cidr, fc.string(), (c, s) => (isIpv4(s) ? true : !ipInCidr(s, c))));
  });

  it("azureReserved and usableRange: the first four and the last address; the rest is usable", () => {
    fc.assert(
      fc.property(subnet, (c: Cidr) => {
        const reserved = azureReserved(c);
        expect(reserved.map(num)).toEqual([c.first, c.first + 1, c.first + 2, c.first + 3, c.last]);
        expect(new Set(reserved).size).toBe(5);
        for (const r of reserved) expect(ipInCidr(r, c)).toBe(true);
        const [from, to] = usableRange(c).split("–");
        expect(num(from)).toBe(c.first + 4);
        expect(num(to)).toBe(c.last - 1);
        expect(reserved).not.toContain(from);
        expect(reserved).not.toContain(to);
        // the usable count is the block minus the five Azure keeps
        expect(num(to) - num(from) + 1).toBe(2 ** (32 - c.prefix) - 5);
      }),
    );
  });
});
