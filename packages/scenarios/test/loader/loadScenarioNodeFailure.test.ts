import { describe, expect, it } from 'vitest';

import { loadScenario } from '../../src/index.js';

function scenario(cluster: string, timeline = ''): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: nf, description: node failure settings}
spec:
  seed: 1
  duration: 60s
  cluster: ${cluster}
${timeline}`;
}

describe('node failure in a scenario', () => {
  it('maps failNode and recoverNode to host failure and recovery inputs', () => {
    const loaded = loadScenario(
      scenario(
        '{nodes: 2}',
        `  timeline:
    - {at: 5s, action: failNode, node: node-2}
    - {at: 9s, action: recoverNode, node: node-2}
`,
      ),
      'nf.yaml',
    );
    expect(loaded.inputs.filter((input) => input.at > 0)).toEqual([
      { at: 5000, event: { type: 'node/failed', name: 'node-2' } },
      { at: 9000, event: { type: 'node/recovered', name: 'node-2' } },
    ]);
  });

  it('reads the grace period and default toleration into the config, and leaves them out when absent', () => {
    const set = loadScenario(
      scenario('{nodes: 1, nodeMonitorGracePeriod: 50s, defaultTolerationSeconds: 60}'),
      'nf.yaml',
    );
    expect(set.config).toMatchObject({ nodeMonitorGracePeriodMs: 50_000, defaultTolerationSeconds: 60 });
    const unset = loadScenario(scenario('{nodes: 1}'), 'nf.yaml');
    expect(unset.config).not.toHaveProperty('nodeMonitorGracePeriodMs');
    expect(unset.config).not.toHaveProperty('defaultTolerationSeconds');
  });

  it('refuses a grace period that is not a positive duration and a negative toleration, naming the field', () => {
    expect(() =>
      loadScenario(
        scenario('{nodes: 1, nodeMonitorGracePeriod: 0s, defaultTolerationSeconds: -1}'),
        'nf.yaml',
      ),
    ).toThrow(
      /spec\.cluster\.nodeMonitorGracePeriod: expected a duration longer than 0s[\s\S]*spec\.cluster\.defaultTolerationSeconds: expected an integer >= 0/,
    );
    expect(() => loadScenario(scenario('{nodes: 1, nodeMonitorGracePeriod: 40}'), 'nf.yaml')).toThrow(
      /spec\.cluster\.nodeMonitorGracePeriod: expected a duration/,
    );
  });
});
