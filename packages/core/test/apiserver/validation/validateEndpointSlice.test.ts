import { describe, expect, it } from 'vitest';

import type { Endpoint, EndpointPort, EndpointSlice } from '../../../src/api/EndpointSlice.js';
import { validateEndpointSlice } from '../../../src/apiserver/validation/validateEndpointSlice.js';
import { formatted, meta, MSG } from './fixtures.js';

function slice(
  endpoints: Endpoint[],
  ports: EndpointPort[] = [],
  addressType: EndpointSlice['addressType'] = 'IPv4',
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('web-abc12'),
    addressType,
    endpoints,
    ports,
  };
}
const errorsOf = (...args: Parameters<typeof slice>): string[] =>
  formatted(validateEndpointSlice(slice(...args)));

describe('validateEndpointSlice', () => {
  it('accepts a controller-shaped slice', () => {
    expect(
      errorsOf(
        [
          {
            addresses: ['10.244.1.5'],
            conditions: { ready: true },
            nodeName: 'node-1',
            zone: 'a',
            hints: { forZones: [{ name: 'a' }] },
          },
        ],
        [{ name: 'http', port: 8080, protocol: 'TCP' }],
      ),
    ).toEqual([]);
  });

  it('requires a supported addressType', () => {
    expect(errorsOf([], [], 'IPv5' as never)).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
  });

  it('requires at least one address per endpoint and at most 100', () => {
    expect(errorsOf([{ addresses: [] }])).toEqual([
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`);
    expect(errorsOf([{ addresses: many }])).toEqual([
      'endpoints[0].addresses: Too many: 101: must have at most 100 items',
    ]);
  });

  it('limits a slice to 1000 endpoints', () => {
    const endpoints = Array.from({ length: 1001 }, () => ({ addresses: ['10.0.0.1'] }));
    expect(errorsOf(endpoints)).toEqual(['endpoints: Too many: 1001: must have at most 1000 items']);
  });

  it('checks addresses against the address type', () => {
    expect(errorsOf([{ addresses: ['fd00::1'] }])).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    ]);
    expect(errorsOf([{ addresses: ['10.0.0.1'] }], [], 'IPv6')).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address',
    ]);
    expect(errorsOf([{ addresses: ['127.0.0.1'] }])).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });

  it('requires FQDN addresses to be domains of two or more labels', () => {
    expect(errorsOf([{ addresses: ['db.example.com.'] }], [], 'FQDN')).toEqual([]);
    expect(errorsOf([{ addresses: ['db'] }], [], 'FQDN')).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots',
    ]);
    expect(errorsOf([{ addresses: ['DB.example.com'] }], [], 'FQDN')).toEqual([
      `endpoints[0].addresses[0]: Invalid value: "DB.example.com": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('checks nodeName, hostname and zone hints', () => {
    expect(
      errorsOf([
        {
          addresses: ['10.0.0.1'],
          nodeName: 'Node_1',
          hostname: 'a.b',
          hints: { forZones: [{ name: 'a' }, { name: 'a' }] },
        },
      ]),
    ).toEqual([
      `endpoints[0].nodeName: Invalid value: "Node_1": ${MSG.dns1123Subdomain}`,
      'endpoints[0].hostname: Invalid value: "a.b": must not contain dots',
      'endpoints[0].hints.forZones[1].name: Duplicate value: "a"',
    ]);
  });

  it('requires unique port names, so two unnamed ports collide', () => {
    expect(errorsOf([], [{ port: 80 }, { port: 81 }])).toEqual(['ports[1].name: Duplicate value: ""']);
    expect(errorsOf([], [{ name: 'Http', port: 80 }])).toEqual([
      `ports[0].name: Invalid value: "Http": ${MSG.dns1123Label}`,
    ]);
  });

  it('checks port protocol and appProtocol', () => {
    expect(errorsOf([], [{ name: 'a', protocol: 'ICMP' as never, appProtocol: 'a/b/c' }])).toEqual([
      'ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      "ports[0].appProtocol: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  describe('an update, against the stored version it replaces', () => {
    const good: Endpoint = { addresses: ['10.244.1.5'], conditions: { ready: true } };
    const bad: Endpoint = { addresses: ['10.244.1'] };

    it('does not walk endpoints carried over from the stored version, and still checks new ones where they sit', () => {
      const stored = slice([good]);
      // `bad` is new in this version, so it is reported at its own index, exactly as without `stored`.
      const errors = formatted(validateEndpointSlice(slice([bad, good]), stored));
      expect(errors).toEqual(formatted(validateEndpointSlice(slice([bad, good]))));
      expect(errors.length).toBeGreaterThan(0);
      expect(
        errors.every((error) => error.startsWith('endpoints[0].addresses[0]: Invalid value: "10.244.1"')),
      ).toBe(true);
      // Carried over, an endpoint is trusted as stored (only a validated version can be stored, so a bad one
      // here shows it was not walked again)...
      expect(validateEndpointSlice(slice([bad]), slice([bad]))).toEqual([]);
      // ...and carried over means the very same object: an equal copy is validated like any new endpoint.
      expect(formatted(validateEndpointSlice(slice([{ ...good }]), stored))).toEqual([]);
      expect(formatted(validateEndpointSlice(slice([{ ...bad }]), slice([bad])))).toEqual(
        formatted(validateEndpointSlice(slice([bad]))),
      );
    });

    it('checks carried-over endpoints again when the address type changes', () => {
      expect(formatted(validateEndpointSlice(slice([good], [], 'IPv6'), slice([good])))).not.toEqual([]);
    });

    it('does not check labels carried over, and does check changed ones', () => {
      const labels = { app: 'web' };
      const stored = { ...slice([]), metadata: { ...meta('web-abc12'), labels } };
      expect(validateEndpointSlice({ ...stored }, stored)).toEqual([]);
      const invalid = { ...stored, metadata: { ...stored.metadata, labels: { 'a b': 'x' } } };
      expect(formatted(validateEndpointSlice(invalid, stored))).toEqual(
        formatted(validateEndpointSlice(invalid)),
      );
      expect(formatted(validateEndpointSlice(invalid))).not.toEqual([]);
    });
  });
});
