import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const readmePath = new URL('../../../README.md', import.meta.url);
const demoScenario = 'packages/scenarios/library/rolling-update-no-prestop.yaml';

/** The lines a README console block shows after `$ <command>`, up to the closing fence. */
async function readmeOutput(command: string): Promise<string> {
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(`$ ${command}\n`);
  expect(start, `README has no console block for "${command}"`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + command.length + 3);
  return body.slice(0, body.indexOf('```'));
}

describe('README worked example', () => {
  it('runs the script `pnpm demo` runs', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['demo']).toBe(`tsx tools/cli/src/main.ts run ${demoScenario}`);
  });

  it('shows the real output of the demo scenario, of replay --verify and of trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-readme-'));
    const path = join(dir, 'demo.svlog');
    const run = await cli('run', demoScenario, '--record', path);
    expect(run.code).toBe(0);
    expect(run.out.replaceAll(path, 'demo.svlog')).toBe(
      await readmeOutput(`pnpm exec svcsim run ${demoScenario} --record demo.svlog`),
    );
    const replay = await cli('replay', path, '--verify');
    expect(replay.code).toBe(0);
    expect(replay.out.replaceAll(path, 'demo.svlog')).toBe(
      await readmeOutput('pnpm exec svcsim replay demo.svlog --verify'),
    );
    const traceArgs = ['--from', 'pod/default/client-1', '--to', 'web:80', '--at', '16s'];
    const trace = await cli('trace', ...traceArgs, '--scenario', demoScenario);
    // The README says this connection would fail: trace exits 1 for that.
    expect(trace.code).toBe(1);
    expect(trace.out).toBe(
      await readmeOutput(`pnpm exec svcsim trace ${traceArgs.join(' ')} --scenario ${demoScenario}`),
    );
  });
});
