import { createRandomStreams, type InputEntry } from '@svcsim/core';

/** Size of a synthetic cluster whose pods flap readiness, for engine benchmarks. */
export interface ChurnWorkload {
  readonly nodes: number;
  readonly services: number;
  readonly podsPerService: number;
  readonly readinessChanges: number;
  readonly durationMs: number;
}

/**
 * Builds the inputs: nodes and Services at t=0, pods spread over the first second, then readiness
 * changes at random instants (from a seeded stream, so every benchmark run does the same work).
 */
export function createChurnInputs(workload: ChurnWorkload, seed = 1): InputEntry[] {
  const random = createRandomStreams(seed).stream('bench');
  const inputs: InputEntry[] = [];
  for (let n = 0; n < workload.nodes; n++) {
    inputs.push({
      at: 0,
      event: {
        type: 'node/added',
        name: `node-${n}`,
        internalIP: `192.168.${n >> 8}.${(n & 255) + 1}`,
        podCIDR: `10.${64 + (n >> 8)}.${n & 255}.0/24`,
      },
    });
  }
  const pods: { namespace: string; name: string }[] = [];
  for (let s = 0; s < workload.services; s++) {
    const namespace = `ns-${s % 20}`;
    const app = `app-${s}`;
    inputs.push({
      at: 0,
      event: { type: 'service/added', namespace, name: app, selector: { app }, port: 80, targetPort: 8080 },
    });
    for (let p = 0; p < workload.podsPerService; p++) {
      const pod = { namespace, name: `${app}-${p}` };
      pods.push(pod);
      inputs.push({
        at: 1 + random.nextInt(1000),
        event: {
          type: 'pod/added',
          ...pod,
          nodeName: `node-${(s * workload.podsPerService + p) % workload.nodes}`,
          labels: { app },
          ready: true,
        },
      });
    }
  }
  for (let i = 0; i < workload.readinessChanges; i++) {
    const pod = random.pick(pods);
    inputs.push({
      at: 2_000 + random.nextInt(workload.durationMs - 2_000),
      event: { type: 'pod/readinessSet', ...pod, ready: random.nextBoolean(0.5) },
    });
  }
  return inputs;
}
