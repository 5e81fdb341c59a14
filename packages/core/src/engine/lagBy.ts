import {
  Observable,
  type MonoTypeOperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';

/**
 * Delivers every value exactly `delayMs` after it arrived, in arrival order, on the given scheduler:
 * what an informer's watch delay does to the changes it relays.
 *
 * RxJS's `delay` gives every value its own inner timer subscription, and removing each from its parent
 * is a linear scan, so thousands of in-flight values cost O(n) each (it dominated the engine profile).
 * Because virtual time never goes back, due times arrive in order too: one FIFO and one pending action
 * for its head suffice, O(1) per value.
 */
export function lagBy<T>(delayMs: number, scheduler: SchedulerLike): MonoTypeOperatorFunction<T> {
  if (!Number.isSafeInteger(delayMs) || delayMs < 0) {
    throw new RangeError(
      `lagBy: delay must be a non-negative integer number of milliseconds, got ${delayMs}`,
    );
  }
  return (source) =>
    new Observable<T>((subscriber) => {
      const due: number[] = [];
      const values: T[] = [];
      let head = 0;
      let pending: Subscription | undefined;
      let sourceDone = false;

      function deliver(this: SchedulerAction<undefined>): void {
        const now = scheduler.now();
        while (head < values.length && (due[head] as number) <= now) {
          const value = values[head] as T;
          head++;
          subscriber.next(value);
        }
        if (head === values.length) {
          due.length = 0;
          values.length = 0;
          head = 0;
          pending = undefined;
          if (sourceDone) subscriber.complete();
          return;
        }
        if (head > 1024 && head * 2 > values.length) {
          // Drop delivered slots now and then so a long run does not keep every value it ever relayed.
          due.splice(0, head);
          values.splice(0, head);
          head = 0;
        }
        this.schedule(undefined, (due[head] as number) - now);
      }

      const upstream = source.subscribe({
        next(value) {
          due.push(scheduler.now() + delayMs);
          values.push(value);
          pending ??= scheduler.schedule(deliver, delayMs);
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          sourceDone = true;
          if (pending === undefined) subscriber.complete();
        },
      });
      return () => {
        upstream.unsubscribe();
        pending?.unsubscribe();
      };
    });
}
