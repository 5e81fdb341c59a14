import {
  createReplay,
  extractInputs,
  formatSimTime,
  isInputEvent,
  readSimLogFile,
  resimulate,
  run,
  salvageSimLogFile,
  type LogEntry,
  type ProxyMode,
  type SimEvent,
  type SimLog,
  type SimTime,
  type SimulationConfig,
} from '@svcsim/core';
import { compareConnectionOutcomes, deriveProxyWork } from '@svcsim/scenarios';

import { CheckFailed, UsageError } from '../CliError.js';
import type { Io } from '../Io.js';
import { renderGet } from '../kubectl/renderGet.js';
import { renderOutcomeComparison } from '../renderOutcomeComparison.js';
import { isNotable, renderTimeline } from '../renderTimeline.js';
import { BUILTIN_PROXY_MODES, proxyModeOption, type ProxyModeResolver } from './ProxyModeResolver.js';

export interface ReplayOptions {
  readonly verify: boolean;
  readonly salvage: boolean;
  readonly at?: SimTime;
  /** Re-simulate the inputs under this kube-proxy mode and report how the outcomes differ. */
  readonly mode?: string;
  /** How many differing connections --mode shows in detail. */
  readonly show?: number;
}

/** Differing connections shown in detail unless --show says otherwise. */
export const DEFAULT_SHOWN_DIFFERENCES = 10;

/** Parses --show: how many differing connections to detail (a non-negative integer). */
export function parseShowOption(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(
      `--show: expected a non-negative number of connections, got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

/** Reads the log whole, or with --salvage its intact part (saying on stderr what was lost). */
async function loadLog(path: string, salvage: boolean, io: Io): Promise<{ log: SimLog; damaged: boolean }> {
  if (!salvage) return { log: await readSimLogFile(path), damaged: false };
  const { log, damage } = await salvageSimLogFile(path);
  if (damage !== undefined) {
    io.err(
      `svcsim: warning: ${damage.message}\nsvcsim: warning: replaying the ${log.entries.length} events before the damage\n`,
    );
  }
  return { log, damaged: damage !== undefined };
}

/** The kube-proxy mode a log's config names, which re-simulating it needs; undefined when it has none. */
function proxyModeOf(
  path: string,
  config: SimulationConfig,
  modes: ProxyModeResolver,
): ProxyMode | undefined {
  if (config.proxy === undefined) return undefined;
  const mode = modes.named(config.proxy.mode);
  if (mode === undefined) {
    throw new UsageError(
      `${path}: cannot re-simulate: the log's kube-proxy mode ${JSON.stringify(config.proxy.mode)} (header meta.config.proxy.mode) is not a mode svcsim knows`,
    );
  }
  return mode;
}

/**
 * Reads a recorded log, prints what it holds, the Endpoints at --at (by replaying, not re-running); with
 * --verify re-simulates the recorded inputs and proves the derived events identical; with --mode
 * re-simulates them under another kube-proxy mode and reports how the connections' outcomes differ
 * (a comparison, not a check: it exits 0 either way). Modes come from `modes` (tests inject their own).
 */
