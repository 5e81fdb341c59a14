import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';

import { encodeSimLog, formatSimTime, writeSimLogFile, type SimTime } from '@svcsim/core';
import {
  ScenarioOptionError,
  loadScenario,
  runScenario,
  type ScenarioRun,
  type TrafficSpec,
} from '@svcsim/scenarios';

import { CheckFailed, UsageError } from '../CliError.js';
import { createProgressBar } from '../createProgressBar.js';
import type { Io } from '../Io.js';
import { renderExpectations, summarizeExpectations } from '../renderExpectations.js';
import { collapseFailureStreaks } from '../collapseFailureStreaks.js';
import { isNotableInRun, timelineRowOf, writeTimeline } from '../renderTimeline.js';
import { renderTrafficWindows } from '../renderTraffic.js';

export interface RunOptions {
  readonly mode?: string;
  readonly seed?: number;
  readonly until?: SimTime;
  readonly window: SimTime;
  readonly record?: string;
  readonly all: boolean;
}

/** Flags of runScenario's options, for messages that name what the user typed. */
const FLAG_OF: Readonly<Record<ScenarioOptionError['option'], string>> = {
  mode: '--mode',
  seed: '--seed',
  untilMs: '--until',
  windowMs: '--window',
};

/**
 * Runs a scenario file and prints: its name and settings, the notable events, each traffic's outcomes
 * per window, each expectation's verdict, the log's size and digest, and a last line with the verdict.
 * Throws CheckFailed (exit 1) when an expectation failed, after printing everything.
 */
export async function runCommand(path: string, options: RunOptions, io: Io): Promise<void> {
  const scenario = loadScenario(await readFile(path, 'utf8'), path);
  const bar = io.errIsTTY === true ? createProgressBar((text) => io.err(text)) : undefined;
  let result: ScenarioRun;
  try {
    result = runScenario(scenario, {
      ...(options.mode !== undefined && { mode: options.mode }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.until !== undefined && { untilMs: options.until }),
      windowMs: options.window,
      ...(bar !== undefined && { onProgress: bar.onProgress }),
    });
  } catch (error) {
    if (error instanceof ScenarioOptionError)
      throw new UsageError(`${FLAG_OF[error.option]}: ${error.message}`);
    throw error;
  } finally {
    bar?.clear();
  }

  const { config, run } = result;
  const entries = run.log.entries;
  const shortened = config.durationMs < scenario.config.durationMs;
  io.out(`svcsim run: ${scenario.name}${scenario.description === '' ? '' : `: ${scenario.description}`}\n`);
  io.out(
    `${path}; seed ${String(result.seed)}; kube-proxy ${config.proxy === undefined ? 'none' : config.proxy.mode}; ` +
      `watch delay ${String(config.watchDelayMs)} ms; ${formatSimTime(config.durationMs)} of virtual time` +
      `${shortened ? ` (stopped early; the scenario lasts ${formatSimTime(scenario.config.durationMs)})` : ''}\n\n`,
  );

  if (options.all) {
    writeTimeline(entries.map(timelineRowOf), (chunk) => {
      io.out(chunk);
    });
  } else {
    const rows = collapseFailureStreaks(entries, isNotableInRun);
    writeTimeline(rows, (chunk) => {
      io.out(chunk);
    });
    io.out(
      `(status updates, periodic proxy syncs, traffic requests that succeeded and repeated failures not shown; ` +
        `--all shows all ${String(entries.length)} events)\n`,
    );
  }

  for (const report of result.traffic) {
    io.out(`\ntraffic ${describeTraffic(report.spec, formatWindowLabel(result.windowMs))}:\n`);
    io.out(renderTrafficWindows(report.windows, report.total));
  }

  if (result.expectations.length > 0) {
    io.out('\nexpectations:\n');
    io.out(renderExpectations(result.expectations));
  }

  const bytes = encodeSimLog(run.log);
  const inputs = result.inputs.length;
  io.out(
    `\nlog: ${String(entries.length)} events (${String(inputs)} inputs, ${String(entries.length - inputs)} derived), ` +
      `${String(bytes.length)} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`,
  );
  if (options.record !== undefined) {
    await writeSimLogFile(options.record, run.log);
    io.out(`recorded to ${options.record}; try: svcsim replay ${options.record} --verify\n`);
  }
  io.out(summarizeExpectations(result.expectations));
  if (result.expectations.some((expectation) => expectation.verdict === 'failed')) {
    throw new CheckFailed('an expectation failed');
  }
}

/**
 * `curl: pod/default/client -> http://web:80/ (TCP, 10/s, a new connection each, 5.000s-40.000s; 5s
 * windows)`.
 */
function describeTraffic(spec: TrafficSpec, windowLabel: string): string {
  const from =
    spec.from.kind === 'pod'
      ? `pod/${spec.from.namespace}/${spec.from.name}`
      : spec.from.kind === 'node'
        ? `node/${spec.from.name}`
        : `external/${spec.from.ip}@${spec.from.node}`;
  const to =
    spec.to.kind === 'url'
      ? `http://${spec.to.host}:${String(spec.to.port)}${spec.to.path}`
      : `${spec.to.host}:${String(spec.to.port)}`;
  const rate = `${String(spec.rate.requests)}/${spec.rate.perMs === 1000 ? 's' : 'm'}`;
  const connections = spec.connections === 'new' ? 'a new connection each' : 'one reused connection';
  return (
    `${spec.name}: ${from} -> ${to} (${spec.protocol}, ${rate}, ${connections}, ` +
    `${formatSimTime(spec.startMs)}-${formatSimTime(spec.endMs)}; ${windowLabel} windows)`
  );
}

/** `5s`, `1.5s`, `500ms`: the window width as it was most likely written. */
function formatWindowLabel(windowMs: SimTime): string {
  return windowMs >= 1000 ? `${String(windowMs / 1000)}s` : `${String(windowMs)}ms`;
}
