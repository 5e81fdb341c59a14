import { describe, expect, it } from 'vitest';

import { podLabelHistoryOf } from '../../src/expect/PodLabelHistory.js';
import { loadScenario, runScenario } from '../../src/index.js';
import { RELABEL_SCENARIO } from './relabelScenario.js';

describe('podLabelHistoryOf', () => {
  const { run } = runScenario(loadScenario(RELABEL_SCENARIO, 'reaches.yaml'));
  const history = podLabelHistoryOf(run.log.entries);
  const pods = ['default/web-a', 'default/web-b', 'default/client', 'default/web-z'];
  // Every instant something happened, and the instants just before and after them.
  const instants = [...new Set(run.log.entries.flatMap(({ at }) => [at - 1, at, at + 1]))];

  it('gives the labels Replay.stateAt shows, at every instant of the run', () => {
    for (const at of instants) {
      const state = run.replay.stateAt(at);
      for (const pod of pods) {
        const [namespace = '', name = ''] = pod.split('/');
        const object = state.Pod[namespace]?.[name];
        const expected = object === undefined ? undefined : (object.metadata.labels ?? {});
        expect(history.labelsAt(pod, at), `${pod} at ${String(at)}`).toEqual(expected);
      }
    }
  });

  it('lists the pods whose labels matched at some instant of a window', () => {
    const canary = (_pod: string, labels: Readonly<Record<string, string>>): boolean =>
      labels.track === 'canary';
    expect(history.podsDuring(0, 10_000, canary)).toEqual(['default/web-b']);
    // Relabelled at 10s: from that instant on, no pod is a canary.
    expect(history.podsDuring(10_000, 20_001, canary)).toEqual([]);
    expect(history.podsDuring(0, 20_001, () => true)).toEqual([
      'default/client',
      'default/web-a',
      'default/web-b',
    ]);
  });
});
