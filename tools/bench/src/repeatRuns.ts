import { spawnSync } from 'node:child_process';
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
 * each figure's median and range. With a baseline checkout its runs alternate with this one's, pair by
 * pair, the order swapped every other pair (baseline first, then this one first) so that a machine
 * getting slower or faster through the series does not favour either side. Throws when the baseline is
 * not a checkout with a bench, or when a run fails or prints something other than figures.
 */
export function runRepeated(options: BenchOptions, progress: (line: string) => void): SummarisedFigure[] {
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
  for (let pair = 0; pair < options.repeat; pair++) {
    const order =
      baseline === undefined
        ? ['current']
        : pair % 2 === 0
          ? ['baseline', 'current']
          : ['current', 'baseline'];
    for (const side of order) {
      const directory = side === 'current' ? THIS_CHECKOUT : (baseline as string);
      progress(
        `bench: run ${pair + 1} of ${options.repeat} of ${side === 'current' ? 'this checkout' : directory}`,
      );
      (side === 'current' ? current : base).push(runBenchProcess(directory, args));
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

/** One `pnpm bench --json` in `directory`; its status lines pass through to stderr. */
function runBenchProcess(directory: string, args: readonly string[]): Measurement[] {
  const child = spawnSync('pnpm', ['--silent', 'bench', ...args], {
    cwd: directory,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const what = `pnpm bench in ${directory}`;
  if (child.error !== undefined) throw new Error(`${what} could not start: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`${what} failed (exit ${child.status ?? child.signal ?? '?'})`);
  return parseFigures(child.stdout, what);
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
