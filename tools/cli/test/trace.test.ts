import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

// Goldens: the built-in demo's log (Service web at 10.96.0.80, a client pod on node-3, whose
// kube-proxy sees changes 1.5 s late; the rollout at 12 s; node-2 fails at 22 s) and the example
// scenario (a NodePort Service on three nodes, rolled out at 20 s, node-2 failing at 30 s).
const scenario = fileURLToPath(
  new URL('../../../packages/scenarios/examples/web-rollout.yaml', import.meta.url),
);
let demoLog = '';

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'svcsim-trace-'));
  demoLog = join(dir, 'demo.svlog');
  const { code, err } = await cli('demo', '--record', demoLog);
  expect(err).toBe('');
  expect(code).toBe(0);
});

/** The sections of a trace, by their numbered titles. */
function sectionTitles(out: string): string[] {
  return [...out.matchAll(/^\d+\. (.+)$/gm)].map((match) => match[1] ?? '');
}

/** `svcsim trace` over the demo's log, at an instant or (without one) at the end of the run. */
function traceDemo(from: string, to: string, at?: string): ReturnType<typeof cli> {
  const when = at === undefined ? [] : ['--at', at];
  return cli('trace', '--log', demoLog, ...when, '--from', from, '--to', to);
}

function lastLine(out: string): string {
  return out.trimEnd().split('\n').at(-1) ?? '';
}

