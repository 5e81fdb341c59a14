import { describe, expect, it } from 'vitest';

import type { InputEntry } from '../../../src/engine/InputEntry.js';
import type { SimEvent } from '../../../src/events/SimEvent.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import { apply, input, node, pod, podIPOf, readyChanges, runFor, s } from './kubeletFixtures.js';

const S = 50;

/** A connection from pod `client` to `ip:port` at `at`. */
function connect(at: number, id: string, ip: string, port = 8080): InputEntry {
  return input(at, {
    type: 'connection/opened',
    id,
    from: { kind: 'pod', namespace: 'default', name: 'client' },
    dstIP: ip,
    dstPort: port,
    protocol: 'TCP',
  });
}

/** `established`, or the failure and its reason, of each connection. */
function outcomes(entries: readonly LogEntry<SimEvent>[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { event } of entries) {
    if (event.type === 'connection/established') result[event.id] = 'established';
    else if (event.type === 'connection/failed') result[event.id] = `${event.failure}: ${event.reason}`;
  }
  return result;
}

describe('what the application listens on, through run()', () => {
  it('never readies an app bound to 127.0.0.1 behind an httpGet probe, and refuses its pod IP', () => {
    const base = [
      apply(0, node()),
      apply(0, pod('client', { labels: { app: 'client' } })),
      apply(
        0,
        pod('local', {
          app: { 'bind-address': '127.0.0.1' },
          container: { readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } },
        }),
      ),
    ];
    const ip = podIPOf(runFor(base, s(1)).log.entries, 'local');
    const { log } = runFor(
      [
        ...base,
        connect(s(5), 'to-pod-ip', ip),
        // The pod itself reaches its own loopback.
        input(s(5), {
          type: 'connection/opened',
          id: 'own-loopback',
          from: { kind: 'pod', namespace: 'default', name: 'local' },
          dstIP: '127.0.0.1',
          dstPort: 8080,
          protocol: 'TCP',
        }),
      ],
      s(60),
    );
    expect(readyChanges(log.entries, 'local')).toEqual([{ at: S, ready: false }]);
    expect(outcomes(log.entries)).toEqual({
      'to-pod-ip': "refused: pod default/local's container app listens on 127.0.0.1 only",
      'own-loopback': 'established',
    });
  });

  it('refuses connections until the start-up delay has passed, and on ports it does not serve', () => {
    const base = [
      apply(0, node()),
      apply(0, pod('client', { labels: { app: 'client' } })),
      apply(0, pod('slow', { app: { 'startup-delay': '10s', ports: '8080,9090' } })),
    ];
    const ip = podIPOf(runFor(base, s(1)).log.entries, 'slow');
    const { log } = runFor(
      [
        ...base,
        connect(S + s(10) - 1, 'early', ip),
        connect(S + s(10), 'on-time', ip),
        connect(S + s(10), 'admin', ip, 9090),
        connect(S + s(10), 'other', ip, 7070),
      ],
      s(20),
    );
    expect(outcomes(log.entries)).toEqual({
      early: "refused: pod default/slow's container app is starting: it listens from 10.050s",
      'on-time': 'established',
      admin: 'established',
      other: 'refused: pod default/slow does not listen on 7070/TCP',
    });
  });

  it('stops answering when the application crashes, and answers again once restarted', () => {
    // app/crashed at 5s: the first exit restarts at once; at 6s the second waits out a 10s back-off,
    // until 16s.
    const base = [
      apply(0, node()),
      apply(0, pod('client', { labels: { app: 'client' } })),
      apply(0, pod('web')),
    ];
    const ip = podIPOf(runFor(base, s(1)).log.entries, 'web');
    const crash = (at: number) => input(at, { type: 'app/crashed', namespace: 'default', name: 'web' });
    const { log } = runFor(
      [
        ...base,
        crash(s(5)),
        connect(s(5), 'restarted', ip),
        crash(s(6)),
        connect(s(7), 'backing-off', ip),
        connect(s(17), 'back', ip),
      ],
      s(20),
    );
    expect(outcomes(log.entries)).toEqual({
      restarted: 'established',
      'backing-off': "refused: pod default/web's container app is not running (CrashLoopBackOff)",
      back: 'established',
    });
  });
});
