/**
 * IP and CIDR checks as the apiserver makes them (apimachinery util/validation/ip.go and
 * ValidateNonSpecialIP in pkg/apis/core/validation). The apiserver parses with k8s.io/utils/net's
 * ParseIPSloppy, Go 1.16's parser: it accepts IPv4 octets with leading zeros ("010.0.0.1") and
 * IPv6 in every textual form. svcsim's own net/ipv4.ts is strict on purpose, so the sloppy parser
 * lives here, where only acceptance matters.
 */

/** An address as 4 (IPv4) or 16 (IPv6) bytes. */
export interface ParsedIp {
  readonly bytes: readonly number[];
}

/** Go's dtoi over the front of `s`: the value and the digit count, or undefined past 0xFFFFFF. */
function leadingDecimal(s: string): { value: number; length: number } | undefined {
  let value = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    if (value >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : { value, length: i };
}

/** Go's xtoi over the front of `s`. */
function leadingHex(s: string): { value: number; length: number } | undefined {
  let value = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s.charAt(i), 16);
    if (Number.isNaN(d)) break;
    value = value * 16 + d;
    if (value >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : { value, length: i };
}

function parseIpv4Sloppy(text: string): number[] | undefined {
  const out: number[] = [];
  let s = text;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const n = leadingDecimal(s);
    if (n === undefined || n.value > 0xff) return undefined;
    out.push(n.value);
    s = s.slice(n.length);
  }
  return s.length === 0 ? out : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const ip = new Array<number>(16).fill(0);
  let s = text;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const n = leadingHex(s);
    if (n === undefined || n.value > 0xffff) return undefined;
    if (n.length < s.length && s[n.length] === '.') {
      // A trailing dotted quad fills the last four bytes.
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIpv4Sloppy(s);
      if (v4 === undefined) return undefined;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = n.value >> 8;
    ip[i + 1] = n.value & 0xff;
    i += 2;
    s = s.slice(n.length);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j] ?? 0;
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one zero group
  }
  return ip;
}

/** netutils.ParseIPSloppy: the first '.' or ':' decides the family; undefined when it is not an IP. */
export function parseIpSloppy(text: string): ParsedIp | undefined {
  for (const char of text) {
    if (char === '.') {
      const bytes = parseIpv4Sloppy(text);
      return bytes === undefined ? undefined : { bytes };
    }
    if (char === ':') {
      const bytes = parseIpv6(text);
      return bytes === undefined ? undefined : { bytes };
    }
  }
  return undefined;
}

/** net.IP.To4: the IPv4 bytes of an IPv4 address or an IPv4-mapped IPv6 address. */
function to4(ip: ParsedIp): readonly number[] | undefined {
  const b = ip.bytes;
  if (b.length === 4) return b;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? b.slice(12) : undefined;
}

/** Whether the text parses as an address that Go would not call IPv4 (netutils.IsIPv6String). */
export function isIPv6String(text: string): boolean {
  const ip = parseIpSloppy(text);
  return ip !== undefined && to4(ip) === undefined;
}

/** IsValidIP: any IPv4 or IPv6 address the sloppy parser accepts. */
export function isValidIP(value: string): string[] {
  return parseIpSloppy(value) === undefined
    ? ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']
    : [];
}

/** IsValidIPv4Address: an address Go can express as 4 bytes. */
export function isValidIPv4Address(value: string): string[] {
  const ip = parseIpSloppy(value);
  return ip === undefined || to4(ip) === undefined ? ['must be a valid IPv4 address'] : [];
}

/** IsValidIPv6Address: an address Go cannot express as 4 bytes. */
export function isValidIPv6Address(value: string): string[] {
  const ip = parseIpSloppy(value);
  return ip === undefined || to4(ip) !== undefined ? ['must be a valid IPv6 address'] : [];
}

/** netutils.ParseCIDRSloppy: address, '/', decimal prefix length within the family's bits. */
export function parseCidrSloppy(text: string): { ip: ParsedIp; prefixLength: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIpSloppy(text.slice(0, slash));
  const maskText = text.slice(slash + 1);
  const n = leadingDecimal(maskText);
  if (ip === undefined || n === undefined || n.length !== maskText.length) return undefined;
  if (n.value > ip.bytes.length * 8) return undefined;
  return { ip, prefixLength: n.value };
}

/** IsValidCIDR: host bits may be set ("10.0.0.1/24" is valid; the apiserver only warns). */
export function isValidCIDR(value: string): string[] {
  return parseCidrSloppy(value) === undefined
    ? ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']
    : [];
}

/** Whether the CIDR is IPv6 by Go's rule (an IPv4-mapped prefix counts as IPv4). */
export function isIPv6Cidr(value: string): boolean {
  const cidr = parseCidrSloppy(value);
  return cidr !== undefined && to4(cidr.ip) === undefined;
}

/**
 * ValidateNonSpecialIP (also called ValidateEndpointIP): rejects addresses that make no sense as a
 * destination for Service traffic. Unspecified and loopback addresses never leave the host and
 * link-local ones are node-centric (metadata services), so Endpoints and externalIPs refuse them.
 */
export function nonSpecialIPErrors(value: string): string[] {
  const ip = parseIpSloppy(value);
  if (ip === undefined) return ['must be a valid IP address'];
  const errors: string[] = [];
  const v4 = to4(ip);
  const b = ip.bytes;
  const unspecified = v4 !== undefined ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 !== undefined ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocalUnicast =
    v4 !== undefined ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  const linkLocalMulticast =
    v4 !== undefined
      ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
      : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02;
  if (unspecified) errors.push(`may not be unspecified (${value})`);
  if (loopback) errors.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (linkLocalUnicast) errors.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  if (linkLocalMulticast)
    errors.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return errors;
}
