import { describe, expect, it } from 'vitest';

import type { EndpointSlice } from '../../src/api/EndpointSlice.js';
import { buildEndpointsMap } from '../../src/proxy/EndpointInfo.js';
import { slice } from './fixtures.js';

const KEY = 'default/web:http TCP';

function endpointsOf(slices: readonly EndpointSlice[]) {
  return buildEndpointsMap(slices, 'node-a')[KEY] ?? [];
}

describe('buildEndpointsMap', () => {
  it('treats nil ready and serving as true and nil terminating as false', () => {
    const [info] = endpointsOf([slice('web-1', [{ addresses: ['10.244.1.5'], nodeName: 'node-a' }])]);
    expect(info).toEqual({
      ip: '10.244.1.5',
      port: 8080,
      endpoint: '10.244.1.5:8080',
      ready: true,
      serving: true,
      terminating: false,
      isLocal: true,
      nodeName: 'node-a',
    });
  });

  it('reads explicit conditions and marks endpoints on other nodes non-local', () => {
    const [info] = endpointsOf([
      slice('web-1', [
        {
          addresses: ['10.244.1.5'],
          nodeName: 'node-b',
          zone: 'z1',
          hints: { forZones: [{ name: 'z1' }] },
          conditions: { ready: false, serving: true, terminating: true },
        },
      ]),
    ]);
    expect(info).toMatchObject({
      ready: false,
      serving: true,
      terminating: true,
      isLocal: false,
      zoneHints: ['z1'],
    });
  });

  it('sorts endpoints by endpoint string, so 10.0.0.10 precedes 10.0.0.2', () => {
    const endpoints = endpointsOf([
      slice('web-1', [
        { addresses: ['10.0.0.2'] },
        { addresses: ['10.0.0.10'] },
        { addresses: ['10.0.0.1'] },
      ]),
    ]);
    expect(endpoints.map((e) => e.endpoint)).toEqual(['10.0.0.10:8080', '10.0.0.1:8080', '10.0.0.2:8080']);
  });

  it('merges slices of one Service and uses only the first address', () => {
    const endpoints = endpointsOf([
      slice('web-1', [{ addresses: ['10.0.0.1', '10.0.0.99'] }]),
      slice('web-2', [{ addresses: ['10.0.0.2'] }, { addresses: [] }]),
    ]);
    expect(endpoints.map((e) => e.endpoint)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
  });

  it('lets a later non-terminating duplicate replace an earlier one', () => {
    const endpoints = endpointsOf([
      slice('web-1', [{ addresses: ['10.0.0.1'], conditions: { ready: false, terminating: true } }]),
      slice('web-2', [{ addresses: ['10.0.0.1'], conditions: { ready: true } }]),
    ]);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ ready: true, terminating: false });
  });

  it('never lets a terminating duplicate replace an existing endpoint', () => {
    const endpoints = endpointsOf([
      slice('web-1', [{ addresses: ['10.0.0.1'], conditions: { ready: true } }]),
      slice('web-2', [{ addresses: ['10.0.0.1'], conditions: { ready: false, terminating: true } }]),
    ]);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ ready: true, terminating: false });
  });

  it('ignores slices without the service-name label and ports without a name or port', () => {
    const unlabelled: EndpointSlice = {
      ...slice('x', [{ addresses: ['10.0.0.1'] }]),
      metadata: { namespace: 'default', name: 'x' },
    };
    const noName: EndpointSlice = { ...slice('y', [{ addresses: ['10.0.0.2'] }]), ports: [{ port: 8080 }] };
    const zeroPort: EndpointSlice = {
      ...slice('z', [{ addresses: ['10.0.0.3'] }]),
      ports: [{ name: 'http', port: 0 }],
    };
    expect(buildEndpointsMap([unlabelled, noName, zeroPort], 'node-a')).toEqual({});
  });

  it('keys unnamed ports by ns/name and brackets IPv6 endpoints', () => {
    const v6: EndpointSlice = { ...slice('v6', [{ addresses: ['fd00::5'] }], 8080, ''), addressType: 'IPv6' };
    expect(buildEndpointsMap([v6], 'node-a')['default/web TCP']?.[0]?.endpoint).toBe('[fd00::5]:8080');
  });
});
