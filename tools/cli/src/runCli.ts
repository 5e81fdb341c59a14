import { EventLogError, SimulationError } from '@svcsim/core';
import { Command, CommanderError, Option } from 'commander';

import { CheckFailed, UsageError } from './CliError.js';
import type { Io } from './Io.js';
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

  return program;
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
  if (error instanceof UsageError || error instanceof SimulationError) {
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
