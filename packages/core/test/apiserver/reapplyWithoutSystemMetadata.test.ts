import { describe, expect, it } from 'vitest';

import type { ConfigMap } from '../../src/api/ConfigData.js';
import type { KubeObject } from '../../src/api/KubeObject.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service } from '../../src/api/Service.js';
import type { ApiResult } from '../../src/apiserver/createApiServer.js';
import type { DerivedEvent } from '../../src/events/SimEvent.js';
import { deploymentObject, serviceObject } from '../helpers/arbitraries.js';
import { bootstrappedApiServer } from '../helpers/bootstrappedApiServer.js';

/**
 * `kubectl apply` sends the manifest as written: no generation, resourceVersion, uid or
 * creationTimestamp. The apiserver owns those and keeps them across such an update (rest.BeforeUpdate),
 * so re-applying a manifest, changed or not, must never be refused for leaving them out.
 */

function newApiServer() {
  let now = 0;
  const { apiserver, events } = bootstrappedApiServer({ seed: 3, now: () => now });
  let seq = 0;
  return {
    events,
    setNow: (at: number) => {
      now = at;
    },
    /** What an `api/applied` input does; the rejection, if any, is returned as the apiserver emitted it. */
    applied(object: KubeObject): DerivedEvent[] {
      const before = events.length;
      apiserver.handleInput({ type: 'api/applied', object }, seq++);
      return events.slice(before);
    },
    client: apiserver.client,
  };
}

function storedObject(result: ApiResult): KubeObject {
  if (!result.ok) throw new Error(`expected success, got ${result.status.message}`);
  return result.object;
}

/** The one object a write emitted, failing the test on a rejection. */
function written(events: readonly DerivedEvent[]): KubeObject {
  const rejected = events.find((e) => e.type === 'api/rejected');
  if (rejected?.type === 'api/rejected') throw new Error(rejected.status.message);
  const [write] = events;
  if (write?.type !== 'object/created' && write?.type !== 'object/updated')
    throw new Error(`expected one write, got ${JSON.stringify(events)}`);
  return write.object;
}

const configMap = (data: Record<string, string>): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default' },
  data,
});

const pod = (image: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'solo', namespace: 'default', labels: { app: 'solo' } },
  spec: { containers: [{ name: 'main', image }] },
});

const lbService = (): Service => {
  const base = serviceObject('edge', 'edge', false, false);
  return { ...base, spec: { ...base.spec, type: 'LoadBalancer' } };
};

describe('re-applying a manifest without the server-owned metadata', () => {
  const manifests: readonly [string, KubeObject][] = [
    ['Service', serviceObject('web', 'web', false, false)],
    ['LoadBalancer Service', lbService()],
    ['Deployment', deploymentObject('web', 'web', 2)],
    ['Pod', pod('example/app:1')],
    ['ConfigMap', configMap({ mode: 'a' })],
  ];

  for (const [what, manifest] of manifests) {
    it(`accepts an unchanged ${what} as a no-op, keeping uid, generation and creationTimestamp`, () => {
      const api = newApiServer();
      const created = written(api.applied(manifest));
      api.setNow(5_000);
      expect(api.applied(manifest)).toEqual([]);
      // The stored object is still the created one, system fields and all.
      const again = storedObject(api.client.apply(manifest));
      expect(again.metadata).toEqual(created.metadata);
    });
  }

  it('accepts a changed Service and keeps its generation-1 identity fields', () => {
    const api = newApiServer();
    const created = written(api.applied(serviceObject('web', 'web', false, false)));
    api.setNow(5_000);
    const changed = serviceObject('web', 'web', true, false); // targetPort 8080 -> "http"
    const updated = written(api.applied(changed));
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(0);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    // svcsim gives every kind a generation and bumps it on spec changes (the real apiserver leaves a
    // Service's at 0); what matters here is that it comes from the server, not the manifest.
    expect(updated.metadata.generation).toBe((created.metadata.generation ?? 0) + 1);
  });

  it('bumps a Deployment’s generation on a spec change and not on a label change', () => {
    const api = newApiServer();
    const manifest = deploymentObject('web', 'web', 2);
    const created = written(api.applied(manifest));
    expect(created.metadata.generation).toBe(1);
    const relabelled = written(
      api.applied({ ...manifest, metadata: { ...manifest.metadata, labels: { team: 'a' } } }),
    );
    expect(relabelled.metadata.generation).toBe(1);
    const scaled = written(api.applied({ ...manifest, spec: { ...manifest.spec, replicas: 3 } }));
    expect(scaled.metadata).toMatchObject({ generation: 2, uid: created.metadata.uid, creationTimestamp: 0 });
  });

  it('bumps a Pod’s generation when its spec changes (as since Kubernetes 1.33)', () => {
    const api = newApiServer();
    const created = written(api.applied(pod('example/app:1')));
    const updated = written(api.applied(pod('example/app:2')));
    expect(created.metadata.generation).toBe(1);
    expect(updated.metadata.generation).toBe(2);
  });

  it('accepts a changed ConfigMap', () => {
    const api = newApiServer();
    const created = written(api.applied(configMap({ mode: 'a' })));
    const updated = written(api.applied(configMap({ mode: 'b' })));
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect((updated as ConfigMap).data).toEqual({ mode: 'b' });
  });

  it('ignores a generation the client sends, lower or higher than the stored one', () => {
    const api = newApiServer();
    const manifest = serviceObject('web', 'web', false, false);
    const created = written(api.applied(manifest));
    for (const generation of [0, 1, 7]) {
      const sent = { ...manifest, metadata: { ...manifest.metadata, generation } };
      expect(api.applied(sent)).toEqual([]);
    }
    const changed = serviceObject('web', 'web', true, false);
    const updated = written(api.applied({ ...changed, metadata: { ...changed.metadata, generation: 9 } }));
    expect(updated.metadata.generation).toBe((created.metadata.generation ?? 0) + 1);
  });

  it('still refuses a stale resourceVersion (optimistic concurrency) and a different uid', () => {
    const api = newApiServer();
    const manifest = serviceObject('web', 'web', false, false);
    const created = written(api.applied(manifest));
    written(api.applied(serviceObject('web', 'web', true, false)));
    const stale = api.client.update({
      ...manifest,
      metadata: { ...manifest.metadata, resourceVersion: created.metadata.resourceVersion ?? '' },
    });
    expect(stale).toMatchObject({ ok: false, status: { reason: 'Conflict' } });
    const foreign = api.client.update({
      ...manifest,
      metadata: { ...manifest.metadata, uid: '00000000-0000-4000-8000-000000000000' },
    });
    expect(foreign).toMatchObject({ ok: false, status: { reason: 'Invalid' } });
    expect(foreign.ok ? '' : foreign.status.message).toContain('metadata.uid: Invalid value');
  });
});
