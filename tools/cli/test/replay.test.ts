import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveSimulationConfig, run, writeSimLogFile, type ProxyMode } from '@svcsim/core';

import { cli } from './helpers.js';

async function recordDemo(): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'svcsim-replay-'));
  const path = join(dir, 'demo.svlog');
  const { code } = await cli('demo', '--record', path);
  expect(code).toBe(0);
  return { dir, path };
}

describe('svcsim replay', () => {
  it('summarises a log, shows Endpoints at a time and verifies it by re-simulation (golden)', async () => {
    const { path } = await recordDemo();
    const { code, out, err } = await cli('replay', path, '--verify', '--at', '12.5s');
    expect(err).toBe('');
    expect(code).toBe(0);
    await expect(out.replaceAll(path, '<log>')).toMatchFileSnapshot('golden/replay-verify-at.txt');
  });

  it('shows the Endpoints as they were at the requested instant, not as they ended', async () => {
    const { path } = await recordDemo();
    // node-2 fails at 22s; its two pods leave the ready endpoints when the controllers catch up (22.1s).
    const before = (await cli('replay', path, '--at', '22.09s')).out;
    const after = (await cli('replay', path, '--at', '22.1s')).out;
    const row = (out: string) => out.split('\n').find((line) => /^default\s+web\s/.test(line)) ?? '';
    expect(row(before)).toMatch(/ \+ 1 more\.\.\./); // four ready endpoints: three shown, one more
    expect(row(after)).not.toMatch(/more/);
    expect(row(after).split(/\s+/)[2]?.split(',')).toHaveLength(2);
  });

  it('reads and verifies a log written in format version 1 exactly as its version 2 twin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-replay-'));
    const log = run([], 3, resolveSimulationConfig({ durationMs: 5_000 })).log;
    const v1 = join(dir, 'v1.svlog');
    const v2 = join(dir, 'v2.svlog');
    await writeSimLogFile(v1, log, { formatVersion: 1 });
    await writeSimLogFile(v2, log);
    expect((await readFile(v1))[9]).toBe(1); // the format version's low byte
    expect((await readFile(v2))[9]).toBe(2);
    const fromV1 = await cli('replay', v1, '--verify', '--at', '1s');
    const fromV2 = await cli('replay', v2, '--verify', '--at', '1s');
    expect(fromV1.code).toBe(0);
    expect(fromV1.err).toBe('');
    expect(fromV1.out.replaceAll(v1, '<log>')).toBe(fromV2.out.replaceAll(v2, '<log>'));
    expect(fromV1.out).toMatch(/verify: re-simulated \d+ inputs; all \d+ events identical, byte for byte/);
  });

  it('reports a truncated log with exit code 2, the byte offset and the segment', async () => {
    const { dir, path } = await recordDemo();
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.svlog');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    const { code, err, out } = await cli('replay', truncated);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^svcsim: truncated at byte offset \d+ inside the end-of-log marker .*; segment 0 \(\d+ events\) is intact\n/,
    );
    expect(err).toMatch(/svcsim: hint: --salvage replays the \d+ intact events before the damage\n$/);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('with --salvage, replays and verifies the intact part of a damaged log', async () => {
    const { dir, path } = await recordDemo();
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.svlog');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    const { code, err, out } = await cli('replay', truncated, '--salvage', '--verify', '--at', '11s');
    expect(code).toBe(0);
    expect(err).toMatch(/warning: replaying the \d+ events before the damage/);
    // The damage is in the end marker, so every input of the one intact segment is re-simulated.
    const inputs = /\((\d+) inputs, \d+ derived\)/.exec(out)?.[1];
    expect(inputs).toBeDefined();
    expect(out).toMatch(
      new RegExp(
        `verify: re-simulated ${String(inputs)} inputs; the \\d+ events of the complete instants before the damage are identical`,
      ),
    );
  });

  it('reports a corrupted log with exit code 2 and a checksum message', async () => {
    const { dir, path } = await recordDemo();
    const corrupt = join(dir, 'corrupt.svlog');
    await copyFile(path, corrupt);
    const bytes = await readFile(corrupt);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    await writeFile(corrupt, bytes);
    const { code, err } = await cli('replay', corrupt);
    expect(code).toBe(2);
    expect(err).toMatch(/^svcsim: segment 0 at byte offset \d+: checksum mismatch/);
  });

  it('refuses a file that is not a log, and a missing file, with exit code 2', async () => {
    const { dir } = await recordDemo();
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello, this is not a log\n');
    const notLog = await cli('replay', text);
    expect(notLog.code).toBe(2);
    expect(notLog.err).toMatch(/not an svcsim event log \(bad magic at byte 0/);
    const missing = await cli('replay', join(dir, 'missing.svlog'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^svcsim: cannot read .*missing\.svlog: no such file/);
  });

  it('refuses an --at that is not a duration', async () => {
    const { path } = await recordDemo();
    const { code, err } = await cli('replay', path, '--at', '30');
    expect(code).toBe(2);
    expect(err).toBe('svcsim: --at: expected a duration such as 12s, 1m30s or 250ms, got "30"\n');
  });

  it('refuses to verify a log whose proxy mode this svcsim does not have, with exit code 2', async () => {
    // A log recorded with a mode named "ebpf" (a stand-in here): re-simulating it needs that mode.
    const ebpf: ProxyMode = {
      name: 'ebpf',
      sync: () => ({ rules: {}, full: true, rulesWritten: 0, rulesTotal: 0, costMicros: 0 }),
      route: () => ({ verdict: 'accept', masqueraded: false, trace: [], rulesEvaluated: 0, costNanos: 0 }),
      render: () => '',
    };
    const config = resolveSimulationConfig({ durationMs: 1_000, proxy: { mode: 'ebpf' } });
    const { log } = run([], 1, config, { proxyMode: ebpf });
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-replay-'));
    const path = join(dir, 'ebpf.svlog');
    await writeSimLogFile(path, log);
    const { code, out, err } = await cli('replay', path, '--verify');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^svcsim: .*"ebpf"/);
  });
});
