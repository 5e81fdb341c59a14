import type { EndpointAddress, EndpointSubset } from '../../api/Endpoints.js';
import { compareCodeUnits } from '../../canonicalDigest.js';

type SubsetPort = NonNullable<EndpointSubset['ports']>[number];

/**
 * Subsets in canonical layout (pkg/api/v1/endpoints.RepackSubsets): every port maps to the set of addresses
 * offering it (an address not ready on a port anywhere is not ready there), ports whose address sets match
 * share one subset, and addresses are sorted by IP text (bytewise) then target UID. Subsets without ports
 * (headless Services without ports) survive as one portless subset per address set.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  // Addresses are identified by IP and target UID; the first copy seen is the one kept.
  const addresses = new Map<string, EndpointAddress>();
  const readyByPort = new Map<string, { port: SubsetPort | undefined; ready: Map<string, boolean> }>();
  const record = (address: EndpointAddress, port: SubsetPort | undefined, ready: boolean): void => {
    const addressId = JSON.stringify([address.ip, address.targetRef?.uid ?? '']);
    if (!addresses.has(addressId)) addresses.set(addressId, address);
    const portId = port === undefined ? 'none' : JSON.stringify(portTuple(port));
    let entry = readyByPort.get(portId);
    if (entry === undefined) {
      entry = { port, ready: new Map() };
      readyByPort.set(portId, entry);
    }
    // Not ready trumps ready: a later ready sighting never upgrades an address.
    if (entry.ready.get(addressId) !== false) entry.ready.set(addressId, ready);
  };
  for (const subset of subsets) {
    const ports = subset.ports ?? [];
    for (const port of ports.length > 0 ? ports : [undefined]) {
      for (const address of subset.addresses ?? []) record(address, port, true);
      for (const address of subset.notReadyAddresses ?? []) record(address, port, false);
    }
  }

  // Ports served by exactly the same (address, readiness) set are merged into one subset.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: SubsetPort[] }>();
  for (const { port, ready } of readyByPort.values()) {
    const setId = JSON.stringify([...ready.entries()].sort((a, b) => compareCodeUnits(a[0], b[0])));
    let group = groups.get(setId);
    if (group === undefined) {
      group = { ready, ports: [] };
      groups.set(setId, group);
    }
    if (port !== undefined) group.ports.push(port);
  }

  const repacked: EndpointSubset[] = [];
  for (const { ready, ports } of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReadyAddresses: EndpointAddress[] = [];
    for (const [addressId, isReady] of ready) {
      const address = addresses.get(addressId);
      if (address !== undefined) (isReady ? readyAddresses : notReadyAddresses).push(address);
    }
    readyAddresses.sort(compareAddresses);
    notReadyAddresses.sort(compareAddresses);
    ports.sort((a, b) => compareCodeUnits(JSON.stringify(portTuple(a)), JSON.stringify(portTuple(b))));
    repacked.push({
      ...(readyAddresses.length > 0 ? { addresses: readyAddresses } : {}),
      ...(notReadyAddresses.length > 0 ? { notReadyAddresses } : {}),
      ...(ports.length > 0 ? { ports } : {}),
    });
  }
  // Go orders subsets by an md5 of their contents; any stable order keeps comparisons meaningful, and
  // ordering by ports then first address keeps related subsets together.
  return repacked.sort((a, b) => compareCodeUnits(subsetSortKey(a), subsetSortKey(b)));
}

/** LessEndpointAddress: IP text bytewise, then a missing targetRef first, then target UID. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byIp = compareCodeUnits(a.ip, b.ip);
  if (byIp !== 0) return byIp;
  if (a.targetRef === undefined || b.targetRef === undefined) {
    return (a.targetRef === undefined ? 0 : 1) - (b.targetRef === undefined ? 0 : 1);
  }
  return compareCodeUnits(a.targetRef.uid ?? '', b.targetRef.uid ?? '');
}

function portTuple(port: SubsetPort): [string, number, string, string] {
  return [port.name ?? '', port.port, port.protocol ?? '', port.appProtocol ?? ''];
}

function subsetSortKey(subset: EndpointSubset): string {
  const first = subset.addresses?.[0] ?? subset.notReadyAddresses?.[0];
  return JSON.stringify([(subset.ports ?? []).map(portTuple), first?.ip ?? '', first?.targetRef?.uid ?? '']);
}
