import {
  SERVICE_NAME_LABEL,
  formatSimTime,
  getObject,
  type ClusterState,
  type EndpointSlice,
} from '@svcsim/core';

import type { ExpectSpec } from '../loader/ExpectSpec.js';
import type { NamespacedName } from '../loader/TimelineAction.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import { compare, countOf, formatComparison, formatCount } from './formatMeasurement.js';

type EndpointsSpec = Extract<ExpectSpec, { kind: 'endpoints' }>;

/** A Service's endpoint addresses at one instant, ready or not. */
export interface ServiceEndpointCounts {
  readonly ready: number;
  readonly notReady: number;
}

/**
 * The ready and not-ready endpoint addresses of a Service in a state, from its EndpointSlices (those
 * labelled kubernetes.io/service-name with its name, whoever manages them, so a selectorless Service's
 * mirrored slices count too). An endpoint is ready when its `ready` condition is true or unset, as
 * consumers must read it; it is counted by its first address, the one kube-proxy uses, and once even
 * if several slices list it (as they may while the controller moves endpoints between slices). An
 * address listed ready anywhere is ready.
 */
export function serviceEndpointCounts(state: ClusterState, service: NamespacedName): ServiceEndpointCounts {
  const ready = new Set<string>();
  const listed = new Set<string>();
  const slices: Readonly<Record<string, EndpointSlice>> = state.EndpointSlice[service.namespace] ?? {};
  for (const slice of Object.values(slices)) {
    if (slice.metadata.labels?.[SERVICE_NAME_LABEL] !== service.name) continue;
    for (const endpoint of slice.endpoints) {
      const address = endpoint.addresses[0];
      if (address === undefined) continue;
      listed.add(address);
      if (endpoint.conditions?.ready ?? true) ready.add(address);
    }
  }
  return { ready: ready.size, notReady: listed.size - ready.size };
}

/** The number of ready endpoints of the Service at `at`, compared with the expected count. */
export function evaluateEndpoints(spec: EndpointsSpec, context: ExpectationContext): ExpectationResult {
  const { namespace, name } = spec.service;
  const state = context.stateAt(spec.at);
  const counts = serviceEndpointCounts(state, spec.service);
  const notReady = counts.notReady === 0 ? '' : ` (and ${formatCount(counts.notReady)} not ready)`;
  const missing =
    getObject(state, 'Service', namespace, name) === undefined ? ' (the Service does not exist then)' : '';
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: compare(counts.ready, spec.count) ? 'passed' : 'failed',
    measured:
      `${countOf(counts.ready, 'ready endpoint')}${notReady} of Service ${namespace}/${name} ` +
      `at ${formatSimTime(spec.at)}${missing}`,
    expected: `ready endpoints ${formatComparison(spec.count)}`,
  };
}
