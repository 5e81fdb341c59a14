import {
  dnsOutcome,
  fqdn,
  type DnsOutcome,
  type DnsRecord,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './DnsRecord.js';
import type { ResolvConf } from './ResolvConf.js';

/** glibc's defaults: names with at least one dot are tried as written first; `ndots` is capped at 15. */
const DEFAULT_NDOTS = 1;
const MAX_NDOTS = 15;

/** One name the stub resolver sent, and what came back for each type asked. */
export interface ResolverAttempt {
  /** The absolute name queried, with its trailing dot. */
  readonly name: string;
  /** Why this name was tried: as written (`as-is`), or with a search domain appended. */
  readonly via: 'as-is' | 'search';
  readonly responses: readonly DnsResponse[];
  /** How the resolver read the responses together: any answer wins; otherwise the first type's rcode rules. */
  readonly outcome: DnsOutcome;
}

/** A whole lookup, as a trace shows it. */
export interface ResolverResult {
  readonly query: string;
  readonly attempts: readonly ResolverAttempt[];
  /** ANSWER when a name answered, else the h_errno glibc reports (HOST_NOT_FOUND is NXDOMAIN here). */
  readonly outcome: DnsOutcome;
  /** The name that answered, when one did. */
  readonly answeredBy?: string;
  /** The answer records of every asked type from the answering name. */
  readonly answer: readonly DnsRecord[];
}

export interface ResolveOptions {
  /**
   * Types asked for each name, together as `getaddrinfo` does (`A` and `AAAA` for AF_UNSPEC, sent in
   * parallel): a name answers when any type has records. Default `['A']`.
   */
  readonly types?: readonly DnsRecordType[];
}

/**
 * Resolves `name` as glibc's stub resolver does from a pod (`res_search`, with the RES_DEFNAMES and
 * RES_DNSRCH defaults), asking `dns` — the server the pod's first nameserver reaches:
 *
 * - A trailing dot makes the name absolute: it is asked once, as written, and that is the result.
 * - A name with at least `ndots` dots is asked as written first; if that answers, done.
 * - Otherwise, or when that failed, the name is tried with each search domain in order; NXDOMAIN and
 *   NODATA both move on to the next domain. A `.` domain stands for the name itself.
 * - Finally the name as written is asked, unless it was already (first, or through `.`).
 * - With no answer, the result is the as-written attempt's outcome if it came first, else NODATA if any
 *   search step got NODATA, else the last attempt's outcome.
 *
 * Nameserver failover, timeouts, `attempts:`/`rotate` and HOSTALIASES are not modelled.
 */
export function resolveFromPod(
  name: string,
  resolvConf: ResolvConf,
  dns: DnsServer,
  options: ResolveOptions = {},
): ResolverResult {
  const types = options.types ?? ['A'];
  const ndots = ndotsOf(resolvConf.options);
  const dots = name.split('.').length - 1;
  const trailingDot = name.endsWith('.');
  const attempts: ResolverAttempt[] = [];

  const ask = (queried: string, via: ResolverAttempt['via']): ResolverAttempt => {
    const responses = types.map((type) => dns.query(queried, type));
    const attempt: ResolverAttempt = {
      name: fqdn(queried),
      via,
      responses,
      outcome: combinedOutcome(responses),
    };
    attempts.push(attempt);
    return attempt;
  };
  const answered = (attempt: ResolverAttempt): ResolverResult => ({
    query: name,
    attempts,
    outcome: 'ANSWER',
    answeredBy: attempt.name,
    answer: attempt.responses.flatMap((r) => r.answer),
  });
  const failed = (outcome: DnsOutcome): ResolverResult => ({ query: name, attempts, outcome, answer: [] });

  let firstAsIs: DnsOutcome | undefined;
  if (dots >= ndots || trailingDot) {
    const attempt = ask(name, 'as-is');
    if (attempt.outcome === 'ANSWER') return answered(attempt);
    if (trailingDot) return failed(attempt.outcome);
    firstAsIs = attempt.outcome;
  }

  let gotNoData = false;
  let rootOnList = false;
  for (const domain of resolvConf.searches) {
    const suffix = domain.startsWith('.') ? domain.slice(1) : domain;
    if (suffix === '') rootOnList = true;
    const candidate = suffix === '' ? name : `${name}.${suffix.endsWith('.') ? suffix.slice(0, -1) : suffix}`;
    const attempt = ask(candidate, 'search');
    if (attempt.outcome === 'ANSWER') return answered(attempt);
    if (attempt.outcome === 'NODATA') gotNoData = true;
  }

  if (firstAsIs === undefined && !rootOnList) {
    const attempt = ask(name, 'as-is');
    if (attempt.outcome === 'ANSWER') return answered(attempt);
  }

  if (firstAsIs !== undefined) return failed(firstAsIs);
  if (gotNoData) return failed('NODATA');
  return failed(attempts.at(-1)?.outcome ?? 'NXDOMAIN');
}

/** The `ndots:N` option's value (the last one wins), capped at 15; 1 when absent. */
function ndotsOf(options: readonly string[]): number {
  let ndots = DEFAULT_NDOTS;
  for (const option of options) {
    const match = /^ndots:(\d+)$/.exec(option);
    if (match?.[1] !== undefined) ndots = Math.min(Number(match[1]), MAX_NDOTS);
  }
  return ndots;
}

/**
 * glibc reads paired A/AAAA responses as one: any answer succeeds; otherwise the first response's rcode
 * decides unless it is NOERROR, in which case the second's does (so NODATA + NXDOMAIN reads NXDOMAIN).
 */
function combinedOutcome(responses: readonly DnsResponse[]): DnsOutcome {
  if (responses.some((r) => dnsOutcome(r) === 'ANSWER')) return 'ANSWER';
  const first = responses[0];
  if (first === undefined) return 'NXDOMAIN';
  const deciding = first.rcode === 'NOERROR' ? (responses[1] ?? first) : first;
  return dnsOutcome(deciding);
}
