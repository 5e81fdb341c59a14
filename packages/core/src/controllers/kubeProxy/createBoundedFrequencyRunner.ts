import type { SimClock, TimerId } from '../../SimClock.js';
import type { SimTime } from '../../SimTime.js';

/** How a runner is paced: kube-proxy's `NewBoundedFrequencyRunner(name, fn, minInterval, maxInterval, burst)`. */
export interface BoundedFrequencyRunnerOptions {
  /** Runs are at least this far apart, beyond the burst (a token bucket of rate 1/minInterval); 0: no limit. */
  readonly minIntervalMs: number;
  /** A run happens at least this often, requested or not. */
  readonly maxIntervalMs: number;
  /** Runs the bucket holds when full (kube-proxy passes 2). */
  readonly burst: number;
}

/** A function run on request, but no more often than a token bucket allows and at least every maxInterval. */
export interface BoundedFrequencyRunner {
  /** Asks for a run: later in this instant if the bucket has a token, else when the pacing allows. */
  run(): void;
  /** Stops for good: no more runs, and a pending request is forgotten. */
  stop(): void;
}

/**
 * The bounded-frequency runner of `pkg/util/async/bounded_frequency_runner.go` on the SimClock, in
 * integer milliseconds. Its semantics, which the tests check case by case:
 *
 * - The loop starts with the periodic timer set to maxInterval; every run resets it to maxInterval.
 * - `run()` is a request. Requests made while one is pending collapse into it (Go's one-slot channel).
 *   A request is served "as soon as possible", which on a virtual clock means later in the same
 *   instant, so everything that happens at one instant is batched into one run.
 * - Serving a request (or the timer firing) takes a token from a bucket that starts full with `burst`
 *   tokens and refills at one token per minInterval. With a token, `fn` runs. Without one, the timer is
 *   moved to minInterval after the last run (if that is earlier than it was): Go computes the retry from
 *   the last run, not from when the bucket refills, and so does this runner. A later request can still
 *   run earlier if the bucket has refilled by then.
 *
 * The bucket is kept as milliseconds of refill (one token = minInterval ms), so no floating point is
 * involved; Go's limiter uses float32 rates, whose rounding this deliberately does not reproduce.
 * The Go runner's RetryAfter (retrying a failed sync) is not modelled: svcsim's syncs do not fail.
 */
export function createBoundedFrequencyRunner(
  clock: Pick<SimClock, 'now' | 'schedule' | 'cancel'>,
  options: BoundedFrequencyRunnerOptions,
  fn: () => void,
): BoundedFrequencyRunner {
  const { minIntervalMs, maxIntervalMs, burst } = options;
  assertDuration('minIntervalMs', minIntervalMs);
  assertDuration('maxIntervalMs', maxIntervalMs);
  if (maxIntervalMs === 0) {
    // The periodic timer would fire again at the instant it ran, forever.
    throw new RangeError('createBoundedFrequencyRunner: maxIntervalMs must be at least 1 ms');
  }
  if (maxIntervalMs < minIntervalMs) {
    // Go's constructor panics on the same condition.
    throw new RangeError(
      `createBoundedFrequencyRunner: maxIntervalMs (${maxIntervalMs}) must not be below minIntervalMs (${minIntervalMs})`,
    );
  }
  if (!Number.isSafeInteger(burst) || burst < 1) {
    throw new RangeError(`createBoundedFrequencyRunner: burst must be a positive integer, got ${burst}`);
  }

  const capacity = burst * minIntervalMs;
  let credit = capacity;
  let creditAt = clock.now();
  let lastRun: SimTime | undefined;
  let timer: { id: TimerId; at: SimTime } | undefined;
  let request: TimerId | undefined;
  let stopped = false;

  function refill(now: SimTime): void {
    credit = Math.min(capacity, credit + (now - creditAt));
    creditAt = now;
  }

  /** Go's nullLimiter when minInterval is 0; otherwise the token bucket. */
  function hasToken(now: SimTime): boolean {
    if (minIntervalMs === 0) return true;
    refill(now);
    return credit >= minIntervalMs;
  }

  function setTimer(at: SimTime): void {
    if (timer?.at === at) return; // already due then: keep its place among this instant's timers
    if (timer !== undefined) clock.cancel(timer.id);
    const id = clock.schedule(at, () => {
      timer = undefined;
      tryRun();
    });
    timer = { id, at };
  }

  /** A run was refused: wake up minInterval after the last one, unless the timer is due sooner. */
  function deferRun(now: SimTime): void {
    const nextPossible = (lastRun ?? now) + minIntervalMs;
    setTimer(timer === undefined ? nextPossible : Math.min(timer.at, nextPossible));
  }

  function tryRun(): void {
    if (stopped) return;
    const now = clock.now();
    if (!hasToken(now)) {
      deferRun(now);
      return;
    }
    if (minIntervalMs > 0) credit -= minIntervalMs;
    // This run serves every request made so far, including one still waiting for later in this
    // instant (the periodic timer fired first): running again for it would only repeat this run. Go's
    // runner would run twice here, but there the coincidence needs two goroutines to race.
    if (request !== undefined) {
      clock.cancel(request);
      request = undefined;
    }
    fn();
    lastRun = now;
    setTimer(now + maxIntervalMs);
  }

  setTimer(clock.now() + maxIntervalMs);

  return {
    run() {
      if (stopped || request !== undefined) return;
      const now = clock.now();
      // Time stands still within an instant and only this runner takes its tokens, so a request that
      // finds the bucket empty now would find it empty later in the instant too: defer it at once,
      // without a timer, which keeps a throttled node's cost per change O(1).
      if (!hasToken(now)) {
        deferRun(now);
        return;
      }
      request = clock.schedule(now, () => {
        request = undefined;
        tryRun();
      });
    },
    stop() {
      stopped = true;
      if (request !== undefined) clock.cancel(request);
      if (timer !== undefined) clock.cancel(timer.id);
      request = undefined;
      timer = undefined;
    },
  };
}

function assertDuration(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `createBoundedFrequencyRunner: ${name} must be a non-negative integer number of milliseconds, got ${value}`,
    );
  }
}
