import type { Namespace } from '@svcsim/core';

/**
 * A Namespace's phase as the apiserver reports it: `Terminating` once it is being deleted, else the stored
 * phase. The apiserver stores `Active` on every Namespace it creates (the namespace strategy's
 * PrepareForCreate); svcsim's apiserver leaves the field unset, so an unset phase is shown as `Active`.
 */
export function namespacePhase(namespace: Namespace): string {
  if (namespace.metadata.deletionTimestamp !== undefined) return 'Terminating';
  return namespace.status?.phase ?? 'Active';
}
