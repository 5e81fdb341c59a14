import { describe, expect, it } from 'vitest';

import type { ReplicaSet } from '../../../src/api/Deployment.js';
import { validateReplicaSet } from '../../../src/apiserver/validation/validateReplicaSet.js';
import { formatted, meta } from './fixtures.js';

function replicaSet(spec: Partial<ReplicaSet['spec']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('web-5d8f'),
    spec: {
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': '5d8f' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
      ...spec,
    },
  };
}

describe('validateReplicaSet', () => {
  it('accepts a controller-shaped ReplicaSet', () => {
    expect(validateReplicaSet(replicaSet())).toEqual([]);
  });

  it('rejects negative replicas and minReadySeconds', () => {
    expect(formatted(validateReplicaSet(replicaSet({ replicas: -2, minReadySeconds: -1 })))).toEqual([
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('says "deployment" for an empty selector, as upstream does', () => {
    expect(formatted(validateReplicaSet(replicaSet({ selector: {} })))).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('requires the selector to match the template', () => {
    expect(
      formatted(
        validateReplicaSet(
          replicaSet({ selector: { matchLabels: { app: 'web', 'pod-template-hash': 'x' } } }),
        ),
      ),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web","pod-template-hash":"5d8f"}: `selector` does not match template `labels`',
    ]);
  });
});
