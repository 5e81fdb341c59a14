// The public API of @svcsim/proxy-modes.

// The registry of modes, by the names scenarios and logs use
export { PROXY_MODE_NAMES, proxyModeNamed, type ProxyModeName } from './proxyModes.js';

// iptables mode: the ProxyMode (sync, route, render) and its kernel state
export { createIptablesMode, type IptablesModeOptions } from './iptables/createIptablesMode.js';
export {
  iptablesRulesTotal,
  type IptablesKernelState,
  type IptablesNodeRules,
  type IptablesServiceTotals,
  type IptablesSyncWrite,
  type ProgrammedService,
} from './iptables/IptablesKernelState.js';
export { materializeIptablesRuleset } from './iptables/materializeIptablesRuleset.js';
export { servicePortsInOrder } from './iptables/servicePortsInOrder.js';
export { renderIptablesSyncInput } from './iptables/renderIptablesSyncInput.js';
export {
  IPTABLES_COST_MODEL,
  iptablesFirstPacketNanos,
  iptablesSyncCostMicros,
  type IptablesSyncWork,
} from './iptables/iptablesCostModel.js';
export { localizeEndpoints } from './iptables/localizeEndpoints.js';
export { iptablesCompatOf, type IptablesCompat } from './iptables/iptablesCompat.js';
export type { ServiceRules } from './iptables/compileServiceRules.js';
export type { ServicePortRules } from './iptables/compileServicePortRules.js';
export type { FixedIptablesRules } from './iptables/compileFixedRules.js';

// iptables mode: chain names, rule compilation and rendering
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
  type IptablesRuleSpec,
  type IptablesTable,
  type IptablesTableName,
} from './iptables/IptablesRuleset.js';
export { compileIptablesRules } from './iptables/compileIptablesRules.js';
export { masqueradeMark } from './iptables/compileFixedRules.js';
export { renderIptablesRestore } from './iptables/renderIptablesRestore.js';
export { iptablesSaveRule, renderIptablesSave } from './iptables/renderIptablesSave.js';
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
