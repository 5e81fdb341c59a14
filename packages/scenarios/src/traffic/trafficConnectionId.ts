/**
 * The connection ids traffic uses (contract 3 of issue 6), so a log alone says which traffic each
 * request belonged to: `<traffic>#<n>` for the n-th request (from 1) of `connections: new`, and
 * `<traffic>#keepalive` for the one connection of `connections: reuse`.
 */
const SEPARATOR = '#';
const KEEPALIVE = 'keepalive';

/** The id of request `n` (from 1) of a `connections: new` traffic. */
export function newConnectionId(traffic: string, n: number): string {
  return `${traffic}${SEPARATOR}${String(n)}`;
}

/** The id of the keep-alive connection of a `connections: reuse` traffic. */
export function keepAliveConnectionId(traffic: string): string {
  return `${traffic}${SEPARATOR}${KEEPALIVE}`;
}

/** What a traffic connection id names; `request` is `keepalive` for a reused connection. */
export interface TrafficConnectionId {
  readonly traffic: string;
  readonly request: number | 'keepalive';
}

/**
 * Reads a connection id written by `newConnectionId` or `keepAliveConnectionId`; any other id (a
 * hand-written input's, the demo's `new-3`) is not traffic's and gives undefined. The last `#` splits,
 * so a traffic name may itself hold one.
 */
export function parseTrafficConnectionId(id: string): TrafficConnectionId | undefined {
  const split = id.lastIndexOf(SEPARATOR);
  if (split <= 0) return undefined;
  const traffic = id.slice(0, split);
  const suffix = id.slice(split + 1);
  if (suffix === KEEPALIVE) return { traffic, request: 'keepalive' };
  if (!/^[1-9]\d*$/.test(suffix)) return undefined;
  const request = Number(suffix);
  return Number.isSafeInteger(request) ? { traffic, request } : undefined;
}
