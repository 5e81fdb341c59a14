import { describe, expect, it } from 'vitest';

import { podToEndpoint } from '../../../src/apiserver/endpoints/podToEndpoint.js';
import { makeNode, makePod, makeService } from './fixtures.js';

describe('podToEndpoint (§5.3)', () => {
  const service = makeService();
  const node = makeNode('node-a', 'zone-a');

  it('marks a ready pod ready and serving, not terminating', () => {
    expect(podToEndpoint(makePod({ name: 'a' }), node, service, 'IPv4').conditions).toEqual({
      ready: true,
      serving: true,
      terminating: false,
    });
  });

  it('marks a terminating ready pod serving and terminating but not ready', () => {
    expect(podToEndpoint(makePod({ name: 'a', deleting: true }), node, service, 'IPv4').conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
  });

  it('marks an unready pod neither ready nor serving', () => {
    expect(podToEndpoint(makePod({ name: 'a', ready: false }), node, service, 'IPv4').conditions).toEqual({
      ready: false,
      serving: false,
      terminating: false,
    });
  });

  it('marks every pod ready when the Service publishes not-ready addresses', () => {
    const publishing = makeService({ publishNotReadyAddresses: true });
    const pod = makePod({ name: 'a', ready: false, deleting: true });
    expect(podToEndpoint(pod, node, publishing, 'IPv4').conditions).toEqual({
      ready: true,
      serving: false,
      terminating: true,
    });
  });

  it('records nodeName, the zone from the node label, and a Pod targetRef', () => {
    const endpoint = podToEndpoint(makePod({ name: 'a', ip: '10.0.0.7' }), node, service, 'IPv4');
    expect(endpoint).toEqual({
      addresses: ['10.0.0.7'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-default-a' },
      nodeName: 'node-a',
      zone: 'zone-a',
    });
  });

  it('leaves zone unset when the node has no zone label or is unknown', () => {
    expect(podToEndpoint(makePod({ name: 'a' }), makeNode('node-a'), service, 'IPv4').zone).toBeUndefined();
    expect(podToEndpoint(makePod({ name: 'a' }), undefined, service, 'IPv4').zone).toBeUndefined();
  });

  it('sets hostname only when the pod has one and its subdomain is the Service name', () => {
    const named = makePod({ name: 'a', hostname: 'db-0', subdomain: 'web' });
    expect(podToEndpoint(named, node, service, 'IPv4').hostname).toBe('db-0');
    const otherSubdomain = makePod({ name: 'a', hostname: 'db-0', subdomain: 'other' });
    expect(podToEndpoint(otherSubdomain, node, service, 'IPv4').hostname).toBeUndefined();
    const noHostname = makePod({ name: 'a', subdomain: 'web' });
    expect(podToEndpoint(noHostname, node, service, 'IPv4').hostname).toBeUndefined();
  });

  it('takes only the pod IPs of the requested family, re-printed canonically', () => {
    const dual = makePod({ name: 'a', ips: ['10.0.0.7', 'FD00:0:0::7'] });
    expect(podToEndpoint(dual, node, service, 'IPv4').addresses).toEqual(['10.0.0.7']);
    expect(podToEndpoint(dual, node, service, 'IPv6').addresses).toEqual(['fd00::7']);
  });
});
