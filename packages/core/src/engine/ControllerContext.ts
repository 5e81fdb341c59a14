import type { Observable, SchedulerLike } from 'rxjs';

import type { LogEntry } from '../LogEntry.js';
import type { SimClock } from '../SimClock.js';
import type { DerivedEvent, SimEvent } from '../events/SimEvent.js';
import type { RandomStreams } from '../random/createRandomStreams.js';
import type { SimulationConfig } from './SimulationConfig.js';

/** What a controller gets from the engine: the event stream, the clock, randomness, and a way to emit. */
export interface ControllerContext {
  readonly events$: Observable<LogEntry<SimEvent>>;
  readonly clock: SimClock;
  /** The clock as an RxJS scheduler; every time-aware operator in a controller must be given it. */
  readonly scheduler: SchedulerLike;
  readonly random: RandomStreams;
  readonly config: SimulationConfig;
  /** Commits a derived event at the current virtual time. */
  emit(event: DerivedEvent): void;
}
