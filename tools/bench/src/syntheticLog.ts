import {
  createRandomStreams,
  resolveSimulationConfig,
  type ConfigMap,
  type LogEntry,
  type RandomStream,
  type SimEvent,
  type SimLog,
} from '@svcsim/core';

/** What the synthetic log holds: how many entries, and the seed every choice is drawn from. */
export interface SyntheticLogSpec {
  readonly events: number;
  readonly seed: number;
}

/**
 * How often each kind of story is told, out of their sum. A story is one to three events, as the engine
 * would commit them together: a connection opening and its outcome, a request and its answer. The mix is
 * what a busy scenario's log looks like once the cluster is up: mostly traffic, then readiness flips and
 * the probe results behind them, kube-proxy syncs and updates of small objects.
 */
const STORY_WEIGHTS = {
  readinessFlip: 14,
  probeResult: 10,
  connect: 20,
  request: 32,
  close: 18,
  proxySync: 6,
  configMapUpdate: 6,
} as const;

type Story = keyof typeof STORY_WEIGHTS;

const NAMESPACES = ['default', 'shop', 'payments', 'search', 'auth', 'monitoring', 'batch', 'edge'];
const APPS_PER_NAMESPACE = 25;
const PODS_PER_APP = 6;
const NODES = 50;
const CONFIG_MAPS = 400;
const TRAFFICS = ['browse', 'checkout', 'search-api', 'login', 'metrics-scrape', 'cron'];

interface OpenConnection {
  readonly id: string;
  readonly peer: { readonly ip: string; readonly port: number; readonly pod: string };
}

/**
 * Builds a log of `spec.events` entries of the mix above, the same for the same seed: the workload of
 * the `log.*PerSec` and `log.bytesPerEvent` figures. It starts with the ConfigMaps that later entries
 * update (so the fold accepts every entry), and every event has the shape the engine gives it: names of
 * pods, nodes and Services, connection ids `<traffic>#<n>`, IPv4 addresses, costs and counts.
 */
