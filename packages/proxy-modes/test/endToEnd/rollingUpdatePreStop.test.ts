import { describe, expect, it } from 'vitest';

import {
  resolveSimulationConfig,
  run,
  type Deployment,
  type InputEntry,
  type Pod,
  type Service,
} from '@svcsim/core';

import { createIptablesMode } from '../../src/index.js';
import { nodeObject } from './clusterFixture.js';

const WEB_IP = '10.96.30.30';
/** kube-proxy's watch delay plus its minSyncPeriod: how long the slowest node may keep an old endpoint. */
const PROXY_WATCH_DELAY_MS = 500;
const MIN_SYNC_PERIOD_MS = 1_000;

function deployment(image: string, preStopSleepSeconds: number | undefined): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ name: 'http', containerPort: 8080 }],
              ...(preStopSleepSeconds !== undefined && {
                lifecycle: { preStop: { sleep: { seconds: preStopSleepSeconds } } },
              }),
            },
          ],
        },
      },
    },
  };
}

const service: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    clusterIP: WEB_IP,
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  },
};

function client(node: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `client-${String(node)}`, namespace: 'default' },
    spec: { nodeName: `node-${String(node)}`, containers: [{ name: 'client', image: 'example/curl:1' }] },
  };
}

/**
 * A rolling update of three pods while a client on every node opens a new connection every 100 ms
 * (each sent one request and closed). Returns how the new connections and their requests fared.
 */
function rollingUpdate(preStopSleepSeconds: number | undefined) {
  const inputs: InputEntry[] = [];
  for (const n of [1, 2, 3]) {
    inputs.push({ at: 0, event: { type: 'api/applied', object: nodeObject(n) } });
    inputs.push({ at: 0, event: { type: 'api/applied', object: client(n) } });
  }
  inputs.push({ at: 500, event: { type: 'api/applied', object: service } });
  inputs.push({
    at: 1_000,
    event: { type: 'api/applied', object: deployment('web:1', preStopSleepSeconds) },
  });
  inputs.push({
    at: 10_000,
    event: { type: 'api/applied', object: deployment('web:2', preStopSleepSeconds) },
  });
  let id = 0;
  for (let at = 5_000; at < 40_000; at += 100) {
    for (const n of [1, 2, 3]) {
      const name = `c${String(id++)}`;
      inputs.push({
        at,
        event: {
          type: 'connection/opened',
          id: name,
          from: { kind: 'pod', namespace: 'default', name: `client-${String(n)}` },
          dstIP: WEB_IP,
          dstPort: 80,
          protocol: 'TCP',
        },
      });
      inputs.push({ at: at + 20, event: { type: 'connection/used', id: name } });
      inputs.push({ at: at + 40, event: { type: 'connection/closed', id: name } });
    }
  }
  const config = resolveSimulationConfig({
    durationMs: 45_000,
    proxy: {
      mode: 'iptables',
      clusterCIDR: '10.244.0.0/16',
      watchDelayMs: PROXY_WATCH_DELAY_MS,
      minSyncPeriodMs: MIN_SYNC_PERIOD_MS,
    },
  });
  const { log } = run(inputs, 9, config, { proxyMode: createIptablesMode() });
  const count = (type: string) => log.entries.filter((entry) => entry.event.type === type).length;
  const podsReplaced = log.entries.filter(
    (entry) => entry.event.type === 'object/deleted' && entry.event.kind === 'Pod',
  ).length;
  return {
    opened: id,
    established: count('connection/established'),
    failed: count('connection/failed'),
    served: count('connection/served'),
    podsReplaced,
  };
}

describe('a rolling update and the preStop hook', () => {
  it('loses new connections without a preStop hook: the app stops before every node’s kube-proxy has synced', () => {
    const outcome = rollingUpdate(undefined);
    expect(outcome.podsReplaced).toBe(3);
    expect(outcome.failed).toBeGreaterThan(0);
    expect(outcome.established + outcome.failed).toBe(outcome.opened);
  });

  it('loses none with a preStop sleep longer than the watch delay plus minSyncPeriod', () => {
    const sleepSeconds = 5;
    expect(sleepSeconds * 1000).toBeGreaterThan(PROXY_WATCH_DELAY_MS + MIN_SYNC_PERIOD_MS);
    const outcome = rollingUpdate(sleepSeconds);
    expect(outcome.podsReplaced).toBe(3);
    expect(outcome.failed).toBe(0);
    expect(outcome.established).toBe(outcome.opened);
    expect(outcome.served).toBe(outcome.opened);
  });
});
