import { describe, expect, it } from 'vitest';

import type { Service, ServiceSpec } from '../../../src/api/Service.js';
import { createLoadBalancerIPPool } from '../../../src/controllers/loadBalancer/createLoadBalancerIPPool.js';
import { decideLoadBalancerIP } from '../../../src/controllers/loadBalancer/decideLoadBalancerIP.js';
import { parseIpv4, parseIpv4Cidr } from '../../../src/net/ipv4.js';

const ip = (text: string): number => {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad IP ${text}`);
  return value;
};

function newPool() {
  const cidr = parseIpv4Cidr('203.0.113.0/29'); // usable .1 - .6
  if (cidr === undefined) throw new Error('bad CIDR');
  return createLoadBalancerIPPool(cidr);
}

const service = (spec: Partial<ServiceSpec> = {}): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'edge', namespace: 'default' },
  spec: { type: 'LoadBalancer', ports: [{ port: 80 }], ...spec },
});

describe('decideLoadBalancerIP', () => {
  it('serves only LoadBalancers without a loadBalancerClass', () => {
    const pool = newPool();
    expect(decideLoadBalancerIP(undefined, ip('203.0.113.1'), pool)).toEqual({ kind: 'unserved' });
    expect(decideLoadBalancerIP(service({ type: 'NodePort' }), undefined, pool)).toEqual({
      kind: 'unserved',
    });
    expect(
      decideLoadBalancerIP(service({ loadBalancerClass: 'example.com/other-lb' }), undefined, pool),
    ).toEqual({ kind: 'unserved' });
  });

  it('takes the lowest free address for a new Service and keeps it afterwards', () => {
    const pool = newPool();
    pool.claim(ip('203.0.113.1'), 'default/first');
    expect(decideLoadBalancerIP(service(), undefined, pool)).toEqual({
      kind: 'claim',
      ip: ip('203.0.113.2'),
    });
    expect(decideLoadBalancerIP(service(), ip('203.0.113.5'), pool)).toEqual({
      kind: 'keep',
      ip: ip('203.0.113.5'),
    });
  });

  it('honours spec.loadBalancerIP when it is in the pool and free', () => {
    const pool = newPool();
    expect(decideLoadBalancerIP(service({ loadBalancerIP: '203.0.113.4' }), undefined, pool)).toEqual({
      kind: 'claim',
      ip: ip('203.0.113.4'),
    });
    // A new loadBalancerIP moves a Service that already holds another address.
    expect(decideLoadBalancerIP(service({ loadBalancerIP: '203.0.113.4' }), ip('203.0.113.1'), pool)).toEqual(
      { kind: 'claim', ip: ip('203.0.113.4') },
    );
  });

  it('leaves a Service pending, with a reason, when its loadBalancerIP cannot be had', () => {
    const pool = newPool();
    pool.claim(ip('203.0.113.3'), 'shop/front');
    expect(decideLoadBalancerIP(service({ loadBalancerIP: '203.0.113.3' }), undefined, pool)).toEqual({
      kind: 'pending',
      reason: 'spec.loadBalancerIP 203.0.113.3 is already assigned to Service shop/front',
    });
    for (const outside of ['198.51.100.1', '203.0.113.7', '2001:db8::1'])
      expect(decideLoadBalancerIP(service({ loadBalancerIP: outside }), undefined, pool)).toEqual({
        kind: 'pending',
        reason: `spec.loadBalancerIP ${outside} is not in the load-balancer pool 203.0.113.0/29`,
      });
  });

  it('leaves a Service pending when the pool is exhausted', () => {
    const pool = newPool();
    for (let i = 1; i <= 6; i++) pool.claim(ip(`203.0.113.${String(i)}`), `default/s${String(i)}`);
    expect(decideLoadBalancerIP(service(), undefined, pool)).toEqual({
      kind: 'pending',
      reason: 'no free address left in the load-balancer pool 203.0.113.0/29',
    });
  });
});
