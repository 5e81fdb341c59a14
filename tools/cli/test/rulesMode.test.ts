import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '@svcsim/core';

import { openClusterSource } from '../src/commands/ClusterSource.js';
import { rulesCommand } from '../src/commands/clusterCommands.js';
import { cli } from './helpers.js';
import { LAST_ENDPOINT_MODE, TEST_PROXY_MODES } from './lastEndpointMode.js';
import { MODES_SCENARIO, recordModesScenario, scenarioFile, tempDir } from './modeFixtures.js';

/** `svcsim rules` in-process with the test's modes; returns what it printed. */
async function rulesWithTestModes(
  node: string,
  options: { scenario?: string; log?: string; at?: number; mode?: string },
): Promise<string> {
  let out = '';
  await rulesCommand(node, options, { out: (s) => (out += s), err: () => undefined }, TEST_PROXY_MODES);
  return out;
}

/** The DNAT targets of an iptables-save dump: where the node sends new connections. */
function dnatTargets(rules: string): string[] {
  return [...rules.matchAll(/--to-destination (\S+)/g)].map((match) => match[1] ?? '').sort();
}

const MARKER = `# rendered by the ${LAST_ENDPOINT_MODE} test mode\n`;

describe('svcsim rules --mode', () => {
  it('prints the rules another mode would have programmed, saying which mode and that it re-simulated', async () => {
    const path = await scenarioFile(await tempDir());
    const own = await rulesWithTestModes('node-1', { scenario: path, at: 5_000 });
    const other = await rulesWithTestModes('node-1', { scenario: path, at: 5_000, mode: LAST_ENDPOINT_MODE });
    expect(own).toMatch(/^# node-1 at 5\.000s\n\*filter\n/);
    expect(
      other.startsWith(
        `# node-1 at 5.000s, kube-proxy mode ${LAST_ENDPOINT_MODE} (re-simulated; the run used iptables)\n${MARKER}`,
      ),
    ).toBe(true);
    // The test mode programs exactly what iptables does; it only routes differently.
    expect(other.slice(other.indexOf('*filter'))).toBe(own.slice(own.indexOf('*filter')));
    const endpoints = await cli('get', 'endpoints', 'web', '--scenario', path, '--at', '5s');
    const row = endpoints.out.split('\n')[1] ?? '';
    expect(dnatTargets(other)).toEqual((row.split(/\s+/)[1] ?? '').split(',').sort());
  });

  it('defaults to the run’s own mode, and --mode with that mode changes nothing', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, LAST_ENDPOINT_MODE, TEST_PROXY_MODES);
    const own = await rulesWithTestModes('node-2', { log: path, at: 6_000 });
    expect(own.startsWith(`# node-2 at 6.000s\n${MARKER}`)).toBe(true);
    const same = await rulesWithTestModes('node-2', { log: path, at: 6_000, mode: LAST_ENDPOINT_MODE });
    expect(same).toBe(own);
    const iptables = await rulesWithTestModes('node-2', { log: path, at: 6_000, mode: 'iptables' });
    expect(iptables).toBe(
      `# node-2 at 6.000s, kube-proxy mode iptables (re-simulated; the run used ${LAST_ENDPOINT_MODE})\n` +
        own.slice(own.indexOf(MARKER) + MARKER.length),
    );

    const builtin = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const plain = await cli('rules', '--node', 'node-2', '--log', builtin.path, '--at', '6s');
    const explicit = await cli(
      'rules',
      '--node',
      'node-2',
      '--log',
      builtin.path,
      '--at',
      '6s',
      '--mode',
      'iptables',
    );
    expect(plain.code).toBe(0);
    expect(explicit.out).toBe(plain.out);
  });

  it('says a node has no rules before its kube-proxy first syncs', async () => {
    const path = await scenarioFile(await tempDir());
    const { code, out, err } = await cli('rules', '--node', 'node-1', '--scenario', path, '--at', '0s');
    expect([code, err]).toEqual([0, '']);
    expect(out).toBe('# node-1 at 0.000s\n# no rules: the kube-proxy of node-1 has not synced by 0.000s\n');
  });

  it('refuses an unknown mode, and --mode on a run without kube-proxy, with exit code 2', async () => {
    const dir = await tempDir();
    const path = await scenarioFile(dir);
    const unknown = await cli('rules', '--node', 'node-1', '--scenario', path, '--mode', 'nftables');
    expect([unknown.code, unknown.out, unknown.err]).toEqual([
      2,
      '',
      'svcsim: --mode: unknown kube-proxy mode "nftables"; this svcsim has: iptables\n',
    ]);
    const noProxy = await scenarioFile(dir, MODES_SCENARIO.replace(/^ {2}proxy: .*\n/m, ''));
    const bare = await cli('rules', '--node', 'node-1', '--scenario', noProxy, '--mode', 'iptables');
    expect([bare.code, bare.err]).toEqual([
      2,
      'svcsim: --mode: this run has no kube-proxy (its Scenario has no spec.proxy), so there is no proxy mode to change\n',
    ]);
  });
});

