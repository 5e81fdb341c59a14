import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { SimTime } from '../../src/SimTime.js';
import {
  initialProbeWorkerState,
  nextProbeResultChange,
  probeWorkerStateAt,
  type ProbeWorkerState,
} from '../../src/kubelet/nextProbeResultChange.js';
import type { ProbeSubject } from '../../src/kubelet/probeAttemptAt.js';
import { flappingReadinessArb, probeSubjectArb } from './probeArbitraries.js';
import { simulateProbeWorker, type SimulatedChange } from './simulateProbeWorker.js';

const HORIZON: SimTime = 400_000;

/** Every change the change-driven prober reports before `until`, chaining each from the state the last left. */
function changesBefore(subject: ProbeSubject, from: ProbeWorkerState, until: SimTime): SimulatedChange[] {
  const changes: SimulatedChange[] = [];
  let state = from;
  for (let change = nextProbeResultChange(subject, state); change !== undefined && change.at < until;) {
    changes.push({ at: change.at, result: change.result });
    state = change.state;
    change = nextProbeResultChange(subject, state);
    if (changes.length > 1000) throw new Error('runaway: more changes than a worker can make');
  }
  return changes;
}

describe('nextProbeResultChange against a worker that probes every period', () => {
  it('reports exactly the changes, at exactly the instants, of the per-tick worker', () => {
    fc.assert(
      fc.property(probeSubjectArb, (subject) => {
        const initial = initialProbeWorkerState(subject);
        expect(changesBefore(subject, initial, HORIZON)).toEqual(
          simulateProbeWorker(subject, initial, HORIZON).changes,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on readiness probes of applications that keep flapping (many changes per run)', () => {
    fc.assert(
      fc.property(flappingReadinessArb, (subject) => {
        const initial = initialProbeWorkerState(subject);
        expect(changesBefore(subject, initial, HORIZON)).toEqual(
          simulateProbeWorker(subject, initial, HORIZON).changes,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('knows the worker state (committed result and streak) at any instant', () => {
    fc.assert(
      fc.property(probeSubjectArb, fc.integer({ min: 0, max: HORIZON }), (subject, t) => {
        const initial = initialProbeWorkerState(subject);
        const { nextRunAt: _next, ...state } = probeWorkerStateAt(subject, initial, t);
        expect(state).toEqual(simulateProbeWorker(subject, initial, t).state);
      }),
      { numRuns: 2000 },
    );
  });

  it('resumes from the last change when the subject learns something new (SIGTERM, started, deletion, kill)', () => {
    const learned = fc.constantFrom('sigtermAt', 'killedAt', 'startedAt', 'podDeletionSeenAt');
    fc.assert(
      fc.property(probeSubjectArb, learned, fc.integer({ min: 0, max: 300_000 }), (full, what, at) => {
        // `before` is what the kubelet knew until `at`; `after` adds the news, true from `at` on.
        const { startedAt: _s, podDeletionSeenAt: _d, ...rest } = full;
        const { sigtermAt: _t, killedAt: _k, ...runRest } = full.run;
        const before: ProbeSubject = { ...rest, run: runRest };
        const news = Math.max(at, full.run.startedAt);
        const after: ProbeSubject =
          what === 'sigtermAt' || what === 'killedAt'
            ? { ...before, run: { ...runRest, [what]: news } }
            : { ...before, [what]: news };
        const initial = initialProbeWorkerState(before);
        let state = initial;
        const seen: SimulatedChange[] = [];
        for (let c = nextProbeResultChange(before, state); c !== undefined && c.at < news;) {
          seen.push({ at: c.at, result: c.result });
          state = c.state;
          c = nextProbeResultChange(before, state);
        }
        const resumed = [...seen, ...changesBefore(after, state, HORIZON)];
        expect(resumed).toEqual(simulateProbeWorker(after, initial, HORIZON).changes);
      }),
      { numRuns: 2000 },
    );
  });
});
