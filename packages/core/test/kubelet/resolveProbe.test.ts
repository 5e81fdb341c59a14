import { describe, expect, it } from 'vitest';

import type { Container } from '../../src/api/Pod.js';
import { resolveProbe } from '../../src/kubelet/resolveProbe.js';

const container: Container = {
  name: 'web',
  image: 'web:1',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'grpc', containerPort: 9090 },
  ],
};
const pod = { podIP: '10.244.0.5' };

describe('resolveProbe', () => {
  it('applies SetDefaults_Probe, treating 0 as unset, and converts to milliseconds', () => {
    expect(
      resolveProbe('readiness', { tcpSocket: { port: 8080 }, periodSeconds: 0 }, container, pod),
    ).toEqual({
      kind: 'readiness',
      handler: { type: 'tcpSocket', port: 8080, address: 'podIP' },
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1_000,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(
      resolveProbe(
        'readiness',
        {
          exec: { command: ['true'] },
          initialDelaySeconds: 5,
          periodSeconds: 2,
          timeoutSeconds: 4,
          successThreshold: 2,
          failureThreshold: 6,
        },
        container,
        pod,
      ),
    ).toMatchObject({
      initialDelayMs: 5_000,
      periodMs: 2_000,
      timeoutMs: 4_000,
      successThreshold: 2,
      failureThreshold: 6,
    });
  });

  it('kills after a liveness or startup failure with the probe grace period, else the pod one, else 30s', () => {
    const probe = { httpGet: { port: 'http' } };
    expect(
      resolveProbe('liveness', { ...probe, terminationGracePeriodSeconds: 5 }, container, pod)
        .killGracePeriodMs,
    ).toBe(5_000);
    expect(
      resolveProbe('startup', probe, container, { ...pod, terminationGracePeriodSeconds: 60 })
        .killGracePeriodMs,
    ).toBe(60_000);
    expect(resolveProbe('liveness', probe, container, pod).killGracePeriodMs).toBe(30_000);
    expect(resolveProbe('readiness', probe, container, pod).killGracePeriodMs).toBeUndefined();
  });

  it('resolves named ports, numeric strings, and reports what it cannot resolve', () => {
    expect(resolveProbe('readiness', { httpGet: { port: 'grpc' } }, container, pod).handler).toEqual({
      type: 'httpGet',
      port: 9090,
      address: 'podIP',
    });
    expect(resolveProbe('readiness', { tcpSocket: { port: '7070' } }, container, pod).handler).toMatchObject({
      port: 7070,
    });
    expect(resolveProbe('readiness', { httpGet: { port: 'metrics' } }, container, pod).handler).toEqual({
      type: 'error',
      reason: 'port metrics not found',
    });
    expect(resolveProbe('readiness', { grpc: { port: 70000 } }, container, pod).handler).toEqual({
      type: 'error',
      reason: 'invalid port number: 70000',
    });
    expect(resolveProbe('readiness', {}, container, pod).handler.type).toBe('error');
  });

  it('sends probes to the pod IP unless a host says otherwise', () => {
    const at = (host: string, hostNetwork = false) =>
      resolveProbe('readiness', { httpGet: { port: 8080, host } }, container, { ...pod, hostNetwork })
        .handler;
    expect(at('10.244.0.5')).toMatchObject({ address: 'podIP' });
    expect(at('localhost')).toMatchObject({ address: 'elsewhere' });
    expect(at('localhost', true)).toMatchObject({ address: 'loopback' });
    expect(at('10.0.0.1')).toMatchObject({ address: 'elsewhere' });
  });
});
