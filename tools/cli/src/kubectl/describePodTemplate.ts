import type { PodTemplateSpec } from '@svcsim/core';

import { describeContainers } from './describeContainers.js';
import type { DescribeWriter } from './DescribeWriter.js';

/**
 * kubectl's DescribePodTemplate, as Deployments and ReplicaSets show it: the template's labels (and
 * annotations, only when it has some), its containers as written (no statuses, and only the
 * environment the spec gives), then volumes, node selectors and tolerations, which svcsim's templates
 * never set but for node selectors.
 */
export function describePodTemplate(w: DescribeWriter, template: PodTemplateSpec): void {
  w.line(0, 'Pod Template:');
  w.labels('  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    w.annotations('  Annotations', template.metadata?.annotations);
  const initContainers = template.spec.initContainers ?? [];
  if (initContainers.length > 0)
    describeContainers(w, { title: 'Init Containers', containers: initContainers, inTemplate: true });
  describeContainers(w, { title: 'Containers', containers: template.spec.containers, inTemplate: true });
  w.line(0, '  Volumes:\t<none>');
  w.labels('  Node-Selectors', template.spec.nodeSelector);
  w.line(0, '  Tolerations:\t<none>');
}
