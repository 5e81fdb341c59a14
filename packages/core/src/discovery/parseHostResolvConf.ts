import { compareCodeUnits } from '../canonicalDigest.js';
import type { ResolvConf } from './ResolvConf.js';

/**
 * Reads a node's resolv.conf as the kubelet does (`pkg/kubelet/network/dns`, `parseResolvConf`): `#` lines
 * are comments, `nameserver` lines accumulate, the last `search` line wins (without `.` entries and with
 * trailing dots stripped, so `example.com.` and `example.com` count once), and `options` lines accumulate
 * with a later option replacing an earlier one of the same name. Other lines (`domain`, `sortlist`) are
 * ignored, as the kubelet ignores them.
 *
 * The kubelet keeps options in a Go map, so their order is random; here they are sorted by name. A
 * `nameserver` line without an address makes the kubelet fail the pod's sandbox; here it is skipped.
 */
export function parseHostResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let searches: string[] = [];
  const options = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    const [keyword, ...fields] = trimmed.split(/\s+/);
    if (keyword === 'nameserver') {
      const server = fields[0];
      if (server !== undefined) nameservers.push(server);
    } else if (keyword === 'search') {
      searches = fields.filter((s) => s !== '.').map((s) => (s.endsWith('.') ? s.slice(0, -1) : s));
    } else if (keyword === 'options') {
      for (const option of fields) options.set(option.split(':')[0] ?? option, option);
    }
  }
  const sortedOptions = [...options.keys()].sort(compareCodeUnits).map((name) => options.get(name) ?? name);
  return { nameservers, searches, options: sortedOptions };
}
