import { describe, expect, it } from 'vitest';

import {
  buildServicePorts,
  usesClusterEndpoints,
  usesLocalEndpoints,
} from '../../src/proxy/ServicePortInfo.js';
import { onlyPort, service } from './fixtures.js';

describe('buildServicePorts', () => {
  it('names a named port ns/name:port and an unnamed one ns/name', () => {
    expect(onlyPort(service({})).servicePortName).toBe('default/web:http');
    expect(onlyPort(service({ ports: [{ port: 80 }] })).servicePortName).toBe('default/web');
  });

  it('skips headless, ExternalName and label-filtered Services', () => {
    expect(buildServicePorts(service({ clusterIP: 'None' }))).toEqual([]);
    expect(buildServicePorts(service({ clusterIP: '' }))).toEqual([]);
    expect(buildServicePorts(service({ type: 'ExternalName', externalName: 'x.example' }))).toEqual([]);
    for (const label of ['service.kubernetes.io/service-proxy-name', 'service.kubernetes.io/headless']) {
      const svc = service({}, { metadata: { namespace: 'default', name: 'web', labels: { [label]: '' } } });
      expect(buildServicePorts(svc)).toEqual([]);
    }
  });

  it('fills defaults: TCP, no NodePort, no affinity, Cluster policies', () => {
    expect(onlyPort(service({}))).toEqual({
      servicePortName: 'default/web:http',
      namespace: 'default',
      name: 'web',
      portName: 'http',
      protocol: 'TCP',
      port: 80,
      clusterIP: '10.96.45.12',
      nodePort: 0,
      externalIPs: [],
      loadBalancerVIPs: [],
      loadBalancerSourceRanges: [],
      sessionAffinity: 'None',
      stickyMaxAgeSeconds: 0,
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      healthCheckNodePort: 0,
    });
  });

  it('keeps only VIP-mode LB ingress IPs and normalises source ranges', () => {
    const svc = service(
      {
        type: 'LoadBalancer',
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
        loadBalancerSourceRanges: [' 203.0.113.7/24 ', '198.51.100.0/25'],
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
        sessionAffinity: 'ClientIP',
      },
      {
        status: {
          loadBalancer: {
            ingress: [
              { ip: '192.0.2.10', ipMode: 'VIP' },
              { ip: '192.0.2.11', ipMode: 'Proxy' },
              { ip: '192.0.2.12' },
            ],
          },
        },
      },
    );
    const port = onlyPort(svc);
    expect(port.loadBalancerVIPs).toEqual(['192.0.2.10', '192.0.2.12']);
    expect(port.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '198.51.100.0/25']);
    expect(port.healthCheckNodePort).toBe(32000);
    expect(port.externalTrafficPolicy).toBe('Local');
    expect(port.stickyMaxAgeSeconds).toBe(10800);
  });

  it('treats externalTrafficPolicy Local as Cluster on a ClusterIP Service (ExternalPolicyLocal)', () => {
    const port = onlyPort(service({ externalTrafficPolicy: 'Local', externalIPs: ['198.51.100.9'] }));
    expect(port.externalTrafficPolicy).toBe('Cluster');
    expect(port.healthCheckNodePort).toBe(0);
  });

  it('derives UsesClusterEndpoints and UsesLocalEndpoints from the policies', () => {
    const itpLocal = onlyPort(service({ internalTrafficPolicy: 'Local' }));
    expect([usesClusterEndpoints(itpLocal), usesLocalEndpoints(itpLocal)]).toEqual([false, true]);
    const itpLocalExternal = onlyPort(
      service({ internalTrafficPolicy: 'Local', externalIPs: ['198.51.100.9'] }),
    );
    expect([usesClusterEndpoints(itpLocalExternal), usesLocalEndpoints(itpLocalExternal)]).toEqual([
      true,
      true,
    ]);
    const etpLocal = onlyPort(
      service({
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
      }),
    );
    expect([usesClusterEndpoints(etpLocal), usesLocalEndpoints(etpLocal)]).toEqual([true, true]);
    const plain = onlyPort(service({}));
    expect([usesClusterEndpoints(plain), usesLocalEndpoints(plain)]).toEqual([true, false]);
  });
});
