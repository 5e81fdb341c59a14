import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';

import type { LogEntry } from '../../src/LogEntry.js';
import { createEventLogEncoder, encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import { readEventLog } from '../../src/eventlog/readEventLog.js';

const header = { seed: 1, scenarioDigest: 'digest', meta: {} };

/** The structure table stored in a log's header. */
function storedStructures(bytes: Uint8Array): string[][] {
  const bodyLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(10);
  const body = unpack(bytes.subarray(18, 18 + bodyLength)) as { structures: string[][] };
  return body.structures;
}

function entriesOf(events: readonly { readonly type: string }[]): LogEntry<{ readonly type: string }>[] {
  return events.map((event, seq) => ({ seq, at: seq * 10, event }));
}

class Pod {
  readonly type = 'pod/added';
}

describe('EventLogEncoder', () => {
  it('refuses entries out of (at, seq) order', () => {
    const encoder = createEventLogEncoder(header);
    encoder.append({ seq: 3, at: 100, event: { type: 'a' } });
    expect(() => {
      encoder.append({ seq: 3, at: 100, event: { type: 'b' } });
    }).toThrow('entry #1: seq 3 must be a safe integer greater than the previous seq (3)');
    expect(() => {
      encoder.append({ seq: 4, at: 99, event: { type: 'b' } });
    }).toThrow('entry #1 (seq 4): at 99 must be a safe integer ≥ the previous at (100)');
    expect(() => {
      encoder.append({ seq: 4.5, at: 100, event: { type: 'b' } });
    }).toThrow('seq 4.5 must be a safe integer');
    // A refused entry leaves the encoder as it was.
    encoder.append({ seq: 4, at: 100, event: { type: 'b' } });
    expect(readEventLog(encoder.finish()).entries).toHaveLength(2);
    expect(() => {
      createEventLogEncoder(header).append({ seq: -1, at: 0, event: { type: 'a' } });
    }).toThrow('seq -1 must be a safe integer greater than the previous seq (-1)');
    expect(() => {
      createEventLogEncoder(header).append({ seq: 0, at: -5, event: { type: 'a' } });
    }).toThrow('at -5 must be a safe integer ≥ the previous at (0)');
  });

  it('refuses events that are not objects with a string type', () => {
    for (const event of [null, 'pod/added', ['pod/added'], { kind: 'pod/added' }, { type: 1 }]) {
      expect(() => {
        createEventLogEncoder(header).append({ seq: 0, at: 0, event });
      }).toThrow('entry #0 (seq 0): event must be an object with a string type');
    }
  });

  it('refuses data msgpack would not give back unchanged, naming where it is', () => {
    const cases: readonly (readonly [unknown, string])[] = [
      [{ pod: { ip: undefined } }, 'event.pod.ip is undefined, which is not plain data'],
      [{ f: () => 1 }, 'event.f is function, which is not plain data'],
      [{ n: Number.NaN }, 'event.n is NaN, which is not plain data'],
      [{ n: [1, Number.POSITIVE_INFINITY] }, 'event.n[1] is Infinity, which is not plain data'],
      [{ n: 1n }, 'event.n is bigint, which is not plain data'],
      [{ when: new Date(0) }, 'event.when is a Date, which is not plain data'],
      [{ labels: new Map([['app', 'web']]) }, 'event.labels is a Map, which is not plain data'],
      [{ pod: new Pod() }, 'event.pod is a Pod, which is not plain data'],
      [{ list: [1, , 3] }, 'event.list[1] is undefined, which is not plain data'], // eslint-disable-line no-sparse-arrays
      [
        JSON.parse('{"labels":{"__proto__":"x"}}'),
        'event.labels["__proto__"] is a key msgpackr renames on decode',
      ],
      [
        { name: 'web-\ud800' },
        'event.name is a string with a lone UTF-16 surrogate, which UTF-8 cannot store',
      ],
      [{ labels: { '\udc00': 'x' } }, 'event.labels["\\udc00"] is a key with a lone UTF-16 surrogate'],
    ];
    for (const [payload, message] of cases) {
      const event = { type: 'pod/added', ...(payload as object) };
      expect(() => {
        createEventLogEncoder(header).append({ seq: 7, at: 0, event });
      }).toThrow(`entry #0 (seq 7): ${message}`);
    }
    const cyclic: Record<string, unknown> = { type: 'loop' };
    cyclic.self = cyclic;
    expect(() => {
      createEventLogEncoder(header).append({ seq: 0, at: 0, event: cyclic });
    }).toThrow('is nested deeper than 256 levels (a cycle?)');
  });

  it('refuses a header that is not plain data', () => {
    expect(() => createEventLogEncoder({ ...header, seed: 2 ** 53 })).toThrow('seed must be a safe integer');
    expect(() => createEventLogEncoder({ ...header, seed: 1.5 })).toThrow('seed must be a safe integer');
    expect(() => createEventLogEncoder({ ...header, scenarioDigest: 1 as unknown as string })).toThrow(
      'scenarioDigest must be a string',
    );
    expect(() =>
      createEventLogEncoder({ ...header, meta: [] as unknown as Record<string, unknown> }),
    ).toThrow('meta must be a plain object');
    expect(() => createEventLogEncoder({ ...header, meta: { config: { at: new Date(0) } } })).toThrow(
      'event log header: meta.config.at is a Date, which is not plain data',
    );
  });

  it('refuses options outside what msgpackr supports', () => {
    expect(() => createEventLogEncoder(header, { segmentSize: 0 })).toThrow(
      'segmentSize must be an integer in 1..2^32-1',
    );
    expect(() => createEventLogEncoder(header, { formatVersion: 1, maxSharedStructures: 9000 })).toThrow(
      'maxSharedStructures must be',
    );
    expect(() =>
      createEventLogEncoder(header, { formatVersion: 1, maxSharedStructures: 8000, maxOwnStructures: 500 }),
    ).toThrow('maxOwnStructures must be');
    expect(() => createEventLogEncoder(header, { maxSharedStructures: 16 })).toThrow(
      'maxSharedStructures and maxOwnStructures apply to format version 1 only',
    );
    expect(() => createEventLogEncoder(header, { formatVersion: 3 as 2 })).toThrow(
      'formatVersion must be 1 or 2, got 3',
    );
  });

  it('refuses appends after finish', () => {
    const encoder = createEventLogEncoder(header);
    encoder.finish();
    expect(() => {
      encoder.append({ seq: 0, at: 0, event: { type: 'a' } });
    }).toThrow('append() after finish()');
  });

  it('reads -0 back as 0, as JSON does', () => {
    const bytes = encodeEventLog(header, [{ seq: 0, at: 0, event: { type: 'a', x: -0 } }]);
    expect(Object.is(readEventLog<{ x: number }>(bytes).entries[0]?.event.x, 0)).toBe(true);
  });

  it('version 1: stores each repeated event shape once, in the header', () => {
    const events = Array.from({ length: 100 }, (_, i) => ({
      type: 'pod/readinessSet',
      name: `web-${i}`,
      ready: i % 2 === 0,
    }));
    const bytes = encodeEventLog(header, entriesOf(events), { formatVersion: 1, segmentSize: 10 });
    expect(storedStructures(bytes)).toEqual([['type', 'name', 'ready']]);
    expect(readEventLog(bytes).entries.map((e) => e.event)).toEqual(events);
  });

  it('version 1: bounds the structure table when label maps have arbitrary keys, and still reads them back', () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      type: 'pod/added',
      name: `web-${i}`,
      labels: { app: 'web', [`example.com/unique-${i}`]: 'x' },
    }));
    const entries = entriesOf(events);
    const bounded = encodeEventLog(header, entries, {
      formatVersion: 1,
      segmentSize: 100,
      maxSharedStructures: 16,
      maxOwnStructures: 8,
    });
    expect(storedStructures(bounded)).toHaveLength(16);
    expect(readEventLog(bounded).entries).toEqual(entries);
    const byDefault = encodeEventLog(header, entries, { formatVersion: 1 });
    expect(storedStructures(byDefault)).toHaveLength(1024);
    expect(readEventLog(byDefault).entries).toEqual(entries);
  });

  it('version 1: reads back shapes that reuse structure ids once the table is full (msgpackr shouldShareStructure bug)', () => {
    // With msgpackr's shouldShareStructure, this sequence decodes its last event as { type, c: 2 }.
    const events = [
      { type: 'x', x1: 1 },
      { type: 'a', a: 1 },
      { type: 'b', b: 1 },
      { type: 'c', c: 1 },
      { type: 'x', x1: 2 },
      { type: 'd', d: 1 },
      { type: 'e', e: 1 },
      { type: 'x', x1: 3 },
      { type: 'a', a: 2 },
    ];
    for (const maxSharedStructures of [0, 1, 2]) {
      for (const maxOwnStructures of [0, 1, 2]) {
        const bytes = encodeEventLog(header, entriesOf(events), {
          formatVersion: 1,
          maxSharedStructures,
          maxOwnStructures,
        });
        expect(readEventLog(bytes).entries.map((e) => e.event)).toEqual(events);
      }
    }
  });
});
