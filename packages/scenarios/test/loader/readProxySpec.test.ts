import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

/** A scenario whose `spec.proxy` is the given flow mapping (one line, so errors sit on line 8). */
function scenarioWithProxy(proxy: string): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: x}
spec:
  seed: 1
  duration: 10s
  cluster: {nodes: 2}
  proxy: ${proxy}
`;
}

function problemsOf(text: string): string[] {
  try {
    loadScenario(text, 'proxy.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('loaded without problems');
}

describe('spec.proxy.emulateVersion', () => {
  it('is read into the kube-proxy config, for the cluster and per node', () => {
    const loaded = loadScenario(
      scenarioWithProxy(
        '{mode: iptables, emulateVersion: 1.22.3, nodes: {node-2: {emulateVersion: v1.22.4}}}',
      ),
      'proxy.yaml',
    );
    expect(loaded.config.proxy?.emulateVersion).toBe('1.22.3');
    expect(loaded.config.proxy?.nodes['node-2']).toEqual({ emulateVersion: 'v1.22.4' });
  });

  it('is absent from the config when the scenario does not set it', () => {
    const loaded = loadScenario(scenarioWithProxy('{mode: iptables}'), 'proxy.yaml');
    expect(loaded.config.proxy !== undefined && 'emulateVersion' in loaded.config.proxy).toBe(false);
  });

  it.each([
    ['1.22', 'got 1.22'],
    ['"1.22"', 'got "1.22"'],
    ['1.23.0-rc.0', 'got "1.23.0-rc.0"'],
    ['[1, 22, 3]', 'got a list'],
  ])('refuses %s at the field', (value, got) => {
    const problems = problemsOf(scenarioWithProxy(`{mode: iptables, emulateVersion: ${value}}`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^proxy\.yaml:8:\d+: spec\.proxy\.emulateVersion: expected a Kubernetes release/,
    );
    expect(problems[0]).toContain(got);
  });

  it('refuses a malformed per-node version at that node’s field', () => {
    const problems = problemsOf(
      scenarioWithProxy('{mode: iptables, nodes: {node-1: {emulateVersion: latest}}}'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^proxy\.yaml:8:\d+: spec\.proxy\.nodes\.node-1\.emulateVersion: expected /),
    ]);
  });
});
