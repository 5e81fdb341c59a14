/** An IPv4 CIDR block, parsed once so hot paths compare integers instead of strings. */
export interface Ipv4Cidr {
  readonly text: string;
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefixLength: number;
  /** Number of addresses in the block, 2^(32 - prefixLength). */
  readonly size: number;
}

/**
 * Parses dotted-quad IPv4 text into an unsigned 32-bit integer; undefined when it is not one (four
 * decimal octets 0-255, no leading zeros, no signs or spaces). A character loop rather than split and
 * regular expressions, because endpoint ordering parses an address per endpoint per reconcile.
 */
export function parseIpv4(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/** Formats an unsigned 32-bit integer as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses "a.b.c.d/n"; the address must be the network address of the block. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (base === undefined || !/^(0|[1-9][0-9]?)$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  if (prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  if (base % size !== 0) return undefined;
  return { text, base, prefixLength, size };
}

/** Whether an address (as an integer) lies inside the block. */
export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.base && address < cidr.base + cidr.size;
}
