import fc from 'fast-check';

import type { LogEntry } from '../../src/LogEntry.js';
import type { EventLogEncoderOptions } from '../../src/eventlog/EventLogEncoder.js';
import type { EventLogHeader } from '../../src/eventlog/eventLogFormat.js';

/** Any well-formed string, from ASCII to astral planes, plus the prototype-ish names fast-check favours. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme' }),
);

/** Keys of label maps and free-form objects: Kubernetes-style label keys and anything else except `__proto__`. */
const anyKey = fc
  .oneof(
    fc.constantFrom(
      'app',
      'app.kubernetes.io/name',
      'pod-template-hash',
      'tier',
      'constructor',
      'toString',
      '0',
      '10',
    ),
    anyString,
  )
  .filter((key) => key !== '__proto__');

/** Numbers the log must keep exactly: small and large integers, safe-integer edges, any finite double. */
const anyNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(
    2 ** 31,
    2 ** 32,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    0.1,
    1e300,
  ),
  // -0 reads back as 0 (documented), so it is normalised here rather than excluded from the doubles.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
);

/** Plain data of bounded depth, with label-map-like objects of random keys. */
export const plainValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    anyNumber,
    anyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

const labels = fc.dictionary(anyKey, anyString, { maxKeys: 4 });

/** Events: a few fixed shapes (which become shared structures) and free-form ones. */
export const anyEvent: fc.Arbitrary<{ readonly type: string }> = fc.oneof(
  fc.record({
    type: fc.constant('pod/added'),
    namespace: fc.constantFrom('default', 'kube-system'),
    name: anyString,
    nodeName: fc.constantFrom('node-0', 'node-1'),
    labels,
    ready: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('pod/readinessSet'),
    namespace: fc.constant('default'),
    name: anyString,
    ready: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('endpoints/updated'),
    name: anyString,
    addresses: fc.array(anyString, { maxLength: 3 }),
    weight: anyNumber,
  }),
  fc.record({ type: anyString, payload: plainValue }),
  fc
    .tuple(anyString, fc.dictionary(anyKey, plainValue, { maxKeys: 4 }))
    .map(([type, rest]) => ({ ...rest, type })),
);

/** Log entries with strictly increasing seq and non-decreasing at, including large jumps. */
export function logEntries(maxLength = 40): fc.Arbitrary<LogEntry<{ readonly type: string }>[]> {
  return fc
    .record({
      firstSeq: fc.oneof(fc.constant(0), fc.nat(1_000_000)),
      steps: fc.array(
        fc.record({
          seqGap: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 2 ** 40 })),
          atGap: fc.oneof(fc.constant(0), fc.nat(100), fc.nat(2 ** 40)),
          event: anyEvent,
        }),
        { maxLength },
      ),
    })
    .map(({ firstSeq, steps }) => {
      let seq = firstSeq;
      let at = 0;
      return steps.map(({ seqGap, atGap, event }, i) => {
        if (i > 0) seq += seqGap;
        at += atGap;
        return { seq, at, event };
      });
    });
}

export const anyHeader: fc.Arbitrary<EventLogHeader> = fc.record({
  seed: fc.maxSafeInteger(),
  scenarioDigest: anyString,
  meta: fc.dictionary(anyKey, plainValue, { maxKeys: 4 }),
});

/**
 * Both format versions, with small segments (and for version 1 small structure tables), so that few
 * entries exercise every code path. The default (version 2) is drawn both named and left out.
 */
export const encoderOptions: fc.Arbitrary<EventLogEncoderOptions> = fc.oneof(
  fc.record(
    {
      formatVersion: fc.constant(2 as const),
      segmentSize: fc.constantFrom(1, 2, 7, 7, 50_000),
    },
    { requiredKeys: ['segmentSize'] },
  ),
  fc.record({
    formatVersion: fc.constant(1 as const),
    segmentSize: fc.constantFrom(1, 2, 7, 7, 10_000),
    maxSharedStructures: fc.constantFrom(0, 1, 3, 32, 40, 1024),
    maxOwnStructures: fc.constantFrom(0, 1, 2, 5, 64, 1024),
  }),
);

/** A random log: header, entries and how to cut it. */
export const anyLog = fc.record({ header: anyHeader, entries: logEntries(), options: encoderOptions });
