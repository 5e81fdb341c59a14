import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/api/KubeObject.js';
import { validateObject } from '../../../src/apiserver/validation/validateObject.js';
import { defaultedService, formatted, meta, pod } from './fixtures.js';

const valid: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { podCIDR: '10.244.1.0/24' } },
  pod(),
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('web-1'),
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    },
  },
  defaultedService(),
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('web'),
    subsets: [{ addresses: [{ ip: '10.244.1.5' }] }],
  },
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('web-x'),
    addressType: 'IPv4',
    endpoints: [],
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('shop'),
    spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  },
  { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), data: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings'), data: {} },
];

describe('validateObject', () => {
  it('accepts a valid object of every kind', () => {
    for (const obj of valid)
      expect({ kind: obj.kind, errors: validateObject(obj) }).toEqual({ kind: obj.kind, errors: [] });
  });

  it('dispatches to each kind’s own name rule', () => {
    // "1.x" is a DNS subdomain, but neither a DNS-1123 label (Namespace) nor a DNS-1035 label (Service).
    const renamed = valid.map((obj): KubeObject => ({ ...obj, metadata: { ...obj.metadata, name: '1.x' } }));
    const rejected = renamed.filter((obj) => validateObject(obj).some((e) => e.field === 'metadata.name'));
    expect(rejected.map((obj) => obj.kind)).toEqual(['Namespace', 'Service']);
  });

  it('passes allocation options through to Service validation', () => {
    const lbLocal = defaultedService({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: true,
    });
    expect(validateObject(lbLocal)).toEqual([]);
    expect(formatted(validateObject(lbLocal, { allocated: true }))).toEqual([
      'spec.healthCheckNodePort: Required value',
    ]);
  });
});
