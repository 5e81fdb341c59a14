import { SERVICE_NAME_LABEL, type EndpointSlice } from '../../api/EndpointSlice.js';
import type { Protocol } from '../../api/ObjectMeta.js';
import { compareCodeUnits } from '../../canonicalDigest.js';

/** One (endpoint, port) pair as kube-proxy sees it, with conditions already defaulted the way it reads them. */
export interface EndpointSetEntry {
  readonly ip: string;
  readonly portName: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
}

/**
 * What an observer like kube-proxy sees across a Service's slices (endpointslicecache): every
 * (address, port) pair with its conditions, node and zone, as a sorted duplicate-free list. Follows
 * kube-proxy's reading: slices without the service-name label, ports without a name or number and
 * endpoints without addresses are ignored; only `addresses[0]` counts; an unset `ready` or `serving` means
 * true and an unset `terminating` false. How endpoints are spread over slices does not show.
 */
export function endpointSetOf(slices: readonly EndpointSlice[]): EndpointSetEntry[] {
  const entries = new Map<string, EndpointSetEntry>();
  for (const slice of slices) {
    if ((slice.metadata.labels?.[SERVICE_NAME_LABEL] ?? '') === '') continue;
    for (const port of slice.ports ?? []) {
      if (port.name === undefined || port.port === undefined || port.port === 0) continue;
      for (const endpoint of slice.endpoints) {
        const ip = endpoint.addresses[0];
        if (ip === undefined) continue;
        const entry: EndpointSetEntry = {
          ip,
          portName: port.name,
          port: port.port,
          protocol: port.protocol ?? 'TCP',
          ready: endpoint.conditions?.ready ?? true,
          serving: endpoint.conditions?.serving ?? true,
          terminating: endpoint.conditions?.terminating ?? false,
          ...(endpoint.nodeName !== undefined ? { nodeName: endpoint.nodeName } : {}),
          ...(endpoint.zone !== undefined ? { zone: endpoint.zone } : {}),
        };
        entries.set(JSON.stringify(entryTuple(entry)), entry);
      }
    }
  }
  return [...entries.entries()].sort(([a], [b]) => compareCodeUnits(a, b)).map(([, entry]) => entry);
}

function entryTuple(entry: EndpointSetEntry): unknown[] {
  return [
    entry.ip,
    entry.portName,
    entry.port,
    entry.protocol,
    entry.ready,
    entry.serving,
    entry.terminating,
    entry.nodeName ?? null,
    entry.zone ?? null,
  ];
}
