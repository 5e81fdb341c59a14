import { describe, expect, it } from 'vitest';

import type { Endpoints, EndpointSubset } from '../../../src/api/Endpoints.js';
import { validateEndpoints } from '../../../src/apiserver/validation/validateEndpoints.js';
import { formatted, meta, MSG } from './fixtures.js';

const endpoints = (subsets: EndpointSubset[]): Endpoints => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: meta('web'),
  subsets,
});
const errorsOf = (subsets: EndpointSubset[]): string[] => formatted(validateEndpoints(endpoints(subsets)));

describe('validateEndpoints', () => {
  it('accepts ready and not-ready addresses with named ports', () => {
    expect(
      errorsOf([
        {
          addresses: [{ ip: '10.244.1.5', nodeName: 'node-1', hostname: 'web-0' }],
          notReadyAddresses: [{ ip: '10.244.2.7' }],
          ports: [
            { name: 'http', port: 8080, protocol: 'TCP' },
            { name: 'dns', port: 53, protocol: 'UDP' },
          ],
        },
      ]),
    ).toEqual([]);
  });

  it('requires an address in each subset', () => {
    expect(errorsOf([{ ports: [{ port: 80 }] }])).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    ]);
  });

  it('reports an unparseable IP twice, as upstream does', () => {
    expect(errorsOf([{ addresses: [{ ip: '10.0.0' }] }])).toEqual([
      `subsets[0].addresses[0].ip: Invalid value: "10.0.0": ${MSG.ip}`,
      'subsets[0].addresses[0].ip: Invalid value: "10.0.0": must be a valid IP address',
    ]);
  });

  it('rejects special addresses', () => {
    expect(errorsOf([{ notReadyAddresses: [{ ip: '169.254.1.1' }] }])).toEqual([
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
  });

  it('checks hostname and nodeName formats', () => {
    expect(errorsOf([{ addresses: [{ ip: '10.244.1.5', hostname: 'web.0', nodeName: 'Node_1' }] }])).toEqual([
      'subsets[0].addresses[0].hostname: Invalid value: "web.0": must not contain dots',
      `subsets[0].addresses[0].nodeName: Invalid value: "Node_1": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('requires port names only when there are several ports', () => {
    expect(errorsOf([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }])).toEqual([]);
    expect(
      errorsOf([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }, { name: 'b', port: 81 }] }]),
    ).toEqual(['subsets[0].ports[0].name: Required value']);
  });

  it('checks port numbers and protocols', () => {
    expect(
      errorsOf([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 0, protocol: 'ICMP' as never }] }]),
    ).toEqual([
      `subsets[0].ports[0].port: Invalid value: 0: ${MSG.portRange}`,
      'subsets[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('does not walk addresses carried over from the stored version, and checks new ones where they sit', () => {
    const kept = { ip: '10.244.1.5' };
    const stored = endpoints([{ addresses: [kept], ports: [{ port: 80 }] }]);
    expect(
      validateEndpoints(endpoints([{ notReadyAddresses: [kept], ports: [{ port: 80 }] }]), stored),
    ).toEqual([]);
    expect(
      formatted(
        validateEndpoints(
          endpoints([{ addresses: [kept, { ip: '10.0.0' }], ports: [{ port: 80 }] }]),
          stored,
        ),
      ),
    ).toEqual([
      `subsets[0].addresses[1].ip: Invalid value: "10.0.0": ${MSG.ip}`,
      'subsets[0].addresses[1].ip: Invalid value: "10.0.0": must be a valid IP address',
    ]);
  });
});
