import type { Deployment } from '../../../src/api/Deployment.js';
import type { Pod } from '../../../src/api/Pod.js';
import type { InputEvent, SimEvent } from '../../../src/events/SimEvent.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import { run, type SimRun } from '../../../src/engine/run.js';
import {
  resolveSimulationConfig,
  type PartialSimulationConfig,
} from '../../../src/engine/SimulationConfig.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import { apply, appPod, clusterIPMode, fromPod, webService } from '../../dataplane/dnsCluster.js';
import { nodeObject } from '../../helpers/arbitraries.js';

export const s = (seconds: number): number => seconds * 1000;

/** Three replicas of `web` (app=web, port 8080 named http) behind ClusterIP Service `web`. */
export function webDeployment(tolerations?: Pod['spec']['tolerations']): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }] },
          ],
          ...(tolerations !== undefined && { tolerations }),
        },
      },
    },
  };
}

/**
 * Three nodes (node-0..node-2), Deployment `web` (three replicas, one per node: the scheduler spreads
 * them) behind Service `web`, and pod `client` on node-0; everything applied at t=0.
 */
export function clusterInputs(tolerations?: Pod['spec']['tolerations']): InputEntry[] {
  return [
    apply(0, nodeObject(0, 'zone-a')),
    apply(0, nodeObject(1, 'zone-b')),
    apply(0, nodeObject(2, 'zone-c')),
    apply(0, appPod('client', 'client', 0)),
    apply(0, webService('web', 'web')),
    apply(0, webDeployment(tolerations)),
  ];
}

export const input = (at: number, event: InputEvent): InputEntry => ({ at, event });
export const failNode = (at: number, name: string): InputEntry => input(at, { type: 'node/failed', name });
export const recoverNode = (at: number, name: string): InputEntry =>
  input(at, { type: 'node/recovered', name });

/** A new connection from `client` to the Service's ClusterIP (looked up by name through cluster DNS). */
export const connect = (at: number, id: string): InputEntry =>
  input(at, {
    type: 'connection/opened',
    id,
    from: fromPod('client'),
    dstName: 'web',
    dstPort: 80,
    protocol: 'TCP',
  });

export function runCluster(
  inputs: readonly InputEntry[],
  config: PartialSimulationConfig = {},
  seed = 3,
): SimRun {
  return run(
    inputs,
    seed,
    resolveSimulationConfig({ durationMs: s(420), proxy: { mode: 'clusterip' }, ...config }),
    { proxyMode: clusterIPMode },
  );
}

/** The web pods bound to `node` at the first instant they all are. */
export function webPodsOn(result: SimRun, node: string): string[] {
  const names = new Set<string>();
  for (const { event } of result.log.entries) {
    if (event.type !== 'object/updated' && event.type !== 'object/created') continue;
    const object = event.object;
    if (object.kind === 'Pod' && object.metadata.labels?.['app'] === 'web' && object.spec.nodeName === node)
      names.add(object.metadata.name ?? '');
  }
  return [...names].sort();
}

/** The first entry at or after `from` that `match` accepts. */
export function firstEntry(
  result: SimRun,
  match: (event: SimEvent) => boolean,
  from = 0,
): LogEntry<SimEvent> | undefined {
  return result.log.entries.find((entry) => entry.at >= from && match(entry.event));
}
