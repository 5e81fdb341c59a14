import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { InputEntry } from '@svcsim/core';

import { mergeTrafficInputs } from '../../src/traffic/mergeTrafficInputs.js';

/** A sorted list of inputs tagged with their list and position, so the merge's choices are visible. */
function sortedList(tag: string): fc.Arbitrary<InputEntry[]> {
  return fc
    .array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 })
    .map((ats) =>
      [...ats]
        .sort((a, b) => a - b)
        .map((at, i) => ({ at, event: { type: 'connection/used', id: `${tag}${String(i)}` } })),
    );
}

const idOf = (input: InputEntry): string => (input.event.type === 'connection/used' ? input.event.id : '');

describe('mergeTrafficInputs', () => {
  it('orders by instant, and within an instant the scenario first, then each traffic in file order', () => {
    fc.assert(
      fc.property(sortedList('s'), fc.array(sortedList('t'), { maxLength: 4 }), (scenario, traffic) => {
        const tagged = traffic.map((list, t) =>
          list.map((input) => ({
            ...input,
            event: { type: 'connection/used' as const, id: `${String(t)}:${idOf(input)}` },
          })),
        );
        const merged = mergeTrafficInputs(scenario, tagged);
        // The same as a stable sort by instant of the lists concatenated in that order.
        const expected = [...scenario, ...tagged.flat()].sort((a, b) => a.at - b.at);
        expect(merged.map(idOf)).toEqual(expected.map(idOf));
      }),
    );
  });

  it('returns the scenario inputs unchanged when there is no traffic', () => {
    const scenario: InputEntry[] = [{ at: 0, event: { type: 'connection/used', id: 'x' } }];
    expect(mergeTrafficInputs(scenario, [])).toEqual(scenario);
    expect(mergeTrafficInputs([], [[], scenario])).toEqual(scenario);
  });
});
