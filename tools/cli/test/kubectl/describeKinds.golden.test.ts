import { describe, expect, it } from 'vitest';

import { listObjects } from '@svcsim/core';

import { renderDescribe } from '../../src/kubectl/renderDescribe.js';
import { fixtureRun } from './fixtureRun.js';

describe('kubectl describe for every kind on the describe-kinds fixture (golden)', () => {
  it('lays out each kind as kubectl does', async () => {
    const { history, durationMs } = fixtureRun();
    const state = history.stateAt(durationMs);
    const slice = listObjects(state, 'EndpointSlice', 'default')[0]?.metadata.name ?? '';
    const newReplicaSet = listObjects(state, 'ReplicaSet', 'default').find(
      (rs) => (rs.spec.replicas ?? 0) > 0,
    );
    const sections: [kind: string, name: string][] = [
      ['svc', 'web'],
      ['ep', 'web'],
      ['endpointslice', slice],
      ['po', 'early-client'],
      ['po', 'late-client'],
      ['no', 'node-3'],
      ['ns', 'shop'],
      ['deploy', 'web'],
      ['rs', newReplicaSet?.metadata.name ?? ''],
      ['ing', 'shop'],
    ];
    const text = sections.map(
      ([kind, name]) =>
        `$ kubectl describe ${kind} ${name}\n${renderDescribe(history, kind, 'default', name, durationMs)}`,
    );
    await expect(text.join('\n\n')).toMatchFileSnapshot('../golden/kubectl-describe-kinds.txt');
  });
});
