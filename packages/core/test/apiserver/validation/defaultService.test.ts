import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Service, ServiceSpec } from '../../../src/api/Service.js';
import { defaultService } from '../../../src/apiserver/validation/defaultService.js';
import { meta } from './fixtures.js';

function svc(spec: ServiceSpec, status?: Service['status']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec, ...(status ? { status } : {}) };
}

describe('defaultService', () => {
  it('defaults a bare ClusterIP Service', () => {
    expect(defaultService(svc({ ports: [{ port: 80 }] })).spec).toEqual({
      type: 'ClusterIP',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    });
  });

  it('treats targetPort 0 and "" as unset, and keeps a named one', () => {
    const ports = defaultService(
      svc({
        ports: [
          { port: 80, targetPort: 0 },
          { port: 81, targetPort: '' },
          { port: 82, targetPort: 'http' },
        ],
      }),
    ).spec.ports;
    expect(ports?.map((p) => p.targetPort)).toEqual([80, 81, 'http']);
  });

  it('keeps an explicit protocol', () => {
    expect(defaultService(svc({ ports: [{ port: 53, protocol: 'UDP' }] })).spec.ports?.[0]?.protocol).toBe(
      'UDP',
    );
  });

  it('gives ClientIP affinity a 10800 second timeout', () => {
    expect(defaultService(svc({ sessionAffinity: 'ClientIP' })).spec.sessionAffinityConfig).toEqual({
      clientIP: { timeoutSeconds: 10800 },
    });
    expect(
      defaultService(
        svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }),
      ).spec.sessionAffinityConfig,
    ).toEqual({ clientIP: { timeoutSeconds: 60 } });
  });

  it('drops the affinity config when affinity is None', () => {
    expect(
      defaultService(svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })).spec
        .sessionAffinityConfig,
    ).toBeUndefined();
  });

  it('sets externalTrafficPolicy Cluster only for externally accessible Services', () => {
    expect(defaultService(svc({ type: 'NodePort' })).spec.externalTrafficPolicy).toBe('Cluster');
    expect(defaultService(svc({ type: 'LoadBalancer' })).spec.externalTrafficPolicy).toBe('Cluster');
    expect(defaultService(svc({ externalIPs: ['203.0.113.7'] })).spec.externalTrafficPolicy).toBe('Cluster');
    expect(defaultService(svc({})).spec.externalTrafficPolicy).toBeUndefined();
    expect(
      defaultService(svc({ type: 'NodePort', externalTrafficPolicy: 'Local' })).spec.externalTrafficPolicy,
    ).toBe('Local');
  });

  it('leaves internalTrafficPolicy unset for ExternalName', () => {
    const spec = defaultService(svc({ type: 'ExternalName', externalName: 'db.example.com' })).spec;
    expect(spec.internalTrafficPolicy).toBeUndefined();
    expect(spec.externalTrafficPolicy).toBeUndefined();
  });

  it('defaults allocateLoadBalancerNodePorts to true for LoadBalancer only', () => {
    expect(defaultService(svc({ type: 'LoadBalancer' })).spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(
      defaultService(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false })).spec
        .allocateLoadBalancerNodePorts,
    ).toBe(false);
    expect(defaultService(svc({ type: 'NodePort' })).spec.allocateLoadBalancerNodePorts).toBeUndefined();
  });

  it('sets ipMode VIP on LoadBalancer ingress points that have an IP', () => {
    const out = defaultService(
      svc(
        { type: 'LoadBalancer' },
        { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example' }] } },
      ),
    );
    expect(out.status?.loadBalancer?.ingress).toEqual([
      { ip: '203.0.113.9', ipMode: 'VIP' },
      { hostname: 'lb.example' },
    ]);
  });

  it('does not mutate its input', () => {
    const input = svc({ ports: [{ port: 80 }] });
    const before = JSON.stringify(input);
    defaultService(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

/** Arbitrary user-written Service specs, including partially defaulted ones. */
const serviceSpecArb: fc.Arbitrary<ServiceSpec> = fc.record(
  {
    type: fc.constantFrom(
      'ClusterIP' as const,
      'NodePort' as const,
      'LoadBalancer' as const,
      'ExternalName' as const,
    ),
    ports: fc.array(
      fc.record(
        {
          port: fc.integer({ min: 1, max: 65535 }),
          protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const),
          targetPort: fc.oneof(
            fc.constant(0),
            fc.constant(''),
            fc.integer({ min: 1, max: 65535 }),
            fc.constant('http'),
          ),
        },
        { requiredKeys: ['port'] },
      ),
      { maxLength: 3 },
    ),
    sessionAffinity: fc.constantFrom('None' as const, 'ClientIP' as const),
    sessionAffinityConfig: fc.record({
      clientIP: fc.record({ timeoutSeconds: fc.integer({ min: 1, max: 86400 }) }),
    }),
    externalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    internalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    externalIPs: fc.constant(['203.0.113.7']),
    allocateLoadBalancerNodePorts: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('defaultService properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(serviceSpecArb, (spec) => {
        const once = defaultService(svc(spec));
        expect(defaultService(once)).toEqual(once);
      }),
    );
  });
});
