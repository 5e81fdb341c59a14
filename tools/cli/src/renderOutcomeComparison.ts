import { formatSimTime, type ConnectionPeer } from '@svcsim/core';
import {
  type ConnectionDifference,
  type OutcomeChange,
  type OutcomeComparison,
  type OutcomeStep,
  type ProxyWork,
  type RequestCounts,
} from '@svcsim/scenarios';

import { renderTable } from './renderTable.js';

/** The two runs being compared, named by their kube-proxy modes. */
export interface ComparedRuns {
  readonly recordedMode: string;
  readonly resimulatedMode: string;
  readonly recordedWork: ProxyWork;
  readonly resimulatedWork: ProxyWork;
}

const CHANGES: Readonly<Record<OutcomeChange, string>> = {
  otherPeer: 'reached another endpoint',
  nowFails: 'failed where the recording succeeded',
  nowSucceeds: 'succeeded where the recording failed',
  otherFailure: 'failed another way',
  otherSteps: 'a different sequence of outcomes',
};

/**
 * The report of `svcsim replay LOG --mode M`: each traffic's request outcomes in both runs, the first
 * `show` differing connections step by step, each mode's kube-proxy work, and a one-line verdict.
 * Counts that agree are printed once, counts that differ as `recorded -> re-simulated`.
 */
export function renderOutcomeComparison(
  comparison: OutcomeComparison,
  runs: ComparedRuns,
  show: number,
): string {
  const recordedLabel = `recorded (${runs.recordedMode})`;
  const resimulatedLabel = `re-simulated (${runs.resimulatedMode})`;
  let text = '\noutcomes by traffic, recorded -> re-simulated:\n';
  text +=
    comparison.traffics.length === 0
      ? 'No traffic\n'
      : renderTable(
          ['TRAFFIC', 'CONNECTIONS', 'DIFFERING', 'REQUESTS', 'SUCCEEDED', 'FAILED'],
          comparison.traffics.map((t) => [
            t.traffic,
            String(t.connections),
            String(t.differing),
            change(t.recorded.requests, t.resimulated.requests),
            change(t.recorded.succeeded, t.resimulated.succeeded),
            failures(t.recorded, t.resimulated),
          ]),
        ) +
        'REQUESTS: the opens of connections that carry no requests, else the requests on them; ' +
        'DIFFERING: connections with any outcome (open, reconnect, request) not the same\n';

  const { differences } = comparison;
  if (differences.length > 0 && show > 0) {
    const shown = differences.slice(0, show);
    text +=
      shown.length === differences.length
        ? `\nthe ${String(differences.length)} differing connections, by when they first differ:\n`
        : `\nthe first ${String(shown.length)} of ${String(differences.length)} differing connections, by when they first differ:\n`;
    const width = Math.max(recordedLabel.length, resimulatedLabel.length) + 1;
    for (const difference of shown) {
      text += `${difference.id}: ${CHANGES[difference.change]}${position(difference)}\n`;
      text += `  ${`${recordedLabel}:`.padEnd(width)}  ${describeStep(difference.recorded)}\n`;
      text += `  ${`${resimulatedLabel}:`.padEnd(width)}  ${describeStep(difference.resimulated)}\n`;
    }
  }

  text += '\nkube-proxy work, all nodes:\n';
  text += renderTable(
    ['RUN', 'SYNCS', 'FULL', 'RULES-WRITTEN', 'SYNC-TIME', 'RULES-WALKED', 'FIRST-PACKET-TIME'],
    [workRow(recordedLabel, runs.recordedWork), workRow(resimulatedLabel, runs.resimulatedWork)],
  );
  text +=
    'SYNC-TIME and FIRST-PACKET-TIME: the modes\u2019 modelled costs, summed; RULES-WALKED: rules the first packets of new connections evaluated\n';

  text +=
    differences.length === 0
      ? `\noutcomes identical: all ${String(comparison.connections)} connections had the same outcomes under ${runs.resimulatedMode} as recorded under ${runs.recordedMode}\n`
      : `\noutcomes differ: ${String(differences.length)} of ${String(comparison.connections)} connections had other outcomes under ${runs.resimulatedMode} than recorded under ${runs.recordedMode}\n`;
  return text;
}

function change(before: number, after: number): string {
  return before === after ? String(before) : `${String(before)} -> ${String(after)}`;
}

/** Failed requests in total, then by failure, each as `recorded -> re-simulated` where they differ. */
function failures(recorded: RequestCounts, resimulated: RequestCounts): string {
  const total = (counts: RequestCounts): number =>
    Object.values(counts.failed).reduce((sum, n) => sum + n, 0);
  const kinds = [...new Set([...Object.keys(recorded.failed), ...Object.keys(resimulated.failed)])].sort();
  const byKind = kinds.map(
    (kind) => `${kind} ${change(recorded.failed[kind] ?? 0, resimulated.failed[kind] ?? 0)}`,
  );
  const sum = change(total(recorded), total(resimulated));
  return byKind.length === 0 ? sum : `${sum} (${byKind.join(', ')})`;
}

function position(difference: ConnectionDifference): string {
  const { index, recordedSteps, resimulatedSteps } = difference;
  if (recordedSteps <= 1 && resimulatedSteps <= 1) return '';
  return ` (outcome ${String(index + 1)}; ${String(recordedSteps)} recorded, ${String(resimulatedSteps)} re-simulated)`;
}

function describeStep(step: OutcomeStep | undefined): string {
  if (step === undefined) return '(no outcome)';
  const at = formatSimTime(step.at).padStart(8);
  const reopened = step.answers === 'reopen' ? 'reopened, ' : '';
  switch (step.type) {
    case 'established':
      return `${at}  ${reopened}established to ${peerOf(step.peer)}${step.node === undefined ? '' : ` via ${step.node}`}`;
    case 'served':
      return `${at}  request served by ${peerOf(step.peer)}`;
    case 'failed':
      return `${at}  ${reopened}failed, ${step.failure}: ${step.reason}`;
    case 'broken':
      return `${at}  ${step.answers === 'close' ? 'close' : 'request'} broken, ${step.failure}: ${step.reason}`;
  }
}

function peerOf(peer: ConnectionPeer): string {
  const address = `${peer.ip}:${String(peer.port)}`;
  return peer.pod === undefined ? address : `pod ${peer.pod} (${address})`;
}

function workRow(label: string, work: ProxyWork): string[] {
  return [
    label,
    String(work.syncs),
    String(work.fullSyncs),
    String(work.rulesWritten),
    formatMicros(work.syncCostMicros),
    String(work.rulesEvaluated),
    formatMicros(work.firstPacketCostNanos / 1000),
  ];
}

/** A modelled duration, in the unit that keeps it short (µs, ms or s, three significant places at most). */
export function formatMicros(micros: number): string {
  if (micros < 1000) return `${trim(micros.toFixed(micros < 10 ? 2 : 1))}µs`;
  if (micros < 1_000_000) return `${trim((micros / 1000).toFixed(1))}ms`;
  return `${trim((micros / 1_000_000).toFixed(2))}s`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
