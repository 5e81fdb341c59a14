import type { Endpoints } from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';

/**
 * `kubectl describe endpoints` (kubectl's describeEndpoints): identity, then per subset its ready and
 * not-ready addresses and its ports, each subset followed by a blank line. Events is always `<none>`
 * (svcsim records no Event objects). A port without a protocol shows TCP, the apiserver's default.
 */
export function describeEndpoints(endpoints: Endpoints): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${endpoints.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${endpoints.metadata.namespace ?? ''}`);
  w.labels('Labels', endpoints.metadata.labels);
  w.annotations('Annotations', endpoints.metadata.annotations);
  w.line(0, 'Subsets:');
  for (const subset of endpoints.subsets ?? []) {
    const ready = (subset.addresses ?? []).map((address) => address.ip).join(',');
    const notReady = (subset.notReadyAddresses ?? []).map((address) => address.ip).join(',');
    w.line(1, `Addresses:\t${ready === '' ? '<none>' : ready}`);
    w.line(1, `NotReadyAddresses:\t${notReady === '' ? '<none>' : notReady}`);
    const ports = subset.ports ?? [];
    if (ports.length > 0) {
      w.line(1, 'Ports:');
      w.line(2, 'Name\tPort\tProtocol');
      w.line(2, '----\t----\t--------');
      for (const port of ports) {
        const name = port.name !== undefined && port.name !== '' ? port.name : '<unset>';
        w.line(2, `${name}\t${port.port}\t${port.protocol ?? 'TCP'}`);
      }
    }
    w.line(0, '');
  }
  w.line(0, 'Events:\t<none>');
  return w.text();
}
