import type { IptablesRuleset, IptablesTable } from './IptablesRuleset.js';
import { tableRulesInOrder } from './IptablesRuleset.js';

/**
 * Renders the input kube-proxy feeds to `iptables-restore --noflush --counters` (section 1.4): per
 * table the header, every chain line, the `-A` lines in the order they were written, and `COMMIT`;
 * filter first, then nat.
 */
export function renderIptablesRestore(ruleset: IptablesRuleset): string {
  return renderTable(ruleset.filter) + renderTable(ruleset.nat);
}

function renderTable(table: IptablesTable): string {
  const lines = [`*${table.name}`];
  for (const chain of table.chains) lines.push(`:${chain.name} - [0:0]`);
  for (const rule of tableRulesInOrder(table)) lines.push(['-A', rule.chain, ...rule.args].join(' '));
  lines.push('COMMIT');
  return lines.join('\n') + '\n';
}
