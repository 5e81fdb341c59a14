import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { createEventLogEncoder, encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import {
  readEventLog,
  readEventLogHeader,
  readEventLogSegments,
  salvageEventLog,
} from '../../src/eventlog/readEventLog.js';
import {
  readEventLogFile,
  readEventLogFileHeader,
  readEventLogFileSegments,
  salvageEventLogFile,
} from '../../src/eventlog/readEventLogFile.js';
import { writeEventLogFile } from '../../src/eventlog/writeEventLogFile.js';
import { anyLog } from './eventLogArbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'svlog-roundtrip-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('event log round trip', () => {
  it('reads back exactly the header and entries that were encoded', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        const bytes = encodeEventLog(header, entries, options);
        const log = readEventLog(bytes);
        expect(log.header).toEqual(header);
        expect(log.entries).toEqual(entries);
        expect(readEventLogHeader(bytes)).toEqual(header);
        expect(salvageEventLog(bytes)).toEqual({ header, entries });
      }),
      { numRuns: 300 },
    );
  });

  it('re-encodes what it read to the same bytes', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        const bytes = encodeEventLog(header, entries, options);
        const log = readEventLog(bytes);
        expect(encodeEventLog(log.header, log.entries, options)).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('cuts segments of the configured size and streams them in order', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        const bytes = encodeEventLog(header, entries, options);
        const segments = [...readEventLogSegments(bytes)];
        const size = options.segmentSize ?? 10_000;
        expect(segments.map((s) => s.entries.length)).toEqual(
          Array.from({ length: Math.ceil(entries.length / size) }, (_, i) =>
            Math.min(size, entries.length - i * size),
          ),
        );
        expect(segments.flatMap((s) => s.entries)).toEqual(entries);
        segments.forEach((segment, i) => {
          expect(segment.index).toBe(i);
          if (i > 0) {
            const previous = segments[i - 1];
            expect(segment.byteOffset).toBe((previous?.byteOffset ?? 0) + (previous?.byteLength ?? 0));
          }
        });
      }),
    );
  });

  it('round-trips through a file, and streams the same segments from the file as from bytes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        anyLog,
        fc.constantFrom(1, 5, 13, 64, 1 << 20),
        async ({ header, entries, options }, chunkSize) => {
          const path = join(dir, `log-${run++}.svlog`);
          await writeEventLogFile(path, header, entries, options);
          const bytes = encodeEventLog(header, entries, options);
          expect(await readEventLogFile(path, { chunkSize })).toEqual({ header, entries });
          expect(await salvageEventLogFile(path, { chunkSize })).toEqual({ header, entries });
          expect(await readEventLogFileHeader(path)).toEqual(header);
          expect(await collect(readEventLogFileSegments(path, { chunkSize }))).toEqual([
            ...readEventLogSegments(bytes),
          ]);
          rmSync(path);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('encodes the same bytes incrementally as in one call', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        const encoder = createEventLogEncoder(header, options);
        entries.forEach((entry, i) => {
          encoder.append(entry);
          expect(encoder.entryCount).toBe(i + 1);
        });
        const bytes = encoder.finish();
        expect(bytes).toEqual(encodeEventLog(header, entries, options));
        expect(encoder.finish()).toBe(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps an empty log readable', () => {
    const header = { seed: 0, scenarioDigest: '', meta: {} };
    const bytes = encodeEventLog(header, []);
    expect(readEventLog(bytes)).toEqual({ header, entries: [] });
    expect([...readEventLogSegments(bytes)]).toEqual([]);
  });
});
