import { compareCodeUnits, type LogEntry, type SimEvent, type SimTime } from '@svcsim/core';

import {
  deriveConnectionOutcomes,
  isSuccess,
  sameOutcome,
  type ConnectionOutcomes,
  type OutcomeStep,
} from './deriveConnectionOutcomes.js';

/**
 * How a connection's outcomes first part between two runs: it reached another endpoint, failed where
 * it had succeeded (or the reverse), failed another way, or one run has an answer the other has not
 * at that point (a keep-alive connection that had to reconnect in one run only).
 */
export type OutcomeChange = 'otherPeer' | 'nowFails' | 'nowSucceeds' | 'otherFailure' | 'otherSteps';

/** One connection whose outcomes differ, and where they first part. */
export interface ConnectionDifference {
  readonly id: string;
  readonly traffic: string;
  readonly change: OutcomeChange;
  /** Index of the first differing step; the steps before it are the same in both runs. */
  readonly index: number;
  /** The instant of the first differing step (the earlier of the two, when both runs have one). */
  readonly at: SimTime;
  /** Each run's step there; undefined when that run has no step at `index`. */
  readonly recorded: OutcomeStep | undefined;
  readonly resimulated: OutcomeStep | undefined;
  readonly recordedSteps: number;
  readonly resimulatedSteps: number;
}

/** How one run's requests of a traffic ended (contract 3's request outcomes; see ConnectionOutcomes). */
export interface RequestCounts {
  readonly requests: number;
  readonly succeeded: number;
  /** Failed requests by failure (`refused`, `timedOut`, `reset`, ...), in code-unit order of the name. */
  readonly failed: Readonly<Record<string, number>>;
}

/** One traffic's outcomes in both runs. */
export interface TrafficComparison {
  readonly traffic: string;
  /** Connection ids of the traffic (seen in either run). */
  readonly connections: number;
  /** Of those, how many had a different outcome anywhere. */
  readonly differing: number;
  readonly recorded: RequestCounts;
  readonly resimulated: RequestCounts;
}

/** Two runs of the same inputs, compared by what their connections experienced. */
export interface OutcomeComparison {
  /** Connection ids seen in either run. */
  readonly connections: number;
  /** One entry per traffic, in order of its first connection (the recording's, then the re-simulation's). */
  readonly traffics: readonly TrafficComparison[];
  /** Every differing connection, by the instant it first differs, then by first appearance. */
  readonly differences: readonly ConnectionDifference[];
}

/**
 * Compares what the connections of two runs of the same inputs experienced (a recording and its
 * re-simulation under another proxy mode, say): per connection id, each open's outcome (established
 * to which pod, or failed how) and each request's (served by which pod, or broken how), in order.
 * Instants and reasons are shown but not compared: two modes may word a refusal differently, and the
 * outcome is what a client sees. Pure; linear in the number of connection events.
 */
export function compareConnectionOutcomes(
  recorded: Iterable<LogEntry<SimEvent>>,
  resimulated: Iterable<LogEntry<SimEvent>>,
): OutcomeComparison {
  const before = deriveConnectionOutcomes(recorded);
  const after = new Map(deriveConnectionOutcomes(resimulated).map((c) => [c.id, c]));
  const ids = new Map<
    string,
    { order: number; recorded?: ConnectionOutcomes; resimulated?: ConnectionOutcomes }
  >();
  for (const connection of before) ids.set(connection.id, { order: ids.size, recorded: connection });
  for (const connection of after.values()) {
    const known = ids.get(connection.id);
    if (known !== undefined) known.resimulated = connection;
    else ids.set(connection.id, { order: ids.size, resimulated: connection });
  }

  const traffics = new Map<
    string,
    { connections: number; differing: number; recorded: MutableCounts; resimulated: MutableCounts }
  >();
  const differences: { readonly difference: ConnectionDifference; readonly order: number }[] = [];
  for (const [id, pair] of ids) {
    const traffic = (pair.recorded ?? pair.resimulated)?.traffic ?? id;
    let counts = traffics.get(traffic);
    if (counts === undefined) {
      counts = { connections: 0, differing: 0, recorded: emptyCounts(), resimulated: emptyCounts() };
      traffics.set(traffic, counts);
    }
    counts.connections++;
    countRequests(counts.recorded, pair.recorded);
    countRequests(counts.resimulated, pair.resimulated);
    const difference = firstDifference(id, traffic, pair.recorded, pair.resimulated);
    if (difference !== undefined) {
      counts.differing++;
      differences.push({ difference, order: pair.order });
    }
  }
  differences.sort((a, b) => a.difference.at - b.difference.at || a.order - b.order);
  return {
    connections: ids.size,
    traffics: [...traffics.entries()].map(([traffic, c]) => ({
      traffic,
      connections: c.connections,
      differing: c.differing,
      recorded: frozenCounts(c.recorded),
      resimulated: frozenCounts(c.resimulated),
    })),
    differences: differences.map(({ difference }) => difference),
  };
}

interface MutableCounts {
  requests: number;
  succeeded: number;
  failed: Map<string, number>;
}

function emptyCounts(): MutableCounts {
  return { requests: 0, succeeded: 0, failed: new Map() };
}

function countRequests(counts: MutableCounts, connection: ConnectionOutcomes | undefined): void {
  for (const step of connection?.requests ?? []) {
    counts.requests++;
    if (isSuccess(step)) counts.succeeded++;
    else counts.failed.set(step.failure, (counts.failed.get(step.failure) ?? 0) + 1);
  }
}

function frozenCounts(counts: MutableCounts): RequestCounts {
  const failed: Record<string, number> = {};
  for (const failure of [...counts.failed.keys()].sort(compareCodeUnits)) {
    failed[failure] = counts.failed.get(failure) ?? 0;
  }
  return { requests: counts.requests, succeeded: counts.succeeded, failed };
}

function firstDifference(
  id: string,
  traffic: string,
  recorded: ConnectionOutcomes | undefined,
  resimulated: ConnectionOutcomes | undefined,
): ConnectionDifference | undefined {
  const a = recorded?.steps ?? [];
  const b = resimulated?.steps ?? [];
  let index = 0;
  while (
    index < a.length &&
    index < b.length &&
    sameOutcome(a[index] as OutcomeStep, b[index] as OutcomeStep)
  ) {
    index++;
  }
  if (index === a.length && index === b.length) return undefined;
  const before = a[index];
  const after = b[index];
  return {
    id,
    traffic,
    change: changeBetween(before, after),
    index,
    at: Math.min(before?.at ?? Infinity, after?.at ?? Infinity),
    recorded: before,
    resimulated: after,
    recordedSteps: a.length,
    resimulatedSteps: b.length,
  };
}

function changeBetween(before: OutcomeStep | undefined, after: OutcomeStep | undefined): OutcomeChange {
  if (before === undefined || after === undefined || before.type !== after.type) {
    // Both sides answered, one with success: that is the news, whatever the step kinds.
    if (before !== undefined && after !== undefined && isSuccess(before) !== isSuccess(after)) {
      return isSuccess(before) ? 'nowFails' : 'nowSucceeds';
    }
    return 'otherSteps';
  }
  return isSuccess(before) ? 'otherPeer' : 'otherFailure';
}
