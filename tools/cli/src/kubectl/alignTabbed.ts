/**
 * Aligns tab-separated text the way Go's text/tabwriter does for `kubectl describe` (minwidth 0,
 * padding 2, space padding, no flags). Every tab ends a cell; the text after a line's last tab is not a
 * cell and is never padded. A column is aligned only across a run of consecutive lines that all have a
 * cell in it, so a line without that cell (such as a section heading with no tab) starts a new block;
 * that is why kubectl's describe output changes its alignment from one section to the next.
 */
export function alignTabbed(text: string, padding = 2): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      out.push(
        cells
          .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
          .join(''),
      );
    }
  };

  // Go's tabwriter format(): find each block of lines having a cell in the next column, size that
  // column to the block's widest cell, and recurse into the block for the columns after it.
  const format = (lineStart: number, lineEnd: number): void => {
    const column = widths.length;
    let blockStart = lineStart;
    for (let line = lineStart; line < lineEnd; line++) {
      if (column >= (lines[line]?.length ?? 0) - 1) continue;
      writeLines(blockStart, line);
      blockStart = line;
      let width = 0;
      for (; line < lineEnd; line++) {
        const cells = lines[line] ?? [];
        if (column >= cells.length - 1) break;
        width = Math.max(width, (cells[column] ?? '').length + padding);
      }
      widths.push(width);
      format(blockStart, line);
      widths.pop();
      blockStart = line;
      // The outer loop's increment would skip the line that ended the block; step back so it is seen.
      line--;
    }
    writeLines(blockStart, lineEnd);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
