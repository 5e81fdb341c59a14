import { describe, expect, it } from 'vitest';

import type { Namespace } from '../../../src/api/ConfigData.js';
import type { KubeObject } from '../../../src/api/KubeObject.js';
import type { Service } from '../../../src/api/Service.js';
import { createObjectStore, type StoreResult } from '../../../src/apiserver/store/ObjectStore.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

const ns = (name: string): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const svc = (name: string, port = 80, labels?: Record<string, string>): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', ...(labels && { labels }) },
  spec: { selector: { app: name }, ports: [{ port }] },
});

function stored(result: StoreResult): KubeObject {
  if (!result.ok) throw new Error(`expected success, got ${result.status.message}`);
  return result.object;
}

function newStore() {
  const store = createObjectStore(createRandomStreams(1).stream('apiserver'));
  store.create(ns('default'), 0);
  return store;
}

describe('ObjectStore', () => {
  it('sets uid, resourceVersion, generation 1 and creationTimestamp on create', () => {
    const store = newStore();
    const web = stored(store.create(svc('web'), 1_500));
    expect(web.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      resourceVersion: '2',
      generation: 1,
      creationTimestamp: 1_500,
    });
    expect(web.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a second object of the same name the way the apiserver words it', () => {
    const store = newStore();
    store.create(svc('web'), 0);
    const again = store.create(svc('web'), 1);
    expect(again).toMatchObject({
      ok: false,
      status: { code: 409, reason: 'AlreadyExists', message: 'services "web" already exists' },
    });
  });

  it('refuses objects in a namespace that does not exist', () => {
    const store = newStore();
    const result = store.create({ ...svc('web'), metadata: { name: 'web', namespace: 'shop' } }, 0);
    expect(result).toMatchObject({
      ok: false,
      status: { code: 404, message: 'namespaces "shop" not found' },
    });
  });

  it('bumps generation on spec changes only, and resourceVersion on every real change', () => {
    const store = newStore();
    stored(store.create(svc('web'), 0));
    const relabelled = stored(store.update(svc('web', 80, { tier: 'fe' })));
    expect(relabelled.metadata).toMatchObject({
      generation: 1,
      resourceVersion: '3',
      labels: { tier: 'fe' },
    });
    const reported = stored(store.update(svc('web', 8080, { tier: 'fe' })));
    expect(reported.metadata).toMatchObject({ generation: 2, resourceVersion: '4' });
  });

  it('drops a no-op update without bumping the resourceVersion', () => {
    const store = newStore();
    store.create(svc('web'), 0);
    const result = store.update(svc('web'));
    expect(result).toMatchObject({ ok: true, change: 'unchanged' });
    expect(store.resourceVersion()).toBe(2);
  });

  it('keeps uid and creationTimestamp across updates, and status across spec updates', () => {
    const store = newStore();
    const created = stored(store.create(svc('web'), 10));
    stored(
      store.updateStatus({ ...svc('web'), status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } }),
    );
    const updated = stored(store.update(svc('web', 81)));
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(10);
    expect((updated as Service).status).toEqual({ loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } });
  });

  it('names objects from generateName with the apiserver alphabet, deterministically', () => {
    const names = () => {
      const store = newStore();
      return [1, 2, 3].map(
        (i) =>
          stored(
            store.create(
              {
                ...svc(''),
                metadata: { generateName: 'web-', namespace: 'default' },
                spec: { ports: [{ port: i }] },
              },
              0,
            ),
          ).metadata.name,
      );
    };
    const first = names();
    expect(first).toEqual(names());
    for (const name of first) expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(first).size).toBe(3);
  });

  it('marks an object for graceful deletion before removing it', () => {
    const store = newStore();
    store.create(svc('web'), 0);
    const marked = stored(store.markForDeletion('Service', 'default', 'web', 5_000, 30));
    expect(marked.metadata).toMatchObject({ deletionTimestamp: 35_000, deletionGracePeriodSeconds: 30 });
    expect(store.markForDeletion('Service', 'default', 'web', 6_000, 30)).toMatchObject({
      ok: true,
      change: 'unchanged',
    });
    expect(store.remove('Service', 'default', 'web')).toMatchObject({ ok: true, change: 'removed' });
    expect(store.get('Service', 'default', 'web')).toBeUndefined();
    expect(store.remove('Service', 'default', 'web')).toMatchObject({
      ok: false,
      status: { message: 'services "web" not found' },
    });
  });

  it('lists objects sorted by namespace and name', () => {
    const store = newStore();
    store.create(ns('a'), 0);
    for (const name of ['zeta', 'alpha', 'mid']) store.create(svc(name), 0);
    store.create({ ...svc('x'), metadata: { name: 'x', namespace: 'a' } }, 0);
    expect(store.list('Service').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      'a/x',
      'default/alpha',
      'default/mid',
      'default/zeta',
    ]);
    expect(store.list('Service', 'a')).toHaveLength(1);
  });

  it('indexes objects by the owners they name, and forgets them when they go or drop the reference', () => {
    const store = newStore();
    const owner = stored(store.create(svc('owner'), 0));
    const uid = owner.metadata.uid ?? '';
    const ref = [{ apiVersion: 'v1', kind: 'Service', name: 'owner', uid, controller: true }];
    const owned = (name: string): Service => ({
      ...svc(name),
      metadata: { name, namespace: 'default', ownerReferences: ref },
    });
    store.create(owned('a'), 0);
    store.create(owned('b'), 0);
    store.create(svc('c'), 0);
    expect(store.dependentsOf(uid).map((o) => o.metadata.name)).toEqual(['a', 'b']);
    store.update(svc('a')); // the update leaves ownerReferences unset: still owned (kept from before)
    store.remove('Service', 'default', 'b');
    expect(store.dependentsOf(uid).map((o) => o.metadata.name)).toEqual(['a']);
    store.update({ ...svc('a'), metadata: { name: 'a', namespace: 'default', ownerReferences: [] } });
    expect(store.dependentsOf(uid)).toEqual([]);
  });
});
