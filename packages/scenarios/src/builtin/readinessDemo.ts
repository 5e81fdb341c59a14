import type { InputEntry, SimulationConfig } from '@svcsim/core';

/**
 * The demo run until scenario files land: three nodes, a `web` Service selecting three pods, a readiness
 * flap on one pod and the deletion of another. It shows the endpoints controller following pod
 * readiness one watch delay late, pod IPs drawn from each node's pod CIDR, and a log that replays.
 */
export const READINESS_DEMO_CONFIG: SimulationConfig = { durationMs: 20_000, watchDelayMs: 50 };

/** The demo's inputs, in time order. */
export function createReadinessDemoInputs(): InputEntry[] {
  const labels = { app: 'web' };
  return [
    {
      at: 0,
      event: { type: 'node/added', name: 'node-1', internalIP: '192.168.0.11', podCIDR: '10.244.1.0/24' },
    },
    {
      at: 0,
      event: { type: 'node/added', name: 'node-2', internalIP: '192.168.0.12', podCIDR: '10.244.2.0/24' },
    },
    {
      at: 0,
      event: { type: 'node/added', name: 'node-3', internalIP: '192.168.0.13', podCIDR: '10.244.3.0/24' },
    },
    {
      at: 1_000,
      event: {
        type: 'service/added',
        namespace: 'default',
        name: 'web',
        selector: labels,
        port: 80,
        targetPort: 8080,
      },
    },
    ...(['node-1', 'node-2', 'node-3'] as const).map((nodeName, i): InputEntry => ({
      at: 2_000 + i * 500,
      event: { type: 'pod/added', namespace: 'default', name: `web-${i}`, nodeName, labels, ready: false },
    })),
    ...[0, 1, 2].map((i): InputEntry => ({
      at: 5_000 + i * 500,
      event: { type: 'pod/readinessSet', namespace: 'default', name: `web-${i}`, ready: true },
    })),
    { at: 10_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-1', ready: false } },
    { at: 10_030, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-1', ready: true } },
    { at: 12_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-1', ready: false } },
    { at: 15_000, event: { type: 'pod/removed', namespace: 'default', name: 'web-2' } },
    { at: 18_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-1', ready: true } },
  ];
}
