import type { EndpointPort, EndpointSlice, Endpoints } from '@svcsim/core';

/** kubectl lists at most three endpoints, ports or addresses and then "+ N more...". */
const SHOWN = 3;

function withMore(shown: readonly string[], total: number, empty: string): string {
  if (total > shown.length) return `${shown.join(',')} + ${total - shown.length} more...`;
  return shown.length === 0 ? empty : shown.join(',');
}

/**
 * An Endpoints object's ready addresses as kubectl's ENDPOINTS column shows them: for each subset, each
 * port (only the named ones when `portNames` is given, as describe does per Service port) and then each
 * address, `ip:port`; bare IPs for a subset without ports. `<none>` for an object without subsets; an
 * empty string when subsets hold only not-ready addresses, as kubectl prints it.
 */
export function formatEndpoints(endpoints: Endpoints | undefined, portNames?: ReadonlySet<string>): string {
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
      if (portNames !== undefined && !portNames.has(port.name ?? '')) continue;
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