describe('--at on a cluster source', () => {
  it('accepts any instant of a log’s run for get, including between events and after the last one', async () => {
    const dir = await tempDir();
    const { path, log } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const lastEvent = log.entries.at(-1)?.at ?? 0;
    expect(lastEvent).toBeLessThan(12_000);
    for (const at of ['0s', '1ms', '4.321s', '11.5s', '12s']) {
      const { code, out, err } = await cli('get', 'pods', '--log', path, '--at', at);
      expect([at, code, err]).toEqual([at, 0, '']);
      expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS/);
    }
  });

  it('refuses a negative --at and one after the end, with one clear line', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const negative = await cli('get', 'pods', '--log', path, '--at', '-2s');
    expect([negative.code, negative.err]).toEqual([
      2,
      'svcsim: --at: a time cannot be negative (the run starts at 0s), got "-2s"\n',
    ]);
    const late = await cli('rules', '--node', 'node-1', '--log', path, '--at', '12.001s');
    expect([late.code, late.err]).toEqual([
      2,
      'svcsim: --at: 12001 ms is after the end of the run (12000 ms)\n',
    ]);
  });
});

describe('ClusterSource.runUntil', () => {
  it('re-simulates a log up to an instant into the same state the log replays to', async () => {
    const dir = await tempDir();
    const { path } = await recordModesScenario(dir, 'iptables', TEST_PROXY_MODES);
    const source = await openClusterSource({ log: path }, TEST_PROXY_MODES);
    for (const at of [0, 2_175, 7_000, 7_100, 12_000]) {
      const resimulated = source.runUntil(at);
      expect(resimulated.at).toBe(at);
      expect(resimulated.config.durationMs).toBe(at);
      expect(resimulated.mode?.name).toBe('iptables');
      expect(canonicalDigest(resimulated.finalState)).toBe(canonicalDigest(source.stateAt(at)));
    }
    // Asked again, the same run is returned rather than run twice.
    expect(source.runUntil(7_000)).toBe(source.runUntil(7_000));
  });

  it('runs another mode when asked, with that mode in its config', async () => {
    const path = await scenarioFile(await tempDir());
    const source = await openClusterSource({ scenario: path }, TEST_PROXY_MODES);
    const other = source.runUntil(8_000, { mode: LAST_ENDPOINT_MODE });
    expect(other.mode?.name).toBe(LAST_ENDPOINT_MODE);
    expect(other.config.proxy?.mode).toBe(LAST_ENDPOINT_MODE);
    expect(other.programmed?.mode.name).toBe(LAST_ENDPOINT_MODE);
    // The cluster itself does not depend on the proxy mode: the same objects, whatever routed traffic.
    const { Pod, Service, EndpointSlice } = other.finalState;
    const own = source.stateAt(8_000);
    expect(canonicalDigest({ Pod, Service, EndpointSlice })).toBe(
      canonicalDigest({ Pod: own.Pod, Service: own.Service, EndpointSlice: own.EndpointSlice }),
    );
  });
});
