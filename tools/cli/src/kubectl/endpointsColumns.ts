import type { Endpoint, EndpointPort, EndpointSlice, Endpoints } from '@svcsim/core';

/** kubectl lists at most three endpoints, ports or addresses and then "+ N more...". */
const SHOWN = 3;

function withMore(shown: readonly string[], total: number, empty: string): string {
  if (total > shown.length) return `${shown.join(',')} + ${total - shown.length} more...`;
  return shown.length === 0 ? empty : shown.join(',');
}

/**
 * An Endpoints object's ready addresses as kubectl's ENDPOINTS column shows them: for each subset, each
 * port and then each address, `ip:port`; bare IPs for a subset without ports. `<none>` for an object
 * without subsets; an empty string when subsets hold only not-ready addresses, as kubectl prints it.
 */
export function formatEndpoints(endpoints: Endpoints | undefined): string {
  const subsets = endpoints?.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let total = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      total += addresses.length;
      for (const address of addresses) if (shown.length < SHOWN) shown.push(address.ip);
      continue;
    }
    for (const port of ports) {
      total += addresses.length;
      for (const address of addresses) if (shown.length < SHOWN) shown.push(`${address.ip}:${port.port}`);
    }
  }
  return withMore(shown, total, '');
}

/** An EndpointSlice's PORTS column: each port's number (or name, or `*`), or `<unset>`. */
export function formatSlicePorts(ports: readonly EndpointPort[] | undefined): string {
  const all = (ports ?? []).map((port) => (port.port !== undefined ? String(port.port) : (port.name ?? '*')));
  return withMore(all.slice(0, SHOWN), all.length, '<unset>');
}

/** An EndpointSlice's ENDPOINTS column: every endpoint's addresses, ready or not, or `<unset>`. */
export function formatSliceEndpoints(slice: EndpointSlice): string {
  const all = slice.endpoints.flatMap((endpoint) => endpoint.addresses);
  return withMore(all.slice(0, SHOWN), all.length, '<unset>');
}

/**
 * Ready endpoints of a Service's EndpointSlices as kubectl's describers list them (formatEndpointSlices):
 * for each slice, each port whose name is in `portNames` and then each ready endpoint, `ip:port` (the
 * first address); bare addresses for a slice without ports; `<none>` when there is no slice at all.
 *
 * Like kubectl, the "+ N more..." marker is switched on as soon as a fourth endpoint is looked at, ready
 * or not, while N counts only ready ones: three ready endpoints and one not ready give "+ 0 more...".
 */
export function formatEndpointSlices(
  slices: readonly EndpointSlice[],
  portNames: ReadonlySet<string>,
): string {
  if (slices.length === 0) return '<none>';
  // Each candidate in kubectl's order: the endpoint and how it is written (`ip:port`, or the bare IP).
  const candidates: { ready: boolean; text: string }[] = [];
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    if (ports.length === 0) {
      for (const endpoint of slice.endpoints)
        candidates.push({ ready: isReady(endpoint), text: endpoint.addresses[0] ?? '' });
      continue;
    }
    for (const port of ports) {
      if (!portNames.has(port.name ?? '')) continue;
      for (const endpoint of slice.endpoints)
        candidates.push({
          ready: isReady(endpoint),
          text: `${endpoint.addresses[0] ?? ''}:${port.port === undefined ? '' : String(port.port)}`,
        });
    }
  }
  const shown: string[] = [];
  let more = false;
  let ready = 0;
  for (const candidate of candidates) {
    if (shown.length === SHOWN) more = true;
    if (!candidate.ready) continue;
    if (!more) shown.push(candidate.text);
    ready++;
  }
  return more ? `${shown.join(',')} + ${ready - SHOWN} more...` : shown.join(',');
}

/** An unset ready condition means "unknown", which consumers treat as ready. */
function isReady(endpoint: Endpoint): boolean {
  return endpoint.conditions?.ready !== false;
}
