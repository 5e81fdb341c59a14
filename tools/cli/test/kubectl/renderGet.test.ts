import { describe, expect, it } from 'vitest';

import { listObjects } from '@svcsim/core';
import { ROLLOUT_DEMO_CONFIG } from '@svcsim/scenarios';

import { UsageError } from '../../src/CliError.js';
import { renderDescribe } from '../../src/kubectl/renderDescribe.js';
import { renderGet } from '../../src/kubectl/renderGet.js';
import { demoHistory, demoRun } from './demoState.js';

const now = ROLLOUT_DEMO_CONFIG.durationMs;
const table = { allNamespaces: false, output: 'table', now } as const;

describe('renderGet', () => {
  it('accepts kubectl’s plural, singular, short and kind names alike', () => {
    const state = demoRun().finalState;
    const svc = renderGet(state, 'svc', table);
    for (const name of ['services', 'service', 'Service', 'SVC'])
      expect(renderGet(state, name, table)).toBe(svc);
    expect(renderGet(state, 'deployments.apps', table)).toBe(renderGet(state, 'deploy', table));
  });

  it('refuses an unknown kind with a UsageError naming it and the known ones', () => {
    const state = demoRun().finalState;
    expect(() => renderGet(state, 'widgets', table)).toThrow(UsageError);
    expect(() => renderGet(state, 'widgets', table)).toThrow(
      /the server doesn't have a resource type "widgets"; svcsim knows services \(svc\), endpoints \(ep\)/,
    );
  });

  it('says "No resources found" in kubectl’s words, per namespace or across all of them', () => {
    const state = demoRun().finalState;
    expect(renderGet(state, 'pods', { ...table, namespace: 'prod' })).toBe(
      'No resources found in prod namespace.\n',
    );
    expect(renderGet(state, 'ing', { ...table, allNamespaces: true })).toBe('No resources found\n');
  });

  it('shows one named object, and a NotFound error for a missing one', () => {
    const state = demoRun().finalState;
    const lines = renderGet(state, 'svc', { ...table, name: 'web' })
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^web\s+ClusterIP\s+10\.96\.0\.80\s+<none>\s+80\/TCP\s+29s$/);
    expect(() => renderGet(state, 'svc', { ...table, name: 'nope' })).toThrow(
      'Error from server (NotFound): services "nope" not found',
    );
  });

  it('puts NAMESPACE first with -A and ignores the namespace for nodes', () => {
    const state = demoRun().finalState;
    expect(renderGet(state, 'svc', { ...table, allNamespaces: true }).split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+TYPE/,
    );
    expect(renderGet(state, 'nodes', { ...table, namespace: 'prod' })).toBe(renderGet(state, 'nodes', table));
  });

  it('lists ReplicaSets with their desired, current and ready counts', () => {
    const state = demoRun().finalState;
    const rows = renderGet(state, 'rs', { ...table, output: 'wide' })
      .trimEnd()
      .split('\n');
    expect(rows[0]).toMatch(/^NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR$/);
    const replicaSets = listObjects(state, 'ReplicaSet', 'default');
    expect(rows.slice(1)).toHaveLength(replicaSets.length);
    for (const rs of replicaSets) {
      const counts = [rs.spec.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0].join(
        ' +',
      );
      expect(rows).toContainEqual(
        expect.stringMatching(new RegExp(`^${rs.metadata.name ?? '?'} +${counts} `)),
      );
    }
    expect(renderGet(state, 'replicasets.apps', table)).toBe(renderGet(state, 'rs', table));
  });

  it('lists namespaces without a NAMESPACE column, even with -A, since they have none', () => {
    const state = demoRun().finalState;
    const all = renderGet(state, 'ns', { ...table, allNamespaces: true });
    expect(all).toBe(renderGet(state, 'namespaces', table));
    expect(all.split('\n')[0]).toMatch(/^NAME +STATUS +AGE$/);
    expect(all).toMatch(/^default +Active +\d+s$/m);
  });

  it('prints a list as a v1 List in JSON, with the objects as stored', () => {
    const state = demoRun().finalState;
    const list = JSON.parse(renderGet(state, 'po', { ...table, output: 'json' })) as {
      kind: string;
      items: { metadata: { name: string } }[];
    };
    expect(list.kind).toBe('List');
    expect(list.items.map((item) => item.metadata.name)).toEqual(
      renderGet(state, 'po', table)
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/)[0]),
    );
  });
});

describe('renderDescribe', () => {
  it('refuses a missing object with kubectl’s NotFound message', () => {
    expect(() => renderDescribe(demoHistory(), 'pod', 'default', 'ghost', now)).toThrow(
      'Error from server (NotFound): pods "ghost" not found',
    );
  });

  it('lists for each Service port the ready endpoints of the Service’s EndpointSlices', () => {
    const state = demoRun().finalState;
    const described = renderDescribe(demoHistory(), 'svc', 'default', 'web', now);
    const listed = described.match(/^Endpoints:\s+(\S+)$/m)?.[1]?.split(',') ?? [];
    const endpoints = renderGet(state, 'ep', { ...table, name: 'web' })
      .split('\n')[1]
      ?.split(/\s+/)[1];
    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual(endpoints?.split(',').sort());
    expect(described).toMatch(/^IP Family Policy:\s+SingleStack$/m);
  });
});
