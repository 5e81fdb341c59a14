import { describe, expect, it } from 'vitest';

import { listObjects } from '@svcsim/core';
import { ROLLOUT_DEMO_CONFIG } from '@svcsim/scenarios';

import { renderDescribe } from '../../src/kubectl/renderDescribe.js';
import { renderGet, type GetOutput } from '../../src/kubectl/renderGet.js';
import { demoHistory, demoRun } from './demoState.js';

const END = ROLLOUT_DEMO_CONFIG.durationMs;
/** Mid-rollout: the new ReplicaSet's pods are starting while the old ones terminate. */
const MID_ROLLOUT = 13_000;

describe('kubectl get and describe on the rollout demo (golden)', () => {
  const get = (at: number, kind: string, output: GetOutput = 'table', allNamespaces = false): string =>
    renderGet(demoRun().replay.stateAt(at), kind, { allNamespaces, output, now: at });

  it('lays out every kind at the end of the run', async () => {
    const sections = ['svc', 'ep', 'endpointslices', 'po', 'no', 'ns', 'deploy', 'rs', 'ing'].flatMap((kind) => [
      `$ kubectl get ${kind} -A`,
      get(END, kind, 'table', true),
      `$ kubectl get ${kind} -o wide`,
      get(END, kind, 'wide'),
    ]);
    await expect(sections.join('\n')).toMatchFileSnapshot('../golden/kubectl-get-end.txt');
  });

  it('shows pods and endpoints mid-rollout', async () => {
    const text = [
      get(MID_ROLLOUT, 'pods', 'wide'),
      get(MID_ROLLOUT, 'endpoints'),
      get(MID_ROLLOUT, 'deploy'),
      get(MID_ROLLOUT, 'rs', 'wide'),
    ];
    await expect(text.join('\n')).toMatchFileSnapshot('../golden/kubectl-get-mid-rollout.txt');
  });

  it('prints the Service as YAML and JSON', async () => {
    const state = demoRun().finalState;
    const yaml = renderGet(state, 'svc', { name: 'web', allNamespaces: false, output: 'yaml', now: END });
    const json = renderGet(state, 'svc', { name: 'web', allNamespaces: false, output: 'json', now: END });
    await expect(yaml).toMatchFileSnapshot('../golden/kubectl-get-svc-web.yaml');
    await expect(json).toMatchFileSnapshot('../golden/kubectl-get-svc-web.json');
  });

  it('describes the Service and a pod', async () => {
    const state = demoRun().finalState;
    const pod = listObjects(state, 'Pod', 'default').find((p) => p.metadata.name?.startsWith('web-'));
    expect(pod).toBeDefined();
    const text = [
      renderDescribe(demoHistory(), 'svc', 'default', 'web', END),
      renderDescribe(demoHistory(), 'pod', 'default', pod?.metadata.name ?? '', END),
    ];
    await expect(text.join('\n\n')).toMatchFileSnapshot('../golden/kubectl-describe.txt');
  });

  it('describes the Deployment and its ReplicaSets mid-rollout, and the failed node at the end', async () => {
    const replicaSets = listObjects(demoRun().replay.stateAt(MID_ROLLOUT), 'ReplicaSet', 'default');
    expect(replicaSets.length).toBeGreaterThan(1);
    const text = [
      renderDescribe(demoHistory(), 'deploy', 'default', 'web', MID_ROLLOUT),
      ...replicaSets.map((rs) => renderDescribe(demoHistory(), 'rs', 'default', rs.metadata.name ?? '', MID_ROLLOUT)),
      renderDescribe(demoHistory(), 'node', 'default', 'node-2', END),
    ];
    await expect(text.join('\n\n')).toMatchFileSnapshot('../golden/kubectl-describe-rollout.txt');
  });
});
