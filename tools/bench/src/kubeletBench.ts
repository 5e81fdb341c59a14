import { resolveSimulationConfig, run, type InputEntry, type Node, type Pod } from '@svcsim/core';

import { measureSeconds } from './measure.js';

/** What one hour of 10,000 stable pods costs once they are up. */
export interface StableHour {
  /**
   * Wall seconds the run spends on the stable part of its hour: the run to one hour minus the same run
   * stopped once every pod is up (best of `repeats` each). Probes that cannot change cost nothing, so
   * this is near zero whatever the number of periods.
   */
  readonly wallSeconds: number;
  /** Log entries committed during that stable part (0 when nothing changes). */
  readonly events: number;
  /** Wall seconds of the whole one-hour run, start-up of the 10,000 pods included. */
  readonly totalWallSeconds: number;
  readonly pods: number;
}

const NODES = 100;
const PODS_PER_NODE = 100;
const HOUR_MS = 3_600_000;
/** Every pod is applied at 1s, up 2s after its container starts, and Ready by its first probe after that. */
const SETTLED_MS = 30_000;

function node(index: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${index}` },
    spec: { podCIDR: `10.${64 + (index >> 8)}.${index & 255}.0/24` },
    status: {
      addresses: [{ type: 'InternalIP', address: `192.168.${index >> 8}.${(index & 255) + 1}` }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** A pod bound to its node, with readiness and liveness probes every 10s and an app up after 2s. */
function pod(index: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${index}`,
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { 'svcsim.dev/startup-delay': '2s' },
    },
    spec: {
      nodeName: `node-${index % NODES}`,
      containers: [
        {
          name: 'web',
          image: 'web:1',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
          livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, initialDelaySeconds: 5 },
        },
      ],
    },
  };
}

function stableInputs(): InputEntry[] {
  const inputs: InputEntry[] = [];
  for (let i = 0; i < NODES; i++) inputs.push({ at: 0, event: { type: 'api/applied', object: node(i) } });
  for (let i = 0; i < NODES * PODS_PER_NODE; i++)
    inputs.push({ at: 1_000, event: { type: 'api/applied', object: pod(i) } });
  return inputs;
}

/**
 * 10,000 pods on 100 nodes with readiness and liveness probes and applications that never change, run
 * for one virtual hour (the `kubelet.stableHourWallSeconds` figure): per-period probing would cost
 * 720,000 probe runs in that hour; the change-driven kubelet commits nothing after the pods are up.
 */
export function measureStableHour(repeats = 2): StableHour {
  const inputs = stableInputs();
  const timed = (durationMs: number) => {
    let best = Number.POSITIVE_INFINITY;
    let entries = 0;
    for (let i = 0; i < repeats; i++) {
      const seconds = measureSeconds(() => {
        entries = run(inputs, 1, resolveSimulationConfig({ durationMs, watchDelayMs: 50 })).log.entries
          .length;
      });
      best = Math.min(best, seconds);
    }
    return { seconds: best, entries };
  };
  const settled = timed(SETTLED_MS);
  const hour = timed(HOUR_MS);
  return {
    wallSeconds: Math.max(0, hour.seconds - settled.seconds),
    events: hour.entries - settled.entries,
    totalWallSeconds: hour.seconds,
    pods: NODES * PODS_PER_NODE,
  };
}
