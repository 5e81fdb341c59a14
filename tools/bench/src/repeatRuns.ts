import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Measurement } from './measure.js';
import type { BenchOptions } from './parseBenchOptions.js';
import { summariseRuns, type SummarisedFigure } from './summariseRuns.js';

/** The checkout this bench belongs to (tools/bench/src is three levels below its root). */
export const THIS_CHECKOUT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * `--repeat` and `--baseline`: runs the selected groups `repeat` times, each run a fresh
 * `pnpm bench --json` process (so no run inherits another's heap, JIT state or garbage), and summarises
 * each figure's median and range. With a baseline checkout, each pair runs side by side: the baseline's
 * run and this checkout's start together and run at once, one per core, so both meet the same machine
 * (on this shared 2-core machine, runs of the same code one after the other differ by up to 40 %; side
 * by side, by a few per cent). Both sides being busy, their absolute figures are those of a loaded
 * machine; the ratios are the result. Throws when the baseline is not a checkout with a bench, or when a
 * run fails or prints something other than figures.
 */
export async function runRepeated(
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<SummarisedFigure[]> {
  const args = [
    '--json',
    ...(options.quick ? ['--quick'] : []),
    ...(options.full ? ['--full'] : []),
    '--only',
    [...options.groups].join(','),
  ];
  const baseline = options.baseline === undefined ? undefined : checkoutWithBench(options.baseline);
  const current: Measurement[][] = [];
  const base: Measurement[][] = [];
  for (let pair = 1; pair <= options.repeat; pair++) {
    if (baseline === undefined) {
      progress(`bench: run ${pair} of ${options.repeat}`);
      current.push(await startBenchProcess(THIS_CHECKOUT, args, progress, `[run ${pair}] `).figures);
    } else {
      progress(`bench: pair ${pair} of ${options.repeat}: this checkout and ${baseline}, side by side`);
      const ours = startBenchProcess(THIS_CHECKOUT, args, progress, `[pair ${pair}, this checkout] `);
      const theirs = startBenchProcess(baseline, args, progress, `[pair ${pair}, baseline] `);
      try {
        const [mine, other] = await Promise.all([ours.figures, theirs.figures]);
        current.push(mine);
        base.push(other);
      } catch (error) {
        // The pair is lost: stop the other side rather than leave it running unread.
        ours.stop();
        theirs.stop();
        throw error;
      }
    }
  }
  return summariseRuns(current, baseline === undefined ? undefined : base);
}

/** `--baseline` names something that is not a checkout ready to bench: bad input, exit code 2. */
export class BaselineError extends Error {}

/** The absolute directory of `directory` if it is a checkout whose package.json has a bench script. */
function checkoutWithBench(directory: string): string {
  const root = resolve(directory);
  const manifest = join(root, 'package.json');
  if (!existsSync(manifest))
    throw new BaselineError(
      `--baseline ${directory}: no package.json there; give the root of another checkout`,
    );
  let scripts: Record<string, string> | undefined;
  try {
    ({ scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> });
  } catch (error) {
    throw new BaselineError(
      `--baseline ${directory}: its package.json cannot be read: ${(error as Error).message}`,
    );
  }
  if (scripts?.bench === undefined)
    throw new BaselineError(`--baseline ${directory}: its package.json has no "bench" script`);
  if (!existsSync(join(root, 'node_modules')))
    throw new BaselineError(
      `--baseline ${directory}: its dependencies are not installed (run pnpm install --frozen-lockfile there)`,
    );
  return root;
}

/**
 * Starts one `pnpm bench --json` in `directory`: its figures once it ends, and a way to stop it. Its
 * status lines go to `progress`, after `prefix`.
 */
function startBenchProcess(
  directory: string,
  args: readonly string[],
  progress: (line: string) => void,
  prefix: string,
): { figures: Promise<Measurement[]>; stop: () => void } {
  const what = `pnpm bench in ${directory}`;
  // pnpm passes a SIGTERM on to the bench it runs.
  const child = spawn('pnpm', ['--silent', 'bench', ...args], {
    cwd: directory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const figures = new Promise<Measurement[]>((resolvePromise, reject) => {
    let stdout = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) progress(`${prefix}${line}`);
    });
    child.on('error', (error) => reject(new Error(`${what} could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (partial !== '') progress(`${prefix}${partial}`);
      if (code !== 0) reject(new Error(`${what} failed (exit ${code ?? signal ?? '?'})`));
      else {
        try {
          resolvePromise(parseFigures(stdout, what));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
  });
  const stop = (): void => {
    figures.catch(() => undefined); // a run stopped on purpose fails on purpose
    child.kill();
  };
  return { figures, stop };
}

/** The figures of one `--json` run; throws when the output is not an array of { name, value, unit }. */
export function parseFigures(text: string, source: string): Measurement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${source} printed something other than one JSON document: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  if (!Array.isArray(parsed)) throw new Error(`${source} printed JSON that is not an array of figures`);
  return parsed.map((figure: unknown, index) => {
    const { name, value, unit } = (figure ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof value !== 'number' || typeof unit !== 'string')
      throw new Error(`${source}: figure [${index}] is not { name: string, value: number, unit: string }`);
    return { name, value, unit };
  });
}
