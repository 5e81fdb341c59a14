// The public API of @svcsim/core. Everything not named here is internal to the package.

// Time and randomness
export type { SimTime } from './SimTime.js';
export { createSimClock, type SimClock, type SimClockOptions, type TimerId } from './SimClock.js';
export { createSimScheduler } from './SimScheduler.js';
export { createRandomStreams, assertValidSeed, type RandomStreams } from './random/createRandomStreams.js';
export type { RandomStream } from './random/RandomStream.js';
export { parseDuration } from './parseDuration.js';

// Events, log entries, digests
export type { LogEntry } from './LogEntry.js';
export {
  EVENT_ORIGIN,
  isInputEvent,
  isSimEventType,
  type DerivedEvent,
  type InputEvent,
  type Labels,
  type SimEvent,
  type SimEventType,
} from './events/SimEvent.js';
export { canonicalDigest, compareCodeUnits } from './canonicalDigest.js';

// Cluster model
export type {
  ClusterState,
  EndpointsState,
  NodeState,
  PodState,
  ServiceState,
} from './cluster/ClusterState.js';
export { deriveEndpoints, matchesSelector } from './cluster/deriveEndpoints.js';

// Engine
export { run, type RunOptions, type SimRun } from './engine/run.js';
export { createReplay, type Replay, type ReplayOptions } from './engine/Replay.js';
export type { InputEntry } from './engine/InputEntry.js';
export {
  DEFAULT_SIMULATION_CONFIG,
  assertSimulationConfig,
  type SimulationConfig,
} from './engine/SimulationConfig.js';
export { SimulationError } from './engine/SimulationError.js';
export { createKeyedRouter, type KeyedRouter } from './engine/KeyedRouter.js';

// Views
export { describeEvent, formatLabels } from './views/describeEvent.js';
export { formatSimTime } from './views/formatSimTime.js';
