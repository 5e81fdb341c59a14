// The public API of @svcsim/scenarios.
export {
  ROLLOUT_DEMO_CLIENT,
  ROLLOUT_DEMO_CLUSTER_IP,
  ROLLOUT_DEMO_CONFIG,
  ROLLOUT_DEMO_KEEPALIVE,
  createRolloutDemoInputs,
} from './builtin/rolloutDemo.js';

// Scenario files: loading a multi-document YAML into a run's config and inputs, and its errors
export {
  SCENARIO_API_VERSION,
  SCENARIO_KIND,
  loadScenario,
  type LoadedScenario,
} from './loader/loadScenario.js';
export { ScenarioError, formatScenarioProblem, type ScenarioProblem } from './loader/ScenarioError.js';
export { RESTARTED_AT_ANNOTATION } from './loader/timelineInputs.js';
export type {
  ConnectionMode,
  TrafficRate,
  TrafficSource,
  TrafficSpec,
  TrafficTarget,
} from './loader/TrafficSpec.js';
export type {
  AffinityVerdict,
  Comparison,
  ComparisonOperator,
  ExpectSpec,
  PodTarget,
} from './loader/ExpectSpec.js';
export type { NamespacedName } from './loader/TimelineAction.js';

// Traffic: the connection inputs a traffic entry makes, and what became of its requests in a log
export { trafficInputs } from './traffic/trafficInputs.js';
export { MAX_REQUESTS_PER_TRAFFIC, requestCount, requestInstant } from './traffic/requestSchedule.js';
export {
  keepAliveConnectionId,
  newConnectionId,
  parseTrafficConnectionId,
  type TrafficConnectionId,
} from './traffic/trafficConnectionId.js';
export { trafficOutcomesOf } from './traffic/trafficOutcomesOf.js';
export { REQUEST_FAILURES, type RequestFailure, type RequestOutcome } from './traffic/RequestOutcome.js';
export {
  countOutcomes,
  countOutcomesByWindow,
  type OutcomeCounts,
  type OutcomeWindow,
} from './traffic/countOutcomes.js';

// Expectations judged against a finished run
export { evaluateExpectation } from './expect/evaluateExpectation.js';
export { serviceEndpointCounts, type ServiceEndpointCounts } from './expect/evaluateEndpoints.js';
export { REACHABLE_WINDOW_MS } from './expect/evaluateReachable.js';
export { formatCount, formatRatio } from './expect/formatMeasurement.js';
export type { ExpectationContext } from './expect/ExpectationContext.js';
export { podLabelHistoryOf, type PodLabelHistory } from './expect/PodLabelHistory.js';
export type { ExpectationResult, ExpectationVerdict } from './expect/ExpectationResult.js';

// Running a scenario: the run, each traffic's outcomes per window, and each expectation's verdict
export {
  DEFAULT_TRAFFIC_WINDOW_MS,
  runScenario,
  type RunScenarioOptions,
  type ScenarioRun,
  type TrafficReport,
} from './run/runScenario.js';
export { ScenarioOptionError } from './run/ScenarioOptionError.js';

// Comparing two runs of the same inputs (a recording and its re-simulation under another proxy mode)
export {
  compareConnectionOutcomes,
  type ConnectionDifference,
  type OutcomeChange,
  type OutcomeComparison,
  type RequestCounts,
  type TrafficComparison,
} from './compare/compareConnectionOutcomes.js';
export {
  deriveConnectionOutcomes,
  isSuccess,
  sameOutcome,
  trafficOfConnection,
  type ConnectionOutcomes,
  type OutcomeFailure,
  type OutcomeStep,
  type OutcomeSuccess,
} from './compare/deriveConnectionOutcomes.js';
export { deriveProxyWork, type ProxyWork } from './compare/deriveProxyWork.js';
