import { assertNever } from '../assertNever.js';
import type { KubeObject } from '../api/KubeObject.js';
import type { ConnectionPeer, ConnectionSource } from '../events/ConnectionEvents.js';
import type { Labels, SimEvent } from '../events/SimEvent.js';
import { describeObject } from './describeObject.js';

/** One human-readable line for an event, as the CLI's timelines show it. Stable: golden tests depend on it. */
export function describeEvent(event: SimEvent): string {
  switch (event.type) {
    case 'api/applied':
      return objectRef(event.object);
    case 'api/deleted':
      return `${event.kind} ${qualified(event.namespace, event.name)}${event.gracePeriodSeconds === undefined ? '' : ` (grace ${event.gracePeriodSeconds}s)`}`;
    case 'api/scaled':
      return `${event.kind} ${qualified(event.namespace, event.name)} to ${event.replicas} replicas`;
    case 'pod/readinessSet':
      return `Pod ${qualified(event.namespace, event.name)} Ready=${event.ready ? 'True' : 'False'}`;
    case 'node/readinessSet':
      return `Node ${event.name} Ready=${event.ready ? 'True' : 'False'}`;
    case 'node/failed':
      return `Node ${event.name} host failed`;
    case 'node/recovered':
      return `Node ${event.name} host recovered`;
    case 'app/healthSet':
      return `${podContainers(event.namespace, event.name, event.container)} health ${event.health}`;
    case 'app/crashed':
      return `${podContainers(event.namespace, event.name, event.container)} exited with code ${event.exitCode ?? 1}`;
    case 'probe/resultChanged':
      return `Pod ${qualified(event.namespace, event.name)} container ${event.container} ${event.probe} ${event.result}: ${event.reason}`;
    case 'object/created':
    case 'object/updated':
      return `${objectRef(event.object)} ${describeObject(event.object)}`.trimEnd();
    case 'object/deleted':
      return `${event.kind} ${qualified(event.namespace, event.name)}`;
    case 'api/rejected':
      return `${event.status.code} ${event.status.reason}: ${event.status.message}`;
    case 'proxy/stopped':
      return `kube-proxy on ${event.node} stopped`;
    case 'proxy/started':
      return `kube-proxy on ${event.node} started`;
    case 'proxy/synced':
      return `${event.node} ${event.full ? 'full' : 'partial'} ${event.mode} sync (${event.reason}): ${event.servicesChanged} services changed, ${event.rulesWritten} of ${event.rulesTotal} rules written, ${formatMicros(event.costMicros)}`;
    case 'connection/opened':
      return `${event.id} ${describeSource(event.from)} -> ${event.dstIP ?? event.dstName}:${event.dstPort}/${event.protocol}`;
    case 'connection/used':
      return event.reconnect === true ? `${event.id} (keep-alive: reconnects if not open)` : event.id;
    case 'connection/closed':
      return event.id;
    case 'connection/established':
      return `${event.id}${resolvedTo(event.dstIP)} via ${event.node} to ${describePeer(event.peer)}${event.servicePortName === undefined ? '' : ` (${event.servicePortName})`}${event.masqueraded ? ', masqueraded' : ''}, ${event.rulesEvaluated} rules`;
    case 'connection/failed':
      return `${event.id} ${event.failure}${event.node === undefined ? '' : ` on ${event.node}`}${resolvedTo(event.dstIP)}: ${event.reason}`;
    case 'connection/served':
      return `${event.id} by ${describePeer(event.peer)}`;
    case 'connection/broken':
      return `${event.id} ${event.failure}: ${event.reason}`;
    default:
      return assertNever(event);
  }
}

function describeSource(source: ConnectionSource): string {
  switch (source.kind) {
    case 'pod':
      return `pod ${source.namespace}/${source.name}`;
    case 'node':
      return `node ${source.name}`;
    case 'external':
      return `${source.ip} at ${source.node}`;
    default:
      return assertNever(source);
  }
}

/** ` (resolved to 10.96.0.20)` for a connection by name; nothing for one by address. */
function resolvedTo(dstIP: string | undefined): string {
  return dstIP === undefined ? '' : ` (resolved to ${dstIP})`;
}

function describePeer(peer: ConnectionPeer): string {
  return `${peer.ip}:${peer.port}${peer.pod === undefined ? '' : ` (${peer.pod})`}`;
}

/** A modelled duration in the unit that reads best: 850µs, 12.4ms, 3.2s. */
function formatMicros(micros: number): string {
  if (micros < 1000) return `${micros}µs`;
  if (micros < 1_000_000) return `${(micros / 1000).toFixed(1)}ms`;
  return `${(micros / 1_000_000).toFixed(1)}s`;
}

/** `Pod default/web-0` for every container of the pod, `Pod default/web-0 container app` for one. */
function podContainers(namespace: string, name: string, container: string | undefined): string {
  return `Pod ${qualified(namespace, name)}${container === undefined ? '' : ` container ${container}`}`;
}

function qualified(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

function objectRef(object: KubeObject): string {
  const name = object.metadata.name ?? `${object.metadata.generateName ?? ''}*`;
  return `${object.kind} ${qualified(object.metadata.namespace ?? '', name)}`;
}

/** Labels as kubectl prints them: key=value pairs, sorted by key, comma-separated. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}
