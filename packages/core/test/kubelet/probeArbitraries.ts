import fc from 'fast-check';

import {
  DEFAULT_APP_MODEL,
  type AppModel,
  type HealthChange,
  type HealthState,
} from '../../src/kubelet/AppModel.js';
import type { ContainerRun } from '../../src/kubelet/appStateAt.js';
import type { ProbeSubject } from '../../src/kubelet/probeAttemptAt.js';
import type { ProbeKind } from '../../src/kubelet/ProbeResult.js';
import type { ProbeHandler, ResolvedProbe } from '../../src/kubelet/resolveProbe.js';

const healthState: fc.Arbitrary<HealthState> = fc.constantFrom('healthy', 'failing', 'hanging');

/** Instants on a coarse grid half the time, so they often coincide with probe ticks (the tie cases). */
const instantMs = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.noBias(fc.integer({ min: 0, max: max / 500 })).map((n) => n * 500),
    fc.noBias(fc.integer({ min: 0, max })),
  );

const healthSchedule: fc.Arbitrary<readonly HealthChange[]> = fc
  .tuple(
    healthState,
    fc.uniqueArray(fc.tuple(instantMs(300_000), healthState), { maxLength: 8, selector: (c) => c[0] }),
  )
  .map(([first, rest]) => {
    const changes: HealthChange[] = [{ at: 0, state: first }];
    for (const [at, state] of [...rest].sort((a, b) => a[0] - b[0])) if (at > 0) changes.push({ at, state });
    return changes;
  });

/** `arb` in `percent` of the cases, undefined otherwise. */
const sometimes = <T>(percent: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: percent, arbitrary: arb }, { weight: 100 - percent, arbitrary: fc.constant(undefined) });

export const appModelArb: fc.Arbitrary<AppModel> = fc
  .record({
    startupDelayMs: fc.oneof(fc.constant(0), instantMs(40_000)),
    bindAddress: fc.constantFrom(
      '0.0.0.0' as const,
      '0.0.0.0' as const,
      '0.0.0.0' as const,
      '127.0.0.1' as const,
    ),
    ports: fc.constantFrom([80, 8080], [80, 8080], [80, 8080], [8080], [80], []),
    health: healthSchedule,
    crash: sometimes(
      20,
      fc.record({ afterMs: instantMs(250_000), exitCode: fc.integer({ min: 0, max: 255 }) }),
    ),
    serveAfterSigtermMs: instantMs(30_000),
    healthOnSigterm: fc.constantFrom(
      'unchanged' as const,
      'failing' as const,
      'hanging' as const,
      'healthy' as const,
    ),
    // Mostly instant answers; sometimes around a timeout (ties), sometimes anything.
    responseLatencyMs: fc.oneof(
      { weight: 6, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.constantFrom(999, 1000, 2000, 12_000) },
      { weight: 1, arbitrary: fc.noBias(fc.integer({ min: 0, max: 25_000 })) },
    ),
  })
  .map(({ crash, ...app }) => ({ ...app, ...(crash !== undefined && { crash }) }));

const handlerArb: fc.Arbitrary<ProbeHandler> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ type: 'exec' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constantFrom('httpGet' as const, 'tcpSocket' as const, 'grpc' as const),
      port: fc.constantFrom(80, 8080),
      address: fc.constantFrom(
        'podIP' as const,
        'podIP' as const,
        'podIP' as const,
        'podIP' as const,
        'loopback' as const,
        'elsewhere' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'error' as const, reason: 'port web not found' }) },
);

export const resolvedProbeArb: fc.Arbitrary<ResolvedProbe> = fc
  .record({
    kind: fc.constantFrom<ProbeKind>('readiness', 'readiness', 'readiness', 'liveness', 'startup'),
    handler: handlerArb,
    initialDelaySeconds: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
    periodSeconds: fc.integer({ min: 1, max: 15 }),
    timeoutSeconds: fc.integer({ min: 1, max: 20 }),
    successThreshold: fc.integer({ min: 1, max: 4 }),
    failureThreshold: fc.integer({ min: 1, max: 5 }),
  })
  .map((p) => ({
    kind: p.kind,
    handler: p.handler,
    initialDelayMs: p.initialDelaySeconds * 1000,
    periodMs: p.periodSeconds * 1000,
    timeoutMs: p.timeoutSeconds * 1000,
    // Validation holds liveness and startup probes to one success.
    successThreshold: p.kind === 'readiness' ? p.successThreshold : 1,
    failureThreshold: p.failureThreshold,
  }));

export const containerRunArb: fc.Arbitrary<ContainerRun> = fc
  .record({
    startedAt: fc.integer({ min: 0, max: 20_000 }),
    sigtermAt: sometimes(25, instantMs(300_000)),
    killedAt: sometimes(15, instantMs(320_000)),
  })
  .map(({ startedAt, sigtermAt, killedAt }) => ({
    startedAt,
    ...(sigtermAt !== undefined && { sigtermAt: startedAt + sigtermAt }),
    ...(killedAt !== undefined && { killedAt: startedAt + killedAt }),
  }));

/** A probe subject with every input exercised: restarts' tick phase, start gating, deletion. */
export const probeSubjectArb: fc.Arbitrary<ProbeSubject> = fc
  .record({
    probe: resolvedProbeArb,
    app: appModelArb,
    run: containerRunArb,
    originBefore: sometimes(30, fc.integer({ min: 0, max: 30_000 })),
    // Mostly started with the container (no startup probe), sometimes later (after a startup probe).
    startedAfter: fc.oneof(
      { weight: 6, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: instantMs(90_000) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    deletionAt: sometimes(15, instantMs(300_000)),
  })
  .map(({ probe, app, run, originBefore, startedAfter, deletionAt }) => ({
    probe,
    app,
    run,
    ...(originBefore !== undefined && { tickOrigin: run.startedAt - originBefore }),
    ...(startedAfter !== undefined && { startedAt: run.startedAt + startedAfter }),
    ...(deletionAt !== undefined && { podDeletionSeenAt: run.startedAt + deletionAt }),
  }));

/**
 * Readiness probes that reach an application whose health flips every few periods and sometimes answers
 * slowly: the runs where many changes happen, and where long answers push runs off the tick grid.
 */
export const flappingReadinessArb: fc.Arbitrary<ProbeSubject> = fc
  .record({
    probe: resolvedProbeArb,
    latencyMs: fc.constantFrom(0, 0, 300, 4_000, 16_000),
    flips: fc.array(fc.tuple(fc.noBias(fc.integer({ min: 1_000, max: 40_000 })), healthState), {
      minLength: 4,
      maxLength: 14,
    }),
    startedAt: fc.integer({ min: 0, max: 20_000 }),
  })
  .map(({ probe, latencyMs, flips, startedAt }) => {
    const health: HealthChange[] = [{ at: 0, state: 'healthy' }];
    let at = 0;
    for (const [gap, state] of flips) {
      at += gap;
      health.push({ at, state });
    }
    return {
      probe: {
        ...probe,
        kind: 'readiness' as const,
        handler: { type: 'httpGet' as const, port: 8080, address: 'podIP' as const },
      },
      app: { ...DEFAULT_APP_MODEL, ports: [8080], health, responseLatencyMs: latencyMs },
      run: { startedAt },
      startedAt,
    };
  });
