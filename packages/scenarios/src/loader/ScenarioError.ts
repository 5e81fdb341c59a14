/** One thing wrong with a scenario file, where it is and what was expected there. */
export interface ScenarioProblem {
  readonly file: string;
  /** 1-based, as editors count. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The field path inside the document (`spec.timeline[2].node`), or `` for the stream itself. */
  readonly path: string;
  readonly message: string;
}

/** `file:line:column: path: message`, the shape compilers use, so editors can jump to it. */
export function formatScenarioProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${String(problem.line)}:${String(problem.column)}`;
  return problem.path === ''
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}

/**
 * A scenario file that cannot be loaded, with every problem found in it (sorted by line), so a user
 * fixes them in one pass; the CLI prints `message` and exits 2, never a stack trace.
 */
export class ScenarioError extends Error {
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    super(problems.map(formatScenarioProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}
