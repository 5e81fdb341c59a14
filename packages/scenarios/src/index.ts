// The public API of @svcsim/scenarios.
export {
  ROLLOUT_DEMO_CLIENT,
  ROLLOUT_DEMO_CLUSTER_IP,
  ROLLOUT_DEMO_CONFIG,
  ROLLOUT_DEMO_KEEPALIVE,
  createRolloutDemoInputs,
} from './builtin/rolloutDemo.js';
