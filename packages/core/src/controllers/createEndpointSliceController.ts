import { Subscription } from 'rxjs';

import { SERVICE_NAME_LABEL } from '../api/EndpointSlice.js';
import { generateSliceName } from '../apiserver/endpoints/generateSliceName.js';
import { reconcileEndpointSlices } from '../apiserver/endpoints/reconcileEndpointSlices.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createReconcileQueue } from './createReconcileQueue.js';
import { selectedPods } from './selectedPods.js';
import { createServiceSelectorIndex } from './ServiceSelectorIndex.js';

/**
 * The EndpointSlice controller: reconciles a Service's slices whenever the Service, a pod it selects
 * (before or after the change), a node, or one of its slices changes, as its informer relays them; the
 * decisions are reconcileEndpointSlices'. Writes go through the apiserver, so every slice change is an
 * event.
 */
export function createEndpointSliceController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const names = ctx.random.stream('names');
  const index = createServiceSelectorIndex();
  // What this controller last wrote per Service: slice name -> resourceVersion, or null for a delete. Until
  // the informer has relayed all of it, a sync would work from slices older than its own writes and could
  // create a second slice for the same endpoints; the real controller's EndpointSliceTracker skips such
  // syncs the same way.
  const written = new Map<string, Map<string, number | null>>();

  function isCaughtUp(key: string, namespace: string): boolean {
    const slices = written.get(key);
    if (slices === undefined) return true;
    for (const [sliceName, version] of slices) {
      const seen = informer.get('EndpointSlice', namespace, sliceName);
      if (version === null ? seen !== undefined : Number(seen?.metadata.resourceVersion ?? -1) < version)
        return false;
    }
    written.delete(key);
    return true;
  }

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const service = informer.get('Service', namespace, name);
    if (service === undefined) {
      written.delete(key);
      return; // its slices are deleted with it (owner references)
    }
    if (!isCaughtUp(key, namespace)) return; // the informer's relay of our writes will touch the key again
    const changes = reconcileEndpointSlices({
      service,
      pods: selectedPods(informer, service),
      nodes: { get: (nodeName) => informer.get('Node', '', nodeName) },
      existingSlices: [...informer.withLabel('EndpointSlice', namespace, SERVICE_NAME_LABEL, name)],
      nameFor: (s) => generateSliceName(s.metadata.name ?? '', names),
    });
    const versions = new Map<string, number | null>();
    for (const slice of changes.toCreate) {
      const result = api.create(slice);
      if (result.ok)
        versions.set(result.object.metadata.name ?? '', Number(result.object.metadata.resourceVersion));
    }
    for (const slice of changes.toUpdate) {
      const result = api.update(slice);
      if (result.ok)
        versions.set(result.object.metadata.name ?? '', Number(result.object.metadata.resourceVersion));
    }
    for (const slice of changes.toDelete) {
      if (api.delete('EndpointSlice', namespace, slice.metadata.name ?? '').ok)
        versions.set(slice.metadata.name ?? '', null);
    }
    if (versions.size > 0) written.set(key, versions);
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcile);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      switch (change.kind) {
        case 'Service': {
          const key = `${change.namespace}/${change.name}`;
          index.set(key, change.object?.kind === 'Service' ? change.object : undefined);
          queue.touch(key);
          return;
        }
        case 'Pod': {
          const keys = new Set<string>();
          for (const object of [change.previous, change.object]) {
            if (object?.kind === 'Pod') for (const key of index.selecting(object)) keys.add(key);
          }
          for (const key of keys) queue.touch(key);
          return;
        }
        case 'Node':
          // A node's zone is copied into endpoints: touch every Service selecting a pod on it.
          for (const pod of informer.list('Pod')) {
            if (pod.spec.nodeName === change.name) for (const key of index.selecting(pod)) queue.touch(key);
          }
          return;
        case 'EndpointSlice': {
          // Our own writes coming back, or someone else's change: the Service's slices get reconciled.
          const serviceName = (change.object ?? change.previous)?.metadata.labels?.[SERVICE_NAME_LABEL];
          if (serviceName !== undefined) queue.touch(`${change.namespace}/${serviceName}`);
          return;
        }
        default:
          return;
      }
    }),
  );
  return subscription;
}
