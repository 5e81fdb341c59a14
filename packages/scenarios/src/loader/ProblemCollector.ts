import type { LineCounter, Node as YamlNode, Scalar } from 'yaml';

import { ScenarioError, type ScenarioProblem } from './ScenarioError.js';

/** What a problem can point at: a YAML node (its start), or a raw offset into the file. */
export type ProblemSite = YamlNode | Scalar | number | null | undefined;

/**
 * Gathers problems while a file is read, turning node offsets into line and column with the parser's
 * LineCounter, so reading goes on after the first problem and the user sees them all at once.
 */
export class ProblemCollector {
  private readonly found: ScenarioProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    /** Where problems land that have no node of their own (e.g. the start of the Scenario document). */
    private readonly fallbackOffset = 0,
  ) {}

  add(site: ProblemSite, path: string, message: string): void {
    const offset = typeof site === 'number' ? site : (site?.range?.[0] ?? this.fallbackOffset);
    const { line, col } = this.lines.linePos(offset);
    this.found.push({ file: this.file, line, column: col, path, message });
  }

  get count(): number {
    return this.found.length;
  }

  /** Throws a ScenarioError with every problem, by line then column (stable for equal positions). */
  throwIfAny(): void {
    if (this.found.length === 0) return;
    const sorted = this.found
      .map((problem, index) => ({ problem, index }))
      .sort(
        (a, b) => a.problem.line - b.problem.line || a.problem.column - b.problem.column || a.index - b.index,
      )
      .map(({ problem }) => problem);
    throw new ScenarioError(sorted);
  }
}
