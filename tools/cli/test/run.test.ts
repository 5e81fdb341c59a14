import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { runCli } from '../src/runCli.js';
import { cli } from './helpers.js';

const example = fileURLToPath(
  new URL('../../../packages/scenarios/examples/web-rollout.yaml', import.meta.url),
);
// The path as printed: relative to the repository root, the way the README runs it.
const shownPath = 'packages/scenarios/examples/web-rollout.yaml';

async function exampleWith(edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'svcsim-run-'));
  const path = join(dir, 'scenario.yaml');
  await writeFile(path, edit(await readFile(example, 'utf8')));
  return path;
}

describe('svcsim run', () => {
  it('prints the timeline, each traffic per window, each expectation and a verdict (golden)', async () => {
    const { code, out, err } = await cli('run', example);
    expect(err).toBe('');
    expect(code).toBe(0);
    await expect(out.replaceAll(example, shownPath)).toMatchFileSnapshot('golden/run-web-rollout.txt');
  });

  it('exits 1 after printing everything when an expectation fails', async () => {
    const path = await exampleWith((text) => text.replace("successRate: '>= 0.9'", "successRate: '>= 0.99'"));
    const { code, out, err } = await cli('run', path);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toMatch(
      /\nFAIL the rollout costs at most a few requests: successRate 0\.\d{3} \(\d+ of 50 requests in \[20\.000s, 25\.000s\); failed: \d+ timedOut\), expected successRate >= 0\.99\n/,
    );
    expect(out.trimEnd().split('\n').at(-1)).toBe('FAIL: 6 expectations: 5 passed, 1 failed');
  });

  it('stops at --until, skipping what lies beyond, with windows of --window', async () => {
    const { code, out } = await cli('run', example, '--until', '16s', '--window', '2s');
    expect(code).toBe(0);
    expect(out).toMatch(/; 16\.000s of virtual time \(stopped early; the scenario lasts 40\.000s\)\n/);
    expect(out).toMatch(/\(TCP, 10\/s, a new connection each, 5\.000s-40\.000s; 2s windows\):\n/);
    expect(out).toMatch(/\n14\.000s-16\.000s +20 +20 +1\ntotal +110 +110 +1\n/);
    expect(out).toMatch(
      /\nSKIP the rollout costs at most a few requests: not measured: it needs the run up to 25\.000s, and the run stopped at 16\.000s\n/,
    );
    expect(out.trimEnd().split('\n').at(-1)).toBe('PASS: 6 expectations: 2 passed, 0 failed, 4 skipped');
  });

  it('shows every event with --all, and records a log that replays and verifies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-run-'));
    const log = join(dir, 'web.svlog');
    const all = await cli('run', example, '--all', '--record', log, '--seed', '11');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/ connection\/opened +curl#1 pod default\/client -> web:80\/TCP\n/);
    expect(all.out).not.toMatch(/not shown/);
    expect(all.out).toMatch(/; seed 11; /);
    expect(all.out).toContain(`recorded to ${log}; try: svcsim replay ${log} --verify\n`);
    const verify = await cli('replay', log, '--verify');
    expect(verify.err).toBe('');
    expect(verify.code).toBe(0);
    // The recording holds the digest printed for the run.
    const digest = /sha256 ([0-9a-f]{64})/.exec(all.out)?.[1];
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(await readFile(log))
        .digest('hex'),
    ).toBe(digest);
  });

  it('refuses an unknown mode, a late --until, a bad seed and a bad file with exit 2 and one line', async () => {
    const cases: [string[], string][] = [
      [['--mode', 'ipvs'], 'svcsim: --mode: unknown kube-proxy mode "ipvs"; known modes: iptables\n'],
      [
        ['--until', '41s'],
        "svcsim: --until: the run can stop at any instant from 0 ms to the scenario's duration (40000 ms), not at 41000 ms\n",
      ],
      [['--seed', 'x'], 'svcsim: --seed: expected a non-negative integer, got "x"\n'],
      [['--window', '0s'], 'svcsim: --window: expected a duration longer than 0, got "0"\n'],
    ];
    for (const [flags, message] of cases) {
      const { code, out, err } = await cli('run', example, ...flags);
      expect({ flags, code, out, err }).toEqual({ flags, code: 2, out: '', err: message });
    }
    const broken = await exampleWith((text) => text.replace('rate: 10/s', 'rate: 10/h'));
    const bad = await cli('run', broken);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^svcsim: .*scenario\.yaml:\d+:\d+: spec\.traffic\[0\]\.rate: expected a rate/);
    expect((await cli('run', join(tmpdir(), 'no-such-scenario.yaml'))).code).toBe(2);
  });

  it('draws a progress bar on stderr only when stderr is a terminal, and erases it', async () => {
    let err = '';
    let out = '';
    const code = await runCli(['run', example, '--until', '8s'], {
      out: (s) => (out += s),
      err: (s) => (err += s),
      errIsTTY: true,
    });
    expect(code).toBe(0);
    expect(err.startsWith('\r[')).toBe(true);
    expect(err).toContain('] 100%  8.000s of 8.000s virtual');
    expect(err.endsWith('\r\u001b[K')).toBe(true);
    // The bar changes nothing else: stdout is what a run without a terminal prints.
    expect(out).toBe((await cli('run', example, '--until', '8s')).out);
  });

  it('tells the first failures of a streak and sums up the rest in one line when it ends', async () => {
    // Connecting to the targetPort instead of the Service port: no rule matches, nothing answers.
    const path = await exampleWith((text) =>
      text
        .replace(
          "to: 'http://web/', rate: 10/s, start: 5s, end: 40s",
          "to: 'web:8080', rate: 5/s, start: 1s, end: 11s",
        )
        .replace(/ {2}expect:\n[\s\S]*?\n---/, '---'),
    );
    const { code, out } = await cli('run', path);
    expect(code).toBe(0);
    const curl = out.split('\n').filter((line) => /^ *\d+\.\d{3}s .* curl[#:]/.test(line));
    // 5/s from 1s to 11s is 50 requests: the first three are told, then one line for the other 47.
    expect(curl.map((line) => line.replace(/^ *[\d.]+s +/, '').split(' ')[0])).toEqual([
      'connection/failed',
      'connection/failed',
      'connection/failed',
      '...',
    ]);
    expect(curl.at(-1)).toMatch(
      /^40\.000s +\.\.\. +curl: 47 more failed requests from 1\.600s to 10\.800s \(47 timedOut\)$/,
    );
    expect(out).toMatch(/\ntotal +50 +0 +50 +0\n/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('PASS: no expectations to judge (spec.expect is empty)');
  });

  it('runs the complete example of docs/scenarios.md, which meets its expectations', async () => {
    const docs = await readFile(new URL('../../../docs/scenarios.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    const path = await exampleWith(() => yaml);
    const { code, out } = await cli('run', path);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toBe('PASS: 3 expectations: 3 passed, 0 failed');
  });

  it('documents its output, the progress bar and examples in --help', async () => {
    const { code, out } = await cli('run', '--help');
    expect(code).toBe(0);
    for (const text of [
      '--until <time>',
      '--window <time>',
      'progress bar',
      'PASS name: measured',
      'Examples:',
    ]) {
      expect(out).toContain(text);
    }
  });
});
