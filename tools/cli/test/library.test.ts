import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadScenario } from '@svcsim/scenarios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const LIBRARY_DIR = fileURLToPath(new URL('../../../packages/scenarios/library/', import.meta.url));
const LIBRARY_README = join(LIBRARY_DIR, 'README.md');

/** Every scenario of the library, found by listing the directory so new files are checked unasked. */
const scenarioNames = readdirSync(LIBRARY_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => basename(file, '.yaml'))
  .sort();

/**
 * The path the CLI is given, relative to the working directory (the repository root under `pnpm test`),
 * because `svcsim run` prints it and the goldens must not hold a machine's absolute path.
 */
function scenarioArgument(name: string): string {
  return relative(process.cwd(), join(LIBRARY_DIR, `${name}.yaml`));
}

let recordings: string;
beforeAll(async () => {
  recordings = await mkdtemp(join(tmpdir(), 'svcsim-library-'));
});
afterAll(async () => {
  await rm(recordings, { recursive: true, force: true });
});

describe('the scenario library', () => {
  it('holds scenarios', () => {
    expect(scenarioNames.length).toBeGreaterThan(0);
  });

  describe.each(scenarioNames)('%s', (name) => {
    it('is named after its file, says what it shows in a header comment, and is documented in the README', async () => {
      const text = await readFile(join(LIBRARY_DIR, `${name}.yaml`), 'utf8');
      expect(loadScenario(text, `${name}.yaml`).name).toBe(name);
      expect(text.startsWith(`# ${name}: `)).toBe(true);
      const readme = await readFile(LIBRARY_README, 'utf8');
      // A row in the table at the top, and a section of its own (two variants may share one).
      expect(readme).toMatch(new RegExp(`^\\| \\[${name}\\]\\(#`, 'm'));
      expect(readme).toMatch(new RegExp(`^## .*\\b${name}\\b`, 'm'));
    });

    it('meets its expectations, prints its golden output, and re-simulates identically', async () => {
      const log = join(recordings, `${name}.svlog`);
      const { code, out, err } = await cli('run', scenarioArgument(name), '--record', log);
      expect(err).toBe('');
      // --record adds exactly one line to what `svcsim run FILE` prints; the golden is the output
      // without it, i.e. that of the plain command the README shows.
      const recordedLine = `recorded to ${log}; try: svcsim replay ${log} --verify\n`;
      expect(out).toContain(recordedLine);
      await expect(out.replace(recordedLine, '')).toMatchFileSnapshot(`golden/library/${name}.txt`);
      expect(code).toBe(0);

      // The log is the run just printed: its sha256 is the digest the summary shows.
      const bytes = await readFile(log);
      const digest = /sha256 ([0-9a-f]{64})/.exec(out)?.[1];
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(digest);

      const replay = await cli('replay', log, '--verify');
      expect(replay.err).toBe('');
      expect(replay.out).toMatch(
        /\nverify: re-simulated \d+ inputs; all \d+ events identical, byte for byte\n/,
      );
      expect(replay.code).toBe(0);
    });
  });
});
