import { describe, expect, it } from 'vitest';

import type { PodState, ServiceState } from '../../src/cluster/ClusterState.js';
import { deriveEndpoints, matchesSelector } from '../../src/cluster/deriveEndpoints.js';

const service: ServiceState = {
  namespace: 'default',
  name: 'web',
  selector: { app: 'web' },
  port: 80,
  targetPort: 8080,
};

function pod(
  name: string,
  ip: string | null,
  ready: boolean,
  labels = { app: 'web' },
  namespace = 'default',
): PodState {
  return { namespace, name, nodeName: 'node-1', labels, ready, ip };
}

describe('deriveEndpoints', () => {
  it('lists ready pods in addresses and the others in notReadyAddresses, as ip:targetPort', () => {
    const result = deriveEndpoints(service, [pod('a', '10.244.1.5', true), pod('b', '10.244.2.7', false)]);
    expect(result).toEqual({ addresses: ['10.244.1.5:8080'], notReadyAddresses: ['10.244.2.7:8080'] });
  });

  it('sorts addresses numerically, not as strings', () => {
    const result = deriveEndpoints(service, [pod('a', '10.0.0.10', true), pod('b', '10.0.0.2', true)]);
    expect(result.addresses).toEqual(['10.0.0.2:8080', '10.0.0.10:8080']);
  });

  it('leaves out pods without an IP, of another namespace, or not matching the selector', () => {
    const result = deriveEndpoints(service, [
      pod('no-ip', null, true),
      pod('other-ns', '10.0.0.3', true, { app: 'web' }, 'shop'),
      pod('other-app', '10.0.0.4', true, { app: 'api' }),
    ]);
    expect(result).toEqual({ addresses: [], notReadyAddresses: [] });
  });
});

describe('matchesSelector', () => {
  it('requires every selector pair among the labels', () => {
    expect(matchesSelector({ app: 'web', tier: 'fe' }, { app: 'web', tier: 'fe', x: 'y' })).toBe(true);
    expect(matchesSelector({ app: 'web', tier: 'fe' }, { app: 'web' })).toBe(false);
  });

  it('selects nothing with an empty selector', () => {
    expect(matchesSelector({}, { app: 'web' })).toBe(false);
  });
});
