import {
  canonicalDnsName,
  dnsResponse,
  fqdn,
  type DnsRecord,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './DnsRecord.js';

/** CNAME hops followed before giving up, as CoreDNS does (it stops adding CNAMEs after 8). */
const MAX_CNAME_HOPS = 8;

/**
 * A DNS server that answers from a fixed list of records, standing in for everything outside the cluster
 * (the resolvers CoreDNS's `forward . /etc/resolv.conf` reaches). It behaves like a recursive resolver:
 * unknown names are NXDOMAIN, known names without the asked type are NODATA, and CNAMEs are followed to
 * their targets; the rcode is the last name's (RFC 6604).
 */
export function staticDnsServer(records: readonly DnsRecord[]): DnsServer {
  const byName = new Map<string, DnsRecord[]>();
  for (const record of records) {
    const key = canonicalDnsName(record.name);
    const normalized = withOwner(record, fqdn(record.name));
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [normalized]);
    else list.push(normalized);
  }

  function query(name: string, type: DnsRecordType): DnsResponse {
    const answer: DnsRecord[] = [];
    let current = name;
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      const own = byName.get(canonicalDnsName(current));
      if (own === undefined) return dnsResponse(name, type, 'NXDOMAIN', answer);
      const direct = own.filter((r) => r.type === type);
      if (direct.length > 0) {
        answer.push(...direct.map((r) => withOwner(r, fqdn(current))));
        return dnsResponse(name, type, 'NOERROR', answer);
      }
      const alias = own.find((r) => r.type === 'CNAME');
      if (alias?.type !== 'CNAME') break;
      answer.push(withOwner(alias, fqdn(current)));
      current = alias.target;
    }
    return dnsResponse(name, type, 'NOERROR', answer);
  }

  return { query };
}

function withOwner(record: DnsRecord, name: string): DnsRecord {
  return { ...record, name };
}
