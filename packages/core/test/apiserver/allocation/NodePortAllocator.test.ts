import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createNodePortAllocator } from '../../../src/apiserver/allocation/NodePortAllocator.js';
import { formatPortRange, parsePortRange } from '../../../src/apiserver/allocation/PortRange.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

const stream = (seed: number) => createRandomStreams(seed).stream('allocation');

describe('parsePortRange', () => {
  it.each([
    ['30000-32767', { base: 30000, size: 2768 }],
    ['30000+2767', { base: 30000, size: 2768 }],
    ['8080', { base: 8080, size: 1 }],
    ['0-65535', { base: 0, size: 65536 }],
  ])('parses %s', (text, range) => {
    expect(parsePortRange(text)).toEqual(range);
  });

  it.each([
    '',
    '32767-30000',
    '30000-70000',
    '30000-',
    '-1',
    'a-b',
    '30000-31000-32000',
    '1+2-3',
    ' 30000-32767',
  ])('refuses %j', (text) => {
    expect(parsePortRange(text)).toBeUndefined();
  });

  it('formats as PortRange.String', () => {
    expect(formatPortRange({ base: 30000, size: 2768 })).toBe('30000-32767');
    expect(formatPortRange({ base: 30000, size: 0 })).toBe('');
  });
});

describe('createNodePortAllocator', () => {
  it('defaults to 30000-32767 with a static band of 86 ports', () => {
    const allocator = createNodePortAllocator();
    expect(allocator.range).toBe('30000-32767');
    expect(allocator.size).toBe(2768);
    expect(allocator.offset).toBe(86);
  });

  it.each([
    ['30000-30015', 0],
    ['30000-30016', 16],
    ['30000-31023', 32],
    ['20000-29999', 128],
  ])('sizes the static band of %s as min(max(16, size/32), 128) = %i', (range, offset) => {
    expect(createNodePortAllocator({ range }).offset).toBe(offset);
  });

  it('hands out ports from 30086-32767 until that band is full, then from 30000-30085', () => {
    const allocator = createNodePortAllocator();
    const random = stream(1);
    const got: number[] = [];
    for (let i = 0; i < 2768; i++) {
      const result = allocator.allocateNext(random);
      expect(result.ok).toBe(true);
      if (result.ok) got.push(result.value);
    }
    expect(got.slice(0, 2682).every((p) => p >= 30086 && p <= 32767)).toBe(true);
    expect(got.slice(2682).every((p) => p >= 30000 && p <= 30085)).toBe(true);
    expect(new Set(got).size).toBe(2768);
    expect(allocator.allocateNext(random)).toEqual({
      ok: false,
      error: { reason: 'Full', message: 'range is full' },
    });
  });

  it('reports taken and out-of-range ports with the apiserver texts', () => {
    const allocator = createNodePortAllocator();
    expect(allocator.allocate(31000)).toEqual({ ok: true, value: 31000 });
    expect(allocator.allocate(31000)).toEqual({
      ok: false,
      error: { reason: 'Allocated', message: 'provided port is already allocated' },
    });
    for (const port of [29999, 32768, 80]) {
      expect(allocator.allocate(port)).toEqual({
        ok: false,
        error: {
          reason: 'NotInRange',
          message: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
        },
      });
    }
  });

  it('names a custom range in its errors', () => {
    const allocator = createNodePortAllocator({ range: '20000+99' });
    expect(allocator.range).toBe('20000-20099');
    const result = allocator.allocate(30000);
    expect(!result.ok && result.error.message).toBe(
      'provided port is not in the valid range. The range of valid ports is 20000-20099',
    );
  });

  it('rebuilds from toState and from stored nodePorts', () => {
    const allocator = createNodePortAllocator({ allocated: [30001, 32767] });
    allocator.allocateNext(stream(2));
    const restored = createNodePortAllocator(allocator.toState());
    expect(restored.allocated()).toEqual(allocator.allocated());
    expect(restored.has(30001)).toBe(true);
    expect(() => createNodePortAllocator({ allocated: [80] })).toThrow(RangeError);
    expect(() => createNodePortAllocator({ range: 'nope' })).toThrow(RangeError);
  });

  it('tracks a Set model under allocate/release sequences (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(
          fc.oneof(
            fc.constant<{ kind: 'next' }>({ kind: 'next' }),
            fc.record({
              kind: fc.constant<'allocate'>('allocate'),
              port: fc.integer({ min: 29990, max: 30050 }),
            }),
            fc.record({
              kind: fc.constant<'release'>('release'),
              port: fc.integer({ min: 29990, max: 30050 }),
            }),
          ),
          { maxLength: 200 },
        ),
        (seed, ops) => {
          const allocator = createNodePortAllocator({ range: '30000-30039' });
          const model = new Set<number>();
          const random = stream(seed);
          for (const op of ops) {
            if (op.kind === 'next') {
              const result = allocator.allocateNext(random);
              expect(result.ok).toBe(model.size < 40);
              if (result.ok) {
                expect(model.has(result.value)).toBe(false);
                model.add(result.value);
              }
            } else if (op.kind === 'allocate') {
              const result = allocator.allocate(op.port);
              const inRange = op.port >= 30000 && op.port <= 30039;
              expect(result.ok).toBe(inRange && !model.has(op.port));
              if (inRange) model.add(op.port);
            } else {
              allocator.release(op.port);
              model.delete(op.port);
            }
            expect(allocator.allocated()).toEqual([...model].sort((a, b) => a - b));
          }
        },
      ),
    );
  });
});
