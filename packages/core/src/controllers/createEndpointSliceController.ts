import { Subscription } from 'rxjs';

import { SERVICE_NAME_LABEL, type EndpointSlice } from '../api/EndpointSlice.js';
import { generateSliceName } from '../apiserver/endpoints/generateSliceName.js';
import {
  createEndpointSliceDerivations,
  reconcileEndpointSlices,
} from '../apiserver/endpoints/reconcileEndpointSlices.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createPodsByNode } from './PodsByNode.js';
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
  const podsByNode = createPodsByNode();
  const derived = createEndpointSliceDerivations();
  // This controller's writes the informer has not relayed yet, per Service: slice name -> resourceVersion,
  // or null for a delete. Until they are all relayed, a sync would work from slices older than its own
  // writes and could create a second slice for the same endpoints, so it is put off (`deferred`) until the
  // last of them comes back; the real controller's EndpointSliceTracker does the same. The relay of an own
  // write asks for no sync of its own (EndpointSliceTracker.ShouldSync): the slices already say what the
  // sync that wrote them decided.
  const pending = new Map<string, Map<string, number | null>>();
  const deferred = new Set<string>();

  /** Whether a relayed slice change is one of our pending writes; if so it is no longer pending. */
  function relayedOwnWrite(key: string, sliceName: string, slice: EndpointSlice | undefined): boolean {
    const writes = pending.get(key);
    const version = writes?.get(sliceName);
    if (writes === undefined || version === undefined) return false;
    const relayed = slice === undefined ? null : Number(slice.metadata.resourceVersion ?? -1);
    if (relayed !== version) return false;
    writes.delete(sliceName);
    if (writes.size === 0) pending.delete(key);
    return true;
  }

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const service = informer.get('Service', namespace, name);
    if (service === undefined) {
      pending.delete(key);
      deferred.delete(key);
      return; // its slices are deleted with it (owner references)
    }
    if (pending.has(key)) {
      deferred.add(key); // the informer's relay of our last write will touch the key again
      return;
    }
    deferred.delete(key);
    const changes = reconcileEndpointSlices({
      service,
      pods: selectedPods(informer, service),
      nodes: { get: (nodeName) => informer.get('Node', '', nodeName) },
      existingSlices: [...informer.withLabel('EndpointSlice', namespace, SERVICE_NAME_LABEL, name)],
      nameFor: (s) => generateSliceName(s.metadata.name ?? '', names),
      cache: derived,
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
    if (versions.size > 0) pending.set(key, versions);
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
          podsByNode.observe(change);
          const gone = change.object === undefined ? change.previous?.metadata.uid : undefined;
          if (gone !== undefined) derived.forget(gone);
          const keys = new Set<string>();
          for (const object of [change.previous, change.object]) {
            if (object?.kind === 'Pod') for (const key of index.selecting(object)) keys.add(key);
          }
          for (const key of keys) queue.touch(key);
          return;
        }
        case 'Node':
          // A node's zone is copied into endpoints: touch every Service selecting a pod on it (found through
          // the pods-by-node index, so a node update costs O(its pods), not O(the cluster's pods)).
          for (const podKey of podsByNode.podsOn(change.name)) {
            const slash = podKey.indexOf('/');
            const pod = informer.get('Pod', podKey.slice(0, slash), podKey.slice(slash + 1));
            if (pod !== undefined) for (const key of index.selecting(pod)) queue.touch(key);
          }
          return;
        case 'EndpointSlice': {
          // Someone else's change, or our own write coming back to a Service whose sync waited for it.
          const serviceName = (change.object ?? change.previous)?.metadata.labels?.[SERVICE_NAME_LABEL];
          if (serviceName === undefined) return;
          const key = `${change.namespace}/${serviceName}`;
          const slice = change.object?.kind === 'EndpointSlice' ? change.object : undefined;
          if (!relayedOwnWrite(key, change.name, slice) || (deferred.has(key) && !pending.has(key)))
            queue.touch(key);
          return;
        }
        default:
          return;
      }
    }),
  );
  return subscription;
}
