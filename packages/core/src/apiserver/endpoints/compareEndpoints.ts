import type { Endpoint } from '../../api/EndpointSlice.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import { parseIpAddress } from './parseIpAddress.js';

/**
 * The order svcsim writes endpoints in and hands them to slices: by first address numerically (IPv4 before
 * IPv6), then target namespace, name and hostname. The real controller pops from a Go map, so its order is
 * random; any total order is faithful, and a numeric one reads best in kubectl output.
 */
export function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return compareCodeUnits(addressSortKey(a), addressSortKey(b)) || compareBeyondAddress(a, b);
}

/**
 * The endpoints in compareEndpoints order, as a new array: each endpoint's address key is looked up once
 * rather than once per comparison (a sort of n endpoints compares about n log n times).
 */
export function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  const keyed = endpoints.map((endpoint) => ({ endpoint, key: addressSortKey(endpoint) }));
  keyed.sort((a, b) => compareCodeUnits(a.key, b.key) || compareBeyondAddress(a.endpoint, b.endpoint));
  return keyed.map(({ endpoint }) => endpoint);
}

/** compareEndpoints for endpoints whose first addresses sort alike. */
function compareBeyondAddress(a: Endpoint, b: Endpoint): number {
  return (
    compareCodeUnits(a.targetRef?.namespace ?? '', b.targetRef?.namespace ?? '') ||
    compareCodeUnits(a.targetRef?.name ?? '', b.targetRef?.name ?? '') ||
    compareCodeUnits(a.hostname ?? '', b.hostname ?? '') ||
    compareCodeUnits(JSON.stringify(a), JSON.stringify(b))
  );
}

function addressSortKey(endpoint: Endpoint): string {
  const first = endpoint.addresses[0];
  if (first === undefined) return '';
  // Unparsable text (possible only in hand-written slices) sorts after every address, by its text.
  return parseIpAddress(first)?.sortKey ?? `9${first}`;
}
