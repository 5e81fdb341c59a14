import { auditTime, Subscription } from 'rxjs';

import type { ControllerContext } from '../engine/ControllerContext.js';
import type { SimEvent } from '../events/SimEvent.js';
import { createKeyedRouter } from '../engine/KeyedRouter.js';
import { lagBy } from '../engine/lagBy.js';
import type { PodState, ServiceState } from './ClusterState.js';
import { deriveEndpoints, matchesSelector } from './deriveEndpoints.js';

/**
 * The Endpoints controller. It sees every change `watchDelayMs` late (its informer's lag), works out
 * which Services a change touches, and reconciles each touched Service once per instant, writing an
 * `endpoints/updated` event only when the result differs from what it last wrote.
 *
 * Wiring is RxJS (a delay on the event stream, then one keyed pipeline per Service that coalesces the
 * changes of one instant with auditTime(0) on the simulation scheduler); the decisions are the plain
 * function deriveEndpoints, which tests call directly.
 */
export function createEndpointsController(ctx: ControllerContext): Subscription {
  // The informer cache: what this controller has seen so far, `watchDelayMs` behind the apiserver.
  const pods = new Map<string, PodState>(); // by "namespace/name"
  const podsByNamespace = new Map<string, Set<string>>();
  const services = new Map<string, ServiceState>(); // by "namespace/name"
  const servicesByNamespace = new Map<string, Set<string>>();
  // Which pods each Service selects, and the reverse, so a pod change costs O(Services selecting it)
  // and a reconcile O(pods selected), not O(everything in the namespace).
  const selectedPods = new Map<string, Set<string>>();
  const selectingServices = new Map<string, Set<string>>();
  const written = new Map<string, { addresses: readonly string[]; notReadyAddresses: readonly string[] }>();

  const reconcilers = createKeyedRouter<string, null>((key, touched$) =>
    touched$.pipe(auditTime(0, ctx.scheduler)).subscribe(() => reconcile(key)),
  );

  function reconcile(key: string): void {
    const service = services.get(key);
    const previous = written.get(key);
    if (service === undefined) {
      reconcilers.close(key);
      if (previous !== undefined) {
        written.delete(key);
        const slash = key.indexOf('/');
        ctx.emit({ type: 'endpoints/removed', namespace: key.slice(0, slash), name: key.slice(slash + 1) });
      }
      return;
    }
    const selected: PodState[] = [];
    for (const podKey of selectedPods.get(key) ?? []) {
      const pod = pods.get(podKey);
      if (pod !== undefined) selected.push(pod);
    }
    const next = deriveEndpoints(service, selected);
    if (
      previous !== undefined &&
      sameList(previous.addresses, next.addresses) &&
      sameList(previous.notReadyAddresses, next.notReadyAddresses)
    ) {
      return;
    }
    written.set(key, next);
    ctx.emit({ type: 'endpoints/updated', namespace: service.namespace, name: service.name, ...next });
  }

  function touch(serviceKeys: Iterable<string> | undefined): void {
    for (const key of serviceKeys ?? []) reconcilers.route(key, null);
  }

  function link(serviceKey: string, podKey: string): void {
    setOf(selectedPods, serviceKey).add(podKey);
    setOf(selectingServices, podKey).add(serviceKey);
  }

  function handle(event: SimEvent): void {
    switch (event.type) {
      case 'pod/added': {
        const key = `${event.namespace}/${event.name}`;
        const pod: PodState = {
          namespace: event.namespace,
          name: event.name,
          nodeName: event.nodeName,
          labels: event.labels,
          ready: event.ready,
          ip: null,
        };
        pods.set(key, pod);
        setOf(podsByNamespace, event.namespace).add(key);
        for (const serviceKey of servicesByNamespace.get(event.namespace) ?? []) {
          const service = services.get(serviceKey);
          if (service !== undefined && matchesSelector(service.selector, pod.labels)) link(serviceKey, key);
        }
        touch(selectingServices.get(key));
        return;
      }
      case 'pod/ipAssigned':
      case 'pod/readinessSet': {
        const key = `${event.namespace}/${event.name}`;
        const pod = pods.get(key);
        if (pod === undefined) return;
        pods.set(
          key,
          event.type === 'pod/ipAssigned' ? { ...pod, ip: event.ip } : { ...pod, ready: event.ready },
        );
        touch(selectingServices.get(key));
        return;
      }
      case 'pod/removed': {
        const key = `${event.namespace}/${event.name}`;
        pods.delete(key);
        podsByNamespace.get(event.namespace)?.delete(key);
        const serviceKeys = selectingServices.get(key);
        selectingServices.delete(key);
        for (const serviceKey of serviceKeys ?? []) selectedPods.get(serviceKey)?.delete(key);
        touch(serviceKeys);
        return;
      }
      case 'service/added': {
        const key = `${event.namespace}/${event.name}`;
        const service: ServiceState = {
          namespace: event.namespace,
          name: event.name,
          selector: event.selector,
          port: event.port,
          targetPort: event.targetPort,
        };
        services.set(key, service);
        setOf(servicesByNamespace, event.namespace).add(key);
        selectedPods.set(key, new Set());
        for (const podKey of podsByNamespace.get(event.namespace) ?? []) {
          const pod = pods.get(podKey);
          if (pod !== undefined && matchesSelector(service.selector, pod.labels)) link(key, podKey);
        }
        reconcilers.route(key, null);
        return;
      }
      case 'service/removed': {
        const key = `${event.namespace}/${event.name}`;
        services.delete(key);
        servicesByNamespace.get(event.namespace)?.delete(key);
        for (const podKey of selectedPods.get(key) ?? []) selectingServices.get(podKey)?.delete(key);
        selectedPods.delete(key);
        reconcilers.route(key, null);
        return;
      }
      case 'node/added':
      case 'endpoints/updated':
      case 'endpoints/removed':
        return;
    }
  }

  const subscription = new Subscription(() => {
    reconcilers.closeAll();
  });
  subscription.add(
    ctx.events$.pipe(lagBy(ctx.config.watchDelayMs, ctx.scheduler)).subscribe(({ event }) => {
      handle(event);
    }),
  );
  return subscription;
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