export async function replayCommand(
  path: string,
  options: ReplayOptions,
  io: Io,
  modes: ProxyModeResolver = BUILTIN_PROXY_MODES,
): Promise<void> {
  if (options.mode !== undefined && options.verify) {
    throw new UsageError(
      `--mode cannot be combined with --verify: --verify proves that re-simulating under the log's own mode reproduces its events byte for byte, and under mode ${JSON.stringify(options.mode)} they are not meant to match; run them separately`,
    );
  }
  const otherMode = options.mode === undefined ? undefined : proxyModeOption(modes, options.mode);
  const { log, damaged } = await loadLog(path, options.salvage, io);
  const { header, entries } = log;
  // Found before anything is printed, so an unknown mode or a bad --at fails cleanly.
  const proxyMode = options.verify ? proxyModeOf(path, header.config, modes) : undefined;
  if (otherMode !== undefined && header.config.proxy === undefined) {
    throw new UsageError(
      `${path}: --mode: this run has no kube-proxy (its log's config has no proxy), so there is no proxy mode to change`,
    );
  }
  if (options.at !== undefined && options.at > header.config.durationMs) {
    throw new UsageError(
      `--at: ${String(options.at)} ms is after the end of the run (${String(header.config.durationMs)} ms)`,
    );
  }
  const inputs = entries.filter((e) => isInputEvent(e.event)).length;
  const end = entries.at(-1)?.at ?? 0;
  io.out(
    `${path}: seed ${header.seed}, scenario sha256 ${header.scenarioDigest.slice(0, 16)}…, ` +
      `${entries.length} events (${inputs} inputs, ${entries.length - inputs} derived) from 0.000s to ${formatSimTime(end)}, ` +
      `run length ${formatSimTime(header.config.durationMs)}, watch delay ${header.config.watchDelayMs} ms\n`,
  );
  if (options.at !== undefined) {
    const at = options.at;
    const state = createReplay(entries).stateAt(at);
    io.out(`\nNotable events up to ${formatSimTime(at)}:\n`);
    io.out(renderTimeline(entries.filter((e) => e.at <= at && isNotable(e))));
    io.out(`\nkubectl get endpoints -A, at ${formatSimTime(at)}:\n`);
    io.out(renderGet(state, 'endpoints', { allNamespaces: true, output: 'table', now: at }));
  }
  if (otherMode !== undefined) io.out(compareUnderMode(log, damaged, otherMode, options.show));
  if (options.verify) {
    const result = resimulate(log, { prefix: damaged, ...(proxyMode !== undefined && { proxyMode }) });
    if (result.identical) {
      io.out(
        damaged
          ? `\nverify: re-simulated ${result.inputCount} inputs; the ${result.comparedCount} events of the complete instants before the damage are identical\n`
          : `\nverify: re-simulated ${result.inputCount} inputs; all ${entries.length} events identical, byte for byte\n`,
      );
      return;
    }
    const diff = result.firstDifference;
    io.out(`\nverify: FAILED; re-simulating the ${result.inputCount} inputs gave a different log\n`);
    if (diff !== undefined) {
      io.out(`  first difference at entry #${diff.index}\n`);
      io.out(`  recorded:     ${diff.recorded === undefined ? '(none)' : JSON.stringify(diff.recorded)}\n`);
      io.out(
        `  re-simulated: ${diff.resimulated === undefined ? '(none)' : JSON.stringify(diff.resimulated)}\n`,
      );
    }
    throw new CheckFailed('re-simulation differs from the recording');
  }
}

/**
 * Re-simulates a log's inputs with its seed and config but kube-proxy mode `mode`, and reports how the
 * connections' outcomes and the proxies' work differ from the recording. Of a damaged log's intact
 * prefix, only the instants it holds completely are compared (as --verify does).
 */
function compareUnderMode(
  log: SimLog,
  damaged: boolean,
  mode: ProxyMode,
  show = DEFAULT_SHOWN_DIFFERENCES,
): string {
  const { header } = log;
  const recordedMode = header.config.proxy?.mode ?? 'none';
  const inputs = extractInputs(log);
  const config: SimulationConfig = {
    ...header.config,
    ...(header.config.proxy !== undefined && { proxy: { ...header.config.proxy, mode: mode.name } }),
  };
  const resimulated = run(inputs, header.seed, config, {
    proxyMode: mode,
    scenarioDigest: header.scenarioDigest,
  }).log;
  const lastAt = log.entries.at(-1)?.at ?? -1;
  const compared = (entries: readonly LogEntry<SimEvent>[]): readonly LogEntry<SimEvent>[] =>
    damaged ? entries.filter((entry) => entry.at < lastAt) : entries;
  const recordedEntries = compared(log.entries);
  const resimulatedEntries = compared(resimulated.entries);
  const scope = damaged
    ? `; compared before ${formatSimTime(lastAt)}, the last instant, which the damage may have cut short`
    : '';
  return (
    `\nre-simulated the ${String(inputs.length)} inputs under kube-proxy mode ${mode.name} ` +
    `(the log was recorded under ${recordedMode}): ${String(resimulated.entries.length)} events${scope}\n` +
    renderOutcomeComparison(
      compareConnectionOutcomes(recordedEntries, resimulatedEntries),
      {
        recordedMode,
        resimulatedMode: mode.name,
        recordedWork: deriveProxyWork(recordedEntries),
        resimulatedWork: deriveProxyWork(resimulatedEntries),
      },
      show,
    )
  );
}
