import { canonicalDigest, encodeSimLog, formatSimTime, run, writeSimLogFile } from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';
import { ROLLOUT_DEMO_CONFIG, createRolloutDemoInputs } from '@svcsim/scenarios';
import { createHash } from 'node:crypto';

import { UsageError } from '../CliError.js';
import type { Io } from '../Io.js';
import { renderGet } from '../kubectl/renderGet.js';
import { isNotable, renderTimeline } from '../renderTimeline.js';
import { renderTraffic } from '../renderTraffic.js';

export interface DemoOptions {
  readonly seed: number;
  readonly all: boolean;
  readonly record?: string;
  /** Print this node's kube-proxy rules as they stand at the end of the run. */
  readonly rules?: string;
}

const ROLLOUT_DEMO_WINDOW_MS = 5_000;
const ROLLOUT_DEMO_WINDOW_LABEL = '5s';

/** Runs the built-in rollout demo and prints its timeline, the final Endpoints and the log's digest. */
export async function demoCommand(options: DemoOptions, io: Io): Promise<void> {
  const inputs = createRolloutDemoInputs();
  // The demo's nodes are the Nodes its inputs apply; checked before the run, so a typo costs nothing.
  const nodes = inputs.flatMap(({ event }) =>
    event.type === 'api/applied' && event.object.kind === 'Node' ? [event.object.metadata.name ?? ''] : [],
  );
  if (options.rules !== undefined && !nodes.includes(options.rules)) {
    throw new UsageError(
      `--rules: the demo has no node "${options.rules}"; expected one of ${nodes.join(', ')}`,
    );
  }
  const config = ROLLOUT_DEMO_CONFIG;
  const mode = proxyModeNamed(config.proxy?.mode ?? '');
  const { log, finalState, programmed } = run(inputs, options.seed, config, {
    scenarioDigest: canonicalDigest({ demo: 'rollout', inputs, config }),
    ...(mode !== undefined && { proxyMode: mode }),
  });
  const bytes = encodeSimLog(log);
  const shown = options.all ? log.entries : log.entries.filter(isNotable);
  io.out(
    `svcsim demo: Deployment default/web behind Service default/web on 3 nodes: scale 3 -> 4 at 8s, ` +
      `roll out a new image at 12s, node-2 fails at 22s; kube-proxy (${config.proxy?.mode ?? 'none'}) on every node, ` +
      `node-3's 1.5 s late; a client on node-3 opens a connection every 250 ms; seed ${options.seed}; ` +
      `watch delay ${config.watchDelayMs} ms; ${formatSimTime(config.durationMs)} of virtual time\n\n`,
  );
  io.out(renderTimeline(shown));
  if (!options.all)
    io.out(
      `(${log.entries.length - shown.length} status updates, proxy syncs and successful connections not shown; --all shows every event)\n`,
    );
  io.out(`\nthe client's connections to web (${ROLLOUT_DEMO_WINDOW_LABEL} windows):\n`);
  io.out(renderTraffic(log.entries, ROLLOUT_DEMO_WINDOW_MS));
  io.out(`\nkubectl get endpoints -A, at ${formatSimTime(config.durationMs)}:\n`);
  io.out(
    renderGet(finalState, 'endpoints', { allNamespaces: true, output: 'table', now: config.durationMs }),
  );
  io.out(
    `\nlog: ${log.entries.length} events (${inputs.length} inputs, ${log.entries.length - inputs.length} derived), ` +
      `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`,
  );
  if (options.rules !== undefined && programmed !== undefined) {
    io.out(`\n${programmed.mode.name} rules on ${options.rules} at ${formatSimTime(config.durationMs)}:\n`);
    io.out(programmed.mode.render(programmed.rulesOf(options.rules)));
  }
  if (options.record !== undefined) {
    await writeSimLogFile(options.record, log);
    io.out(`recorded to ${options.record}; try: svcsim replay ${options.record} --verify --at 12.5s\n`);
  }
}
