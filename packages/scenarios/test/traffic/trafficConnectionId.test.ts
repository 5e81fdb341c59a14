import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { keepAliveConnectionId, newConnectionId, parseTrafficConnectionId } from '../../src/index.js';

describe('traffic connection ids', () => {
  it('are <traffic>#<n> and <traffic>#keepalive, and read back to the traffic and request', () => {
    expect(newConnectionId('clients', 1)).toBe('clients#1');
    expect(keepAliveConnectionId('clients')).toBe('clients#keepalive');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 10_000_000 }), (traffic, n) => {
        expect(parseTrafficConnectionId(newConnectionId(traffic, n))).toEqual({ traffic, request: n });
        expect(parseTrafficConnectionId(keepAliveConnectionId(traffic))).toEqual({
          traffic,
          request: 'keepalive',
        });
      }),
    );
  });

  it('splits at the last # so a traffic name may hold one', () => {
    expect(parseTrafficConnectionId('a#b#12')).toEqual({ traffic: 'a#b', request: 12 });
  });

  it('are not read from ids that traffic does not write', () => {
    for (const id of ['new-30', 'keepalive', '#3', 'web#0', 'web#03', 'web#', 'web#x', 'web#1.5']) {
      expect(parseTrafficConnectionId(id)).toBeUndefined();
    }
  });
});
