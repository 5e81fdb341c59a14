import { parseArgs } from 'node:util';

/** The figure groups `--only` selects from, in the order they run. */
export const BENCH_GROUPS = ['clock', 'engine', 'kubelet', 'log', 'cluster'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];

export const BENCH_USAGE = `usage: pnpm bench [--json] [--quick | --full] [--only ${BENCH_GROUPS.join(',')}] [--profile-build FILE] [--profile-churn FILE] [--profile-replay FILE]`;

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
  return {
    json: values.json,
    quick: values.quick,
    full: values.full,
    groups,
    help: values.help,
    ...(profileBuild !== undefined && { profileBuild }),
    ...(profileChurn !== undefined && { profileChurn }),
    ...(profileReplay !== undefined && { profileReplay }),
  };
}
