import type { EndpointAddress, EndpointSubset } from '../../api/Endpoints.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import { rememberPerObject } from '../../rememberPerObject.js';

type SubsetPort = NonNullable<EndpointSubset['ports']>[number];

/**
 * Subsets in canonical layout (pkg/api/v1/endpoints.RepackSubsets): every port maps to the set of addresses
 * offering it (an address not ready on a port anywhere is not ready there), ports whose address sets match
 * share one subset, and addresses are sorted by IP text (bytewise) then target UID. Subsets without ports
 * (headless Services without ports) survive as one portless subset per address set.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  return repackOnePortSubsets(subsets) ?? repackAnySubsets(subsets);
}

/**
 * The layout every Service with one port produces (each pod contributes one subset of one address on
 * that port), repacked without the general bookkeeping; undefined when the subsets are not so simple: a
 * subset with no port or several, ports that differ, or an IP seen twice (which needs the merging rules).
 * It gives exactly what the general repack does for these: one subset, its addresses sorted, the first
 * port object seen.
 */
export function repackOnePortSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  const port = subsets[0]?.ports?.[0];
  if (port === undefined) return undefined;
  const ready: EndpointAddress[] = [];
  const notReady: EndpointAddress[] = [];
  const ips = new Set<string>();
  for (const subset of subsets) {
    const ports = subset.ports;
    if (ports === undefined || ports.length !== 1 || !samePort(ports[0] as SubsetPort, port))
      return undefined;
    for (const address of subset.addresses ?? []) {
      if (ips.has(address.ip)) return undefined;
      ips.add(address.ip);
      ready.push(address);
    }
    for (const address of subset.notReadyAddresses ?? []) {
      if (ips.has(address.ip)) return undefined;
      ips.add(address.ip);
      notReady.push(address);
    }
  }
  ready.sort(compareAddresses);
  notReady.sort(compareAddresses);
  return [
    {
      ...(ready.length > 0 ? { addresses: ready } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ports: [port],
    },
  ];
}

/** Whether two ports have the same identity (portIdOf), compared field by field. */
function samePort(a: SubsetPort, b: SubsetPort): boolean {
  return (
    a === b ||
    ((a.name ?? '') === (b.name ?? '') &&
      a.port === b.port &&
      (a.protocol ?? '') === (b.protocol ?? '') &&
      (a.appProtocol ?? '') === (b.appProtocol ?? ''))
  );
}

/** repackSubsets for any subsets: the definition, which the one-port layout's shortcut must agree with. */
export function repackAnySubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  // Addresses are identified by IP and target UID; the first copy seen is the one kept. The ids are
  // small integers handed out in order of first sighting, so nothing is serialised per address.
  const addresses: EndpointAddress[] = [];
  const idsByIp = new Map<string, Map<string, number>>();
  const addressIdOf = (address: EndpointAddress): number => {
    let byUid = idsByIp.get(address.ip);
    if (byUid === undefined) {
      byUid = new Map();
      idsByIp.set(address.ip, byUid);
    }
    const uid = address.targetRef?.uid ?? '';
    let id = byUid.get(uid);
    if (id === undefined) {
      id = addresses.length;
      addresses.push(address);
      byUid.set(uid, id);
    }
    return id;
  };
  const readyByPort = new Map<string, { port: SubsetPort | undefined; ready: Map<number, boolean> }>();
  for (const subset of subsets) {
    const ports = subset.ports ?? [];
    for (const port of ports.length > 0 ? ports : [undefined]) {
      const portId = port === undefined ? 'none' : portIdOf(port);
      let entry = readyByPort.get(portId);
      if (entry === undefined) {
        entry = { port, ready: new Map() };
        readyByPort.set(portId, entry);
      }
      const ready = entry.ready;
      // Not ready trumps ready: a later ready sighting never upgrades an address.
      for (const address of subset.addresses ?? []) {
        const id = addressIdOf(address);
        if (ready.get(id) !== false) ready.set(id, true);
      }
      for (const address of subset.notReadyAddresses ?? []) ready.set(addressIdOf(address), false);
    }
  }

  // Ports served by exactly the same (address, readiness) set are merged into one subset.
  const groups = new Map<string, { ready: Map<number, boolean>; ports: SubsetPort[] }>();
  for (const { port, ready } of readyByPort.values()) {
    const setId = [...ready.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, isReady]) => (isReady ? id : -1 - id))
      .join(',');
    let group = groups.get(setId);
    if (group === undefined) {
      group = { ready, ports: [] };
      groups.set(setId, group);
    }
    if (port !== undefined) group.ports.push(port);
  }

  const repacked: { readonly subset: EndpointSubset; readonly sortKey: string }[] = [];
  for (const { ready, ports } of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReadyAddresses: EndpointAddress[] = [];
    for (const [id, isReady] of ready) {
      const address = addresses[id];
      if (address !== undefined) (isReady ? readyAddresses : notReadyAddresses).push(address);
    }
    readyAddresses.sort(compareAddresses);
    notReadyAddresses.sort(compareAddresses);
    if (ports.length > 1) {
      const keyed = ports.map((port) => ({ port, key: portIdOf(port) }));
      keyed.sort((a, b) => compareCodeUnits(a.key, b.key));
      for (let i = 0; i < keyed.length; i++) ports[i] = (keyed[i] as (typeof keyed)[number]).port;
    }
    const subset: EndpointSubset = {
      ...(readyAddresses.length > 0 ? { addresses: readyAddresses } : {}),
      ...(notReadyAddresses.length > 0 ? { notReadyAddresses } : {}),
      ...(ports.length > 0 ? { ports } : {}),
    };
    repacked.push({ subset, sortKey: subsetSortKey(subset) });
  }
  // Go orders subsets by an md5 of their contents; any stable order keeps comparisons meaningful, and
  // ordering by ports then first address keeps related subsets together.
  return repacked.sort((a, b) => compareCodeUnits(a.sortKey, b.sortKey)).map(({ subset }) => subset);
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

/** A port's identity; remembered per port object, since a pod's unpacked subsets are (deriveEndpointsObject). */
const portIdOf: (port: SubsetPort) => string = rememberPerObject((port) => JSON.stringify(portTuple(port)));

function portTuple(port: SubsetPort): [string, number, string, string] {
  return [port.name ?? '', port.port, port.protocol ?? '', port.appProtocol ?? ''];
}

function subsetSortKey(subset: EndpointSubset): string {
  const first = subset.addresses?.[0] ?? subset.notReadyAddresses?.[0];
  return JSON.stringify([(subset.ports ?? []).map(portTuple), first?.ip ?? '', first?.targetRef?.uid ?? '']);
}
