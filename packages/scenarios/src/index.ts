// The public API of @svcsim/scenarios.
export { READINESS_DEMO_CONFIG, createReadinessDemoInputs } from './builtin/readinessDemo.js';
