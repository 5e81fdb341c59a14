import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * A controller's work queue: touch(key) asks for reconcile(key); every key touched during one instant is
 * reconciled once, at the end of that instant's work, as a real controller's rate-limited queue collapses
 * repeated adds of one key.
 *
 * "The end of the instant's work" is one action per key scheduled at delay 0 on the simulation scheduler
 * when the key is first touched, so it runs after everything already scheduled for this instant. That is
 * what `auditTime(0, scheduler)` on a per-key pipeline did before, in the same order; the pipeline (a
 * Subject, an operator chain and a timer subscription per touched key) cost more than many reconciles.
 */
export function createReconcileQueue(
  scheduler: SchedulerLike,
  reconcile: (key: string) => void,
): { touch(key: string): void; close(): void } {
  // Only keys with pending work are held, so a cluster of 100,000 pods keeps nothing per idle object.
  const pending = new Map<string, Subscription>();
  return {
    touch(key) {
      if (pending.has(key)) return;
      pending.set(
        key,
        scheduler.schedule(() => {
          // Forgotten first: a touch made by the reconcile itself asks for another reconcile.
          pending.delete(key);
          reconcile(key);
        }, 0),
      );
    },
    close() {
      for (const action of pending.values()) action.unsubscribe();
      pending.clear();
    },
  };
}
