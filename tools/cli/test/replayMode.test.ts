import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveSimulationConfig, run, writeSimLogFile, type SimLog } from '@svcsim/core';

import { replayCommand, type ReplayOptions } from '../src/commands/replay.js';
import { cli } from './helpers.js';
import { LAST_ENDPOINT_MODE, TEST_PROXY_MODES } from './lastEndpointMode.js';
import { recordModesScenario, tempDir } from './modeFixtures.js';

/** Runs `svcsim replay` in-process with the test's modes (the CLI itself only knows the built-in ones). */
async function replayWithTestModes(path: string, options: Partial<ReplayOptions>): Promise<string> {
  let out = '';
  await replayCommand(
    path,
    { verify: false, salvage: false, ...options },
    { out: (s) => (out += s), err: () => undefined },
    TEST_PROXY_MODES,
  );
  return out;
}

/** What each `clients#<n>` connection came to, read straight from a log: the pod, or the failure. */
function newConnectionOutcomes(log: SimLog): Map<string, string> {
  const outcomes = new Map<string, string>();
  for (const { event } of log.entries) {
    if (!('id' in event) || !event.id.startsWith('clients#')) continue;
    if (event.type === 'connection/established') outcomes.set(event.id, event.peer.pod ?? event.peer.ip);
    if (event.type === 'connection/failed') outcomes.set(event.id, event.failure);
  }
  return outcomes;
}

/** The cells of a traffic's row in the report's table (columns are three or more spaces apart). */
function trafficRow(out: string, traffic: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith(`${traffic} `)) ?? '';
  return line.split(/ {3,}/);
}

describe('svcsim replay --mode', () => {
  it('says the outcomes are identical when the mode is the recording’s own (golden)', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const { code, out, err } = await cli('replay', path, '--mode', 'iptables');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/\noutcomes identical: all 29 connections had the same outcomes under iptables/);
    expect(out).not.toMatch(/differing connections/);
    await expect(out.replaceAll(path, '<log>')).toMatchFileSnapshot('golden/replay-mode-identical.txt');
  });

  it('reports, per traffic and per connection, where another mode sent connections (golden)', async () => {
    const dir = await tempDir();
    const { path, log } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const out = await replayWithTestModes(path, { mode: LAST_ENDPOINT_MODE });
    await expect(out.replaceAll(path, '<log>')).toMatchFileSnapshot('golden/replay-mode-last-endpoint.txt');

    // The numbers, checked against the two runs read directly.
    const other = await recordModesScenario(dir, LAST_ENDPOINT_MODE, TEST_PROXY_MODES);
    const before = newConnectionOutcomes(log);
    const after = newConnectionOutcomes(other.log);
    expect(before.size).toBe(28); // 4/s from 3s to 10s
    const differing = [...before].filter(([id, outcome]) => after.get(id) !== outcome).map(([id]) => id);
    expect(differing.length).toBeGreaterThan(0);
    const succeeded = (outcomes: Map<string, string>) =>
      [...outcomes.values()].filter((o) => o.startsWith('default/')).length;
    const count = (a: number, b: number) => (a === b ? String(a) : `${String(a)} -> ${String(b)}`);
    expect(trafficRow(out, 'clients').slice(0, 5)).toEqual([
      'clients',
      '28',
      String(differing.length),
      '28',
      count(succeeded(before), succeeded(after)),
    ]);
    // Before node-2 fails, the test mode sends every new connection to one pod, the last endpoint.
    const early = [...after].filter(([id]) => Number(id.slice('clients#'.length)) <= 16).map(([, o]) => o);
    expect(new Set(early).size).toBe(1);
    // The verdict counts the differing new connections and the keep-alive one (whose first pod differs).
    const total = Number(
      /\noutcomes differ: (\d+) of 29 connections had other outcomes under last-endpoint/.exec(out)?.[1],
    );
    expect(total).toBe(differing.length + 1);
    // The first ten are listed, each a connection that really differs.
    const listed = [...out.matchAll(/^(\S+#\S+): /gm)].map((m) => m[1] ?? '');
    expect(listed).toHaveLength(Math.min(total, 10));
    for (const id of listed) expect([...differing, 'pool#keepalive']).toContain(id);
  });

  it('lists as many differing connections as --show asks, and none with --show 0', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const two = await replayWithTestModes(path, { mode: LAST_ENDPOINT_MODE, show: 2 });
    expect(two).toMatch(/\nthe first 2 of \d+ differing connections, by when they first differ:\n/);
    expect([...two.matchAll(/^\S+#\S+: /gm)]).toHaveLength(2);
    const none = await replayWithTestModes(path, { mode: LAST_ENDPOINT_MODE, show: 0 });
    expect(none).not.toMatch(/differing connections/);
    expect(none).toMatch(/\noutcomes differ: /);
    const bad = await cli('replay', path, '--mode', 'iptables', '--show', 'all');
    expect([bad.code, bad.err]).toEqual([
      2,
      'svcsim: --show: expected a non-negative number of connections, got "all"\n',
    ]);
  });

  it('compares a damaged log’s intact part with --salvage', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.svlog');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    const { code, out, err } = await cli('replay', truncated, '--salvage', '--mode', 'iptables');
    expect(code).toBe(0);
    expect(err).toMatch(/warning: replaying the \d+ events before the damage/);
    expect(out).toMatch(
      /; compared before \d+\.\d{3}s, the last instant, which the damage may have cut short\n/,
    );
    expect(out).toMatch(/\noutcomes identical: /);
  });

  it('refuses --mode with --verify, an unknown mode and a log without kube-proxy, with exit code 2', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const both = await cli('replay', path, '--verify', '--mode', 'iptables');
    expect(both.code).toBe(2);
    expect(both.out).toBe('');
    expect(both.err).toMatch(/^svcsim: --mode cannot be combined with --verify: /);
    expect(both.err.trim().split('\n')).toHaveLength(1);

    const unknown = await cli('replay', path, '--mode', 'ipvs');
    expect([unknown.code, unknown.out, unknown.err]).toEqual([
      2,
      '',
      'svcsim: --mode: unknown kube-proxy mode "ipvs"; this svcsim has: iptables\n',
    ]);

    const bare = join(dir, 'bare.svlog');
    await writeSimLogFile(bare, run([], 1, resolveSimulationConfig({ durationMs: 1_000 })).log);
    const noProxy = await cli('replay', bare, '--mode', 'iptables');
    expect(noProxy.code).toBe(2);
    expect(noProxy.err).toBe(
      `svcsim: ${bare}: --mode: this run has no kube-proxy (its log's config has no proxy), so there is no proxy mode to change\n`,
    );
  });

  it('refuses an --at after the end of the run or before its start', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const late = await cli('replay', path, '--at', '13s');
    expect([late.code, late.err]).toEqual([
      2,
      'svcsim: --at: 13000 ms is after the end of the run (12000 ms)\n',
    ]);
    const early = await cli('replay', path, '--at', '-1s');
    expect([early.code, early.err]).toEqual([
      2,
      'svcsim: --at: a time cannot be negative (the run starts at 0s), got "-1s"\n',
    ]);
  });
});
