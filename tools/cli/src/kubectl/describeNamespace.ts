import type { Namespace } from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';
import { namespacePhase } from './namespacePhase.js';

/**
 * `kubectl describe namespace` (kubectl's describeNamespace): identity and phase, then the quota and limit
 * summaries, which for a namespace without ResourceQuota or LimitRange objects (svcsim has neither kind)
 * are kubectl's "No resource quota." and "No LimitRange resource.". kubectl shows no events here.
 */
export function describeNamespace(namespace: Namespace): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${namespace.metadata.name ?? ''}`);
  w.labels('Labels', namespace.metadata.labels);
  w.annotations('Annotations', namespace.metadata.annotations);
  w.line(0, `Status:\t${namespacePhase(namespace)}`);
  w.line(0, '');
  w.line(0, 'No resource quota.');
  w.line(0, '');
  w.line(0, 'No LimitRange resource.');
  return w.text();
}
