import { auditTime, type SchedulerLike } from 'rxjs';

import { createKeyedRouter, type KeyedRouter } from '../engine/KeyedRouter.js';

/**
 * A controller's work queue: touch(key) asks for reconcile(key); every key touched during one instant is
 * reconciled once, at the end of that instant's work (auditTime(0) on the simulation scheduler), as a
 * real controller's rate-limited queue collapses repeated adds of one key.
 */
export function createReconcileQueue(
  scheduler: SchedulerLike,
  reconcile: (key: string) => void,
): { touch(key: string): void; close(): void } {
  // A key's pipeline lives from its first touch to its reconcile, so a cluster of 100,000 pods keeps
  // pipelines only for the keys with pending work, not one per object forever.
  const router: KeyedRouter<string, null> = createKeyedRouter((key, touched$) =>
    touched$.pipe(auditTime(0, scheduler)).subscribe(() => {
      router.close(key);
      reconcile(key);
    }),
  );
  return {
    touch: (key) => router.route(key, null),
    close: () => router.closeAll(),
  };
}
