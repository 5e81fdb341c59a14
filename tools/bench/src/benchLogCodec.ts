import { decodeSimLog, encodeSimLog, type SimLog } from '@svcsim/core';

import { measureRate, type Measurement } from './measure.js';

/** Encode and decode throughput of a run's log, and its size per event. */
export function benchLogCodec(log: SimLog): Measurement[] {
  const bytes = encodeSimLog(log);
  const events = log.entries.length;
  const encode = measureRate(3, () => {
    encodeSimLog(log);
    return events;
  });
  const decode = measureRate(3, () => decodeSimLog(bytes).entries.length);
  return [
    { name: 'log.encode', unit: 'events/s', value: encode.opsPerSecond },
    { name: 'log.decode', unit: 'events/s', value: decode.opsPerSecond },
    {
      name: 'log.size',
      unit: 'bytes/event',
      value: bytes.length / events,
      note: `${(bytes.length / 1048576).toFixed(1)} MiB for ${events.toLocaleString('en-US')} events`,
    },
  ];
}
