import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { run, writeSimLogFile, type SimLog } from '@svcsim/core';
import { loadScenario } from '@svcsim/scenarios';

import type { ProxyModeResolver } from '../src/commands/ProxyModeResolver.js';

/**
 * Two nodes, three web pods behind a fixed ClusterIP, and a client on node-1 with two traffics: `clients`
 * opens a new connection four times a second, `pool` sends twice a second on one keep-alive connection.
 * node-2 fails at 7s, so connections that went to its pods fail or break: which ones depends on where
 * the proxy mode sent them.
 */
export const MODES_SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: modes}
spec:
  seed: 11
  duration: 12s
  cluster: {nodes: 2}
  proxy: {mode: iptables, minSyncPeriod: 1s, syncPeriod: 30s, watchDelay: 50ms}
  timeline:
    - {at: 7s, action: failNode, node: node-2}
  traffic:
    - {name: clients, from: pod/default/client, to: '10.96.0.80:80', rate: 4/s, start: 3s, end: 10s}
    - {name: pool, from: pod/default/client, to: '10.96.0.80:80', rate: 2/s, start: 3s, end: 10s, connections: reuse}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.80
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: node-1
  containers: [{name: client, image: example/client:1}]
`;

/** A fresh directory for a test's files. */
export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'svcsim-modes-'));
}

/** Writes MODES_SCENARIO (or another text) to a file and returns its path. */
export async function scenarioFile(dir: string, text = MODES_SCENARIO): Promise<string> {
  const path = join(dir, 'modes.yaml');
  await writeFile(path, text);
  return path;
}

/**
 * Runs MODES_SCENARIO with every node's kube-proxy in `mode` (from `modes`) and records it, as
 * `svcsim run --record` would had the scenario named that mode. Returns the log and its path.
 */
export async function recordModesScenario(
  dir: string,
  mode: string,
  modes: ProxyModeResolver,
): Promise<{ path: string; log: SimLog }> {
  const scenario = loadScenario(MODES_SCENARIO, 'modes.yaml');
  const proxyMode = modes.named(mode);
  if (proxyMode === undefined || scenario.config.proxy === undefined) throw new Error(`no mode ${mode}`);
  const config = { ...scenario.config, proxy: { ...scenario.config.proxy, mode } };
  const { log } = run(scenario.inputs, scenario.seed, config, { proxyMode });
  const path = join(dir, `modes-${mode}.svlog`);
  await writeSimLogFile(path, log);
  return { path, log };
}
