import type { ExpectationResult } from '@svcsim/scenarios';

const LABELS = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;

/**
 * One line per expectation, in file order: `PASS name: what was measured`, `FAIL name: what was
 * measured, expected what`, or `SKIP name: why nothing was measured`.
 */
export function renderExpectations(results: readonly ExpectationResult[]): string {
  return results
    .map((result) => {
      const expected = result.verdict === 'failed' ? `, expected ${result.expected}` : '';
      return `${LABELS[result.verdict]} ${result.name}: ${result.measured}${expected}\n`;
    })
    .join('');
}

/**
 * The last line of `svcsim run`: `PASS`, or `FAIL` when any expectation failed, with the counts. A
 * skipped expectation is not a failure, but the line says how many there were so a shortened run is
 * never mistaken for a complete one.
 */
export function summarizeExpectations(results: readonly ExpectationResult[]): string {
  if (results.length === 0) return 'PASS: no expectations to judge (spec.expect is empty)\n';
  const count = (verdict: ExpectationResult['verdict']): number =>
    results.filter((result) => result.verdict === verdict).length;
  const [passed, failed, skipped] = [count('passed'), count('failed'), count('skipped')];
  const parts = [`${String(passed)} passed`, `${String(failed)} failed`];
  if (skipped > 0) parts.push(`${String(skipped)} skipped`);
  const of = `${String(results.length)} expectation${results.length === 1 ? '' : 's'}`;
  return `${failed > 0 ? 'FAIL' : 'PASS'}: ${of}: ${parts.join(', ')}\n`;
}
