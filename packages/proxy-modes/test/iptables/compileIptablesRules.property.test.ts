import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Endpoint, Service } from '@svcsim/core';

import { tableRulesInOrder, type IptablesTable } from '../../src/iptables/IptablesRuleset.js';
import { renderIptablesRestore } from '../../src/iptables/renderIptablesRestore.js';
import { compile, service, slice } from './fixtures.js';

const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MARK', 'MASQUERADE', 'DNAT']);

const endpointArb: fc.Arbitrary<Endpoint> = fc.record({
  addresses: fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
    .map(([a, b]) => [`10.244.${a}.${b}`]),
  nodeName: fc.constantFrom('node-a', 'node-b'),
  conditions: fc.record({ ready: fc.boolean(), serving: fc.boolean(), terminating: fc.boolean() }),
});

const serviceArb: fc.Arbitrary<Service> = fc
  .record({
    type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
    etpLocal: fc.boolean(),
    itpLocal: fc.boolean(),
    affinity: fc.boolean(),
    externalIP: fc.boolean(),
    sourceRange: fc.boolean(),
  })
  .map((o) =>
    service(
      'web',
      '10.96.45.12',
      {
        type: o.type,
        ports: [{ name: 'http', port: 80, ...(o.type === 'ClusterIP' ? {} : { nodePort: 30080 }) }],
        ...(o.type !== 'ClusterIP' && o.etpLocal ? { externalTrafficPolicy: 'Local' as const } : {}),
        ...(o.itpLocal ? { internalTrafficPolicy: 'Local' as const } : {}),
        ...(o.affinity ? { sessionAffinity: 'ClientIP' as const } : {}),
        ...(o.externalIP ? { externalIPs: ['198.51.100.5'] } : {}),
        ...(o.sourceRange ? { loadBalancerSourceRanges: ['203.0.113.0/24'] } : {}),
      },
      o.type === 'LoadBalancer' ? { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } } : undefined,
    ),
  );

function undeclaredJumps(table: IptablesTable): string[] {
  const declared = new Set(table.chains.map((c) => c.name));
  return tableRulesInOrder(table)
    .flatMap((rule) => {
      const jump = rule.args.indexOf('-j');
      const target = jump < 0 ? undefined : rule.args[jump + 1];
      return target === undefined ? [] : [target];
    })
    .filter((target) => !BUILTIN_TARGETS.has(target) && !declared.has(target));
}

describe('compileIptablesRules properties', () => {
  it('only jumps to chains declared in the same restore input', () => {
    fc.assert(
      fc.property(serviceArb, fc.array(endpointArb, { maxLength: 6 }), (svc, endpoints) => {
        const ruleset = compile([svc], [slice('web', endpoints)]);
        expect(undeclaredJumps(ruleset.nat)).toEqual([]);
        expect(undeclaredJumps(ruleset.filter)).toEqual([]);
      }),
    );
  });

  it('does not depend on the order endpoints appear in the slice', () => {
    fc.assert(
      fc.property(
        serviceArb,
        fc.uniqueArray(endpointArb, { maxLength: 6, selector: (e) => e.addresses[0] }),
        (svc, endpoints) => {
          const forward = renderIptablesRestore(compile([svc], [slice('web', endpoints)]));
          const backward = renderIptablesRestore(compile([svc], [slice('web', [...endpoints].reverse())]));
          expect(backward).toBe(forward);
        },
      ),
    );
  });

  it('captures the ClusterIP in nat or filters it, never both', () => {
    fc.assert(
      fc.property(serviceArb, fc.array(endpointArb, { maxLength: 6 }), (svc, endpoints) => {
        const text = renderIptablesRestore(compile([svc], [slice('web', endpoints)]));
        const captured = text.includes(
          '"default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j KUBE-SV',
        );
        const filtered =
          /-A KUBE-SERVICES .*endpoints" -m tcp -p tcp -d 10\.96\.45\.12 --dport 80 -j (REJECT|DROP)/.test(
            text,
          );
        expect(captured !== filtered).toBe(true);
      }),
    );
  });
});
