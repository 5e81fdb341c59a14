import type { EndpointPort } from '../../api/EndpointSlice.js';
import { compareCodeUnits } from '../../canonicalDigest.js';

/**
 * The ports in svcsim's canonical order: by name, port, protocol, appProtocol. The controller sorts by a
 * hash of each port (portsInOrder), which is stable but meaningless; a readable order serves the same
 * purpose of making equal port sets compare equal.
 */
export function sortEndpointPorts(ports: readonly EndpointPort[]): EndpointPort[] {
  return [...ports].sort(
    (a, b) =>
      compareCodeUnits(a.name ?? '', b.name ?? '') ||
      (a.port ?? 0) - (b.port ?? 0) ||
      compareCodeUnits(a.protocol ?? '', b.protocol ?? '') ||
      compareCodeUnits(a.appProtocol ?? '', b.appProtocol ?? '') ||
      compareCodeUnits(JSON.stringify(a), JSON.stringify(b)),
  );
}

/**
 * The key that groups endpoints sharing a resolved port set (endpointslice util NewPortMapKey): equal for
 * the same ports in any order; an unset field differs from an empty one, as a nil pointer does in Go.
 */
export function endpointPortsKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify(
    sortEndpointPorts(ports).map((p) => [
      p.name ?? null,
      p.port ?? null,
      p.protocol ?? null,
      p.appProtocol ?? null,
    ]),
  );
}
