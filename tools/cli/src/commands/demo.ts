import { canonicalDigest, encodeSimLog, formatSimTime, run, writeSimLogFile } from '@svcsim/core';
import { ROLLOUT_DEMO_CONFIG, createRolloutDemoInputs } from '@svcsim/scenarios';
import { createHash } from 'node:crypto';

import type { Io } from '../Io.js';
import { renderEndpoints } from '../renderEndpoints.js';
import { isNotable, renderTimeline } from '../renderTimeline.js';

export interface DemoOptions {
  readonly seed: number;
  readonly all: boolean;
  readonly record?: string;
}

/** Runs the built-in rollout demo and prints its timeline, the final Endpoints and the log's digest. */
export async function demoCommand(options: DemoOptions, io: Io): Promise<void> {
  const inputs = createRolloutDemoInputs();
  const config = ROLLOUT_DEMO_CONFIG;
  const { log, finalState } = run(inputs, options.seed, config, {
    scenarioDigest: canonicalDigest({ demo: 'rollout', inputs, config }),
  });
  const bytes = encodeSimLog(log);
  const shown = options.all ? log.entries : log.entries.filter(isNotable);
  io.out(
    `svcsim demo: Deployment default/web behind Service default/web on 3 nodes: scale 3 -> 4 at 8s, ` +
      `roll out a new image at 12s, node-2 fails at 22s; seed ${options.seed}; watch delay ${config.watchDelayMs} ms; ` +
      `${formatSimTime(config.durationMs)} of virtual time\n\n`,
  );
  io.out(renderTimeline(shown));
  if (!options.all)
    io.out(
      `(${log.entries.length - shown.length} Deployment, ReplicaSet and Endpoints updates not shown; --all shows every event)\n`,
    );
  io.out(`\nkubectl get endpoints -A, at ${formatSimTime(config.durationMs)}:\n`);
  io.out(renderEndpoints(finalState, config.durationMs));
  io.out(
    `\nlog: ${log.entries.length} events (${inputs.length} inputs, ${log.entries.length - inputs.length} derived), ` +
      `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`,
  );
  if (options.record !== undefined) {
    await writeSimLogFile(options.record, log);
    io.out(`recorded to ${options.record}; try: svcsim replay ${options.record} --verify --at 12.5s\n`);
  }
}
