import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { EndpointAddress, EndpointSubset } from '../../../src/api/Endpoints.js';
import {
  repackAnySubsets,
  repackOnePortSubsets,
  repackSubsets,
} from '../../../src/apiserver/endpoints/repackSubsets.js';

// Few IPs, uids and ports, so that repeats (the cases that need the general merging rules) are common.
const address: fc.Arbitrary<EndpointAddress> = fc.record(
  {
    ip: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', '10.0.1.1', '192.168.0.3'),
    nodeName: fc.constantFrom('node-a', 'node-b'),
    targetRef: fc.record(
      { kind: fc.constant('Pod'), name: fc.constantFrom('p1', 'p2'), uid: fc.constantFrom('u1', 'u2', 'u3') },
      { requiredKeys: ['kind', 'name'] },
    ),
  },
  { requiredKeys: ['ip'] },
);

type Port = NonNullable<EndpointSubset['ports']>[number];
// Ports that differ from the first in one field each (the name unset counts as empty, so it is the same).
const PORTS: readonly Port[] = [
  { name: 'http', port: 80, protocol: 'TCP' },
  { name: 'http', port: 80, protocol: 'UDP' },
  { name: 'http', port: 8080, protocol: 'TCP' },
  { name: 'metrics', port: 80, protocol: 'TCP' },
  { name: 'http', port: 80, protocol: 'TCP', appProtocol: 'h2c' },
  { name: '', port: 80, protocol: 'TCP' },
  { port: 80, protocol: 'TCP' },
];
// Usually the first port (a fresh copy, as each pod's derivation makes its own), else any of the others.
const port: fc.Arbitrary<Port> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(PORTS[0] as Port).map((p) => ({ ...p })) },
  { weight: 1, arbitrary: fc.constantFrom(...PORTS) },
);

// Usually one port and one address, the shape a one-port Service gives; sometimes anything.
const subset: fc.Arbitrary<EndpointSubset> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(address, fc.boolean(), port)
      .map(([a, ready, p]) =>
        ready ? { addresses: [a], ports: [p] } : { notReadyAddresses: [a], ports: [p] },
      ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        addresses: fc.array(address, { maxLength: 3 }),
        notReadyAddresses: fc.array(address, { maxLength: 2 }),
        ports: fc.array(port, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
);

/** What deriveEndpointsObject hands over for a one-port Service: one subset per pod, one address each. */
const onePortLayout: fc.Arbitrary<EndpointSubset[]> = fc
  .tuple(port, fc.uniqueArray(fc.tuple(fc.nat(255), fc.boolean()), { selector: ([ip]) => ip, maxLength: 30 }))
  .map(([shared, pods]) =>
    pods.map(([n, ready], i) => {
      const entry: EndpointAddress = {
        ip: `10.1.0.${n}`,
        nodeName: `node-${i % 3}`,
        targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${n}`, uid: `uid-${n}` },
      };
      // Each pod's port is its own object, equal to the others, as each pod's derivation makes one.
      return { ...(ready ? { addresses: [entry] } : { notReadyAddresses: [entry] }), ports: [{ ...shared }] };
    }),
  );

describe('repackSubsets', () => {
  it('gives what the general repack gives, for any subsets', () => {
    fc.assert(
      fc.property(fc.array(subset, { maxLength: 6 }), (subsets) => {
        expect(repackSubsets(subsets)).toStrictEqual(repackAnySubsets(subsets));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the one-port shortcut for the layout a one-port Service produces, and agrees with the general repack', () => {
    fc.assert(
      fc.property(onePortLayout, (subsets) => {
        const shortcut = repackOnePortSubsets(subsets);
        if (subsets.length > 0) expect(shortcut).toBeDefined();
        expect(repackSubsets(subsets)).toStrictEqual(repackAnySubsets(subsets));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves to the general repack an IP seen twice, ports that differ, and subsets without exactly one port', () => {
    const a: EndpointAddress = { ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'a', uid: 'ua' } };
    const b: EndpointAddress = { ip: '10.0.0.2', targetRef: { kind: 'Pod', name: 'b', uid: 'ub' } };
    const http = { name: 'http', port: 80, protocol: 'TCP' as const };
    expect(
      repackOnePortSubsets([
        { addresses: [a], ports: [http] },
        { notReadyAddresses: [a], ports: [http] },
      ]),
    ).toBeUndefined();
    expect(
      repackOnePortSubsets([
        { addresses: [a], ports: [http] },
        { addresses: [b], ports: [{ ...http, port: 81 }] },
      ]),
    ).toBeUndefined();
    expect(
      repackOnePortSubsets([{ addresses: [a], ports: [http, { ...http, name: 'b', port: 81 }] }]),
    ).toBeUndefined();
    expect(repackOnePortSubsets([{ addresses: [a] }])).toBeUndefined();
    // The same address not ready on one sighting stays not ready: the general rule, reached through the fallback.
    expect(
      repackSubsets([
        { addresses: [a], ports: [http] },
        { notReadyAddresses: [a], ports: [http] },
      ]),
    ).toStrictEqual([{ notReadyAddresses: [a], ports: [http] }]);
  });

  it('sorts addresses by IP text and keeps the first port object seen', () => {
    const first = { name: '', port: 80, protocol: 'TCP' as const };
    const ip = (text: string): EndpointAddress => ({
      ip: text,
      targetRef: { kind: 'Pod', name: text, uid: text },
    });
    const repacked = repackSubsets([
      { addresses: [ip('10.0.0.10')], ports: [first] },
      { addresses: [ip('10.0.0.2')], ports: [{ port: 80, protocol: 'TCP' }] },
      { notReadyAddresses: [ip('10.0.0.1')], ports: [{ name: '', port: 80, protocol: 'TCP' }] },
    ]);
    expect(repacked).toStrictEqual([
      { addresses: [ip('10.0.0.10'), ip('10.0.0.2')], notReadyAddresses: [ip('10.0.0.1')], ports: [first] },
    ]);
    expect(repacked[0]?.ports?.[0]).toBe(first);
  });
});
