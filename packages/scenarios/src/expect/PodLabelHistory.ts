import { compareCodeUnits, type Labels, type LogEntry, type SimEvent, type SimTime } from '@svcsim/core';

/** Every pod's labels over a run, as the apiserver held them, read from the log. */
export interface PodLabelHistory {
  /**
   * The labels of pod `namespace/name` at instant `t` (after every log entry at or before it, as
   * Replay.stateAt sees the state); undefined when no such pod existed then. A pod without labels has
   * an empty set.
   */
  labelsAt(pod: string, t: SimTime): Labels | undefined;
  /**
   * The pods (`namespace/name`, sorted) that existed at some instant of [from, to) with labels that
   * `matches` accepts then.
   */
  podsDuring(from: SimTime, to: SimTime, matches: (pod: string, labels: Labels) => boolean): string[];
}

/** One state of a pod from `at` until the next version: its labels, or undefined once deleted. */
interface PodVersion {
  readonly at: SimTime;
  readonly labels: Labels | undefined;
}

const NO_LABELS: Labels = {};

/**
 * A PodLabelHistory of a log. It is built on first use, in one pass over the log, so a run whose
 * expectations never ask about pods pays nothing; asking it for the labels at a request instant costs a
 * binary search, where Replay.stateAt would fold the log from the nearest snapshot for every request.
 */
export function podLabelHistoryOf(entries: Iterable<LogEntry<SimEvent>>): PodLabelHistory {
  let versionsByPod: ReadonlyMap<string, readonly PodVersion[]> | undefined;
  const versions = (): ReadonlyMap<string, readonly PodVersion[]> =>
    (versionsByPod ??= podVersionsOf(entries));

  return {
    labelsAt(pod, t) {
      const list = versions().get(pod) ?? [];
      // The last version at or before t.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid] as PodVersion).at <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? undefined : (list[lo - 1] as PodVersion).labels;
    },
    podsDuring(from, to, matches) {
      const pods: string[] = [];
      for (const [pod, list] of versions()) {
        const seen = list.some(({ at, labels }, i) => {
          const until = list[i + 1]?.at ?? Number.POSITIVE_INFINITY;
          return labels !== undefined && at < to && until > from && matches(pod, labels);
        });
        if (seen) pods.push(pod);
      }
      return pods.sort(compareCodeUnits);
    },
  };
}

/**
 * Each pod's versions in time order. Several changes at one instant leave only the last: no instant
 * sees the others (a pod created and deleted at the same instant never existed for anyone looking).
 */
function podVersionsOf(entries: Iterable<LogEntry<SimEvent>>): Map<string, PodVersion[]> {
  const versionsByPod = new Map<string, PodVersion[]>();
  const record = (pod: string, at: SimTime, labels: Labels | undefined): void => {
    let list = versionsByPod.get(pod);
    if (list === undefined) {
      list = [];
      versionsByPod.set(pod, list);
    }
    if (list[list.length - 1]?.at === at) list.pop();
    list.push({ at, labels });
  };
  for (const { at, event } of entries) {
    switch (event.type) {
      case 'object/created':
      case 'object/updated': {
        const { kind, metadata } = event.object;
        if (kind !== 'Pod') break;
        record(`${metadata.namespace ?? ''}/${metadata.name ?? ''}`, at, metadata.labels ?? NO_LABELS);
        break;
      }
      case 'object/deleted':
        if (event.kind === 'Pod') record(`${event.namespace}/${event.name}`, at, undefined);
        break;
      default:
        break;
    }
  }
  return versionsByPod;
}
