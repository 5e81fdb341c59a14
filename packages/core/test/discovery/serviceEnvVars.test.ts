import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  envVarsForService,
  serviceEnvVarPrefix,
  serviceEnvVars,
} from '../../src/discovery/serviceEnvVars.js';
import { service } from './fixtures.js';

const kubernetes = service('kubernetes', {
  clusterIP: '10.96.0.1',
  ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
});
const redisPrimary = service('redis-primary', {
  clusterIP: '10.0.0.11',
  ports: [{ port: 6379, protocol: 'TCP', targetPort: 6379 }],
});

function asMap(vars: readonly { name: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(vars.map((v) => [v.name, v.value]));
}

describe('envVarsForService (reference 7.1 examples)', () => {
  it('gives redis-primary exactly the seven Docker-link style variables', () => {
    expect(envVarsForService(redisPrimary)).toEqual([
      { name: 'REDIS_PRIMARY_SERVICE_HOST', value: '10.0.0.11' },
      { name: 'REDIS_PRIMARY_SERVICE_PORT', value: '6379' },
      { name: 'REDIS_PRIMARY_PORT', value: 'tcp://10.0.0.11:6379' },
      { name: 'REDIS_PRIMARY_PORT_6379_TCP', value: 'tcp://10.0.0.11:6379' },
      { name: 'REDIS_PRIMARY_PORT_6379_TCP_PROTO', value: 'tcp' },
      { name: 'REDIS_PRIMARY_PORT_6379_TCP_PORT', value: '6379' },
      { name: 'REDIS_PRIMARY_PORT_6379_TCP_ADDR', value: '10.0.0.11' },
    ]);
  });

  it('gives the kubernetes Service its named https port as well', () => {
    expect(envVarsForService(kubernetes)).toEqual([
      { name: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' },
      { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
      { name: 'KUBERNETES_SERVICE_PORT_HTTPS', value: '443' },
      { name: 'KUBERNETES_PORT', value: 'tcp://10.96.0.1:443' },
      { name: 'KUBERNETES_PORT_443_TCP', value: 'tcp://10.96.0.1:443' },
      { name: 'KUBERNETES_PORT_443_TCP_PROTO', value: 'tcp' },
      { name: 'KUBERNETES_PORT_443_TCP_PORT', value: '443' },
      { name: 'KUBERNETES_PORT_443_TCP_ADDR', value: '10.96.0.1' },
    ]);
  });

  it('carries what the conformance test checks for fooservice', () => {
    const vars = asMap(
      envVarsForService(service('fooservice', { clusterIP: '10.0.0.42', ports: [{ port: 8765 }] })),
    );
    expect(vars).toMatchObject({
      FOOSERVICE_SERVICE_HOST: '10.0.0.42',
      FOOSERVICE_SERVICE_PORT: '8765',
      FOOSERVICE_PORT: 'tcp://10.0.0.42:8765',
      FOOSERVICE_PORT_8765_TCP_PORT: '8765',
      FOOSERVICE_PORT_8765_TCP_PROTO: 'tcp',
      FOOSERVICE_PORT_8765_TCP: 'tcp://10.0.0.42:8765',
      FOOSERVICE_PORT_8765_TCP_ADDR: '10.0.0.42',
    });
  });

  it('turns dashes in Service and port names into underscores and upper-cases them', () => {
    const vars = asMap(
      envVarsForService(
        service('my-web-app', {
          clusterIP: '10.0.0.5',
          ports: [{ name: 'http-alt', port: 8080 }],
        }),
      ),
    );
    expect(vars['MY_WEB_APP_SERVICE_PORT_HTTP_ALT']).toBe('8080');
    expect(vars['MY_WEB_APP_SERVICE_HOST']).toBe('10.0.0.5');
  });

  it('uses the first port for _SERVICE_PORT and _PORT, and emits a link set for every port', () => {
    const vars = envVarsForService(
      service('db', {
        clusterIP: '10.0.0.7',
        ports: [
          { name: 'sql', port: 5432 },
          { name: 'metrics', port: 9187 },
        ],
      }),
    );
    const map = asMap(vars);
    expect(map['DB_SERVICE_PORT']).toBe('5432');
    expect(map['DB_PORT']).toBe('tcp://10.0.0.7:5432');
    expect(map['DB_SERVICE_PORT_SQL']).toBe('5432');
    expect(map['DB_SERVICE_PORT_METRICS']).toBe('9187');
    expect(map['DB_PORT_9187_TCP_ADDR']).toBe('10.0.0.7');
    expect(vars.filter((v) => v.name === 'DB_PORT')).toHaveLength(1);
    // Named ports come before the Docker-link set, which follows the port order.
    expect(vars.map((v) => v.name).indexOf('DB_SERVICE_PORT_METRICS')).toBeLessThan(
      vars.map((v) => v.name).indexOf('DB_PORT'),
    );
  });

  it('writes UDP ports with a lower-case scheme and an upper-case suffix', () => {
    const map = asMap(
      envVarsForService(
        service('dns', { clusterIP: '10.0.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
      ),
    );
    expect(map).toMatchObject({
      DNS_PORT: 'udp://10.0.0.10:53',
      DNS_PORT_53_UDP: 'udp://10.0.0.10:53',
      DNS_PORT_53_UDP_PROTO: 'udp',
      DNS_PORT_53_UDP_PORT: '53',
      DNS_PORT_53_UDP_ADDR: '10.0.0.10',
    });
  });

  it('brackets an IPv6 ClusterIP in the URL values only', () => {
    const map = asMap(envVarsForService(service('v6', { clusterIP: 'fd00::b', ports: [{ port: 80 }] })));
    expect(map['V6_PORT']).toBe('tcp://[fd00::b]:80');
    expect(map['V6_PORT_80_TCP_ADDR']).toBe('fd00::b');
    expect(map['V6_SERVICE_HOST']).toBe('fd00::b');
  });

  it('gives nothing for headless and ExternalName Services', () => {
    expect(envVarsForService(service('h', { clusterIP: 'None', ports: [{ port: 80 }] }))).toEqual([]);
    expect(envVarsForService(service('x', { type: 'ExternalName', externalName: 'example.com' }))).toEqual(
      [],
    );
  });

  it('produces only valid environment variable names for any DNS-label Service and port name', () => {
    const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, fc.integer({ min: 1, max: 65535 }), (name, portName, port) => {
        const vars = envVarsForService(
          service(name, { clusterIP: '10.0.0.1', ports: [{ name: portName, port }] }),
        );
        for (const v of vars) expect(v.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(vars.every((v) => v.name.startsWith(`${serviceEnvVarPrefix(name)}_`))).toBe(true);
      }),
    );
  });
});

describe('serviceEnvVars', () => {
  const otherNamespace = service('cache', { clusterIP: '10.0.0.20', ports: [{ port: 11211 }] }, 'team-b');
  const own = service('api', { clusterIP: '10.0.0.30', ports: [{ port: 80 }] }, 'team-a');

  it('includes the kubernetes Service and the pod namespace Services, never other namespaces', () => {
    const names = serviceEnvVars([kubernetes, otherNamespace, own], 'team-a', true).map((v) => v.name);
    expect(names).toContain('KUBERNETES_SERVICE_HOST');
    expect(names).toContain('API_SERVICE_HOST');
    expect(names.some((n) => n.startsWith('CACHE_'))).toBe(false);
  });

  it('keeps only the kubernetes Service when enableServiceLinks is false', () => {
    const vars = serviceEnvVars([kubernetes, own, redisPrimary], 'team-a', false);
    expect(vars).toEqual(envVarsForService(kubernetes));
    expect(serviceEnvVars([kubernetes, redisPrimary], 'default', false)).toEqual(
      envVarsForService(kubernetes),
    );
  });

  it('lists Services by name, each in generation order, whatever order the informer returned', () => {
    const forward = serviceEnvVars([kubernetes, redisPrimary, own], 'default', true);
    const backward = serviceEnvVars([own, redisPrimary, kubernetes], 'default', true);
    expect(backward).toEqual(forward);
    expect(forward).toEqual([...envVarsForService(kubernetes), ...envVarsForService(redisPrimary)]);
  });

  it('lets a kubernetes Service of the pod namespace replace the default one when links are on', () => {
    const local = service('kubernetes', { clusterIP: '10.0.0.99', ports: [{ port: 443 }] }, 'team-a');
    for (const order of [
      [kubernetes, local],
      [local, kubernetes],
    ]) {
      expect(asMap(serviceEnvVars(order, 'team-a', true))['KUBERNETES_SERVICE_HOST']).toBe('10.0.0.99');
      expect(asMap(serviceEnvVars(order, 'team-a', false))['KUBERNETES_SERVICE_HOST']).toBe('10.96.0.1');
    }
  });

  it('skips Services without a ClusterIP', () => {
    const headless = service('headless', { clusterIP: 'None', ports: [{ port: 80 }] });
    expect(serviceEnvVars([headless], 'default', true)).toEqual([]);
  });
});
