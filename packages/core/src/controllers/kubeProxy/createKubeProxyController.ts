import { Subscription, type Observable } from 'rxjs';

import type { SimClock } from '../../SimClock.js';
import type { LogEntry } from '../../LogEntry.js';
import { SimulationError } from '../../engine/SimulationError.js';
import type { ProxySynced } from '../../events/ProxyEvents.js';
import type { InputEvent, SimEvent } from '../../events/SimEvent.js';
import type { KubeProxyConfig } from '../../proxy/KubeProxyConfig.js';
import type { ProgrammedNodes } from '../../proxy/ProgrammedNodes.js';
import type { NodeProxyView, ProxyMode } from '../../proxy/ProxyMode.js';
import { createLaggedProxyView, type LaggedProxyView } from './createLaggedProxyView.js';
import { createNodeKubeProxy, type NodeKubeProxy } from './createNodeKubeProxy.js';
import { resolveKubeProxyNodeSettings, watchDelaysOf } from './resolveKubeProxyNodeSettings.js';

export interface KubeProxyControllerOptions {
  /** Every committed entry, as the apiserver writes it (not lagged). */
  readonly events$: Observable<LogEntry<SimEvent>>;
  /** Commits a derived event through the EventBus. */
  readonly commit: (event: ProxySynced) => void;
  readonly clock: SimClock;
  readonly config: KubeProxyConfig;
  readonly mode: ProxyMode;
}

/** Every node's kube-proxy, and the kernel state they have programmed. */
export interface KubeProxyController {
  readonly programmed: ProgrammedNodes;
  /** The view node `name`'s kube-proxy programmed at its latest sync (for conntrack's UDP cleanup). */
  syncedViewOf(name: string): NodeProxyView | undefined;
  /**
   * Carries out a proxy/stopped or proxy/started input committed as `entry`, and stops a node's kube-proxy
   * while its host has failed (node/failed to node/recovered); ignores other inputs.
   */
  handleInput(event: InputEvent, entry: Pick<LogEntry<SimEvent>, 'at' | 'seq'>): void;
  readonly subscription: Subscription;
}

/**
 * Runs a kube-proxy on every node: it starts when the node's Node object is created and stops when
 * it is deleted (the DaemonSet's pod comes and goes with the node; the kernel keeps its rules), and
 * proxy/stopped and proxy/started inputs stop and restart it in between.
 *
 * Nodes with the same watch delay share one lagged view of Services, EndpointSlices and Nodes, so
 * the cluster's events are followed by one subscription per distinct delay, and a Service change
 * costs one ServiceProxyState rebuild plus O(1) per node of that delay (a set insert and a runner
 * request) before the syncs themselves.
 */
export function createKubeProxyController(options: KubeProxyControllerOptions): KubeProxyController {
  const { events$, commit, clock, config, mode } = options;
  const views = new Map<number, LaggedProxyView>();
  for (const delay of watchDelaysOf(config)) {
    views.set(delay, createLaggedProxyView(events$, delay, clock.scheduler));
  }
  const proxies = new Map<string, NodeKubeProxy>();
  /** Nodes that exist in the apiserver now (not lagged): where a kube-proxy can run. */
  const nodes = new Set<string>();

  function proxyOf(nodeName: string): NodeKubeProxy {
    let proxy = proxies.get(nodeName);
    if (proxy === undefined) {
      const settings = resolveKubeProxyNodeSettings(config, nodeName);
      const view = views.get(settings.watchDelayMs);
      if (view === undefined)
        throw new Error(`no kube-proxy view for a watch delay of ${settings.watchDelayMs} ms`);
      proxy = createNodeKubeProxy({ nodeName, settings, config, view, mode, clock, commit });
      proxies.set(nodeName, proxy);
    }
    return proxy;
  }

  // Hosts that failed, and among them those whose kube-proxy was running then (and starts again when the
  // host recovers: the DaemonSet's pod comes back with it, and relists). A process stopped on purpose
  // before the failure stays stopped.
  const failedHosts = new Set<string>();
  const stoppedByFailure = new Set<string>();

  function hostFailedOrRecovered(nodeName: string, failed: boolean, seq: number): void {
    if (failed) {
      if (failedHosts.has(nodeName) || !nodes.has(nodeName)) return;
      failedHosts.add(nodeName);
      const proxy = proxies.get(nodeName);
      if (proxy?.running === true) {
        proxy.stop();
        stoppedByFailure.add(nodeName);
      }
      return;
    }
    if (!failedHosts.delete(nodeName)) return;
    if (stoppedByFailure.delete(nodeName) && nodes.has(nodeName)) proxyOf(nodeName).start(seq);
  }

  const subscription = new Subscription(() => {
    for (const proxy of proxies.values()) proxy.stop();
  });
  for (const view of views.values()) subscription.add(view.subscription);
  subscription.add(
    events$.subscribe(({ seq, event }) => {
      if (event.type === 'object/created' && event.object.kind === 'Node') {
        const name = event.object.metadata.name ?? '';
        nodes.add(name);
        proxyOf(name).start(seq);
      } else if (event.type === 'object/deleted' && event.kind === 'Node') {
        nodes.delete(event.name);
        proxies.get(event.name)?.stop();
      }
    }),
  );

  return {
    programmed: {
      mode,
      rulesOf: (name) => proxies.get(name)?.rules,
      syncedViewOf: (name) => proxies.get(name)?.syncedView,
    },
    syncedViewOf: (name) => proxies.get(name)?.syncedView,
    handleInput(event, entry) {
      if (event.type === 'node/failed' || event.type === 'node/recovered') {
        hostFailedOrRecovered(event.name, event.type === 'node/failed', entry.seq);
        return;
      }
      if (event.type !== 'proxy/stopped' && event.type !== 'proxy/started') return;
      const refuse = (why: string): never => {
        throw new SimulationError(`${event.type} for node "${event.node}": ${why}`, entry.at, entry.seq);
      };
      if (!nodes.has(event.node)) refuse('there is no such Node, so no kube-proxy to stop or start');
      if (failedHosts.has(event.node)) refuse('its host has failed (node/failed), so nothing runs there');
      const proxy = proxyOf(event.node);
      if (event.type === 'proxy/stopped') {
        // `kill` of a process that is not there fails; a scenario saying so has lost track of it.
        if (!proxy.running) refuse('its kube-proxy is not running (already stopped)');
        proxy.stop();
      } else {
        // A second kube-proxy on a node fails to bind its health and metrics ports and exits, leaving
        // the first one running: the input would change nothing, and surely meant something else.
        if (proxy.running) {
          refuse(
            `its kube-proxy is already running (started by event #${String(proxy.startSeq)}); stop it first to restart it`,
          );
        }
        proxy.start(entry.seq);
      }
    },
    subscription,
  };
}
