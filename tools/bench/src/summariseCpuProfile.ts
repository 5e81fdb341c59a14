// `tsx tools/bench/src/summariseCpuProfile.ts FILE.cpuprofile [TOP] [--by-file]`: the functions (or, with
// --by-file, the source files) with the most self time in a V8 CPU profile, as `node --cpu-prof` or
// `pnpm bench --profile-churn` write it, with their share of the sampled time, so a benchmark's profile
// can be summarised in docs/benchmarks.md without a browser.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a `.cpuprofile` this summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function or file (all its profile nodes together). */
interface SelfTime {
  readonly label: string;
  readonly micros: number;
  readonly share: number;
}

/**
 * Self time per function, most first. Functions are told apart by name and file; the line is left out
 * because tsx's transpiled code does not keep the source's lines. V8's pseudo-functions ("(garbage
 * collector)", "(idle)", "(program)") and natives keep their names in both modes.
 */
function summariseCpuProfile(profile: CpuProfile, byFile: boolean, root = process.cwd()): SelfTime[] {
  const labelOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
    // Dependencies by package, as `pnpm` lays them out: node_modules/.pnpm/<id>/node_modules/<package>/…
    const file = path.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
    labelOf.set(node.id, file === '' ? name : byFile ? file : `${name}  ${file}`);
  }
  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const label = labelOf.get(id) ?? '(unknown)';
    micros.set(label, (micros.get(label) ?? 0) + delta);
    total += delta;
  });
  return [...micros]
    .map(([label, time]) => ({ label, micros: time, share: total === 0 ? 0 : time / total }))
    .sort((a, b) => b.micros - a.micros || a.label.localeCompare(b.label));
}

const args = process.argv.slice(2);
const byFile = args.includes('--by-file');
const [file, top = '25'] = args.filter((arg) => arg !== '--by-file');
if (file === undefined || !Number.isInteger(Number(top))) {
  process.stderr.write(
    'usage: tsx tools/bench/src/summariseCpuProfile.ts FILE.cpuprofile [TOP] [--by-file]\n',
  );
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
for (const { label, micros, share } of summariseCpuProfile(profile, byFile).slice(0, Number(top))) {
  process.stdout.write(
    `${(share * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${label}\n`,
  );
}
