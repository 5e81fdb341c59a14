import type { ObjectMeta, OwnerReference } from '../../api/ObjectMeta.js';

/** The owner reference with controller=true, if any (metav1.GetControllerOf). */
export function controllerRefOf(meta: ObjectMeta): OwnerReference | undefined {
  return meta.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * Whether `owner` (of `kind`) is the controller of the object. Matches by name, and by uid as well when the
 * owner has one, so objects built before the API server assigned uids still resolve.
 */
export function isControlledBy(meta: ObjectMeta, kind: string, owner: ObjectMeta): boolean {
  const ref = controllerRefOf(meta);
  if (ref?.kind !== kind || ref.name !== owner.name) return false;
  return owner.uid === undefined || ref.uid === owner.uid;
}

/** The controller reference a controller puts on what it creates (metav1.NewControllerRef). */
export function newControllerRef(apiVersion: string, kind: string, owner: ObjectMeta): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.name ?? '',
    uid: owner.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
