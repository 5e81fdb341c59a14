import { describe, expect, it } from 'vitest';

import { SERVICE_NAME_LABEL, type EndpointSlice } from '../../../src/api/EndpointSlice.js';
import { endpointSetOf } from '../../../src/apiserver/endpoints/endpointSetOf.js';

function slice(partial: Partial<EndpointSlice>): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 's', labels: { [SERVICE_NAME_LABEL]: 'web' } },
    addressType: 'IPv4',
    endpoints: [],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    ...partial,
  };
}

describe('endpointSetOf (§0.3)', () => {
  it('reads unset ready and serving as true and unset terminating as false', () => {
    expect(endpointSetOf([slice({ endpoints: [{ addresses: ['10.0.0.1'] }] })])).toEqual([
      {
        ip: '10.0.0.1',
        portName: 'http',
        port: 8080,
        protocol: 'TCP',
        ready: true,
        serving: true,
        terminating: false,
      },
    ]);
  });

  it('ignores slices without the service-name label, unnamed ports and endpoints without addresses', () => {
    const endpoints = [{ addresses: ['10.0.0.1'] }, { addresses: [] }];
    expect(endpointSetOf([slice({ metadata: { name: 'x' }, endpoints })])).toEqual([]);
    expect(endpointSetOf([slice({ ports: [{ port: 8080 }, { name: 'x', port: 0 }], endpoints })])).toEqual(
      [],
    );
    expect(endpointSetOf([slice({ endpoints })])).toHaveLength(1);
  });

  it('uses only the first address, lists every port, and does not depend on how endpoints are spread over slices', () => {
    const a = { addresses: ['10.0.0.2', '10.0.0.99'], nodeName: 'n', zone: 'z' };
    const b = { addresses: ['10.0.0.1'] };
    const ports = [
      { name: 'http', port: 8080, protocol: 'TCP' as const },
      { name: 'dns', port: 53, protocol: 'UDP' as const },
    ];
    const together = endpointSetOf([slice({ ports, endpoints: [a, b] })]);
    const apart = endpointSetOf([slice({ ports, endpoints: [b] }), slice({ ports, endpoints: [a] })]);
    expect(together).toEqual(apart);
    expect(together.map((e) => `${e.ip}:${e.port}`)).toEqual([
      '10.0.0.1:53',
      '10.0.0.1:8080',
      '10.0.0.2:53',
      '10.0.0.2:8080',
    ]);
    expect(together[2]).toMatchObject({ nodeName: 'n', zone: 'z' });
  });
});
