import type { EndpointSlice } from '../api/EndpointSlice.js';
import { SERVICE_NAME_LABEL } from '../api/EndpointSlice.js';
import type { Protocol } from '../api/ObjectMeta.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { servicePortKey, servicePortNameString } from './ServicePortInfo.js';

/** One endpoint of one ServicePort as kube-proxy sees it (`pkg/proxy/endpoint.go: BaseEndpointInfo`). */
export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** `JoinHostPort(ip, port)`: `10.244.1.5:8080`, `[fd00::5]:8080`. */
  readonly endpoint: string;
  /** Condition `ready` nil or true. */
  readonly ready: boolean;
  /** Condition `serving` nil or true. */
  readonly serving: boolean;
  /** Condition `terminating` non-nil and true. */
  readonly terminating: boolean;
  /** nodeName set and equal to this kube-proxy's node. */
  readonly isLocal: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
  /** `hints.forZones[].name`; absent when the endpoint has no zone hints. */
  readonly zoneHints?: readonly string[];
}

/**
 * Endpoints per ServicePort, keyed by `servicePortKey(servicePortName, protocol)`, each list sorted by
 * endpoint string with plain code-unit comparison (`byEndpoint`).
 */
export type EndpointsMap = Readonly<Record<string, readonly EndpointInfo[]>>;

/** `JoinHostPort`: IPv6 addresses are bracketed. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * Merges EndpointSlices into per-ServicePort endpoint lists the way `endpointslicecache.go` does
 * (section 0.3). Slices are visited in (namespace, name) order so the duplicate rule ("a later
 * non-terminating copy replaces an earlier one") is deterministic; Go visits them in map order.
 * FQDN slices are ignored, as kube-proxy only watches IP slices.
 */
export function buildEndpointsMap(slices: readonly EndpointSlice[], nodeName: string): EndpointsMap {
  const sorted = [...slices].sort(
    (a, b) =>
      compareCodeUnits(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
  const byKey = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of sorted) {
    const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (serviceName === undefined || slice.addressType === 'FQDN') continue;
    const namespace = slice.metadata.namespace ?? '';
    for (const slicePort of slice.ports ?? []) {
      if (slicePort.name === undefined || slicePort.port === undefined || slicePort.port === 0) continue;
      const port = slicePort.port;
      const protocol: Protocol = slicePort.protocol ?? 'TCP';
      const key = servicePortKey(servicePortNameString(namespace, serviceName, slicePort.name), protocol);
      let endpoints = byKey.get(key);
      if (endpoints === undefined) {
        endpoints = new Map();
        byKey.set(key, endpoints);
      }
      for (const endpoint of slice.endpoints) {
        const ip = endpoint.addresses[0];
        if (ip === undefined) continue;
        const info = endpointInfoOf(ip, port, endpoint, nodeName);
        if (!endpoints.has(info.endpoint) || !info.terminating) endpoints.set(info.endpoint, info);
      }
    }
  }
  const result: Record<string, readonly EndpointInfo[]> = {};
  for (const key of [...byKey.keys()].sort(compareCodeUnits)) {
    const endpoints = byKey.get(key);
    if (endpoints === undefined || endpoints.size === 0) continue;
    result[key] = [...endpoints.values()].sort((a, b) => compareCodeUnits(a.endpoint, b.endpoint));
  }
  return result;
}

function endpointInfoOf(
  ip: string,
  port: number,
  endpoint: EndpointSlice['endpoints'][number],
  nodeName: string,
): EndpointInfo {
  const conditions = endpoint.conditions ?? {};
  const zoneHints = (endpoint.hints?.forZones ?? []).map((hint) => hint.name);
  return {
    ip,
    port,
    endpoint: joinHostPort(ip, port),
    ready: conditions.ready ?? true,
    serving: conditions.serving ?? true,
    terminating: conditions.terminating ?? false,
    isLocal: endpoint.nodeName !== undefined && endpoint.nodeName !== '' && endpoint.nodeName === nodeName,
    ...(endpoint.nodeName === undefined ? {} : { nodeName: endpoint.nodeName }),
    ...(endpoint.zone === undefined ? {} : { zone: endpoint.zone }),
    ...(zoneHints.length === 0 ? {} : { zoneHints }),
  };
}
