import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Endpoint } from '../../../src/api/EndpointSlice.js';
import { compareEndpoints, sortEndpoints } from '../../../src/apiserver/endpoints/compareEndpoints.js';

// Few distinct values, so that ties on the address (and further) are common.
const endpoint: fc.Arbitrary<Endpoint> = fc.record(
  {
    addresses: fc.array(fc.constantFrom('10.0.0.2', '10.0.0.10', '2001:db8::1', 'not-an-ip'), {
      maxLength: 2,
    }),
    hostname: fc.constantFrom('a', 'b'),
    targetRef: fc.record(
      {
        kind: fc.constant('Pod'),
        namespace: fc.constantFrom('default', 'other'),
        name: fc.constantFrom('p', 'q'),
      },
      { requiredKeys: ['kind'] },
    ),
    conditions: fc.record({ ready: fc.boolean() }),
  },
  { requiredKeys: ['addresses'] },
);

describe('sortEndpoints', () => {
  it('orders endpoints exactly as sorting with compareEndpoints does, and leaves its input alone', () => {
    fc.assert(
      fc.property(fc.array(endpoint, { maxLength: 12 }), (endpoints) => {
        const before = [...endpoints];
        expect(sortEndpoints(endpoints)).toStrictEqual([...endpoints].sort(compareEndpoints));
        expect(endpoints).toStrictEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('puts IPv4 before IPv6, numerically, and unparsable text last', () => {
    const at = (address: string): Endpoint => ({ addresses: [address] });
    const sorted = sortEndpoints([at('not-an-ip'), at('2001:db8::1'), at('10.0.0.10'), at('10.0.0.2')]);
    expect(sorted.map((e) => e.addresses[0])).toEqual(['10.0.0.2', '10.0.0.10', '2001:db8::1', 'not-an-ip']);
  });
});
