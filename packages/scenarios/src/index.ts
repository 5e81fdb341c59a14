// The public API of @svcsim/scenarios.
export { ROLLOUT_DEMO_CONFIG, createRolloutDemoInputs } from './builtin/rolloutDemo.js';
