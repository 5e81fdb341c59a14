import type { Observable, SchedulerLike, Subscription } from 'rxjs';

import { SERVICE_NAME_LABEL, type EndpointSlice } from '../../api/EndpointSlice.js';
import type { Node } from '../../api/Node.js';
import type { Service } from '../../api/Service.js';
import { lagBy } from '../../engine/lagBy.js';
import type { SimEvent } from '../../events/SimEvent.js';
import type { LogEntry } from '../../LogEntry.js';
import { plainDataEqual } from '../../plainDataEqual.js';
import { buildEndpointsMap, type EndpointsMap } from '../../proxy/EndpointInfo.js';
import type { ServiceProxyState } from '../../proxy/ProxyMode.js';
import { buildServicePorts } from '../../proxy/ServicePortInfo.js';
import { createSnapshotMap } from './createSnapshotMap.js';

/** What a kube-proxy attached to a view hears about. */
export interface LaggedProxyViewListener {
  /** The Service's ServiceProxyState was replaced or removed. */
  serviceChanged(key: string): void;
  /** The listener's own Node object changed. */
  nodeChanged(node: Node): void;
}

/**
 * Services, EndpointSlices and Nodes as every kube-proxy with one watch delay sees them: their
 * informers all lag the apiserver by the same amount, so they would all hold the same caches, and one
 * copy serves them all. Each Service is kept as a ServiceProxyState, replaced by a new object whenever
 * its Service or one of its slices changes in a way kube-proxy would notice (section 0.5: a change
 * that leaves the state deep-equal is dropped), and every attached kube-proxy is told the key.
 */
export interface LaggedProxyView {
  readonly watchDelayMs: number;
  /**
   * Every proxied Service, by key, as a snapshot later changes do not touch, so a sync may keep it
   * as "what I programmed".
   */
  services(): ReadonlyMap<string, ServiceProxyState>;
  /** A Node as the view holds it. */
  node(name: string): Node | undefined;
  /**
   * Calls `seen` right after the view has taken in the log entry `seq`: from then on the view holds
   * exactly what a client listing at that entry's instant got, `watchDelayMs` later.
   */
  whenSeen(seq: number, seen: () => void): void;
  /** Cancels a whenSeen that has not fired yet. */
  forget(seq: number): void;
  /** Attaches a node's kube-proxy: from now on it hears of every Service change and of its Node's. */
  listen(nodeName: string, listener: LaggedProxyViewListener): void;
  detach(nodeName: string): void;
  readonly subscription: Subscription;
}

/** Starts a view `watchDelayMs` behind the committed events. */
export function createLaggedProxyView(
  events$: Observable<LogEntry<SimEvent>>,
  watchDelayMs: number,
  scheduler: SchedulerLike,
): LaggedProxyView {
  /** Service key -> slice name -> slice; only slices that name a Service. */
  const slicesByService = new Map<string, Map<string, EndpointSlice>>();
  /** `namespace/sliceName` -> the Service key the slice was filed under, to find it again on delete. */
  const sliceOwner = new Map<string, string>();
  const nodes = new Map<string, Node>();
  const listeners = new Map<string, LaggedProxyViewListener>();
  const waiting = new Map<number, () => void>();

  // Every sync is handed a snapshot that later changes leave alone (a mode may keep it as "what I
  // programmed"); the SnapshotMap makes that O(1) per change rather than a copy of every Service.
  const states = createSnapshotMap<ServiceProxyState>();

  function replace(key: string, state: ServiceProxyState | undefined): void {
    if (state === undefined) states.delete(key);
    else states.set(key, state);
    for (const listener of listeners.values()) listener.serviceChanged(key);
  }

  function endpointsOf(key: string): EndpointsMap {
    const slices = slicesByService.get(key);
    // The view is node-independent (isLocal stays false): no node is named.
    return buildEndpointsMap(slices === undefined ? [] : [...slices.values()], '');
  }

  function serviceChanged(key: string, service: Service | undefined): void {
    const previous = states.get(key);
    const ports = service === undefined ? [] : buildServicePorts(service);
    if (ports.length === 0) {
      // Gone, or no longer proxied (headless, ExternalName, another proxy's label).
      if (previous !== undefined) replace(key, undefined);
      return;
    }
    if (previous !== undefined && plainDataEqual(previous.ports, ports)) return;
    replace(key, { key, ports, endpoints: previous?.endpoints ?? endpointsOf(key) });
  }

  function endpointsChanged(key: string): void {
    const previous = states.get(key);
    // Endpoints of a Service kube-proxy does not proxy are read when the Service appears.
    if (previous === undefined) return;
    const endpoints = endpointsOf(key);
    if (plainDataEqual(previous.endpoints, endpoints)) return;
    replace(key, { key, ports: previous.ports, endpoints });
  }

  function sliceChanged(namespace: string, name: string, slice: EndpointSlice | undefined): void {
    const id = `${namespace}/${name}`;
    const before = sliceOwner.get(id);
    const serviceName = slice?.metadata.labels?.[SERVICE_NAME_LABEL];
    const after = serviceName === undefined ? undefined : `${namespace}/${serviceName}`;
    if (before !== undefined) {
      const slices = slicesByService.get(before);
      slices?.delete(name);
      if (slices?.size === 0) slicesByService.delete(before);
      sliceOwner.delete(id);
    }
    if (slice !== undefined && after !== undefined) {
      let slices = slicesByService.get(after);
      if (slices === undefined) {
        slices = new Map();
        slicesByService.set(after, slices);
      }
      slices.set(name, slice);
      sliceOwner.set(id, after);
    }
    if (before !== undefined) endpointsChanged(before);
    if (after !== undefined && after !== before) endpointsChanged(after);
  }

  function nodeChanged(name: string, node: Node | undefined): void {
    if (node === undefined) {
      nodes.delete(name);
      return;
    }
    nodes.set(name, node);
    listeners.get(name)?.nodeChanged(node);
  }

  function take(entry: LogEntry<SimEvent>): void {
    const { event } = entry;
    if (event.type === 'object/created' || event.type === 'object/updated') {
      const object = event.object;
      const namespace = object.metadata.namespace ?? '';
      const name = object.metadata.name ?? '';
      if (object.kind === 'Service') serviceChanged(`${namespace}/${name}`, object);
      else if (object.kind === 'EndpointSlice') sliceChanged(namespace, name, object);
      else if (object.kind === 'Node') nodeChanged(name, object);
    } else if (event.type === 'object/deleted') {
      if (event.kind === 'Service') serviceChanged(`${event.namespace}/${event.name}`, undefined);
      else if (event.kind === 'EndpointSlice') sliceChanged(event.namespace, event.name, undefined);
      else if (event.kind === 'Node') nodeChanged(event.name, undefined);
    }
    const seen = waiting.get(entry.seq);
    if (seen !== undefined) {
      waiting.delete(entry.seq);
      seen();
    }
  }

  const subscription = events$.pipe(lagBy(watchDelayMs, scheduler)).subscribe(take);

  return {
    watchDelayMs,
    services: () => states.snapshot(),
    node: (name) => nodes.get(name),
    whenSeen(seq, seen) {
      waiting.set(seq, seen);
    },
    forget(seq) {
      waiting.delete(seq);
    },
    listen(nodeName, listener) {
      listeners.set(nodeName, listener);
    },
    detach(nodeName) {
      listeners.delete(nodeName);
    },
    subscription,
  };
}
