import { createApiServer, type ApiServer } from '../../src/apiserver/createApiServer.js';
import type { DerivedEvent } from '../../src/events/SimEvent.js';
import { createRandomStreams } from '../../src/random/createRandomStreams.js';
import type { SimTime } from '../../src/SimTime.js';

/**
 * An apiserver on its own, as tests of its requests want it: the default Service CIDR and NodePort range,
 * the cluster's own objects created, and every event it emits collected in `events`.
 */
export function bootstrappedApiServer(options: { seed?: number; now?: () => SimTime } = {}): {
  apiserver: ApiServer;
  events: DerivedEvent[];
} {
  const events: DerivedEvent[] = [];
  const apiserver = createApiServer({
    now: options.now ?? (() => 0),
    random: createRandomStreams(options.seed ?? 1),
    emit: (event) => events.push(event),
    serviceCIDR: '10.96.0.0/12',
    nodePortRange: '30000-32767',
  });
  apiserver.bootstrap();
  return { apiserver, events };
}
