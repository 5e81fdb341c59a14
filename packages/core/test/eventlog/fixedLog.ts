import type { LogEntry } from '../../src/LogEntry.js';
import type { EventLogHeader } from '../../src/eventlog/eventLogFormat.js';

/**
 * A fixed log for determinism checks, built without fast-check or any randomness of the environment:
 * event shapes like the simulator's, label maps with varied keys, unicode, floats and large integers,
 * spread over many segments of {@link FIXED_LOG_SEGMENT_SIZE}.
 */
export const FIXED_LOG_SEGMENT_SIZE = 64;

export const fixedLogHeader: EventLogHeader = {
  seed: 7,
  scenarioDigest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  meta: { proxyMode: 'iptables', minSyncPeriodMs: 1000, note: 'Grüße, 世界 🚀' },
};

/** An event as the fixed log has them: a type and any plain data. */
export interface FixedLogEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export function fixedLogEntries(count = 3000): LogEntry<FixedLogEvent>[] {
  // xorshift32: a fixed sequence, the same in every process.
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const apps = ['web', 'api', 'db', 'cache'];
  const entries: LogEntry<FixedLogEvent>[] = [];
  let at = 0;
  for (let seq = 0; seq < count; seq++) {
    at += next() % 4 === 0 ? next() % 500 : 0;
    const app = apps[next() % apps.length] ?? 'web';
    const pod = `${app}-${(next() % 0xfffff).toString(16)}`;
    const kind = next() % 6;
    let event: FixedLogEvent;
    if (kind === 0) {
      event = {
        type: 'pod/added',
        namespace: 'default',
        name: pod,
        nodeName: `node-${next() % 8}`,
        // Label maps of several key sets, one of them unique per pod.
        labels:
          next() % 3 === 0
            ? { app, [`custom.example.com/${pod}`]: 'yes' }
            : { 'app.kubernetes.io/name': app, 'pod-template-hash': (next() % 0xffff).toString(36) },
        ready: next() % 2 === 0,
      };
    } else if (kind === 1) {
      event = {
        type: 'pod/ipAssigned',
        namespace: 'default',
        name: pod,
        ip: `10.244.${next() % 8}.${next() % 250}`,
      };
    } else if (kind === 2) {
      event = { type: 'pod/readinessSet', namespace: 'default', name: pod, ready: next() % 2 === 0 };
    } else if (kind === 3) {
      event = {
        type: 'endpoints/updated',
        namespace: 'shop',
        name: app,
        addresses: [`10.244.1.${next() % 250}:8080`, `10.244.2.${next() % 250}:8080`],
        notReadyAddresses: [],
      };
    } else if (kind === 4) {
      event = {
        type: 'conn/connected',
        latencyMs: next() / 1000,
        bytes: next() * 1024,
        path: ['client', `node-${next() % 8}`, 'KUBE-SVC-ÄÖÜ', '服务', '🚀'],
      };
    } else {
      event = { type: 'sim/note', text: `tick ${seq}`, ratio: (next() % 1000) / 7, big: -(2 ** 40) - next() };
    }
    entries.push({ seq, at, event });
  }
  return entries;
}
