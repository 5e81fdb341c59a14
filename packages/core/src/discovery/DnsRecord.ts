/** The record types the simulated cluster DNS answers (reference section 7.2). */
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'TXT';

interface DnsRecordBase {
  /** Owner name, fully qualified with its trailing dot, in the case the question used. */
  readonly name: string;
  readonly ttl: number;
}

/** One resource record, as plain data (class is always IN). */
export type DnsRecord =
  | (DnsRecordBase & { readonly type: 'A' | 'AAAA'; readonly address: string })
  | (DnsRecordBase & { readonly type: 'CNAME' | 'PTR'; readonly target: string })
  | (DnsRecordBase & {
      readonly type: 'SRV';
      readonly priority: number;
      readonly weight: number;
      readonly port: number;
      readonly target: string;
    })
  | (DnsRecordBase & { readonly type: 'TXT'; readonly text: string });

/** The response codes the simulation produces; NODATA is NOERROR with an empty answer section. */
export type DnsRcode = 'NOERROR' | 'NXDOMAIN';

/** What a query got back, in the shape `dig` prints it. */
export interface DnsResponse {
  readonly question: { readonly name: string; readonly type: DnsRecordType };
  readonly rcode: DnsRcode;
  readonly answer: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
}

/**
 * How a response reads to a stub resolver: records, the name exists but holds nothing of this type
 * (NODATA, RFC 2308: NOERROR with no answers), or the name does not exist at all (NXDOMAIN).
 */
export type DnsOutcome = 'ANSWER' | 'NODATA' | 'NXDOMAIN';

/** Anything that answers queries: the cluster DNS, or the upstream it forwards to. */
export interface DnsServer {
  query(name: string, type: DnsRecordType): DnsResponse;
}

/** Classifies a response as answer, NODATA or NXDOMAIN. */
export function dnsOutcome(response: DnsResponse): DnsOutcome {
  if (response.rcode === 'NXDOMAIN') return 'NXDOMAIN';
  return response.answer.length > 0 ? 'ANSWER' : 'NODATA';
}

/** The name with exactly one trailing dot, as record owners and targets are written. */
export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** The name as the servers compare it: lowercase, without the trailing dot (DNS names are case-insensitive). */
export function canonicalDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** A record as one `dig` answer line: owner, TTL, class, type, data, tab-separated. */
export function renderDnsRecord(record: DnsRecord): string {
  return [record.name, String(record.ttl), 'IN', record.type, recordData(record)].join('\t');
}

function recordData(record: DnsRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.address;
    case 'CNAME':
    case 'PTR':
      return record.target;
    case 'SRV':
      return `${record.priority} ${record.weight} ${record.port} ${record.target}`;
    case 'TXT':
      return JSON.stringify(record.text);
  }
}

/** A response with the given rcode and sections. */
export function dnsResponse(
  name: string,
  type: DnsRecordType,
  rcode: DnsRcode,
  answer: readonly DnsRecord[] = [],
  additional: readonly DnsRecord[] = [],
): DnsResponse {
  return { question: { name: fqdn(name), type }, rcode, answer, additional };
}