describe('svcsim trace', () => {
  it('follows a pod to a cluster IP through node-3 to the pod that answers (golden)', async () => {
    const { code, out, err } = await traceDemo('pod/default/client', '10.96.0.80:80', '20s');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(sectionTitles(out)).toEqual([
      'source',
      'kube-proxy on node-3 (iptables)',
      'verdict',
      'conntrack on node-3',
      'delivery',
    ]);
    expect(lastLine(out)).toMatch(/^result: connected to pod default\/web-\S+ at 10\.244\.\d+\.\d+:8080$/);
    await expect(out).toMatchFileSnapshot('golden/trace-clusterip.txt');
  });

  it('looks a short name up through the search list first (golden)', async () => {
    const { code, out } = await traceDemo('pod/default/client', 'http://web/', '20s');
    expect(code).toBe(0);
    expect(sectionTitles(out)[1]).toBe('DNS');
    expect(out).toContain('1   web.default.svc.cluster.local.   search list   ANSWER');
    expect(out).toContain('web.default.svc.cluster.local. answered: 10.96.0.80');
    await expect(out).toMatchFileSnapshot('golden/trace-dns-search.txt');
  });

  it('is refused by the REJECT rule of a Service with no endpoints, and exits 1 (golden)', async () => {
    const { code, out, err } = await traceDemo('node/node-1', '10.96.0.80:80', '1.5s');
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toContain('REJECT: the client gets ICMP port unreachable');
    expect(lastLine(out)).toMatch(
      /^result: connection refused: rejected \(ICMP port unreachable\) by node node-1's rule filter KUBE-SERVICES: .*"default\/web:http has no endpoints".* -j REJECT$/,
    );
    await expect(out).toMatchFileSnapshot('golden/trace-refused-no-endpoints.txt');
  });

  it("times out at an endpoint on a failed node that node-3's rules still have (golden)", async () => {
    const { code, out } = await traceDemo('pod/default/client', '10.96.0.80:80', '22.25s');
    expect(code).toBe(1);
    expect(out).toContain('; node node-2 is down');
    expect(lastLine(out)).toMatch(
      /^result: timed out: endpoint 10\.244\.2\.\d+:8080 of default\/web:http does not answer: node node-2, where pod .+ runs, is down$/,
    );
    await expect(out).toMatchFileSnapshot('golden/trace-timeout-failed-node.txt');
  });

  it("shows a lagging node's stale rule sending the connection to a pod that is gone (golden)", async () => {
    const { code, out } = await traceDemo('pod/default/client', '10.96.0.80:80', '13.25s');
    expect(code).toBe(1);
    expect(out).toMatch(
      /node-3's rules are behind the cluster by \d+\.\d{3}s: \d+ changes to the Service not programmed yet:/,
    );
    expect(out).toMatch(
      /is a stale endpoint: node node-3's rules, last synced at \d+\.\d{3}s, still have it/,
    );
    expect(lastLine(out)).toMatch(
      /^result: timed out: endpoint \S+ of default\/web:http does not answer: no pod or node has the address/,
    );
    await expect(out).toMatchFileSnapshot('golden/trace-stale-rule.txt');
  });

  it('reaches a NodePort from outside the cluster, masqueraded (golden)', async () => {
    const svc = await cli('get', 'svc', 'web', '-o', 'json', '--scenario', scenario);
    const nodePort = (JSON.parse(svc.out) as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]
      ?.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    const { code, out } = await cli(
      'trace',
      '--scenario',
      scenario,
      '--at',
      '25s',
      '--from',
      '203.0.113.7',
      '--to',
      `192.168.0.11:${String(nodePort)}`,
    );
    expect(code).toBe(0);
    expect(out).toContain(`is NodePort ${String(nodePort)} (on this node's own address) of default/web:http`);
    expect(out).toContain("masqueraded: the endpoint sees node node-1's address");
    expect(out).toMatch(/reply: {4}src=\S+ dst=192\.168\.0\.11 /);
    await expect(out).toMatchFileSnapshot('golden/trace-nodeport-external.txt');
  });

  it('fails as unresolved when no name answers, after trying each search domain', async () => {
    const { code, out } = await traceDemo('pod/default/client', 'nope:80');
    expect(code).toBe(1);
    expect(out).toContain('4   nope.                             as written    NXDOMAIN');
    expect(lastLine(out)).toMatch(
      /^result: name not resolved: nope did not resolve from pod default\/client/,
    );
  });

  it('explains a connection to the targetPort on the cluster IP', async () => {
    const { code, out } = await traceDemo('pod/default/client', '10.96.0.80:8080');
    expect(code).toBe(1);
    expect(out).toContain(
      "10.96.0.80:8080/TCP is no Service's address and port: 10.96.0.80 is the cluster IP of Service default/web, which has no port 8080/TCP (its ports: 80/TCP)",
    );
  });

  it('refuses bad input with exit 2 and one line naming the problem', async () => {
    const cases: [string[], string][] = [
      [
        ['--from', 'client', '--to', 'web:80'],
        '--from: expected pod/<namespace>/<name>, node/<name> or an outside address <ip>[@<node>], got "client"',
      ],
      [['--from', 'pod/default/client', '--to', 'web'], '--to: expected <host>:<port>'],
      [['--from', 'pod/default/client', '--to', 'ftp://web/'], '--to: expected <host>:<port>'],
      [
        ['--from', 'pod/default/client', '--to', 'web:80', '--protocol', 'SCTP'],
        '--protocol: expected TCP or UDP, got "SCTP"',
      ],
      [
        ['--from', 'pod/default/clinet', '--to', 'web:80'],
        '--from: no pod default/clinet at 30.000s; pods in default: client, web-',
      ],
      [
        ['--from', 'node/node-9', '--to', 'web:80'],
        '--from: no node "node-9" at 30.000s; nodes: node-1, node-2, node-3',
      ],
      [
        ['--from', '203.0.113.7', '--to', '10.96.0.80:80'],
        '--from 203.0.113.7: say which node its packets enter',
      ],
      [
        ['--from', 'pod/default/client', '--to', 'web:80', '--at', '31s'],
        '--at: 31000 ms is after the end of the run',
      ],
      [
        ['--from', 'pod/default/client', '--to', 'web:80', '--mode', 'nope'],
        '--mode: unknown kube-proxy mode "nope"',
      ],
    ];
    for (const [args, message] of cases) {
      const { code, out, err } = await cli('trace', '--log', demoLog, ...args);
      expect(out).toBe('');
      expect(code).toBe(2);
      expect(err.split('\n').filter((line) => line !== '')).toHaveLength(1);
      expect(err).toContain(`svcsim: ${message}`);
    }
    const neither = await cli('trace', '--from', 'pod/default/client', '--to', 'web:80');
    expect(neither.code).toBe(2);
    expect(neither.err).toBe('svcsim: give exactly one of --scenario FILE and --log LOG\n');
  });

  it('documents its output and shows examples in --help', async () => {
    const { code, out } = await cli('trace', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Examples:\n  svcsim trace --log demo.svlog');
    expect(out).toContain('"result: connected to ..." (exit 0)');
  });
});
