import type { KubeObject } from '../../api/KubeObject.js';
import type { ObjectMeta } from '../../api/ObjectMeta.js';

type MutableMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/**
 * What the REST layer does to an update before the kind's strategy and validation see it
 * (apiserver's rest.BeforeUpdate): the metadata the server owns is taken from the stored object, so a
 * client that leaves it out (`kubectl apply` sends the manifest as written) neither resets it nor trips
 * ValidateObjectMetaUpdate's "must not be decremented".
 *
 * - generation: always the stored one, whatever the client sent; the store bumps it for spec changes.
 * - uid: the stored one when the request has none; a different one is left for validation to refuse.
 * - creationTimestamp: always the stored one.
 * - deletionTimestamp: the stored one once set; deletionGracePeriodSeconds too, unless the request has one.
 *
 * resourceVersion is left alone: when given it is the precondition the store checks (a stale one is a
 * Conflict); when left out the update is unconditional, as every kind here allows.
 */
export function keepServerOwnedMetadata<T extends KubeObject>(object: T, stored: KubeObject): T {
  const kept: MutableMeta = { ...object.metadata };
  const previous = stored.metadata;
  assign(kept, 'generation', previous.generation);
  if ((kept.uid ?? '') === '') assign(kept, 'uid', previous.uid);
  if (previous.creationTimestamp !== undefined) kept.creationTimestamp = previous.creationTimestamp;
  if (previous.deletionTimestamp !== undefined) kept.deletionTimestamp = previous.deletionTimestamp;
  if (previous.deletionGracePeriodSeconds !== undefined && kept.deletionGracePeriodSeconds === undefined)
    kept.deletionGracePeriodSeconds = previous.deletionGracePeriodSeconds;
  return { ...object, metadata: kept };
}

/** Sets or removes a field without ever storing `undefined` (objects stay plain data). */
function assign<K extends keyof MutableMeta>(
  meta: MutableMeta,
  key: K,
  value: MutableMeta[K] | undefined,
): void {
  if (value === undefined) delete meta[key];
  else meta[key] = value;
}
