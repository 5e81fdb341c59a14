import { describe, expect, it } from 'vitest';

import type { Endpoint, EndpointSlice } from '../../src/api/EndpointSlice.js';
import type { EndpointAddress, Endpoints } from '../../src/api/Endpoints.js';
import type { KubeObject } from '../../src/api/KubeObject.js';
import type { ApiServer } from '../../src/apiserver/createApiServer.js';
import { bootstrappedApiServer } from '../helpers/bootstrappedApiServer.js';

/**
 * An update is validated against the stored version it replaces: what it carries over unchanged (the same
 * endpoint, address or labels objects) passed validation when that version was stored, so only the parts
 * that changed are walked. Through the apiserver, that must still refuse every invalid change, with the
 * field path of where the bad part now sits, and accept every valid one.
 */
/** The message of the write's refusal, or undefined when it was stored. */
function write(api: ApiServer, object: KubeObject): string | undefined {
  const result = api.client.apply(object);
  return result.ok ? undefined : result.status.message;
}

const labels = { 'kubernetes.io/service-name': 'web' };

function slice(endpoints: Endpoint[], addressType: 'IPv4' | 'IPv6' = 'IPv4'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default', labels },
    addressType,
    endpoints,
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

function endpoints(addresses: EndpointAddress[]): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', labels },
    subsets: [{ addresses, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
}

describe('an update through the apiserver', () => {
  it('refuses an invalid endpoint added next to the stored ones, at its own index, and accepts a valid one', () => {
    const { apiserver: api } = bootstrappedApiServer();
    const kept: Endpoint = { addresses: ['10.244.0.5'], conditions: { ready: true } };
    const stored = api.client.apply(slice([kept]));
    if (!stored.ok || stored.object.kind !== 'EndpointSlice') throw new Error('the slice was not stored');
    const carried = stored.object.endpoints[0] as Endpoint;

    const refused = write(api, { ...stored.object, endpoints: [carried, { addresses: ['10.244.0'] }] });
    expect(refused).toBe(
      'EndpointSlice "web-abcde" is invalid: [endpoints[1].addresses[0]: Invalid value: "10.244.0": must be a valid IPv4 address, endpoints[1].addresses[0]: Invalid value: "10.244.0": must be a valid IP address]',
    );
    expect(
      write(api, { ...stored.object, endpoints: [carried, { addresses: ['10.244.0.6'] }] }),
    ).toBeUndefined();
  });

  it('checks the carried-over endpoints again when the address type changes', () => {
    const { apiserver: api } = bootstrappedApiServer();
    const kept: Endpoint = { addresses: ['10.244.0.5'] };
    expect(write(api, slice([kept]))).toBeUndefined();
    expect(write(api, slice([kept], 'IPv6'))).toMatch(
      /endpoints\[0\]\.addresses\[0\]: Invalid value: "10\.244\.0\.5"/,
    );
  });

  it('refuses an invalid address added to stored Endpoints and an invalid label change, with their paths', () => {
    const { apiserver: api } = bootstrappedApiServer();
    const kept: EndpointAddress = { ip: '10.244.0.5' };
    expect(write(api, endpoints([kept]))).toBeUndefined();
    expect(write(api, endpoints([kept, { ip: '10.244.0' }]))).toMatch(
      /^Endpoints "web" is invalid: .*subsets\[0\]\.addresses\[1\]\.ip: Invalid value: "10\.244\.0"/,
    );
    const relabelled = {
      ...endpoints([kept]),
      metadata: { name: 'web', namespace: 'default', labels: { 'bad key': 'x' } },
    };
    expect(write(api, relabelled)).toMatch(/metadata\.labels: Invalid value: "bad key"/);
  });
});
