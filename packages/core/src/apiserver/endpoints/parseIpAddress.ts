/** An IP address as the endpoint controllers see it. */
export interface ParsedIpAddress {
  readonly family: 'IPv4' | 'IPv6';
  /** The address as Go's `net.IP.String()` prints it: dotted quad, or RFC 5952 IPv6 (lowercase, `::`). */
  readonly text: string;
  /** Fixed-width hex, prefixed by the family digit, so code-unit order is numeric order (IPv4 first). */
  readonly sortKey: string;
}

/**
 * Parses an IPv4 or IPv6 address the way `netutils.ParseIPSloppy` does (IPv4 octets may carry leading
 * zeros); undefined for anything else. IPv4-mapped IPv6 addresses count as IPv4, as `ip.To4() != nil` does.
 */
export function parseIpAddress(text: string): ParsedIpAddress | undefined {
  if (text.includes(':')) {
    const words = parseIpv6Words(text);
    if (words === undefined) return undefined;
    if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
      return ipv4From([
        (words[6] ?? 0) >> 8,
        (words[6] ?? 0) & 255,
        (words[7] ?? 0) >> 8,
        (words[7] ?? 0) & 255,
      ]);
    }
    return {
      family: 'IPv6',
      text: formatIpv6(words),
      sortKey: `6${words.map((w) => w.toString(16).padStart(4, '0')).join('')}`,
    };
  }
  const octets = parseIpv4Octets(text);
  return octets === undefined ? undefined : ipv4From(octets);
}

/** The address family of IP text, judged like `utilnet.IsIPv6String`: anything unparsable counts as IPv4. */
export function ipFamilyOf(text: string): 'IPv4' | 'IPv6' {
  return parseIpAddress(text)?.family ?? 'IPv4';
}

function ipv4From(octets: readonly number[]): ParsedIpAddress {
  return {
    family: 'IPv4',
    text: octets.join('.'),
    sortKey: `4${octets.map((o) => o.toString(16).padStart(2, '0')).join('')}`,
  };
}

function parseIpv4Octets(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

function parseIpv6Words(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string, allowIpv4Tail: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i] ?? '';
      if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
        const octets = parseIpv4Octets(group);
        if (octets === undefined) return undefined;
        words.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
        words.push(parseInt(group, 16));
      }
    }
    return words;
  };
  if (halves.length === 1) {
    const words = parseGroups(text, true);
    return words?.length === 8 ? words : undefined;
  }
  const head = parseGroups(halves[0] ?? '', false);
  const tail = parseGroups(halves[1] ?? '', true);
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
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
