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
export type { Comparison, ComparisonOperator, ExpectSpec } from './loader/ExpectSpec.js';
export type { NamespacedName } from './loader/TimelineAction.js';
