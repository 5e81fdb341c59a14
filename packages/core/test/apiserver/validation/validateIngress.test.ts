import { describe, expect, it } from 'vitest';

import type { HTTPIngressPath, Ingress } from '../../../src/api/Ingress.js';
import { validateIngress } from '../../../src/apiserver/validation/validateIngress.js';
import { formatted, meta, MSG } from './fixtures.js';

const web = { service: { name: 'web', port: { number: 80 } } };
function ingress(spec: Ingress['spec'], annotations?: Record<string, string>): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('shop', annotations ? { annotations } : {}),
    spec,
  };
}
const withPath = (path: HTTPIngressPath): string[] =>
  formatted(validateIngress(ingress({ rules: [{ host: 'shop.example.com', http: { paths: [path] } }] })));

describe('validateIngress', () => {
  it('accepts rules with Prefix and Exact paths, or only a default backend', () => {
    expect(
      validateIngress(
        ingress({
          ingressClassName: 'nginx',
          rules: [
            {
              host: '*.example.com',
              http: {
                paths: [
                  { path: '/', pathType: 'Prefix', backend: web },
                  {
                    path: '/login',
                    pathType: 'Exact',
                    backend: { service: { name: 'auth', port: { name: 'http' } } },
                  },
                ],
              },
            },
          ],
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        }),
      ),
    ).toEqual([]);
    expect(validateIngress(ingress({ defaultBackend: web }))).toEqual([]);
  });

  it('requires rules or a default backend', () => {
    expect(formatted(validateIngress(ingress({})))).toEqual([
      'spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
    ]);
  });

  it('requires pathType', () => {
    expect(withPath({ path: '/', backend: web } as unknown as HTTPIngressPath)).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
  });

  it('rejects unsupported path types', () => {
    expect(withPath({ path: '/', pathType: 'Regex' as never, backend: web })).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  it('requires Exact and Prefix paths to be absolute and normalized', () => {
    expect(withPath({ pathType: 'Prefix', backend: web })).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "": must be an absolute path',
    ]);
    expect(withPath({ path: 'api', pathType: 'Exact', backend: web })).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    ]);
    expect(withPath({ path: '/a//b/..', pathType: 'Prefix', backend: web })).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": must not contain \'//\'',
      'spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": cannot end with \'/..\'',
    ]);
  });

  it('lets ImplementationSpecific paths be empty but not relative', () => {
    expect(withPath({ pathType: 'ImplementationSpecific', backend: web })).toEqual([]);
    expect(withPath({ path: 'x', pathType: 'ImplementationSpecific', backend: web })).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path',
    ]);
  });

  it('requires a backend Service name that is a DNS-1035 label', () => {
    expect(
      withPath({ path: '/', pathType: 'Prefix', backend: { service: { name: '', port: { number: 80 } } } }),
    ).toEqual(['spec.rules[0].http.paths[0].backend.service.name: Required value']);
    expect(
      withPath({
        path: '/',
        pathType: 'Prefix',
        backend: { service: { name: '1web', port: { number: 80 } } },
      }),
    ).toEqual([`spec.rules[0].http.paths[0].backend.service.name: Invalid value: "1web": ${MSG.dns1035}`]);
  });

  it('requires exactly one valid backend port form', () => {
    const port = (p: { number?: number; name?: string }): string[] =>
      withPath({ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: p } } });
    expect(port({})).toEqual([
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
    expect(port({ name: 'http', number: 80 })).toEqual([
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    ]);
    expect(port({ number: 70000 })).toEqual([
      `spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: ${MSG.portRange}`,
    ]);
    expect(port({ name: 'HTTP' })).toEqual([
      'spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
  });

  it('requires a service or resource backend, not both', () => {
    expect(withPath({ path: '/', pathType: 'Prefix', backend: {} })).toEqual([
      'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ]);
    expect(
      withPath({
        path: '/',
        pathType: 'Prefix',
        backend: { ...web, resource: { kind: 'Bucket', name: 'b' } },
      }),
    ).toEqual([
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends',
    ]);
  });

  it('checks hosts as DNS names, wildcards allowed, IPs refused', () => {
    expect(formatted(validateIngress(ingress({ rules: [{ host: '10.0.0.1' }] })))).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    ]);
    expect(formatted(validateIngress(ingress({ rules: [{ host: 'Shop.example.com' }] })))).toEqual([
      `spec.rules[0].host: Invalid value: "Shop.example.com": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('requires paths in an http rule', () => {
    expect(formatted(validateIngress(ingress({ rules: [{ http: { paths: [] } }] })))).toEqual([
      'spec.rules[0].http.paths: Required value',
    ]);
  });

  it('checks TLS secret names and the class annotation', () => {
    expect(
      formatted(validateIngress(ingress({ defaultBackend: web, tls: [{ secretName: 'Shop_TLS' }] }))),
    ).toEqual([`spec.tls[0].secretName: Invalid value: "Shop_TLS": ${MSG.dns1123Subdomain}`]);
    expect(
      formatted(
        validateIngress(
          ingress(
            { defaultBackend: web, ingressClassName: 'nginx' },
            { 'kubernetes.io/ingress.class': 'traefik' },
          ),
        ),
      ),
    ).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });
});
