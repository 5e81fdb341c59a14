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

// Event log (.svlog)
export { resimulate, extractInputs, type Resimulation, type ResimulateOptions } from './engine/resimulate.js';
export type { SimLog, SimLogHeader } from './engine/SimLog.js';
export {
  decodeSimLog,
  encodeSimLog,
  readSimLogFile,
  salvageSimLogFile,
  writeSimLogFile,
  type SimLogEncodeOptions,
} from './engine/simLogCodec.js';
export { EventLogError, type EventLogDamage, type EventLogErrorCode } from './eventlog/EventLogError.js';
export {
  DEFAULT_EVENT_LOG_SEGMENT_SIZE,
  EVENT_LOG_FORMAT_VERSION,
  EVENT_LOG_MAGIC,
  type EventLogHeader,
  type EventLogSegment,
} from './eventlog/eventLogFormat.js';
export {
  createEventLogEncoder,
  encodeEventLog,
  type EventLogEncoder,
  type EventLogEncoderOptions,
} from './eventlog/EventLogEncoder.js';
export {
  readEventLog,
  readEventLogHeader,
  readEventLogSegments,
  salvageEventLog,
  type EventLog,
  type SalvagedEventLog,
} from './eventlog/readEventLog.js';
export {
  readEventLogFile,
  readEventLogFileHeader,
  readEventLogFileSegments,
  salvageEventLogFile,
  type ReadEventLogFileOptions,
} from './eventlog/readEventLogFile.js';
export { writeEventLogFile } from './eventlog/writeEventLogFile.js';
