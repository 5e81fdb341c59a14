import { describe, expect, it } from 'vitest';

import type { Pod } from '../../src/api/Pod.js';
import { listObjects } from '../../src/cluster/ClusterState.js';
import { containerEnvVars } from '../../src/discovery/containerEnvVars.js';
import { envVarsForService } from '../../src/discovery/serviceEnvVars.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import { pod, service } from './fixtures.js';

const kubernetes = service('kubernetes', {
  clusterIP: '10.96.0.1',
  ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
});
const redis = service('redis-primary', { clusterIP: '10.0.0.11', ports: [{ port: 6379 }] });

function podWith(env: { name: string; value?: string }[], spec: Partial<Pod['spec']> = {}): Pod {
  return pod('client', 'default', '10.244.0.5', { containers: [{ name: 'main', env }], ...spec });
}

function envOf(p: Pod, services = [kubernetes, redis]): Record<string, string> {
  const container = p.spec.containers[0];
  if (container === undefined) throw new Error('pod has no container');
  return Object.fromEntries(containerEnvVars(p, container, services).map((v) => [v.name, v.value]));
}

describe('containerEnvVars', () => {
  it('lets an explicit env entry win over a service variable of the same name', () => {
    const env = envOf(podWith([{ name: 'REDIS_PRIMARY_SERVICE_HOST', value: 'redis.example' }]));
    expect(env['REDIS_PRIMARY_SERVICE_HOST']).toBe('redis.example');
    expect(env['REDIS_PRIMARY_SERVICE_PORT']).toBe('6379');
  });

  it('lists explicit entries first, in declaration order, then the service variables', () => {
    const p = podWith([
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
    const container = p.spec.containers[0];
    if (container === undefined) throw new Error('pod has no container');
    const vars = containerEnvVars(p, container, [kubernetes, redis]);
    expect(vars.slice(0, 2)).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
    expect(vars.slice(2)).toEqual([...envVarsForService(kubernetes), ...envVarsForService(redis)]);
  });

  it('expands $(VAR) from earlier entries and service variables, leaving unknown references', () => {
    const env = envOf(
      podWith([
        { name: 'REDIS_URL', value: 'redis://$(REDIS_PRIMARY_SERVICE_HOST):$(REDIS_PRIMARY_SERVICE_PORT)/0' },
        { name: 'BASE', value: '/srv' },
        { name: 'DATA', value: '$(BASE)/data and $(LATER) and $(NOPE)' },
        { name: 'LATER', value: 'x' },
        { name: 'LITERAL', value: '$$(BASE) costs $5' },
      ]),
    );
    expect(env['REDIS_URL']).toBe('redis://10.0.0.11:6379/0');
    // LATER is declared after DATA, so DATA cannot see it.
    expect(env['DATA']).toBe('/srv/data and $(LATER) and $(NOPE)');
    expect(env['LITERAL']).toBe('$(BASE) costs $5');
  });

  it('sees a service variable the container overrides with its own value only after the override', () => {
    const env = envOf(
      podWith([
        { name: 'BEFORE', value: '$(KUBERNETES_SERVICE_HOST)' },
        { name: 'KUBERNETES_SERVICE_HOST', value: 'api.internal' },
        { name: 'AFTER', value: '$(KUBERNETES_SERVICE_HOST)' },
      ]),
    );
    expect(env['BEFORE']).toBe('10.96.0.1');
    expect(env['AFTER']).toBe('api.internal');
    expect(env['KUBERNETES_SERVICE_HOST']).toBe('api.internal');
  });

  it('keeps only the kubernetes variables when the pod disables service links', () => {
    const env = envOf(podWith([], { enableServiceLinks: false }));
    expect(Object.keys(env).every((name) => name.startsWith('KUBERNETES_'))).toBe(true);
    expect(env['KUBERNETES_SERVICE_HOST']).toBe('10.96.0.1');
  });

  it('does not see a Service created after the container started, until a restart', () => {
    const inputs: InputEntry[] = [
      {
        at: 0,
        event: {
          type: 'api/applied',
          object: service('early', { selector: { app: 'x' }, ports: [{ port: 80 }] }),
        },
      },
      {
        at: 1_000,
        event: {
          type: 'api/applied',
          object: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'client', namespace: 'default' },
            spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
          },
        },
      },
      {
        at: 5_000,
        event: {
          type: 'api/applied',
          object: service('late', { selector: { app: 'y' }, ports: [{ name: 'grpc', port: 9090 }] }),
        },
      },
    ];
    const { replay } = run(inputs, 7, resolveSimulationConfig({ durationMs: 10_000, watchDelayMs: 50 }));
    const envAt = (t: number): Record<string, string> => {
      const state = replay.stateAt(t);
      const client = listObjects(state, 'Pod', 'default').find((p) => p.metadata.name === 'client');
      if (client === undefined) throw new Error('client pod missing');
      return envOf(client, listObjects(state, 'Service'));
    };

    const atStart = envAt(2_000);
    const early = listObjects(replay.finalState, 'Service', 'default').find(
      (s) => s.metadata.name === 'early',
    );
    expect(early?.spec.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(atStart['EARLY_SERVICE_HOST']).toBe(early?.spec.clusterIP);
    expect(atStart['KUBERNETES_SERVICE_HOST']).toBe('10.96.0.1');
    expect(Object.keys(atStart).some((name) => name.startsWith('LATE_'))).toBe(false);

    const afterRestart = envAt(9_000);
    expect(afterRestart['LATE_SERVICE_PORT_GRPC']).toBe('9090');
  });
});
