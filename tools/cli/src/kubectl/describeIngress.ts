import {
  SERVICE_NAME_LABEL,
  getObject,
  listObjects,
  type ClusterState,
  type Ingress,
  type IngressBackend,
} from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';
import { formatEndpointSlices } from './endpointsColumns.js';
import { loadBalancerAddresses } from './loadBalancerAddresses.js';

/**
 * `kubectl describe ingress` (kubectl's describeIngressV1): identity, address, class, the default
 * backend, TLS, then the Rules table with each host and each path's backend resolved to the ready
 * endpoints of the backend Service's EndpointSlices for that port, then annotations. Events is always
 * `<none>`.
 */
export function describeIngress(state: ClusterState, ingress: Ingress): string {
  const w = new DescribeWriter();
  const namespace = ingress.metadata.namespace ?? '';
  const backend = (b: IngressBackend): string => describeBackend(state, namespace, b);
  w.line(0, `Name:\t${ingress.metadata.name ?? ''}`);
  w.labels('Labels', ingress.metadata.labels);
  w.line(0, `Namespace:\t${namespace}`);
  w.line(0, `Address:\t${loadBalancerAddresses(ingress.status?.loadBalancer?.ingress, true)}`);
  w.line(0, `Ingress Class:\t${ingress.spec.ingressClassName ?? '<none>'}`);
  const defaultBackend =
    ingress.spec.defaultBackend === undefined ? '<default>' : backend(ingress.spec.defaultBackend);
  w.line(0, `Default backend:\t${defaultBackend}`);
  const tls = ingress.spec.tls ?? [];
  if (tls.length > 0) {
    w.line(0, 'TLS:');
    for (const entry of tls) {
      const hosts = (entry.hosts ?? []).join(',');
      w.line(
        1,
        entry.secretName === undefined || entry.secretName === ''
          ? `SNI routes ${hosts}`
          : `${entry.secretName} terminates ${hosts}`,
      );
    }
  }
  w.line(0, 'Rules:');
  w.line(1, 'Host\tPath\tBackends');
  w.line(1, '----\t----\t--------');
  const httpRules = (ingress.spec.rules ?? []).filter((rule) => rule.http !== undefined);
  for (const rule of httpRules) {
    w.line(1, `${rule.host !== undefined && rule.host !== '' ? rule.host : '*'}\t`);
    for (const path of rule.http?.paths ?? []) w.line(2, `\t${path.path ?? ''} \t${backend(path.backend)}`);
  }
  if (httpRules.length === 0) w.line(1, `*\t*\t${defaultBackend}`);
  w.annotations('Annotations', ingress.metadata.annotations);
  w.line(0, 'Events:\t<none>');
  return w.text();
}

/**
 * kubectl's describeBackendV1: a Service backend as `name:port (endpoints)`, the endpoints being those
 * of the Service port the backend names (by number or name; an unmatched port means the unnamed one),
 * or the NotFound error when the Service does not exist; a resource backend by group, kind and name.
 */
function describeBackend(state: ClusterState, namespace: string, backend: IngressBackend): string {
  const service = backend.service;
  if (service !== undefined) {
    const port =
      service.port.number !== undefined && service.port.number !== 0
        ? String(service.port.number)
        : (service.port.name ?? '');
    const label = `${service.name}:${port}`;
    const target = getObject(state, 'Service', namespace, service.name);
    if (target === undefined) return `${label} (<error: services "${service.name}" not found>)`;
    let portName = '';
    for (const servicePort of target.spec.ports ?? []) {
      const byNumber =
        service.port.number !== undefined &&
        service.port.number !== 0 &&
        service.port.number === servicePort.port;
      const byName = (service.port.name ?? '') !== '' && service.port.name === servicePort.name;
      if (byNumber || byName) portName = servicePort.name ?? '';
    }
    const slices = listObjects(state, 'EndpointSlice', namespace).filter(
      (slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === service.name,
    );
    return `${label} (${formatEndpointSlices(slices, new Set([portName]))})`;
  }
  if (backend.resource !== undefined) {
    const { apiGroup, kind, name } = backend.resource;
    return `APIGroup: ${apiGroup ?? '<none>'}, Kind: ${kind}, Name: ${name}`;
  }
  return '';
}
