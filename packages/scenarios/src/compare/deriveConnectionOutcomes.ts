import type {
  ConnectionBreak,
  ConnectionFailure,
  ConnectionPeer,
  LogEntry,
  SimEvent,
  SimTime,
} from '@svcsim/core';

import { parseTrafficConnectionId } from '../traffic/trafficConnectionId.js';

/**
 * One answer the data plane gave on a connection: to its open (`connection/opened`), to a reopen while
 * a request waited (a keep-alive client reconnecting, or a UDP flow routed again after kube-proxy
 * cleared its conntrack entry), to a request (`connection/used`), or to a close of a connection the
 * data plane did not have open.
 */
export type OutcomeStep = OutcomeSuccess | OutcomeFailure;

/** What every outcome step carries: when, and what it answered. */
interface OutcomeStepBase {
  readonly at: SimTime;
  readonly answers: 'open' | 'reopen' | 'request' | 'close';
}

/** A connection made (`established`) or a request answered (`served`), and by whom. */
export interface OutcomeSuccess extends OutcomeStepBase {
  readonly type: 'established' | 'served';
  readonly peer: ConnectionPeer;
  /** The node whose rules handled the first packet (established only). */
  readonly node?: string;
}

/** A connection that could not be made (`failed`) or a request that was not answered (`broken`). */
export interface OutcomeFailure extends OutcomeStepBase {
  readonly type: 'failed' | 'broken';
  readonly failure: ConnectionFailure | ConnectionBreak;
  readonly reason: string;
}

/** Everything that became of one connection id, in log order. */
export interface ConnectionOutcomes {
  readonly id: string;
  /**
   * The traffic it belongs to: the name before `#` of a traffic connection id (`clients#3`,
   * `clients#keepalive`); any other id (a hand-written input's, the demo's `new-3`) is its own.
   */
  readonly traffic: string;
  /** When the id first appears in the log (its `connection/opened`, normally). */
  readonly firstAt: SimTime;
  readonly steps: readonly OutcomeStep[];
  /**
   * The outcomes of its requests as traffic counts them (contract 3 of issue 6): the answers to its
   * `connection/used` inputs when it had any (a keep-alive connection), else the answer to its open.
   */
  readonly requests: readonly OutcomeStep[];
}

/** The traffic a connection id belongs to (see ConnectionOutcomes.traffic). */
export function trafficOfConnection(id: string): string {
  return parseTrafficConnectionId(id)?.traffic ?? id;
}

/**
 * Whether two steps are the same outcome, as a client sees it: the same kind of answer, from the same
 * pod (or address, when no pod held it), or failed the same way. Instants and reasons do not count.
 */
export function sameOutcome(a: OutcomeStep, b: OutcomeStep): boolean {
  if (a.type !== b.type) return false;
  if (isSuccess(a) && isSuccess(b)) {
    return a.peer.pod !== undefined || b.peer.pod !== undefined
      ? a.peer.pod === b.peer.pod
      : a.peer.ip === b.peer.ip && a.peer.port === b.peer.port;
  }
  return !isSuccess(a) && !isSuccess(b) && a.failure === b.failure;
}

/** Whether the step is a success: a connection made, or a request answered. */
export function isSuccess(step: OutcomeStep): step is OutcomeSuccess {
  return step.type === 'established' || step.type === 'served';
}

interface Building {
  readonly id: string;
  readonly firstAt: SimTime;
  readonly steps: OutcomeStep[];
  /** The input the next answer belongs to; the data plane answers each input at its own instant. */
  pending: 'opened' | 'used' | 'closed' | undefined;
  usedCount: number;
}

/**
 * Reads each connection id's outcomes from a log, in order of first appearance. Only connection
 * events are looked at, so this is one pass over the entries with O(1) work per connection event.
 */
export function deriveConnectionOutcomes(entries: Iterable<LogEntry<SimEvent>>): ConnectionOutcomes[] {
  const byId = new Map<string, Building>();
  const building = (id: string, at: SimTime): Building => {
    let connection = byId.get(id);
    if (connection === undefined) {
      connection = { id, firstAt: at, steps: [], pending: undefined, usedCount: 0 };
      byId.set(id, connection);
    }
    return connection;
  };
  for (const { at, event } of entries) {
    switch (event.type) {
      case 'connection/opened':
        building(event.id, at).pending = 'opened';
        break;
      case 'connection/used': {
        const connection = building(event.id, at);
        connection.pending = 'used';
        connection.usedCount++;
        break;
      }
      case 'connection/closed':
        building(event.id, at).pending = 'closed';
        break;
      case 'connection/established':
      case 'connection/failed': {
        const connection = building(event.id, at);
        const answers = connection.pending === 'used' ? 'reopen' : 'open';
        connection.steps.push(
          event.type === 'connection/established'
            ? { at, answers, type: 'established', peer: event.peer, node: event.node }
            : { at, answers, type: 'failed', failure: event.failure, reason: event.reason },
        );
        break;
      }
      case 'connection/served':
      case 'connection/broken': {
        const connection = building(event.id, at);
        const answers = connection.pending === 'closed' ? 'close' : 'request';
        connection.steps.push(
          event.type === 'connection/served'
            ? { at, answers, type: 'served', peer: event.peer }
            : { at, answers, type: 'broken', failure: event.failure, reason: event.reason },
        );
        break;
      }
      default:
        break;
    }
  }
  return [...byId.values()].map(({ id, firstAt, steps, usedCount }) => ({
    id,
    traffic: trafficOfConnection(id),
    firstAt,
    steps,
    requests: usedCount > 0 ? steps.filter((step) => step.answers === 'request') : firstOpen(steps),
  }));
}

function firstOpen(steps: readonly OutcomeStep[]): OutcomeStep[] {
  const open = steps.find((step) => step.answers === 'open');
  return open === undefined ? [] : [open];
}
