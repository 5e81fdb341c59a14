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

// iptables mode: evaluating a new connection through a node's rules (literal walk and indexed fast path)
export {
  cloneRecentTable,
  createRecentTable,
  type IptablesPacket,
  type IptablesRouteContext,
  type IptablesRouteResult,
  type IptablesTraceEntry,
  type RecentTable,
} from './iptables/route/IptablesRoute.js';
export { routeIptablesPacket } from './iptables/route/routeIptablesPacket.js';
export { createIptablesRouter, type IptablesRouter } from './iptables/route/createIptablesRouter.js';
