import { createReplay, decodeSimLog, encodeSimLog, replaySimLog } from '@svcsim/core';

import { startCpuProfileSection } from './cpuProfileSection.js';
import { measureRate, perCpuSecondNote, type Measurement } from './measure.js';
import { createSyntheticLog, type SyntheticLogSpec } from './syntheticLog.js';

/**
 * Issue 2's log benchmark: the synthetic log written and read back through the real `.svlog` codec
 * (encodeSimLog / decodeSimLog, which also checks every event type), and replayed two ways:
 * `replaySimLog` (from the bytes to the state at any instant: it decodes only the entries that change
 * the cluster state, steps over the rest, and folds) and decodeSimLog + createReplay (every event built
 * and kept, then folded: what `svcsim replay --at` does, because it also prints the timeline). Each
 * rate is the best of `repeats` timed passes over the whole log after one warm-up pass, counting every
 * entry of the log. With `profileReplayPath`, the replay passes alone are CPU-profiled into that file.
 */
export function benchSyntheticLog(
  spec: SyntheticLogSpec,
  repeats: number,
  profileReplayPath?: string,
): Measurement[] {
  const log = createSyntheticLog(spec);
  const events = log.entries.length;
  const bytes = encodeSimLog(log);
  const encode = measureRate(repeats, () => {
    encodeSimLog(log);
    return events;
  });
  const decode = measureRate(repeats, () => decodeSimLog(bytes).entries.length);
  const fold = measureRate(repeats, () => {
    createReplay(log.entries);
    return events;
  });
  const stopProfile = profileReplayPath === undefined ? undefined : startCpuProfileSection(profileReplayPath);
  const replay = measureRate(repeats, () => {
    replaySimLog(bytes);
    return events;
  });
  stopProfile?.();
  const fullReplay = measureRate(repeats, () => {
    const decoded = decodeSimLog(bytes);
    createReplay(decoded.entries);
    return decoded.entries.length;
  });
  const count = events.toLocaleString('en-US');
  return [
    {
      name: 'log.bytesPerEvent',
      unit: 'bytes/event',
      value: bytes.length / events,
      note: `${(bytes.length / 1048576).toFixed(1)} MiB for ${count} synthetic events; target ≤ 32`,
    },
    {
      name: 'log.encodeEventsPerSec',
      unit: 'events/s',
      value: encode.opsPerSecond,
      note: perCpuSecondNote(encode.opsPerCpuSecond, 'events'),
    },
    {
      name: 'log.decodeEventsPerSec',
      unit: 'events/s',
      value: decode.opsPerSecond,
      note: perCpuSecondNote(decode.opsPerCpuSecond, 'events'),
    },
    {
      name: 'log.foldEventsPerSec',
      unit: 'events/s',
      value: fold.opsPerSecond,
      note: `the replay fold alone, on entries already in memory; ${perCpuSecondNote(fold.opsPerCpuSecond, 'events')}`,
    },
    {
      name: 'log.replayEventsPerSec',
      unit: 'events/s',
      value: replay.opsPerSecond,
      note: `replaySimLog: decode what changes state, step over the rest, fold; target ≥ 2,000,000; ${perCpuSecondNote(replay.opsPerCpuSecond, 'events')}`,
    },
    {
      name: 'log.fullReplayEventsPerSec',
      unit: 'events/s',
      value: fullReplay.opsPerSecond,
      note: `decodeSimLog (every event built) + createReplay; ${perCpuSecondNote(fullReplay.opsPerCpuSecond, 'events')}`,
    },
  ];
}
