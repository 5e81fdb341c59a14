import { EventLogError, SimulationError } from '@svcsim/core';
import { ScenarioError } from '@svcsim/scenarios';
import { Command, CommanderError, Option } from 'commander';

import { CheckFailed, UsageError } from './CliError.js';
import type { Io } from './Io.js';
import { describeCommand, getCommand, rulesCommand, type ViewOptions } from './commands/clusterCommands.js';
import { demoCommand } from './commands/demo.js';
import { replayCommand } from './commands/replay.js';
import { parseSeedOption, parseTimeOption } from './parseOptions.js';

/** Exit codes (DESIGN.md): 0 success, 1 a check failed, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

function buildProgram(io: Io): Command {
  const program = new Command('svcsim')
    .description('Deterministic, event-sourced simulator of Kubernetes Services networking.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run svcsim <command> --help for usage and examples)');

  program
    .command('demo')
    .description(
      'Run the built-in demo: Deployment web behind Service web is scaled, rolled out and loses a node; print the timeline.',
    )
    .addOption(
      new Option('--seed <n>', 'seed of the run (non-negative integer)')
        .default(7)
        .argParser(parseSeedOption),
    )
    .option('--record <file>', 'write the run to an .svlog event log')
    .option('--all', 'show every event, status updates included', false)
    .option('--rules <node>', "print that node's kube-proxy rules (iptables-save) at the end of the run")
    .addHelpText(
      'after',
      '\nExamples:\n  svcsim demo\n  svcsim demo --all\n  svcsim demo --rules node-3\n  svcsim demo --seed 3 --record demo.svlog\n',
    )
    .action(async (opts: { seed: number; all: boolean; record?: string; rules?: string }) => {
      await demoCommand(
        {
          seed: opts.seed,
          all: opts.all,
          ...(opts.record !== undefined && { record: opts.record }),
          ...(opts.rules !== undefined && { rules: opts.rules }),
        },
        io,
      );
    });

  program
    .command('replay')
    .description('Read a recorded .svlog: summary, state at a time, and re-simulation to prove determinism.')
    .argument('<log>', 'an .svlog file written by --record')
    .option(
      '--verify',
      're-simulate the recorded inputs and check every event comes out identical (exit 1 if not)',
      false,
    )
    .option('--at <time>', 'show events and Endpoints as of this virtual time (e.g. 11s, 1m30s, 250ms)')
    .option('--salvage', 'read a damaged log up to the damage instead of refusing it', false)
    .addHelpText(
      'after',
      '\nExamples:\n  svcsim replay demo.svlog --verify\n  svcsim replay demo.svlog --at 10.5s\n  svcsim replay damaged.svlog --salvage --verify\n',
    )
    .action(async (path: string, opts: { verify: boolean; salvage: boolean; at?: string }) => {
      await replayCommand(
        path,
        {
          verify: opts.verify,
          salvage: opts.salvage,
          ...(opts.at !== undefined && { at: parseTimeOption('--at', opts.at) }),
        },
        io,
      );
    });

  const sourceOptions = (command: Command): Command =>
    command
      .option('--scenario <file>', 'run this scenario file and read the cluster from the run')
      .option('--log <file>', 'read the cluster from this recorded .svlog (replayed, not re-run)')
      .option(
        '--at <time>',
        'the virtual time to show (e.g. 12s, 1m30s, 250ms); default: the end of the run',
      );

  sourceOptions(
    program
      .command('get')
      .description(
        "Show objects as kubectl get does, at a virtual time of a scenario's run or a recorded log.",
      )
      .argument(
        '<kind>',
        'services, endpoints, endpointslices, pods, nodes, deployments or ingresses (or their short names)',
      )
      .argument('[name]', 'one object')
      .option('-n, --namespace <ns>', 'the namespace (default: default)')
      .option('-A, --all-namespaces', 'every namespace', false)
      .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'yaml', 'json'])),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  svcsim get svc --scenario web.yaml\n  svcsim get pods -A -o wide --log demo.svlog --at 12.5s\n  svcsim get endpoints web -o yaml --scenario web.yaml\n',
    )
    .action(async (kind: string, name: string | undefined, opts: GetFlags) => {
      await getCommand(
        kind,
        name,
        {
          ...sourceOf(opts),
          ...(opts.namespace !== undefined && { namespace: opts.namespace }),
          allNamespaces: opts.allNamespaces,
          output: opts.output ?? 'table',
        },
        io,
      );
    });

  sourceOptions(
    program
      .command('describe')
      .description('Describe one object as kubectl describe does (services and pods so far).')
      .argument('<kind>', 'service or pod')
      .argument('<name>', 'the object')
      .option('-n, --namespace <ns>', 'the namespace (default: default)'),
  )
    .addHelpText('after', '\nExamples:\n  svcsim describe svc web --scenario web.yaml --at 30s\n')
    .action(async (kind: string, name: string, opts: DescribeFlags) => {
      await describeCommand(
        kind,
        name,
        { ...sourceOf(opts), ...(opts.namespace !== undefined && { namespace: opts.namespace }) },
        io,
      );
    });

  sourceOptions(
    program
      .command('rules')
      .description(
        "Print a node's kube-proxy rules at a virtual time, in the mode's own format (iptables-save).",
      )
      .requiredOption('--node <node>', 'the node'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  svcsim rules --node node-2 --scenario web.yaml --at 12s\n  svcsim rules --node node-3 --log demo.svlog\n',
    )
    .action(async (opts: SourceFlags & { node: string }) => {
      await rulesCommand(opts.node, sourceOf(opts), io);
    });

  return program;
}

interface SourceFlags {
  scenario?: string;
  log?: string;
  at?: string;
}
interface GetFlags extends SourceFlags {
  namespace?: string;
  allNamespaces: boolean;
  output?: 'wide' | 'yaml' | 'json';
}
interface DescribeFlags extends SourceFlags {
  namespace?: string;
}

function sourceOf(opts: SourceFlags): ViewOptions {
  return {
    ...(opts.scenario !== undefined && { scenario: opts.scenario }),
    ...(opts.log !== undefined && { log: opts.log }),
    ...(opts.at !== undefined && { at: parseTimeOption('--at', opts.at) }),
  };
}

/** Runs the CLI with arguments (without node and script) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function exitCodeFor(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (error instanceof CheckFailed) return EXIT_CHECK_FAILED;
  if (error instanceof EventLogError) {
    const hint =
      error.intactEntries > 0
        ? `\nsvcsim: hint: --salvage replays the ${error.intactEntries} intact events before the damage`
        : '';
    io.err(`svcsim: ${error.message}${hint}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof UsageError || error instanceof SimulationError || error instanceof ScenarioError) {
    io.err(`svcsim: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const fsError = error as NodeJS.ErrnoException | null;
  const reason = FILE_ERRORS[fsError?.code ?? ''];
  if (reason !== undefined) {
    io.err(`svcsim: cannot read ${fsError?.path ?? 'the file'}: ${reason}\n`);
    return EXIT_BAD_INPUT;
  }
  // Anything else is a bug in svcsim: show everything so it can be reported.
  io.err(
    `svcsim: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 70;
}
