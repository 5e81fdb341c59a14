import { Subscription } from 'rxjs';

import { plainDataEqual } from '../plainDataEqual.js';
import type { EndpointSubset, Endpoints } from '../api/Endpoints.js';
import { PodDerivationCache } from '../apiserver/endpoints/PodDerivationCache.js';
import { deriveEndpointsObject } from '../apiserver/endpoints/deriveEndpointsObject.js';
import type { ApiResult } from '../apiserver/createApiServer.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createReconcileQueue } from './createReconcileQueue.js';
import { selectedPods } from './selectedPods.js';
import { createServiceSelectorIndex } from './ServiceSelectorIndex.js';

/** Whether two Endpoints objects are the same to the controller: labels, annotations and subsets. */
function sameEndpoints(a: Endpoints, b: Endpoints): boolean {
  return (
    plainDataEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    plainDataEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {}) &&
    plainDataEqual(a.subsets ?? [], b.subsets ?? [])
  );
}

/**
 * The (v1, deprecated but still written) Endpoints controller: keeps each selector Service's Endpoints
 * object equal to deriveEndpointsObject of the pods it selects; deletes it with the Service. Selectorless
 * Services' Endpoints belong to their users and are left alone.
 */
export function createEndpointsController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const index = createServiceSelectorIndex();
  const derived = new PodDerivationCache<readonly EndpointSubset[]>();
  const managed = new Set<string>(); // Endpoints this controller wrote
  // The resourceVersion of this controller's last write per Endpoints, until the informer relays it: that
  // relay asks for no sync (the object already says what the sync decided), unless a sync meanwhile was
  // put off for want of it or a write was refused (a Conflict, AlreadyExists on a create the informer had
  // not relayed), as the real controller requeues such syncs.
  const ownVersions = new Map<string, number>();
  const syncOnRelay = new Set<string>();

  function track(key: string, result: ApiResult): void {
    if (result.ok) ownVersions.set(key, Number(result.object.metadata.resourceVersion));
    else syncOnRelay.add(key);
  }

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const service = informer.get('Service', namespace, name);
    const current = informer.get('Endpoints', namespace, name);
    if (service === undefined) {
      ownVersions.delete(key);
      syncOnRelay.delete(key);
      if (managed.delete(key) && current !== undefined) api.delete('Endpoints', namespace, name);
      return;
    }
    const own = ownVersions.get(key);
    if (own !== undefined && Number(current?.metadata.resourceVersion ?? -1) < own) {
      // The informer has not relayed our last write yet, so comparing with what it holds would be comparing
      // with the past (the real controller's staleEndpointsTracker): the relay of that write syncs again.
      syncOnRelay.add(key);
      return;
    }
    const desired = deriveEndpointsObject(service, selectedPods(informer, service), undefined, derived);
    if (desired === undefined) return;
    managed.add(key);
    if (current === undefined) {
      track(key, api.create(desired));
      return;
    }
    if (sameEndpoints(current, desired)) return;
    // Written against the version this controller saw: if the stored object has moved on (someone else's
    // write; our own unseen ones were waited for above), the apiserver answers Conflict and the relay of
    // that newer version brings it back here, instead of a stale comparison leaving wrong addresses.
    track(
      key,
      api.update({
        ...desired,
        metadata: { ...desired.metadata, resourceVersion: current.metadata.resourceVersion ?? '' },
      }),
    );
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcile);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Service') {
        const key = `${change.namespace}/${change.name}`;
        index.set(key, change.object?.kind === 'Service' ? change.object : undefined);
        queue.touch(key);
      } else if (change.kind === 'Endpoints') {
        const key = `${change.namespace}/${change.name}`;
        if (!managed.has(key)) return;
        const version =
          change.object === undefined ? undefined : Number(change.object.metadata.resourceVersion);
        const own = version !== undefined && ownVersions.get(key) === version;
        if (own) ownVersions.delete(key);
        if (!own || syncOnRelay.delete(key)) queue.touch(key);
      } else if (change.kind === 'Pod') {
        if (change.object === undefined && change.previous?.metadata.uid !== undefined)
          derived.forget(change.previous.metadata.uid);
        const keys = new Set<string>();
        for (const object of [change.previous, change.object]) {
          if (object?.kind === 'Pod') for (const key of index.selecting(object)) keys.add(key);
        }
        for (const key of keys) queue.touch(key);
      }
    }),
  );
  return subscription;
}
