import { parseArgs } from 'node:util';

/** The figure groups `--only` selects from, in the order they run. */
export const BENCH_GROUPS = ['clock', 'engine', 'kubelet', 'log', 'cluster', 'columnar'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];

export const BENCH_USAGE = `usage: pnpm bench [--json] [--quick | --full] [--only ${BENCH_GROUPS.join(',')}] [--repeat N] [--baseline DIR] [--profile-build FILE] [--profile-churn FILE] [--profile-replay FILE]`;

/** What `pnpm bench` was asked to do. */
export interface BenchOptions {
  /** Print one JSON array of { name, value, unit } instead of the table. */
  readonly json: boolean;
  /** Smaller workloads, for development. */
  readonly quick: boolean;
  /** The cluster group at issue 3's full scale instead of 1/10 of it. */
  readonly full: boolean;
  readonly groups: ReadonlySet<BenchGroup>;
  /** Where to write a CPU profile of the cluster benchmark's build phase. */
  readonly profileBuild?: string;
  /** Where to write a CPU profile of the cluster benchmark's churn phase. */
  readonly profileChurn?: string;
  /** Where to write a CPU profile of the log benchmark's replay passes. */
  readonly profileReplay?: string;
  /**
   * How many times to run the selected groups, each in a fresh process (1: once, in this process). With
   * `baseline`, how many pairs of runs.
   */
  readonly repeat: number;
  /** Another checkout of svcsim whose bench runs side by side with this one's, pair by pair. */
  readonly baseline?: string;
  readonly help: boolean;
}

/** Reads the command line; throws an Error whose message ends with the usage line when it is wrong. */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      // pnpm passes a literal `--` through when the script's arguments are separated with one.
      args: args.filter((arg) => arg !== '--'),
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        full: { type: 'boolean', default: false },
        only: { type: 'string' },
        'profile-build': { type: 'string' },
        'profile-churn': { type: 'string' },
        'profile-replay': { type: 'string' },
        repeat: { type: 'string' },
        baseline: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${BENCH_USAGE}`, { cause: error });
  }
  if (values.quick && values.full) throw new Error(`--quick and --full exclude each other\n${BENCH_USAGE}`);
  const groups = new Set<BenchGroup>(values.only === undefined ? BENCH_GROUPS : []);
  for (const name of values.only?.split(',') ?? []) {
    if (!(BENCH_GROUPS as readonly string[]).includes(name))
      throw new Error(`unknown group "${name}" (groups: ${BENCH_GROUPS.join(', ')})\n${BENCH_USAGE}`);
    groups.add(name as BenchGroup);
  }
  const profileBuild = values['profile-build'];
  const profileChurn = values['profile-churn'];
  const profileReplay = values['profile-replay'];
  const { baseline } = values;
  if (baseline === '') throw new Error(`--baseline needs the directory of another checkout\n${BENCH_USAGE}`);
  // With a baseline, one pair of runs cannot tell a change from the machine's noise; three is the least
  // that gives a median.
  const repeat = values.repeat === undefined ? (baseline === undefined ? 1 : 3) : parseRepeat(values.repeat);
  if ((repeat > 1 || baseline !== undefined) && (profileBuild ?? profileChurn ?? profileReplay) !== undefined)
    throw new Error(
      `--profile-* writes one process's profile; it cannot go with --repeat or --baseline\n${BENCH_USAGE}`,
    );
  return {
    json: values.json,
    quick: values.quick,
    full: values.full,
    groups,
    help: values.help,
    repeat,
    ...(baseline !== undefined && { baseline }),
    ...(profileBuild !== undefined && { profileBuild }),
    ...(profileChurn !== undefined && { profileChurn }),
    ...(profileReplay !== undefined && { profileReplay }),
  };
}

function parseRepeat(text: string): number {
  const repeat = Number(text);
  if (!/^[0-9]+$/.test(text) || repeat < 1 || repeat > 100)
    throw new Error(`--repeat must be a whole number of runs from 1 to 100, not "${text}"\n${BENCH_USAGE}`);
  return repeat;
}
