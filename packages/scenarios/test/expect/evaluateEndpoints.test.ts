import { describe, expect, it } from 'vitest';

import {
  SERVICE_NAME_LABEL,
  createEmptyClusterState,
  type ClusterState,
  type Endpoint,
  type EndpointSlice,
  type Service,
} from '@svcsim/core';

import { evaluateExpectation, serviceEndpointCounts, type ExpectSpec } from '../../src/index.js';
import { fakeContext } from './fakeContext.js';

function slice(name: string, service: string, endpoints: Endpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { [SERVICE_NAME_LABEL]: service } },
    addressType: 'IPv4',
    endpoints,
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

const service: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { ports: [{ port: 80 }] },
};

function stateWith(slices: EndpointSlice[], withService = true): ClusterState {
  const empty = createEmptyClusterState();
  return {
    ...empty,
    Service: withService ? { default: { web: service } } : {},
    EndpointSlice: { default: Object.fromEntries(slices.map((s) => [s.metadata.name ?? '', s])) },
  };
}

const spec = (count: number): ExpectSpec => ({
  name: 'endpoints',
  kind: 'endpoints',
  service: { namespace: 'default', name: 'web' },
  at: 30_000,
  count: { operator: '==', value: count },
});

describe('endpoints expectations', () => {
  const state = stateWith([
    slice('web-a', 'web', [
      { addresses: ['10.244.0.2'] }, // ready unset: ready, as consumers read it
      { addresses: ['10.244.0.3'], conditions: { ready: true } },
      { addresses: ['10.244.0.4'], conditions: { ready: false, serving: true, terminating: true } },
    ]),
    // The same address in a second slice (as during a move between slices) counts once.
    slice('web-b', 'web', [{ addresses: ['10.244.0.3'], conditions: { ready: true } }]),
    slice('api-a', 'api', [{ addresses: ['10.244.0.9'] }]),
  ]);

  it("count the Service's ready endpoint addresses across its EndpointSlices, once each", () => {
    expect(serviceEndpointCounts(state, { namespace: 'default', name: 'web' })).toEqual({
      ready: 2,
      notReady: 1,
    });
    const result = evaluateExpectation(spec(2), fakeContext([], { state }));
    expect(result).toEqual({
      name: 'endpoints',
      kind: 'endpoints',
      verdict: 'passed',
      measured: '2 ready endpoints (and 1 not ready) of Service default/web at 30.000s',
      expected: 'ready endpoints == 2',
    });
    expect(evaluateExpectation(spec(3), fakeContext([], { state })).verdict).toBe('failed');
  });

  it('say when the Service does not exist at that instant', () => {
    const result = evaluateExpectation(spec(0), fakeContext([], { state: stateWith([], false) }));
    expect(result.verdict).toBe('passed');
    expect(result.measured).toBe(
      '0 ready endpoints of Service default/web at 30.000s (the Service does not exist then)',
    );
  });

  it('are skipped when the run stopped before the instant', () => {
    expect(evaluateExpectation(spec(2), fakeContext([], { state, endMs: 29_999 })).verdict).toBe('skipped');
  });
});
