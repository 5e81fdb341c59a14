import { describe, expect, it } from 'vitest';

import type { Deployment } from '../../../src/api/Deployment.js';
import { getObject } from '../../../src/cluster/ClusterState.js';
import { apply, input, node, pod, runFor, s } from './kubeletFixtures.js';

function rejections(entries: ReturnType<typeof runFor>['log']['entries']): string[] {
  return entries.flatMap(({ event }) => (event.type === 'api/rejected' ? [event.status.message] : []));
}

describe('svcsim.dev annotations are validated when applied', () => {
  it('refuses a pod with a malformed value, naming the annotation and what was expected', () => {
    const { log, finalState } = runFor(
      [apply(0, node()), apply(0, pod('bad', { app: { 'startup-delay': '30', 'bind-adress': '0.0.0.0' } }))],
      s(1),
    );
    expect(rejections(log.entries)).toEqual([
      'Pod "bad" is invalid: [metadata.annotations[svcsim.dev/bind-adress]: Unsupported value: "bind-adress": ' +
        'supported values: "startup-delay", "bind-address", "ports", "health", "crash-after", "exit-code", ' +
        '"serve-after-sigterm", "health-on-sigterm", "response-latency", ' +
        'metadata.annotations[svcsim.dev/startup-delay]: Invalid value: "30": must be a duration such as "500ms", "30s" or "1m30s"]',
    ]);
    expect(getObject(finalState, 'Pod', 'default', 'bad')).toBeUndefined();
  });

  it('refuses a Deployment whose template names a container it does not have, at the template path', () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: { 'svcsim.dev/health.sidecar': 'failing' } },
          spec: { containers: [{ name: 'web', image: 'web:1' }] },
        },
      },
    };
    const { log } = runFor([input(0, { type: 'api/applied', object: deployment })], s(1));
    expect(rejections(log.entries)).toEqual([
      'Deployment "web" is invalid: spec.template.metadata.annotations[svcsim.dev/health.sidecar]: ' +
        'Invalid value: "sidecar": the pod has no container of this name',
    ]);
  });

  it('refuses app inputs for a pod or container that does not exist', () => {
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('web')),
        input(s(1), { type: 'app/healthSet', namespace: 'default', name: 'nope', health: 'failing' }),
        input(s(1), { type: 'app/crashed', namespace: 'default', name: 'web', container: 'nope' }),
      ],
      s(2),
    );
    expect(rejections(log.entries)).toEqual([
      'pods "nope" not found',
      'Pod "web" is invalid: container: Not found: "nope"',
    ]);
  });
});
