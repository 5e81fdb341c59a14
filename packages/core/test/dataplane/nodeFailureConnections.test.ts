import { describe, expect, it } from 'vitest';

import type { InputEntry } from '../../src/engine/InputEntry.js';
import type { SimRun } from '../../src/engine/run.js';
import {
  clusterInputs,
  connect,
  failNode,
  input,
  runCluster,
  s,
  webPodsOn,
} from '../controllers/nodeLifecycle/nodeFailureCluster.js';
import { apply, appPod, fromPod } from './dnsCluster.js';

const FAILED_AT = s(10);
/** Node marked Unknown at 50.05 s, its endpoint not ready at 50.1 s, kube-proxies synced by 50.2 s. */
const SYNCED_BY = s(51);

/** New connections every `step` ms from `from` (inclusive) to `to` (exclusive), ids `<prefix><at ms>`. */
function connectEvery(step: number, from: number, to: number, prefix: string): InputEntry[] {
  const inputs: InputEntry[] = [];
  for (let at = from; at < to; at += step) inputs.push(connect(at, `${prefix}${String(at)}`));
  return inputs;
}

/** What became of each connection whose id starts with `prefix`: the peer pod, or the failure. */
function outcomes(result: SimRun, prefix: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const { event } of result.log.entries) {
    if (event.type === 'connection/established' && event.id.startsWith(prefix))
      byId.set(event.id, event.peer.pod ?? '');
    else if (event.type === 'connection/failed' && event.id.startsWith(prefix))
      byId.set(event.id, `failed:${event.failure}`);
  }
  return byId;
}

describe('connections while a node has failed', () => {
  const result = runCluster([
    ...clusterInputs(),
    ...connectEvery(250, s(2), FAILED_AT, 'before-'),
    failNode(FAILED_AT, 'node-2'),
    ...connectEvery(s(1), FAILED_AT + s(1), s(50), 'grace-'),
    ...connectEvery(s(1), SYNCED_BY, s(90), 'after-'),
  ]);
  const victim = `default/${webPodsOn(result, 'node-2')[0] ?? ''}`;

  it("reach the failed node's pod before the failure", () => {
    expect([...outcomes(result, 'before-').values()]).toContain(victim);
  });

  it("time out when kube-proxy sends them to the failed node's pod during the grace period", () => {
    const grace = [...outcomes(result, 'grace-').values()];
    expect(grace).toHaveLength(39);
    expect(grace).toContain('failed:timedOut');
    expect(grace).not.toContain(victim);
    // The others still reach the pods on the nodes that are up.
    expect(grace.filter((o) => !o.startsWith('failed:')).length).toBeGreaterThan(0);
    expect(grace.filter((o) => o.startsWith('failed:') && o !== 'failed:timedOut')).toEqual([]);
  });

  it('all succeed once the endpoint is not ready and kube-proxies have synced', () => {
    const after = [...outcomes(result, 'after-').values()];
    expect(after).toHaveLength(39);
    expect(after.filter((o) => o.startsWith('failed:') || o === victim)).toEqual([]);
  });
});

describe('a pod on a failed node', () => {
  it('cannot send: its connections fail at once', () => {
    const result = runCluster([
      ...clusterInputs(),
      apply(0, appPod('stranded', 'client', 2)),
      failNode(FAILED_AT, 'node-2'),
      input(s(20), {
        type: 'connection/opened',
        id: 'out',
        from: fromPod('stranded'),
        dstName: 'web',
        dstPort: 80,
        protocol: 'TCP',
      }),
    ]);
    const failed = result.log.entries.find(
      (e) => e.event.type === 'connection/failed' && e.event.id === 'out',
    );
    expect(failed?.at).toBe(s(20));
    expect(failed?.event).toMatchObject({ failure: 'timedOut' });
  });
});
