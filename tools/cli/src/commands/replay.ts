import {
  createReplay,
  formatSimTime,
  isInputEvent,
  readSimLogFile,
  resimulate,
  salvageSimLogFile,
  type ProxyMode,
  type SimLog,
  type SimTime,
  type SimulationConfig,
} from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';

import { CheckFailed, UsageError } from '../CliError.js';
import type { Io } from '../Io.js';
import { renderGet } from '../kubectl/renderGet.js';
import { isNotable, renderTimeline } from '../renderTimeline.js';

export interface ReplayOptions {
  readonly verify: boolean;
  readonly salvage: boolean;
  readonly at?: SimTime;
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
function proxyModeOf(path: string, config: SimulationConfig): ProxyMode | undefined {
  if (config.proxy === undefined) return undefined;
  const mode = proxyModeNamed(config.proxy.mode);
  if (mode === undefined) {
    throw new UsageError(
      `${path}: cannot re-simulate: the log's kube-proxy mode ${JSON.stringify(config.proxy.mode)} (header meta.config.proxy.mode) is not a mode svcsim knows`,
    );
  }
  return mode;
}

/**
 * Reads a recorded log, prints what it holds, the Endpoints at --at (by replaying, not re-running), and
 * with --verify re-simulates the recorded inputs and proves the derived events identical.
 */
export async function replayCommand(path: string, options: ReplayOptions, io: Io): Promise<void> {
  const { log, damaged } = await loadLog(path, options.salvage, io);
  const { header, entries } = log;
  // Found before anything is printed, so an unknown mode fails cleanly.
  const proxyMode = options.verify ? proxyModeOf(path, header.config) : undefined;
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
