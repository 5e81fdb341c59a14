import { EventLogError, SimulationError } from '@svcsim/core';
import { ScenarioError } from '@svcsim/scenarios';
import { Command, CommanderError, Option } from 'commander';

import { CheckFailed, UsageError } from './CliError.js';
import type { Io } from './Io.js';
import { describeCommand, getCommand, rulesCommand, type ViewOptions } from './commands/clusterCommands.js';
import { demoCommand } from './commands/demo.js';
import { traceCommand } from './commands/trace.js';
import { runCommand } from './commands/run.js';
import { BUILTIN_PROXY_MODES } from './commands/ProxyModeResolver.js';
import { parseShowOption, replayCommand } from './commands/replay.js';
import { parseSeedOption, parseTimeOption } from './parseOptions.js';

/** Exit codes (DESIGN.md): 0 success, 1 a check failed, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** The kinds `get` and `describe` take, as their help lists them. */
const KIND_ARGUMENT =
  'services (svc), endpoints (ep), endpointslices, pods (po), nodes (no), namespaces (ns), deployments (deploy), replicasets (rs) or ingresses (ing)';

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
    .description(
      'Read a recorded .svlog: summary, state at a time, re-simulation to prove determinism, or under another proxy mode to compare outcomes.',
    )
    .argument('<log>', 'an .svlog file written by --record')
    .option(
      '--verify',
      're-simulate the recorded inputs and check every event comes out identical (exit 1 if not)',
      false,
    )
    .option('--at <time>', 'show events and Endpoints as of this virtual time (e.g. 11s, 1m30s, 250ms)')
    .option('--salvage', 'read a damaged log up to the damage instead of refusing it', false)
    .option(
      '--mode <mode>',
      `re-simulate the recorded inputs under this kube-proxy mode (${BUILTIN_PROXY_MODES.names.join(', ')}) and report how the outcomes differ (not with --verify)`,
    )
    .option('--show <n>', 'with --mode: how many differing connections to show in detail (default 10)')
    .addHelpText(
      'after',
      '\nWith --mode, the report lists per traffic (connection ids <traffic>#<n> and <traffic>#keepalive; other\n' +
        'ids stand alone) the connections, how many differ, and the requests that succeeded and failed, as\n' +
        '"recorded -> re-simulated" where they differ; then the first differing connections, each with both\n' +
        "runs' outcome where they part; then each run's kube-proxy work (syncs, rules written, rules walked\n" +
        'by first packets, modelled costs); then whether the outcomes are identical. It exits 0 either way.\n' +
        '\nExamples:\n  svcsim replay demo.svlog --verify\n  svcsim replay demo.svlog --at 10.5s\n  svcsim replay damaged.svlog --salvage --verify\n' +
        '  svcsim replay demo.svlog --mode iptables\n  svcsim replay demo.svlog --mode iptables --show 3\n',
    )
    .action(
      async (
        path: string,
        opts: { verify: boolean; salvage: boolean; at?: string; mode?: string; show?: string },
      ) => {
        await replayCommand(
          path,
          {
            verify: opts.verify,
            salvage: opts.salvage,
            ...(opts.at !== undefined && { at: parseTimeOption('--at', opts.at) }),
            ...(opts.mode !== undefined && { mode: opts.mode }),
            ...(opts.show !== undefined && { show: parseShowOption(opts.show) }),
          },
          io,
        );
      },
    );

  program
    .command('run')
    .description(
      "Run a scenario file: its timeline, each traffic's outcomes per time window, and each expectation passed or failed.",
    )
    .argument('<file>', 'a scenario YAML (Kubernetes manifests plus one svcsim.dev/v1alpha1 Scenario)')
    .option('--mode <mode>', "run every node's kube-proxy in this mode instead of spec.proxy.mode")
    .addOption(new Option('--seed <n>', 'seed of the run instead of spec.seed').argParser(parseSeedOption))
    .option('--until <time>', 'stop the run at this virtual time (expectations beyond it are skipped)')
    .option('--window <time>', "width of the traffic tables' windows", '5s')
    .option('--record <file>', 'write the run to an .svlog event log')
    .option('--all', 'show every event on the timeline, status updates and requests included', false)
    .addHelpText(
      'after',
      '\nOutput, in order: the scenario and its settings; the notable events (inputs, objects created and\n' +
        'deleted, pod, node, EndpointSlice and Service changes, probe results, kube-proxy syncs caused by a\n' +
        'change or a restart, failed requests: the first three of each streak of failures of a traffic, then\n' +
        'one "..." line for the rest of it; --all shows every event); per traffic, its\n' +
        'requests by the window they were made in: REQUESTS, OK, a column for each way some failed (REFUSED,\n' +
        'TIMED-OUT, RESET, UNRESOLVED, UNSENT, NOT-OPEN; only those that occurred) and SUCCESS, the share\n' +
        'that succeeded, then a total; each expectation as "PASS name: measured", "FAIL name: measured,\n' +
        'expected ..." or "SKIP name: ..." (beyond --until); the log\'s size and sha256; and a last line\n' +
        '"PASS: ..." or "FAIL: ...". Exit 0 when no expectation failed, 1 when one did, 2 for a bad file or\n' +
        'option. While it runs, a progress bar of virtual time is drawn on stderr, only when stderr is a\n' +
        'terminal (never in a pipe or a file). docs/scenarios.md describes the file format.\n' +
        '\nExamples:\n  svcsim run packages/scenarios/examples/web-rollout.yaml\n' +
        '  svcsim run web.yaml --until 25s --window 1s\n  svcsim run web.yaml --all\n' +
        '  svcsim run web.yaml --seed 3 --record web.svlog && svcsim replay web.svlog --verify\n' +
        '  svcsim run web.yaml --mode iptables\n',
    )
    .action(async (path: string, opts: RunFlags) => {
      const window = parseTimeOption('--window', opts.window);
      if (window === 0) throw new UsageError('--window: expected a duration longer than 0, got "0"');
      await runCommand(
        path,
        {
          window,
          all: opts.all,
          ...(opts.mode !== undefined && { mode: opts.mode }),
          ...(opts.seed !== undefined && { seed: opts.seed }),
          ...(opts.until !== undefined && { until: parseTimeOption('--until', opts.until) }),
          ...(opts.record !== undefined && { record: opts.record }),
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
      .argument('<kind>', KIND_ARGUMENT)
      .argument('[name]', 'one object')
      .option('-n, --namespace <ns>', 'the namespace (default: default)')
      .option('-A, --all-namespaces', 'every namespace', false)
      .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'yaml', 'json'])),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  svcsim get svc --scenario web.yaml\n  svcsim get pods -A -o wide --log demo.svlog --at 12.5s\n  svcsim get endpoints web -o yaml --scenario web.yaml\n  svcsim get rs -o wide --scenario web.yaml --at 20s\n  svcsim get ns --log demo.svlog\n',
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
      .description(
        "Describe one object as kubectl describe does, at a virtual time of a scenario's run or a recorded log.",
      )
      .argument('<kind>', KIND_ARGUMENT)
      .argument('<name>', 'the object')
      .option('-n, --namespace <ns>', 'the namespace (default: default)'),
  )
    .addHelpText(
      'after',
      '\nTimes are virtual (12.500s, not dates); svcsim records no Events, so Events is <none>. A pod\n' +
        "container's Environment also lists the Service variables the kubelet added when it started.\n" +
        '\nExamples:\n  svcsim describe svc web --scenario web.yaml --at 30s\n  svcsim describe pod client --scenario web.yaml\n' +
        '  svcsim describe deploy web --log demo.svlog --at 13s\n  svcsim describe node node-2 --log demo.svlog\n' +
        '  svcsim describe ingress shop -n shop --scenario web.yaml\n',
    )
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
      .requiredOption('--node <node>', 'the node')
      .option(
        '--mode <mode>',
        `the rules as this kube-proxy mode (${BUILTIN_PROXY_MODES.names.join(', ')}) would have programmed them (the run re-simulated in it); default: the run's own mode`,
      ),
  )
    .addHelpText(
      'after',
      '\nThe first line is "# NODE at TIME", plus the mode when --mode names another; a node whose kube-proxy\n' +
        'has not synced yet prints "# no rules: ..." instead of rules.\n' +
        '\nExamples:\n  svcsim rules --node node-2 --scenario web.yaml --at 12s\n  svcsim rules --node node-3 --log demo.svlog\n' +
        '  svcsim rules --node node-3 --log demo.svlog --at 12.5s --mode iptables\n',
    )
    .action(async (opts: SourceFlags & { node: string; mode?: string }) => {
      await rulesCommand(
        opts.node,
        { ...sourceOf(opts), ...(opts.mode !== undefined && { mode: opts.mode }) },
        io,
      );
    });

  sourceOptions(
    program
      .command('trace')
      .description(
        "Follow one new connection hop by hop at a virtual time: DNS, the entry node's kube-proxy rules, DNAT, conntrack, the pod reached, or why it fails.",
      )
      .requiredOption(
        '--from <source>',
        'pod/<namespace>/<name> (or pod/<name> in default), node/<name>, or an outside address <ip>[@<node>]',
      )
      .requiredOption(
        '--to <target>',
        '<host>:<port> or http(s)://<host>[:<port>]/<path>; host: an IPv4 address or a DNS name',
      )
      .option('--protocol <protocol>', 'TCP or UDP', 'TCP')
      .option(
        '--mode <mode>',
        "trace through the rules this kube-proxy mode would have programmed (the run re-simulated in it); default: the run's own",
      ),
  )
    .addHelpText(
      'after',
      '\nThe connection is made at --at, after everything the run did at that instant, on the run re-simulated\n' +
        'up to it; the run itself is not changed. Output: a heading, then numbered sections for the hops the\n' +
        'connection reached: the source (its node and address, the client port); DNS, when the host is a name\n' +
        "(the resolv.conf used, every name tried in order with its answer, the address); the entry node's\n" +
        'kube-proxy (when it last synced, its watch delay and sync periods, the Service port the destination\n' +
        "is, its endpoints in the node's rules and in the cluster now, the changes the rules lack, every rule\n" +
        "matched in the mode's own syntax with the Service port or endpoint behind it, and what chose the\n" +
        "endpoint: a random draw from the trace's own stream, session affinity, or the only endpoint); the\n" +
        'verdict (DNAT and masquerade, REJECT, DROP, or accepted unchanged); the conntrack entry (tuples\n' +
        'before and after NAT); delivery (who holds the address and whether it listens). The last line is\n' +
        '"result: connected to ..." (exit 0) or "result: <failure>: <reason>" (exit 1); bad input exits 2.\n' +
        '\nExamples:\n' +
        '  svcsim trace --log demo.svlog --at 20s --from pod/default/client --to 10.96.0.80:80\n' +
        '  svcsim trace --log demo.svlog --at 20s --from pod/default/client --to http://web/\n' +
        '  svcsim trace --log demo.svlog --at 13.25s --from pod/default/client --to web.default.svc.cluster.local:80\n' +
        '  svcsim trace --scenario web.yaml --from 203.0.113.7@node-1 --to 192.168.0.11:30080\n' +
        '  svcsim trace --scenario web.yaml --at 31s --from node/node-3 --to 10.96.0.10:53 --protocol UDP\n',
    )
    .action(async (opts: SourceFlags & { from: string; to: string; protocol: string; mode?: string }) => {
      await traceCommand(
        {
          ...sourceOf(opts),
          from: opts.from,
          to: opts.to,
          protocol: opts.protocol,
          ...(opts.mode !== undefined && { mode: opts.mode }),
        },
        io,
      );
    });

  return program;
}

interface RunFlags {
  mode?: string;
  seed?: number;
  until?: string;
  window: string;
  record?: string;
  all: boolean;
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
