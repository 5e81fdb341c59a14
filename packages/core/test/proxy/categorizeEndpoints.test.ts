import { describe, expect, it } from 'vitest';

import { categorizeEndpoints } from '../../src/proxy/categorizeEndpoints.js';
import type { EndpointInfo } from '../../src/proxy/EndpointInfo.js';
import type { ServicePortInfo } from '../../src/proxy/ServicePortInfo.js';
import { ep, onlyPort, service } from './fixtures.js';

const ZONE = { 'topology.kubernetes.io/zone': 'z1' };
const clusterSvc = onlyPort(service({}));
const itpLocalSvc = onlyPort(service({ internalTrafficPolicy: 'Local' }));
const etpLocalSvc = onlyPort(
  service({
    type: 'NodePort',
    externalTrafficPolicy: 'Local',
    ports: [{ name: 'http', port: 80, nodePort: 30080 }],
  }),
);

function names(endpoints: readonly EndpointInfo[]): string[] {
  return endpoints.map((e) => e.ip);
}

function categorize(endpoints: EndpointInfo[], svc: ServicePortInfo, labels: Record<string, string> = {}) {
  const result = categorizeEndpoints(endpoints, svc, 'node-a', labels);
  return {
    cluster: names(result.clusterEndpoints),
    local: names(result.localEndpoints),
    all: names(result.allReachable),
    any: result.hasAnyEndpoints,
  };
}

describe('categorizeEndpoints', () => {
  it('uses only ready endpoints for Cluster policy', () => {
    expect(
      categorize([ep('10.0.0.1'), ep('10.0.0.2', { ready: false, serving: false })], clusterSvc),
    ).toEqual({
      cluster: ['10.0.0.1'],
      local: [],
      all: ['10.0.0.1'],
      any: true,
    });
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const endpoints = [
      ep('10.0.0.1', { ready: false, serving: true, terminating: true }),
      ep('10.0.0.2', { ready: false, serving: false, terminating: true }),
    ];
    expect(categorize(endpoints, clusterSvc)).toEqual({
      cluster: ['10.0.0.1'],
      local: [],
      all: ['10.0.0.1'],
      any: true,
    });
  });

  it('ignores terminating endpoints while a ready one exists', () => {
    const endpoints = [ep('10.0.0.1', { ready: false, terminating: true }), ep('10.0.0.2')];
    expect(categorize(endpoints, clusterSvc).cluster).toEqual(['10.0.0.2']);
  });

  it('reports no endpoints when nothing is ready or serving-terminating', () => {
    expect(categorize([ep('10.0.0.1', { ready: false, serving: false })], clusterSvc)).toEqual({
      cluster: [],
      local: [],
      all: [],
      any: false,
    });
  });

  it('restricts Cluster endpoints to the zone when every ready endpoint has hints', () => {
    const endpoints = [ep('10.0.0.1', { zones: ['z1'] }), ep('10.0.0.2', { zones: ['z2'] })];
    expect(categorize(endpoints, clusterSvc, ZONE).cluster).toEqual(['10.0.0.1']);
  });

  it('ignores zone hints when one ready endpoint lacks them or none names this zone', () => {
    expect(categorize([ep('10.0.0.1', { zones: ['z1'] }), ep('10.0.0.2')], clusterSvc, ZONE).cluster).toEqual(
      ['10.0.0.1', '10.0.0.2'],
    );
    expect(
      categorize([ep('10.0.0.1', { zones: ['z2'] }), ep('10.0.0.2', { zones: ['z3'] })], clusterSvc, ZONE)
        .cluster,
    ).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('with ITP=Local and nothing external, uses only local ready endpoints', () => {
    const endpoints = [ep('10.0.0.1', { local: true }), ep('10.0.0.2')];
    expect(categorize(endpoints, itpLocalSvc)).toEqual({
      cluster: [],
      local: ['10.0.0.1'],
      all: ['10.0.0.1'],
      any: true,
    });
  });

  it('with ITP=Local and no local endpoint, still reports endpoints elsewhere', () => {
    expect(categorize([ep('10.0.0.2')], itpLocalSvc)).toEqual({ cluster: [], local: [], all: [], any: true });
  });

  it('with ETP=Local, keeps Cluster endpoints and adds local ready ones (a subset, so allReachable = cluster)', () => {
    const endpoints = [ep('10.0.0.1', { local: true }), ep('10.0.0.2')];
    expect(categorize(endpoints, etpLocalSvc)).toEqual({
      cluster: ['10.0.0.1', '10.0.0.2'],
      local: ['10.0.0.1'],
      all: ['10.0.0.1', '10.0.0.2'],
      any: true,
    });
  });

  it('falls back to local serving terminating endpoints and unions them into allReachable', () => {
    const endpoints = [ep('10.0.0.1', { local: true, ready: false, terminating: true }), ep('10.0.0.2')];
    expect(categorize(endpoints, etpLocalSvc)).toEqual({
      cluster: ['10.0.0.2'],
      local: ['10.0.0.1'],
      all: ['10.0.0.1', '10.0.0.2'],
      any: true,
    });
  });

  it('prefers local ready over local terminating endpoints', () => {
    const endpoints = [
      ep('10.0.0.1', { local: true, ready: false, terminating: true }),
      ep('10.0.0.3', { local: true }),
    ];
    expect(categorize(endpoints, etpLocalSvc).local).toEqual(['10.0.0.3']);
  });

  it('unions topology-filtered Cluster endpoints with local ones outside the zone', () => {
    const endpoints = [ep('10.0.0.1', { local: true, zones: ['z2'] }), ep('10.0.0.2', { zones: ['z1'] })];
    expect(categorize(endpoints, etpLocalSvc, ZONE)).toEqual({
      cluster: ['10.0.0.2'],
      local: ['10.0.0.1'],
      all: ['10.0.0.1', '10.0.0.2'],
      any: true,
    });
  });
});
