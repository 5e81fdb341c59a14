import { parseIpAddress } from '../apiserver/endpoints/parseIpAddress.js';
import { parseIpSloppy } from '../apiserver/validation/ipAddresses.js';

const IPV4_ARPA = '.in-addr.arpa';
const IPV6_ARPA = '.ip6.arpa';

/**
 * The address a reverse-lookup name stands for (`11.0.96.10.in-addr.arpa` → `10.96.0.11`; 32 reversed
 * nibbles under `ip6.arpa` for IPv6), as canonical text; undefined for names that are not a whole address,
 * like CoreDNS's `dnsutil.ExtractAddressFromReverse`. Takes a canonical name (lowercase, no trailing dot).
 */
export function addressFromReverseName(name: string): string | undefined {
  if (name.endsWith(IPV4_ARPA)) {
    const labels = name.slice(0, -IPV4_ARPA.length).split('.').reverse();
    const parsed = parseIpAddress(labels.join('.'));
    return parsed?.family === 'IPv4' && labels.length === 4 ? parsed.text : undefined;
  }
  if (name.endsWith(IPV6_ARPA)) {
    const nibbles = name.slice(0, -IPV6_ARPA.length).split('.').reverse();
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(nibbles.slice(i, i + 4).join(''));
    return parseIpAddress(groups.join(':'))?.text;
  }
  return undefined;
}

/** The reverse-lookup name of an address, with its trailing dot; undefined when the text is not an IP. */
export function reverseNameOf(address: string): string | undefined {
  const parsed = parseIpSloppy(address);
  if (parsed === undefined) return undefined;
  const bytes = parsed.bytes;
  if (bytes.length === 4) return `${[...bytes].reverse().join('.')}.in-addr.arpa.`;
  const nibbles: string[] = [];
  for (const byte of bytes) nibbles.push((byte >> 4).toString(16), (byte & 15).toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa.`;
}
