import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: web}
spec:
  seed: 7
  duration: 40s
  cluster: {nodes: 3, serviceCIDR: 10.96.0.0/12, podCIDR: 10.244.0.0/16}
  proxy: {mode: iptables, minSyncPeriod: 1s, syncPeriod: 30s, watchDelay: 50ms}
  timeline:
    - {at: 20s, action: scale, deployment: default/web, replicas: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
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
`;

async function scenarioFile(text = SCENARIO): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'svcsim-scenario-'));
  const path = join(dir, 'web.yaml');
  await writeFile(path, text);
  return path;
}

/** The DNAT targets of an iptables-save dump: where the node sends new connections. */
function dnatTargets(rules: string): string[] {
  return [...rules.matchAll(/--to-destination (\S+)/g)].map((match) => match[1] ?? '').sort();
}

describe('svcsim get, describe and rules', () => {
  it('shows the cluster of a scenario run at any instant, as kubectl would', async () => {
    const path = await scenarioFile();
    const before = await cli('get', 'pods', '--scenario', path, '--at', '15s');
    expect(before.err).toBe('');
    expect(before.code).toBe(0);
    expect(before.out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(before.out.trim().split('\n')).toHaveLength(1 + 3);
    const after = await cli('get', 'po', '--scenario', path);
    expect(after.out.trim().split('\n')).toHaveLength(1 + 1);
    const svc = await cli('get', 'svc', 'web', '--scenario', path);
    expect(svc.out).toMatch(
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+40s\n$/,
    );
    const described = await cli('describe', 'service', 'web', '--scenario', path);
    expect(described.out).toMatch(/^Name:\s+web\n/);
  });

  it('prints a node’s rules at an instant, following the endpoints as they were then', async () => {
    const path = await scenarioFile();
    const endpointsAt = async (at: string) => {
      const { out } = await cli('get', 'endpoints', 'web', '--scenario', path, '--at', at);
      const row = out.split('\n')[1] ?? '';
      return (row.split(/\s+/)[1] ?? '').split(',').sort();
    };
    for (const at of ['15s', '40s']) {
      const { code, out, err } = await cli('rules', '--node', 'node-2', '--scenario', path, '--at', at);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(/^# node-2 at \d+\.\d{3}s\n\*filter\n/);
      expect(dnatTargets(out)).toEqual(await endpointsAt(at));
    }
  });

  it('reads a recorded log the same way, and its rules match the demo’s own --rules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-log-'));
    const log = join(dir, 'demo.svlog');
    const demo = await cli('demo', '--record', log, '--rules', 'node-3');
    const fromLog = await cli('rules', '--node', 'node-3', '--log', log);
    expect(fromLog.code).toBe(0);
    const demoRules = demo.out.slice(
      demo.out.indexOf('*filter'),
      demo.out.lastIndexOf('COMMIT') + 'COMMIT'.length,
    );
    expect(fromLog.out).toContain(demoRules);
    const pods = await cli('get', 'pods', '-A', '--log', log, '--at', '12.5s');
    expect(pods.code).toBe(0);
    expect(pods.out.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY/);
  });

  it('refuses bad sources, times, nodes and scenario files with exit code 2 and no stack trace', async () => {
    const path = await scenarioFile();
    const neither = await cli('get', 'svc');
    expect([neither.code, neither.err]).toEqual([
      2,
      'svcsim: give exactly one of --scenario FILE and --log LOG\n',
    ]);
    const late = await cli('get', 'svc', '--scenario', path, '--at', '41s');
    expect(late.code).toBe(2);
    expect(late.err).toBe('svcsim: --at: 41000 ms is after the end of the run (40000 ms)\n');
    const node = await cli('rules', '--node', 'node-9', '--scenario', path);
    expect(node.code).toBe(2);
    expect(node.err).toBe('svcsim: no node "node-9" at 40000 ms; nodes: node-1, node-2, node-3\n');
    const broken = await scenarioFile(SCENARIO.replace('replicas: 1}', 'replicas: one}'));
    const bad = await cli('get', 'svc', '--scenario', broken);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      new RegExp(`^svcsim: ${broken.replaceAll('.', '\\.')}:10:\\d+: spec\\.timeline\\[0\\]\\.replicas: `),
    );
    expect(bad.err).not.toMatch(/\n\s+at /);
  });
});

describe('the example scenario in packages/scenarios/examples', () => {
  it('loads and runs: the README’s commands work on it', async () => {
    const path = new URL('../../../packages/scenarios/examples/web-rollout.yaml', import.meta.url).pathname;
    const pods = await cli('get', 'pods', '-o', 'wide', '--scenario', path, '--at', '22s');
    expect(pods.err).toBe('');
    expect(pods.code).toBe(0);
    expect(pods.out.trim().split('\n')).toHaveLength(1 + 3 + 1); // three web pods and the client
    const rules = await cli('rules', '--node', 'node-1', '--scenario', path, '--at', '25s');
    expect(rules.code).toBe(0);
    expect(dnatTargets(rules.out)).toHaveLength(3);
  });
});
