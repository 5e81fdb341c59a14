import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { LogEntry } from '../../src/LogEntry.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import { extractInputs, resimulate } from '../../src/engine/resimulate.js';
import { run } from '../../src/engine/run.js';
import { decodeSimLog, encodeSimLog } from '../../src/engine/simLogCodec.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { inputsArb, nodeObject, podObject } from '../helpers/arbitraries.js';

const config = resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: 50 });

describe('resimulate', () => {
  it('reproduces every recorded log byte for byte from its inputs alone', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const { log } = run(inputs, seed, config);
        const bytes = encodeSimLog(log, { segmentSize: 7 });
        const result = resimulate(decodeSimLog(bytes));
        expect(result.identical).toBe(true);
        expect(encodeSimLog(result.resimulated, { segmentSize: 7 })).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('extracts exactly the inputs, in their recorded order', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const { log } = run(inputs, seed, config);
        const stable = inputs
          .map((input, i) => ({ input, i }))
          .sort((a, b) => a.input.at - b.input.at || a.i - b.i);
        expect(extractInputs(log)).toEqual(stable.map(({ input }) => input));
      }),
      { numRuns: 60 },
    );
  });

  it('detects a tampered derived event and names the first entry that differs', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
      { at: 10, event: { type: 'api/applied', object: podObject('p', 'web', 'node-0', 0) } },
    ];
    const { log } = run(inputs, 5, config);
    const index = log.entries.findIndex(
      (e) => e.event.type === 'object/updated' && e.event.object.kind === 'Pod',
    );
    const tampered = log.entries.map((entry, i): LogEntry<SimEvent> =>
      i === index && entry.event.type === 'object/updated' && entry.event.object.kind === 'Pod'
        ? {
            ...entry,
            event: { ...entry.event, object: { ...entry.event.object, status: { podIP: '10.64.0.250' } } },
          }
        : entry,
    );
    const result = resimulate({ header: log.header, entries: tampered });
    expect(result.identical).toBe(false);
    expect(result.firstDifference?.index).toBe(index);
    expect(result.firstDifference?.recorded?.event).toMatchObject({
      object: { status: { podIP: '10.64.0.250' } },
    });
  });

  it('detects a log whose seed was changed', () => {
    const { log } = run(
      [
        { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
        { at: 1, event: { type: 'api/applied', object: podObject('p', 'web', 'node-0', 0) } },
      ],
      5,
      config,
    );
    expect(resimulate({ header: { ...log.header, seed: 6 }, entries: log.entries }).identical).toBe(false);
  });
});

describe('encodeSimLog', () => {
  it('round-trips a run log, header included', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const { log } = run(inputs, seed, config);
        expect(decodeSimLog(encodeSimLog(log, { segmentSize: 5 }))).toEqual(log);
      }),
      { numRuns: 40 },
    );
  });

  it('encodes two runs of the same inputs and seed to identical bytes', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        expect(encodeSimLog(run(inputs, seed, config).log)).toEqual(
          encodeSimLog(run(inputs, seed, config).log),
        );
      }),
      { numRuns: 40 },
    );
  });
});
