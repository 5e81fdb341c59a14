import { parseIpSloppy } from '../validation/ipAddresses.js';

/** An IP address as the endpoint controllers see it. */
export interface ParsedIpAddress {
  readonly family: 'IPv4' | 'IPv6';
  /** The address as Go's `net.IP.String()` prints it: dotted quad, or RFC 5952 IPv6 (lowercase, `::`). */
  readonly text: string;
  /** Fixed-width hex, prefixed by the family digit, so code-unit order is numeric order (IPv4 first). */
  readonly sortKey: string;
}

/**
 * Parses an IPv4 or IPv6 address with `netutils.ParseIPSloppy` (the apiserver's parser, shared with
 * validation: IPv4 octets may carry leading zeros); undefined for anything else. IPv4-mapped IPv6
 * addresses count as IPv4, as `ip.To4() != nil` does.
 */
export function parseIpAddress(text: string): ParsedIpAddress | undefined {
  const cached = parsedByText.get(text);
  if (cached !== undefined || parsedByText.has(text)) return cached;
  // A pure function of the text, so remembering its answers changes nothing but the cost: the endpoint
  // controllers parse every pod IP of a Service on each sync, and sort by the parsed keys.
  if (parsedByText.size >= PARSED_CACHE_LIMIT) parsedByText.clear();
  const parsed = parseUncached(text);
  parsedByText.set(text, parsed);
  return parsed;
}

/** How many parsed addresses are remembered; past it the memory starts over (a cluster has about a pod IP each). */
const PARSED_CACHE_LIMIT = 1 << 18;
const parsedByText = new Map<string, ParsedIpAddress | undefined>();

function parseUncached(text: string): ParsedIpAddress | undefined {
  const parsed = parseIpSloppy(text);
  if (parsed === undefined) return undefined;
  const b = parsed.bytes;
  if (b.length === 4) return ipv4From(b);
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return ipv4From(b.slice(12));
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  return Object.freeze({
    family: 'IPv6',
    text: formatIpv6(words),
    sortKey: `6${words.map((w) => w.toString(16).padStart(4, '0')).join('')}`,
  });
}

/** The address family of IP text, judged like `utilnet.IsIPv6String`: anything unparsable counts as IPv4. */
export function ipFamilyOf(text: string): 'IPv4' | 'IPv6' {
  return parseIpAddress(text)?.family ?? 'IPv4';
}

function ipv4From(octets: readonly number[]): ParsedIpAddress {
  return Object.freeze({
    family: 'IPv4',
    text: octets.join('.'),
    sortKey: `4${octets.map((o) => o.toString(16).padStart(2, '0')).join('')}`,
  });
}

function formatIpv6(words: readonly number[]): string {
  // RFC 5952 as Go applies it: compress the first longest run of two or more zero words.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