export function createSyntheticLog(spec: SyntheticLogSpec): SimLog {
  const random = createRandomStreams(spec.seed).stream('syntheticLog');
  const entries: LogEntry<SimEvent>[] = [];
  let at = 0;
  const commit = (event: SimEvent): void => {
    if (entries.length < spec.events) entries.push({ seq: entries.length, at, event });
  };

  const configMaps: ConfigMap[] = [];
  for (let i = 0; i < Math.min(CONFIG_MAPS, spec.events); i++) {
    const configMap = configMapNumbered(i, String(i + 1));
    configMaps.push(configMap);
    commit({ type: 'object/created', object: configMap });
  }
  let resourceVersion = configMaps.length;

  const open: OpenConnection[] = [];
  const connectionCount = new Map<string, number>();
  const stories = Object.keys(STORY_WEIGHTS) as Story[];
  const totalWeight = stories.reduce((sum, story) => sum + STORY_WEIGHTS[story], 0);

  while (entries.length < spec.events) {
    // Most instants hold several events; time moves on by a few milliseconds now and then.
    if (random.nextBoolean(0.3)) at += 1 + random.nextInt(20);
    let draw = random.nextInt(totalWeight);
    let story = stories[0] as Story;
    for (const candidate of stories) {
      draw -= STORY_WEIGHTS[candidate];
      if (draw < 0) {
        story = candidate;
        break;
      }
    }
    switch (story) {
      case 'readinessFlip': {
        const pod = randomPod(random);
        commit({
          type: 'pod/readinessSet',
          namespace: pod.namespace,
          name: pod.name,
          ready: random.nextBoolean(0.6),
        });
        break;
      }
      case 'probeResult': {
        const pod = randomPod(random);
        const success = random.nextBoolean(0.7);
        commit({
          type: 'probe/resultChanged',
          namespace: pod.namespace,
          name: pod.name,
          container: pod.app,
          probe: random.nextBoolean(0.8) ? 'readiness' : 'liveness',
          result: success ? 'Success' : 'Failure',
          reason: success
            ? `HTTP probe succeeded with statuscode: 200 (${pod.ip}:8080)`
            : `HTTP probe failed with statuscode: 503 (${pod.ip}:8080)`,
        });
        break;
      }
      case 'connect': {
        const traffic = random.pick(TRAFFICS);
        const n = (connectionCount.get(traffic) ?? 0) + 1;
        connectionCount.set(traffic, n);
        const id = `${traffic}#${n}`;
        const client = randomPod(random);
        const server = randomPod(random);
        const clusterIP = `10.96.${random.nextInt(256)}.${1 + random.nextInt(254)}`;
        commit({
          type: 'connection/opened',
          id,
          from: { kind: 'pod', namespace: client.namespace, name: client.name },
          dstIP: clusterIP,
          dstPort: 80,
          protocol: 'TCP',
        });
        const rulesEvaluated = 10 + random.nextInt(400);
        const costNanos = 8_000 + rulesEvaluated * 15 + random.nextInt(2_000);
        if (random.nextBoolean(0.95)) {
          const peer = { ip: server.ip, port: 8080, pod: `${server.namespace}/${server.name}` };
          commit({
            type: 'connection/established',
            id,
            node: client.node,
            srcIP: client.ip,
            srcPort: 32768 + random.nextInt(28_000),
            peer,
            servicePortName: `${server.namespace}/${server.app}:http`,
            masqueraded: random.nextBoolean(0.1),
            rulesEvaluated,
            costNanos,
          });
          open.push({ id, peer });
        } else {
          commit({
            type: 'connection/failed',
            id,
            node: client.node,
            failure: 'refused',
            reason: `no endpoints for ${server.namespace}/${server.app}:http: REJECT`,
            servicePortName: `${server.namespace}/${server.app}:http`,
            rulesEvaluated,
            costNanos,
          });
        }
        break;
      }
      case 'request': {
        const connection = open.length > 0 ? random.pick(open) : undefined;
        if (connection === undefined) break;
        commit({ type: 'connection/used', id: connection.id });
        if (random.nextBoolean(0.98))
          commit({ type: 'connection/served', id: connection.id, peer: connection.peer });
        else
          commit({
            type: 'connection/broken',
            id: connection.id,
            failure: 'reset',
            reason: `${connection.peer.pod} (${connection.peer.ip}) reset the connection: its container exited`,
          });
        break;
      }
      case 'close': {
        if (open.length === 0) break;
        // Swap-remove: which connection closes is random anyway, so order need not be kept.
        const index = random.nextInt(open.length);
        const connection = open[index] as OpenConnection;
        open[index] = open[open.length - 1] as OpenConnection;
        open.pop();
        commit({ type: 'connection/closed', id: connection.id });
        break;
      }
      case 'proxySync': {
        const changed = 1 + random.nextInt(3);
        const services = Array.from({ length: changed }, () => {
          const pod = randomPod(random);
          return `${pod.namespace}/${pod.app}`;
        }).sort();
        commit({
          type: 'proxy/synced',
          node: `node-${random.nextInt(NODES)}`,
          mode: 'iptables',
          reason: 'change',
          full: false,
          services,
          servicesChanged: changed,
          rulesWritten: 8 + random.nextInt(40),
          rulesTotal: 40_000 + random.nextInt(2_000),
          costMicros: 2_000 + random.nextInt(20_000),
        });
        break;
      }
      case 'configMapUpdate': {
        if (configMaps.length === 0) break;
        const index = random.nextInt(configMaps.length);
        resourceVersion++;
        const updated = configMapNumbered(index, String(resourceVersion), random.nextInt(1000));
        configMaps[index] = updated;
        commit({ type: 'object/updated', object: updated });
        break;
      }
    }
  }
  return {
    header: {
      seed: spec.seed,
      scenarioDigest: `synthetic-${spec.events}`,
      config: resolveSimulationConfig({ durationMs: Math.max(1, at) }),
    },
    entries,
  };
}

interface SyntheticPod {
  readonly namespace: string;
  readonly app: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
}

/** One pod of the fixed population, named as a Deployment names its pods. */
function randomPod(random: RandomStream): SyntheticPod {
  const ns = random.nextInt(NAMESPACES.length);
  const app = random.nextInt(APPS_PER_NAMESPACE);
  const replica = random.nextInt(PODS_PER_APP);
  const serial = (ns * APPS_PER_NAMESPACE + app) * PODS_PER_APP + replica;
  const appName = `app-${app}`;
  return {
    namespace: NAMESPACES[ns] as string,
    app: appName,
    name: `${appName}-7d4b9c${(serial % 4096).toString(16).padStart(3, '0')}-${suffix(serial)}`,
    node: `node-${serial % NODES}`,
    ip: `10.244.${serial >> 8}.${(serial & 255) + 1}`,
  };
}

/** A five-character pod-name suffix, fixed per pod. */
function suffix(serial: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let value = serial * 2654435761;
  for (let i = 0; i < 5; i++) {
    out += alphabet[value % alphabet.length] as string;
    value = Math.floor(value / alphabet.length);
  }
  return out;
}

/** A small ConfigMap as the apiserver stores it. */
function configMapNumbered(index: number, resourceVersion: string, revision = 0): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `app-${index % APPS_PER_NAMESPACE}-config-${index}`,
      namespace: NAMESPACES[index % NAMESPACES.length] as string,
      uid: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
      resourceVersion,
      creationTimestamp: 0,
    },
    data: { 'log.level': revision % 2 === 0 ? 'info' : 'debug', 'feature.flags': `rev-${revision}` },
  };
}
