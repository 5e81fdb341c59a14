import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Endpoint, EndpointSlice, NodeProxyConfig, Service } from '@svcsim/core';

import { createIptablesRouter } from '../../../src/iptables/route/createIptablesRouter.js';
import { createRecentTable, type IptablesPacket } from '../../../src/iptables/route/IptablesRoute.js';
import { routeIptablesPacket } from '../../../src/iptables/route/routeIptablesPacket.js';
import { compile, NODE_CONFIG, service, slice } from '../fixtures.js';
import { NODE_IP, stream } from './routeFixtures.js';

const endpointArb: fc.Arbitrary<Endpoint> = fc.record({
  addresses: fc.integer({ min: 1, max: 6 }).map((n) => [`10.244.1.${n}`]),
  nodeName: fc.constantFrom('node-a', 'node-b'),
  conditions: fc.record({ ready: fc.boolean(), serving: fc.boolean(), terminating: fc.boolean() }),
});

interface ServiceCase {
  readonly service: Service;
  readonly slice: EndpointSlice;
}

/** Service i gets ClusterIP 10.96.0.(i+1), LB IP 203.0.113.(i+1), NodePort 30000+i. */
const serviceArb = (i: number): fc.Arbitrary<ServiceCase> =>
  fc
    .record({
      type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
      port: fc.constantFrom(80, 443),
      etpLocal: fc.boolean(),
      itpLocal: fc.boolean(),
      affinity: fc.boolean(),
      externalIP: fc.boolean(),
      sourceRange: fc.constantFrom(undefined, '203.0.113.0/28', '192.168.0.0/24'),
      endpoints: fc.uniqueArray(endpointArb, { maxLength: 4, selector: (e) => e.addresses[0] }),
    })
    .map((o) => {
      const name = `svc-${i}`;
      const exposed = o.type !== 'ClusterIP';
      return {
        service: service(
          name,
          `10.96.0.${i + 1}`,
          {
            type: o.type,
            ports: [{ name: 'http', port: o.port, ...(exposed ? { nodePort: 30000 + i } : {}) }],
            ...(exposed && o.etpLocal ? { externalTrafficPolicy: 'Local' as const } : {}),
            ...(o.itpLocal ? { internalTrafficPolicy: 'Local' as const } : {}),
            ...(o.affinity
              ? {
                  sessionAffinity: 'ClientIP' as const,
                  sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } },
                }
              : {}),
            ...(o.externalIP ? { externalIPs: [`198.51.100.${i + 1}`] } : {}),
            ...(o.sourceRange === undefined ? {} : { loadBalancerSourceRanges: [o.sourceRange] }),
          },
          o.type === 'LoadBalancer'
            ? { loadBalancer: { ingress: [{ ip: `203.0.113.${i + 1}` }] } }
            : undefined,
        ),
        slice: slice(name, o.endpoints),
      };
    });

const configArb: fc.Arbitrary<Partial<NodeProxyConfig>> = fc
  .record({
    localhostNodePorts: fc.boolean(),
    masqueradeAll: fc.boolean(),
    nfacct: fc.boolean(),
    largeClusterThreshold: fc.constantFrom(1000, 2),
    // 1.22.3 writes affinity rules and SEP chains for every endpoint (iptablesCompat.ts).
    emulateVersion: fc.option(fc.constant('1.22.3'), { nil: undefined }),
  })
  .map(({ emulateVersion, ...flags }) =>
    emulateVersion === undefined ? flags : { ...flags, emulateVersion },
  );

const packetArb: fc.Arbitrary<IptablesPacket & { readonly advanceMs: number }> = fc.record({
  srcIP: fc.constantFrom(
    '10.244.1.1',
    '10.244.1.2',
    '10.244.7.7',
    NODE_IP,
    '127.0.0.1',
    '203.0.113.5',
    '198.18.0.7',
  ),
  srcPort: fc.constant(40000),
  dstIP: fc.oneof(
    fc.integer({ min: 1, max: 4 }).map((n) => `10.96.0.${n}`),
    fc.integer({ min: 1, max: 4 }).map((n) => `203.0.113.${n}`),
    fc.integer({ min: 1, max: 4 }).map((n) => `198.51.100.${n}`),
    fc.constantFrom(NODE_IP, '127.0.0.1', '10.96.9.9', '10.244.1.3'),
  ),
  dstPort: fc.oneof(fc.constantFrom(80, 443, 8080), fc.integer({ min: 30000, max: 30004 })),
  protocol: fc.constantFrom('TCP' as const, 'TCP' as const, 'UDP' as const),
  entry: fc.constantFrom('local' as const, 'forward' as const),
  advanceMs: fc.constantFrom(0, 1000, 5000, 5001),
});

const clusterArb = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => serviceArb(i))));

describe('createIptablesRouter', () => {
  it('agrees exactly with the literal walk: verdict, endpoint, trace, cost, draws and recent lists', () => {
    fc.assert(
      fc.property(
        clusterArb,
        configArb,
        fc.array(packetArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (cases, config, packets, seed) => {
          const ruleset = compile(
            cases.map((c) => c.service),
            cases.map((c) => c.slice),
            config,
          );
          const router = createIptablesRouter(ruleset);
          const literal = { random: stream(seed), recent: createRecentTable() };
          const fast = { random: stream(seed), recent: createRecentTable() };
          let now = 0;
          for (const { advanceMs, ...p } of packets) {
            now += advanceMs;
            const ctx = { nodeIPs: NODE_CONFIG.nodeIPs, now };
            const expected = routeIptablesPacket(ruleset, p, { ...ctx, ...literal });
            const actual = router.route(p, { ...ctx, ...fast });
            expect(actual).toEqual(expected);
            expect(fast.random.getState()).toEqual(literal.random.getState());
            expect(fast.recent).toEqual(literal.recent);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
