import { canonicalDigest, encodeSimLog, formatSimTime, run, writeSimLogFile } from '@svcsim/core';
import { READINESS_DEMO_CONFIG, createReadinessDemoInputs } from '@svcsim/scenarios';
import { createHash } from 'node:crypto';

import type { Io } from '../Io.js';
import { renderEndpoints } from '../renderEndpoints.js';
import { renderTimeline } from '../renderTimeline.js';

export interface DemoOptions {
  readonly seed: number;
  readonly record?: string;
}

/** Runs the built-in readiness demo and prints its timeline, the final Endpoints and the log's digest. */
export async function demoCommand(options: DemoOptions, io: Io): Promise<void> {
  const inputs = createReadinessDemoInputs();
  const config = READINESS_DEMO_CONFIG;
  const { log, finalState } = run(inputs, options.seed, config, {
    scenarioDigest: canonicalDigest({ demo: 'readiness', inputs, config }),
  });
  const bytes = encodeSimLog(log);
  const derived = log.entries.length - inputs.length;
  io.out(
    `svcsim demo: 3 nodes, Service default/web, 3 pods; seed ${options.seed}; ` +
      `watch delay ${config.watchDelayMs} ms; ${formatSimTime(config.durationMs)} of virtual time\n\n`,
  );
  io.out(renderTimeline(log.entries));
  io.out(`\nEndpoints at ${formatSimTime(config.durationMs)}:\n`);
  io.out(renderEndpoints(finalState));
  io.out(
    `\nlog: ${log.entries.length} events (${inputs.length} inputs, ${derived} derived), ` +
      `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`,
  );
  if (options.record !== undefined) {
    await writeSimLogFile(options.record, log);
    io.out(`recorded to ${options.record}; try: svcsim replay ${options.record} --verify --at 11s\n`);
  }
}
