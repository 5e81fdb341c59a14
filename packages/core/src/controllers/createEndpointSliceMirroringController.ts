import { Subscription } from 'rxjs';

import {
  ENDPOINTSLICE_MIRRORING_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type EndpointSlice,
} from '../api/EndpointSlice.js';
import { generateSliceName } from '../apiserver/endpoints/generateSliceName.js';
import { mirrorEndpoints } from '../apiserver/endpoints/mirrorEndpoints.js';
import { hasSelector } from '../apiserver/endpoints/selectsPod.js';
import type { KubeObject } from '../api/KubeObject.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createReconcileQueue } from './createReconcileQueue.js';

/** Whether the object is a Service with a selector (undefined and other kinds: no). */
function isSelectorService(object: KubeObject | undefined): boolean {
  return object?.kind === 'Service' && hasSelector(object);
}

/**
 * The EndpointSlice mirroring controller: for a selectorless Service with a user-written Endpoints
 * object, keeps EndpointSlices that mirror it (kube-proxy reads only slices), and removes them when the
 * Service gains a selector, the Endpoints goes, or it is labelled skip-mirror.
 */
export function createEndpointSliceMirroringController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const names = ctx.random.stream('names');

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const existingSlices: EndpointSlice[] = [];
    for (const slice of informer.list('EndpointSlice', namespace)) {
      const labels = slice.metadata.labels ?? {};
      if (
        labels[SERVICE_NAME_LABEL] === name &&
        labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_MIRRORING_CONTROLLER
      )
        existingSlices.push(slice);
    }
    const changes = mirrorEndpoints({
      service: informer.get('Service', namespace, name),
      endpoints: informer.get('Endpoints', namespace, name),
      existingSlices,
      nameFor: (s) => generateSliceName(s.metadata.name ?? '', names),
    });
    for (const slice of changes.toCreate) api.create(slice);
    for (const slice of changes.toUpdate) api.update(slice);
    for (const slice of changes.toDelete) api.delete('EndpointSlice', namespace, slice.metadata.name ?? '');
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcile);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      // Only selectorless Services are mirrored: a Service with a selector matters only when it gains or
      // loses one (its mirrored slices must go or come), and its controller-written Endpoints never do.
      if (change.kind === 'Service') {
        // A new Service with a selector has no mirrored slices to remove: nothing to do.
        const before = change.previous === undefined ? true : isSelectorService(change.previous);
        if (!isSelectorService(change.object) || !before) queue.touch(`${change.namespace}/${change.name}`);
      } else if (change.kind === 'Endpoints') {
        if (!isSelectorService(informer.get('Service', change.namespace, change.name)))
          queue.touch(`${change.namespace}/${change.name}`);
      }
    }),
  );
  return subscription;
}
