import { auditTime, delay, Subscription } from 'rxjs';

import type { ControllerContext } from '../engine/ControllerContext.js';
import { createKeyedRouter } from '../engine/KeyedRouter.js';
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
  const pods = new Map<string, Map<string, PodState>>();
  const services = new Map<string, Map<string, ServiceState>>();
  const written = new Map<string, { addresses: readonly string[]; notReadyAddresses: readonly string[] }>();

  const reconcilers = createKeyedRouter<string, null>((key, touched$) =>
    touched$.pipe(auditTime(0, ctx.scheduler)).subscribe(() => reconcile(key)),
  );

  function reconcile(key: string): void {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const service = services.get(namespace)?.get(name);
    const previous = written.get(key);
    if (service === undefined) {
      reconcilers.close(key);
      if (previous !== undefined) {
        written.delete(key);
        ctx.emit({ type: 'endpoints/removed', namespace, name });
      }
      return;
    }
    const next = deriveEndpoints(service, pods.get(namespace)?.values() ?? []);
    if (
      previous !== undefined &&
      sameList(previous.addresses, next.addresses) &&
      sameList(previous.notReadyAddresses, next.notReadyAddresses)
    ) {
      return;
    }
    written.set(key, next);
    ctx.emit({ type: 'endpoints/updated', namespace, name, ...next });
  }

  /** Touches every Service of the pod's namespace that selects it (pod labels are immutable in this model). */
  function touchSelecting(pod: PodState): void {
    for (const service of services.get(pod.namespace)?.values() ?? []) {
      if (matchesSelector(service.selector, pod.labels)) {
        reconcilers.route(`${service.namespace}/${service.name}`, null);
      }
    }
  }

  function tableOf<T>(tables: Map<string, Map<string, T>>, namespace: string): Map<string, T> {
    let table = tables.get(namespace);
    if (table === undefined) {
      table = new Map();
      tables.set(namespace, table);
    }
    return table;
  }

  const subscription = new Subscription(() => {
    reconcilers.closeAll();
  });
  subscription.add(
    ctx.events$.pipe(delay(ctx.config.watchDelayMs, ctx.scheduler)).subscribe(({ event }) => {
      switch (event.type) {
        case 'pod/added': {
          const pod: PodState = {
            namespace: event.namespace,
            name: event.name,
            nodeName: event.nodeName,
            labels: event.labels,
            ready: event.ready,
            ip: null,
          };
          tableOf(pods, event.namespace).set(event.name, pod);
          touchSelecting(pod);
          return;
        }
        case 'pod/ipAssigned':
        case 'pod/readinessSet': {
          const table = pods.get(event.namespace);
          const pod = table?.get(event.name);
          if (table === undefined || pod === undefined) return;
          const next: PodState =
            event.type === 'pod/ipAssigned' ? { ...pod, ip: event.ip } : { ...pod, ready: event.ready };
          table.set(event.name, next);
          touchSelecting(next);
          return;
        }
        case 'pod/removed': {
          const table = pods.get(event.namespace);
          const pod = table?.get(event.name);
          if (table === undefined || pod === undefined) return;
          table.delete(event.name);
          touchSelecting(pod);
          return;
        }
        case 'service/added':
          tableOf(services, event.namespace).set(event.name, {
            namespace: event.namespace,
            name: event.name,
            selector: event.selector,
            port: event.port,
            targetPort: event.targetPort,
          });
          reconcilers.route(`${event.namespace}/${event.name}`, null);
          return;
        case 'service/removed':
          services.get(event.namespace)?.delete(event.name);
          reconcilers.route(`${event.namespace}/${event.name}`, null);
          return;
        case 'node/added':
        case 'endpoints/updated':
        case 'endpoints/removed':
          return;
      }
    }),
  );
  return subscription;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
