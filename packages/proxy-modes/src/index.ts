// The public API of @svcsim/proxy-modes.

// iptables mode
export {
  endpointChainName,
  hash16,
  servicePortChainName,
  type ServiceChainPrefix,
} from './iptables/hashChainName.js';
export {
  rulesOfChain,
  tableRulesInOrder,
  type IptablesChain,
  type IptablesRule,
  type IptablesRuleset,
  type IptablesTable,
  type IptablesTableName,
} from './iptables/IptablesRuleset.js';
export { compileIptablesRules, masqueradeMark } from './iptables/compileIptablesRules.js';
export { renderIptablesRestore } from './iptables/renderIptablesRestore.js';
export { iptablesJumpRules, type IptablesJumpRule } from './iptables/iptablesJumpRules.js';
export { formatProbability } from './iptables/formatProbability.js';
