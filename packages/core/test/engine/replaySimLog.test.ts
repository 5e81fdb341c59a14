import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import { EventLogError } from '../../src/eventlog/EventLogError.js';
import { createReplay } from '../../src/engine/Replay.js';
import { run } from '../../src/engine/run.js';
import { decodeSimLog, encodeSimLog, replaySimLog, replaySimLogFile } from '../../src/engine/simLogCodec.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import { inputsArb } from '../helpers/arbitraries.js';

const config = resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: 50 });
const dir = mkdtempSync(join(tmpdir(), 'svcsim-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replaySimLog', () => {
  it('gives the same state at every instant as folding every decoded entry, in both format versions', () => {
    fc.assert(
      fc.property(
        inputsArb(),
        fc.nat(),
        fc.constantFrom(1 as const, 2 as const),
        fc.constantFrom(3, 50_000),
        (inputs, seed, formatVersion, segmentSize) => {
          const { log } = run(inputs, seed, config);
          const bytes = encodeSimLog(log, { formatVersion, segmentSize });
          const full = createReplay(decodeSimLog(bytes).entries);
          const { header, replay } = replaySimLog(bytes, { snapshotEvery: 5 });
          expect(header).toEqual(log.header);
          expect(replay.finalState).toEqual(full.finalState);
          const instants = [...new Set(log.entries.map((entry) => entry.at))];
          for (const t of [-1, ...instants, config.durationMs])
            expect(replay.stateAt(t)).toEqual(full.stateAt(t));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a file the same way', async () => {
    const { log } = run([], 1, config);
    const path = join(dir, 'empty-run.svlog');
    writeFileSync(path, encodeSimLog(log));
    const fromFile = await replaySimLogFile(path);
    expect(fromFile.header).toEqual(log.header);
    expect(fromFile.replay.finalState).toEqual(createReplay(log.entries).finalState);
  });

  it('refuses a log with an event type this svcsim does not know, naming it', () => {
    const bytes = encodeEventLog({ seed: 1, scenarioDigest: 'd', meta: { config } }, [
      { seq: 0, at: 0, event: { type: 'pod/teleported', name: 'web-0' } },
    ]);
    expect(() => replaySimLog(bytes)).toThrow(EventLogError);
    expect(() => replaySimLog(bytes)).toThrow(
      'the log holds events of type "pod/teleported", which this svcsim does not know (was the log written by a newer version?)',
    );
  });
});
