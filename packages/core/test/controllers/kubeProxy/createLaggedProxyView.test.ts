import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';

import type { EndpointSlice } from '../../../src/api/EndpointSlice.js';
import type { Node } from '../../../src/api/Node.js';
import type { Service } from '../../../src/api/Service.js';
import { createLaggedProxyView } from '../../../src/controllers/kubeProxy/createLaggedProxyView.js';
import type { SimEvent } from '../../../src/events/SimEvent.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import { buildEndpointsMap } from '../../../src/proxy/EndpointInfo.js';
import { buildServicePorts } from '../../../src/proxy/ServicePortInfo.js';
import { createSimClock } from '../../../src/SimClock.js';
import { service, slice } from '../../proxy/fixtures.js';

const DELAY = 100;

function setup() {
  const clock = createSimClock();
  const events = new Subject<LogEntry<SimEvent>>();
  let seq = 0;
  const view = createLaggedProxyView(events.asObservable(), DELAY, clock.scheduler);
  const heard: { node: string; key: string; at: number }[] = [];
  const nodesHeard: { node: string; labels: unknown }[] = [];
  for (const node of ['node-a', 'node-b']) {
    view.listen(node, {
      serviceChanged: (key) => heard.push({ node, key, at: clock.now() }),
      nodeChanged: (changed) => nodesHeard.push({ node, labels: changed.metadata.labels }),
    });
  }
  return {
    clock,
    view,
    heard,
    nodesHeard,
    /** Commits an event at `at` and lets the view catch up with it. */
    commit(at: number, event: SimEvent): number {
      clock.advanceTo(at);
      const entry = { seq: seq++, at, event };
      events.next(entry);
      return entry.seq;
    },
    settle() {
      clock.advanceTo(clock.now() + DELAY);
    },
  };
}

const web = service({});
const webSlice = slice('web-1', [{ addresses: ['10.244.1.5'], nodeName: 'node-a' }]);

describe('createLaggedProxyView', () => {
  it('holds a Service as buildServicePorts and buildEndpointsMap make it, one watch delay late', () => {
    const s = setup();
    s.commit(0, { type: 'object/created', object: web });
    s.commit(10, { type: 'object/created', object: webSlice });
    s.clock.advanceTo(DELAY - 1);
    expect(s.view.services().size).toBe(0);
    s.clock.advanceTo(DELAY + 10);
    expect(s.view.services().get('default/web')).toEqual({
      key: 'default/web',
      ports: buildServicePorts(web),
      endpoints: buildEndpointsMap([webSlice], ''),
    });
    // No node is named, so no endpoint is local to anyone.
    expect(Object.values(s.view.services().get('default/web')?.endpoints ?? {}).flat()[0]?.isLocal).toBe(
      false,
    );
    expect(s.heard).toEqual([
      { node: 'node-a', key: 'default/web', at: DELAY },
      { node: 'node-b', key: 'default/web', at: DELAY },
      { node: 'node-a', key: 'default/web', at: DELAY + 10 },
      { node: 'node-b', key: 'default/web', at: DELAY + 10 },
    ]);
  });

  it('drops a change that leaves the ServiceProxyState deep-equal, keeping the same object', () => {
    const s = setup();
    s.commit(0, { type: 'object/created', object: web });
    s.commit(0, { type: 'object/created', object: webSlice });
    s.settle();
    const before = s.view.services().get('default/web');
    const heardBefore = s.heard.length;
    const annotated: Service = { ...web, metadata: { ...web.metadata, annotations: { note: 'x' } } };
    const bumped: EndpointSlice = { ...webSlice, metadata: { ...webSlice.metadata, resourceVersion: '9' } };
    s.commit(500, { type: 'object/updated', object: annotated });
    s.commit(500, { type: 'object/updated', object: bumped });
    s.settle();
    expect(s.view.services().get('default/web')).toBe(before);
    expect(s.heard.length).toBe(heardBefore);
  });

  it('never changes a map it has handed out: the next change works on a copy', () => {
    const s = setup();
    s.commit(0, { type: 'object/created', object: web });
    s.settle();
    const handedOut = s.view.services();
    const state = handedOut.get('default/web');
    s.commit(200, { type: 'object/created', object: webSlice });
    s.commit(200, { type: 'object/deleted', kind: 'Service', namespace: 'default', name: 'other' });
    s.settle();
    expect(handedOut.get('default/web')).toBe(state);
    expect(s.view.services()).not.toBe(handedOut);
    expect(s.view.services().get('default/web')?.endpoints).toEqual(buildEndpointsMap([webSlice], ''));
  });

  it('drops a Service that stops being proxied, and follows a slice moved to another Service', () => {
    const s = setup();
    const api = service({}, { metadata: { name: 'api' } });
    s.commit(0, { type: 'object/created', object: web });
    s.commit(0, { type: 'object/created', object: api });
    s.commit(0, { type: 'object/created', object: webSlice });
    s.settle();
    const moved: EndpointSlice = {
      ...webSlice,
      metadata: { ...webSlice.metadata, labels: { 'kubernetes.io/service-name': 'api' } },
    };
    s.commit(300, { type: 'object/updated', object: moved });
    s.settle();
    expect(s.view.services().get('default/web')?.endpoints).toEqual({});
    expect(s.view.services().get('default/api')?.endpoints).toEqual(buildEndpointsMap([moved], ''));
    s.heard.length = 0;
    s.commit(600, {
      type: 'object/updated',
      object: { ...web, spec: { ...web.spec, type: 'ExternalName', externalName: 'example.com' } },
    });
    s.settle();
    expect(s.view.services().has('default/web')).toBe(false);
    expect(s.heard.map((h) => h.key)).toEqual(['default/web', 'default/web']);
    // A slice of a Service kube-proxy does not proxy changes nothing anyone would program.
    s.heard.length = 0;
    s.commit(900, { type: 'object/created', object: slice('web-2', [{ addresses: ['10.244.2.7'] }]) });
    s.settle();
    expect(s.heard).toEqual([]);
  });

  it('reads endpoints of slices that arrived before their Service', () => {
    const s = setup();
    s.commit(0, { type: 'object/created', object: webSlice });
    s.commit(50, { type: 'object/created', object: web });
    s.settle();
    expect(s.view.services().get('default/web')?.endpoints).toEqual(buildEndpointsMap([webSlice], ''));
  });

  it('tells a node of its own Node object only, and calls whenSeen right after taking in that entry', () => {
    const s = setup();
    const node = (name: string, zone: string): Node => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
      spec: {},
    });
    const seq = s.commit(0, { type: 'object/created', object: node('node-a', 'z1') });
    const seen: unknown[] = [];
    s.view.whenSeen(seq, () => seen.push(s.view.node('node-a')?.metadata.labels));
    s.commit(0, { type: 'object/updated', object: node('node-a', 'z2') });
    s.commit(0, { type: 'object/created', object: node('node-c', 'z1') });
    s.settle();
    expect(seen).toEqual([{ 'topology.kubernetes.io/zone': 'z1' }]);
    expect(s.nodesHeard).toEqual([
      { node: 'node-a', labels: { 'topology.kubernetes.io/zone': 'z1' } },
      { node: 'node-a', labels: { 'topology.kubernetes.io/zone': 'z2' } },
    ]);
    s.view.detach('node-a');
    s.commit(200, { type: 'object/updated', object: node('node-a', 'z3') });
    s.settle();
    expect(s.nodesHeard.length).toBe(2);
    expect(s.view.node('node-a')?.metadata.labels).toEqual({ 'topology.kubernetes.io/zone': 'z3' });
  });
});
