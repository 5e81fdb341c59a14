import { describe, expect, it } from 'vitest';

import type { Service } from '../../../src/api/Service.js';
import { clusterIPsOf } from '../../../src/apiserver/serviceTypeRules.js';
import { prepareServiceUpdate } from '../../../src/apiserver/validation/prepareServiceUpdate.js';
import { defaultedService } from './fixtures.js';

const nodePortService = (nodePort?: number, extra: Partial<Service['spec']> = {}): Service =>
  defaultedService({
    type: 'NodePort',
    externalTrafficPolicy: 'Cluster',
    clusterIP: '10.96.0.10',
    ports: [
      {
        name: 'http',
        protocol: 'TCP',
        port: 80,
        targetPort: 80,
        ...(nodePort === undefined ? {} : { nodePort }),
      },
    ],
    ...extra,
  });

describe('clusterIPsOf', () => {
  it('derives clusterIPs from clusterIP for clients that only send the singular field', () => {
    expect(clusterIPsOf({ clusterIP: '10.96.0.10' })).toEqual(['10.96.0.10']);
    expect(clusterIPsOf({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::a'] })).toEqual([
      '10.96.0.10',
      'fd00::a',
    ]);
    expect(clusterIPsOf({})).toEqual([]);
  });
});

describe('prepareServiceUpdate', () => {
  it('restores allocated clusterIP(s) and nodePorts a resubmitted manifest leaves out', () => {
    const stored = nodePortService(30080);
    const { clusterIP: _ip, ...spec } = nodePortService().spec;
    const prepared = prepareServiceUpdate({ ...stored, spec }, stored);
    expect(prepared.spec.clusterIP).toBe('10.96.0.10');
    expect(prepared.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(prepared.spec.ports?.[0]?.nodePort).toBe(30080);
  });

  it('keeps a nodePort the client changed', () => {
    expect(
      prepareServiceUpdate(nodePortService(30081), nodePortService(30080)).spec.ports?.[0]?.nodePort,
    ).toBe(30081);
  });

  it('drops unchanged nodePorts and externalTrafficPolicy when moving to ClusterIP', () => {
    const stored = nodePortService(30080);
    const prepared = prepareServiceUpdate({ ...stored, spec: { ...stored.spec, type: 'ClusterIP' } }, stored);
    expect(prepared.spec.ports?.[0]?.nodePort).toBeUndefined();
    expect(prepared.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('drops an unchanged clusterIP when moving to ExternalName', () => {
    const stored = defaultedService({
      clusterIP: '10.96.0.10',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    const prepared = prepareServiceUpdate(
      { ...stored, spec: { ...stored.spec, type: 'ExternalName', externalName: 'db.example.com' } },
      stored,
    );
    expect(prepared.spec.clusterIP).toBe('');
    expect(prepared.spec.clusterIPs).toBeUndefined();
    expect(prepared.spec.ipFamilies).toBeUndefined();
    expect(prepared.spec.ipFamilyPolicy).toBeUndefined();
  });

  it('moves clusterIPs along with a changed clusterIP when the client did not send them', () => {
    const stored = defaultedService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
    const prepared = prepareServiceUpdate(
      defaultedService({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.10'] }),
      stored,
    );
    expect(prepared.spec.clusterIPs).toEqual(['10.96.0.11']);
  });

  it('clears the load-balancer status and allocateLoadBalancerNodePorts when leaving LoadBalancer', () => {
    const stored: Service = {
      ...defaultedService({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
      }),
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.9', ipMode: 'VIP' }] } },
    };
    const prepared = prepareServiceUpdate({ ...stored, spec: { ...stored.spec, type: 'NodePort' } }, stored);
    expect(prepared.status).toEqual({});
    expect(prepared.spec.allocateLoadBalancerNodePorts).toBeUndefined();
  });
});
