import type { ProxyMode, ProxySyncInput, ServiceProxyState } from '../../../src/proxy/ProxyMode.js';

/** The kernel state of the fake mode: what the node was last programmed with, and by which sync. */
export interface FakeRules {
  readonly services: ReadonlyMap<string, ServiceProxyState>;
  /** Index of the sync (in the mode's `syncs`) that wrote these rules. */
  readonly writtenBy: number;
}

/** One sync as the fake mode saw it, copied so later syncs cannot change it. */
export interface RecordedSync {
  readonly node: string;
  readonly full: boolean;
  readonly changed: readonly string[];
  readonly services: ReadonlyMap<string, ServiceProxyState>;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeIPs: readonly string[];
  readonly previous: FakeRules | undefined;
}

export interface FakeProxyMode extends ProxyMode<FakeRules> {
  readonly syncs: RecordedSync[];
}

/** "Rules" of a Service: one per ServicePort plus one per endpoint, as a stand-in for a real mode's. */
export function rulesOfService(state: ServiceProxyState): number {
  let rules = state.ports.length;
  for (const endpoints of Object.values(state.endpoints)) rules += endpoints.length;
  return rules;
}

/**
 * A ProxyMode that only records what it is asked, so the sync loop can be tested without
 * @svcsim/proxy-modes. Its cost is one microsecond per rule written.
 */
export function createFakeProxyMode(name = 'fake'): FakeProxyMode {
  const syncs: RecordedSync[] = [];
  return {
    name,
    syncs,
    sync(input: ProxySyncInput<FakeRules>) {
      const services = new Map(input.view.services);
      syncs.push({
        node: input.config.nodeName,
        full: input.full,
        changed: [...input.changedServices].sort(),
        services,
        nodeLabels: input.view.nodeLabels,
        nodeIPs: input.config.nodeIPs,
        previous: input.previous,
      });
      let rulesTotal = 0;
      for (const state of services.values()) rulesTotal += rulesOfService(state);
      let rulesWritten = rulesTotal;
      if (!input.full) {
        rulesWritten = 0;
        for (const key of input.changedServices) {
          const state = services.get(key);
          if (state !== undefined) rulesWritten += rulesOfService(state);
        }
      }
      return {
        rules: { services, writtenBy: syncs.length - 1 },
        full: input.full,
        rulesWritten,
        rulesTotal,
        costMicros: rulesWritten,
      };
    },
    route() {
      return { verdict: 'accept', masqueraded: false, trace: [], rulesEvaluated: 0, costNanos: 0 };
    },
    render(rules) {
      return [...rules.services.keys()].join('\n');
    },
  };
}
