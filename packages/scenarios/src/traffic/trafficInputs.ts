import { parseIpv4, type ConnectionOpened, type ConnectionSource, type InputEntry } from '@svcsim/core';

import type { TrafficSpec } from '../loader/TrafficSpec.js';
import { requestCount, requestInstant } from './requestSchedule.js';
import { keepAliveConnectionId, newConnectionId } from './trafficConnectionId.js';

/**
 * The connection inputs one traffic entry makes, in time order (see requestSchedule for when each
 * request is made):
 *
 * - `connections: new`: each request opens its own connection `<name>#<n>` and closes it at the same
 *   instant, once the data plane has answered the open. The open is the request: its
 *   `connection/established` or `connection/failed` is the outcome. Closing it at once gives the
 *   client port back (a client making thousands of requests would otherwise run out of ephemeral
 *   ports, as one that leaks sockets does) and costs no event, since a close is answered only when
 *   it names a connection that is not open.
 * - `connections: reuse`: one keep-alive connection `<name>#keepalive` is opened at `start`; each
 *   request is a `connection/used` with `reconnect: true` (answered by `connection/served` or
 *   `connection/broken`; a connection that broke is reopened first, as an HTTP client pool does); it
 *   is closed at `end`.
 *
 * An IPv4 host is connected to as an address; any other host is a name, which the data plane looks up
 * from the source when each connection opens (so a name that stops resolving fails from then on). A
 * URL's path is not sent anywhere: requests go to the URL's host and port, since HTTP routing
 * (Ingress, L7) is not modelled.
 */
export function trafficInputs(spec: TrafficSpec): InputEntry[] {
  const count = requestCount(spec.rate, spec.startMs, spec.endMs);
  const inputs: InputEntry[] = [];
  const opened = (id: string): ConnectionOpened => ({
    type: 'connection/opened',
    id,
    from: sourceOf(spec),
    ...destinationOf(spec.to.host),
    dstPort: spec.to.port,
    protocol: spec.protocol,
  });
  if (spec.connections === 'new') {
    for (let k = 0; k < count; k++) {
      const at = requestInstant(spec.rate, spec.startMs, k);
      const id = newConnectionId(spec.name, k + 1);
      inputs.push({ at, event: opened(id) }, { at, event: { type: 'connection/closed', id } });
    }
    return inputs;
  }
  const id = keepAliveConnectionId(spec.name);
  inputs.push({ at: spec.startMs, event: opened(id) });
  for (let k = 0; k < count; k++) {
    const at = requestInstant(spec.rate, spec.startMs, k);
    inputs.push({ at, event: { type: 'connection/used', id, reconnect: true } });
  }
  inputs.push({ at: spec.endMs, event: { type: 'connection/closed', id } });
  return inputs;
}

/** A fresh copy per event: events are plain data and must not share objects. */
function sourceOf(spec: TrafficSpec): ConnectionSource {
  const from = spec.from;
  switch (from.kind) {
    case 'pod':
      return { kind: 'pod', namespace: from.namespace, name: from.name };
    case 'node':
      return { kind: 'node', name: from.name };
    case 'external':
      return { kind: 'external', ip: from.ip, node: from.node };
  }
}

function destinationOf(host: string): { dstIP: string } | { dstName: string } {
  return parseIpv4(host) === undefined ? { dstName: host } : { dstIP: host };
}
