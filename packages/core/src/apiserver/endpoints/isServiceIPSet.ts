import type { Service } from '../../api/Service.js';

/** Whether the Service has a cluster IP (helper.IsServiceIPSet); false for headless (`None`) and unallocated (`""`). */
export function isServiceIPSet(service: Service): boolean {
  const clusterIP = service.spec.clusterIP ?? '';
  return clusterIP !== 'None' && clusterIP !== '';
}
