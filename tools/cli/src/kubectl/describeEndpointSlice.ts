import type { EndpointSlice } from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';

/**
 * `kubectl describe endpointslice` (kubectl's describeEndpointSliceV1): identity, address type, the
 * ports table, then each endpoint with its addresses, ready condition, hostname, target, node and zone,
 * `<unset>` for what the endpoint leaves out. Events is always `<none>`. A port without a protocol shows
 * TCP, the apiserver's default.
 */
export function describeEndpointSlice(slice: EndpointSlice): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${slice.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${slice.metadata.namespace ?? ''}`);
  w.labels('Labels', slice.metadata.labels);
  w.annotations('Annotations', slice.metadata.annotations);
  w.line(0, `AddressType:\t${slice.addressType}`);
  const ports = slice.ports ?? [];
  if (ports.length === 0) w.line(0, 'Ports: <unset>');
  else {
    w.line(0, 'Ports:');
    w.line(1, 'Name\tPort\tProtocol');
    w.line(1, '----\t----\t--------');
    for (const port of ports) {
      const name = port.name !== undefined && port.name !== '' ? port.name : '<unset>';
      w.line(1, `${name}\t${port.port ?? '<unset>'}\t${port.protocol ?? 'TCP'}`);
    }
  }
  if (slice.endpoints.length === 0) w.line(0, 'Endpoints: <none>');
  else {
    w.line(0, 'Endpoints:');
    for (const endpoint of slice.endpoints) {
      const addresses = endpoint.addresses.join(', ');
      w.line(1, `- Addresses:\t${addresses === '' ? '<none>' : addresses}`);
      w.line(2, 'Conditions:');
      w.line(
        3,
        `Ready:\t${endpoint.conditions?.ready === undefined ? '<unset>' : String(endpoint.conditions.ready)}`,
      );
      w.line(2, `Hostname:\t${endpoint.hostname ?? '<unset>'}`);
      if (endpoint.targetRef !== undefined)
        w.line(2, `TargetRef:\t${endpoint.targetRef.kind ?? ''}/${endpoint.targetRef.name ?? ''}`);
      w.line(2, `NodeName:\t${endpoint.nodeName ?? '<unset>'}`);
      w.line(2, `Zone:\t${endpoint.zone ?? '<unset>'}`);
    }
  }
  w.line(0, 'Events:\t<none>');
  return w.text();
}
