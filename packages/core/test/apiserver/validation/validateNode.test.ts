import { describe, expect, it } from 'vitest';

import type { Node } from '../../../src/api/Node.js';
import { validateNode } from '../../../src/apiserver/validation/validateNode.js';
import { formatted, MSG } from './fixtures.js';

const node = (spec: Node['spec'] = {}, name = 'node-1'): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec,
});

describe('validateNode', () => {
  it('accepts a cluster-scoped node with a pod CIDR', () => {
    expect(validateNode(node({ podCIDR: '10.244.1.0/24' }))).toEqual([]);
    expect(validateNode(node({ podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] }))).toEqual([]);
  });

  it('requires a DNS-subdomain name and no namespace', () => {
    expect(
      formatted(validateNode({ ...node(), metadata: { name: 'Node_1', namespace: 'default' } })),
    ).toEqual([
      `metadata.name: Invalid value: "Node_1": ${MSG.dns1123Subdomain}`,
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('requires valid pod CIDRs, reporting podCIDR as podCIDRs[0]', () => {
    expect(formatted(validateNode(node({ podCIDR: '10.244.1.0' })))).toEqual([
      `spec.podCIDRs[0]: Invalid value: "10.244.1.0": ${MSG.cidr}`,
    ]);
  });

  it('allows one CIDR per family and no duplicates', () => {
    expect(formatted(validateNode(node({ podCIDRs: ['10.244.1.0/24', '10.244.2.0/24'] })))).toEqual([
      'spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family',
    ]);
    expect(formatted(validateNode(node({ podCIDRs: ['10.244.1.0/24', '10.244.1.0/24'] })))).toEqual([
      'spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.1.0/24"}: may specify no more than one CIDR for each IP family',
      'spec.podCIDRs[1]: Duplicate value: "10.244.1.0/24"',
    ]);
  });

  it('reports the dual-stack check failure on an invalid CIDR list', () => {
    expect(formatted(validateNode(node({ podCIDRs: ['10.244.1.0/24', 'bad'] })))).toEqual([
      `spec.podCIDRs[1]: Invalid value: "bad": ${MSG.cidr}`,
      'spec.podCIDRs: Internal error: invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR address: bad',
      'spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "bad"}: may specify no more than one CIDR for each IP family',
    ]);
  });
});
