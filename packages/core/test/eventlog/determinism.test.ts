import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createEventLogEncoder, encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import { readEventLog } from '../../src/eventlog/readEventLog.js';
import { anyLog } from './eventLogArbitraries.js';
import { FIXED_LOG_SEGMENT_SIZE, fixedLogEntries, fixedLogHeader } from './fixedLog.js';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The fixed log's digest in each format version, pinned: it changes only when a format or (version 1)
 * msgpackr's output changes. Update it deliberately, and bump EVENT_LOG_FORMAT_VERSION if logs written
 * before can no longer be read. Version 2 replaced version 1 as the default (issue 2's size and replay
 * targets); version 1's digest is the one pinned before, unchanged, because it is still written on
 * request and must stay byte-identical for older readers.
 */
const FIXED_LOG_SHA256 = {
  1: 'e8be7af14f145393a43ee9b41ded53da986846b1e3e927f380c5989a18eb9943',
  2: '32c6d684a3e7753b1efd3e84ffae6a75781bf36b5885137c0e26673755a30a80',
} as const;

function fixedLogBytes(formatVersion: 1 | 2 = 2): Uint8Array {
  return encodeEventLog(fixedLogHeader, fixedLogEntries(), {
    formatVersion,
    segmentSize: FIXED_LOG_SEGMENT_SIZE,
  });
}

describe('event log determinism', () => {
  it('encodes the same log to the same bytes every time', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        expect(encodeEventLog(header, entries, options)).toEqual(encodeEventLog(header, entries, options));
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on object identity or on other logs encoded before or alongside', () => {
    fc.assert(
      fc.property(anyLog, anyLog, (a, b) => {
        const expected = encodeEventLog(a.header, a.entries, a.options);
        encodeEventLog(b.header, b.entries, b.options);
        // Deep copies: same data, new objects.
        expect(encodeEventLog(structuredClone(a.header), structuredClone(a.entries), a.options)).toEqual(
          expected,
        );
        // Two encoders fed alternately share msgpackr's module state but must not share anything else.
        const left = createEventLogEncoder(a.header, a.options);
        const right = createEventLogEncoder(b.header, b.options);
        for (let i = 0; i < Math.max(a.entries.length, b.entries.length); i++) {
          const x = a.entries[i];
          const y = b.entries[i];
          if (x !== undefined) left.append(x);
          if (y !== undefined) right.append(y);
        }
        expect(right.finish()).toEqual(encodeEventLog(b.header, b.entries, b.options));
        expect(left.finish()).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it.each([1, 2] as const)('encodes the fixed log to its pinned digest (version %i)', (version) => {
    const bytes = fixedLogBytes(version);
    expect(sha256(bytes)).toBe(FIXED_LOG_SHA256[version]);
    const log = readEventLog(bytes);
    expect(log.entries).toEqual(fixedLogEntries());
    expect(log.header).toEqual(fixedLogHeader);
  });

  it('encodes the same bytes in another process, with and without msgpackr native acceleration', ({
    task,
  }) => {
    const expected = sha256(fixedLogBytes());
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const script = fileURLToPath(new URL('./printFixedLogDigest.ts', import.meta.url));
    for (const nativeDisabled of ['false', 'true']) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, MSGPACKR_NATIVE_ACCELERATION_DISABLED: nativeDisabled },
        // spawnSync holds the event loop, so Vitest's own limit could not stop a hung child: the same limit.
        timeout: task.timeout,
      });
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      // The log's bytes, then the bytes of the log decoded and re-encoded in that process.
      expect(child.stdout.trim().split('\n')).toEqual([expected, expected]);
    }
  });
});
