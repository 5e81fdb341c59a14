import type { SchedulerLike } from 'rxjs';

import type { SimClock } from '../SimClock.js';
import type { ApiClient } from '../apiserver/createApiServer.js';
import type { Informer } from '../controllers/createInformer.js';
import type { RandomStreams } from '../random/createRandomStreams.js';
import type { SimulationConfig } from './SimulationConfig.js';

/** What a controller gets from the engine: a lagged view of the cluster, the apiserver, time and randomness. */
export interface ControllerContext {
  /** The control plane's shared informer (config.watchDelayMs behind the apiserver). */
  readonly informer: Informer;
  /** Writes go through the apiserver, which turns each into an event. */
  readonly api: ApiClient;
  readonly clock: SimClock;
  /** The clock as an RxJS scheduler; every time-aware operator in a controller must be given it. */
  readonly scheduler: SchedulerLike;
  readonly random: RandomStreams;
  readonly config: SimulationConfig;
}
