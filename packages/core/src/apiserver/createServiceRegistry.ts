import type { Service } from '../api/Service.js';
import type { RandomStream } from '../random/RandomStream.js';
import { allocateServiceAddresses } from './allocation/allocateServiceAddresses.js';
import {
  createClusterIPAllocator,
  dnsServiceIP,
  kubernetesServiceIP,
} from './allocation/ClusterIPAllocator.js';
import { createNodePortAllocator } from './allocation/NodePortAllocator.js';
import { releaseAddresses, type ServiceAddressAllocators } from './allocation/ServiceAddressAllocators.js';
import { deriveServiceAddresses } from './allocation/deriveServiceAddresses.js';
import { defaultService } from './validation/defaultService.js';
import { prepareServiceUpdate } from './validation/prepareServiceUpdate.js';
import { validateService, validateServiceUpdate } from './validation/validateService.js';
import { internalErrorStatus, invalidStatus, type ApiStatus } from './store/ApiStatusError.js';

export interface ServiceRegistryOptions {
  readonly serviceCIDR: string;
  readonly nodePortRange: string;
}

/** The Service REST storage's extra work around a write: defaulting, validation and address allocation. */
export interface ServiceRegistry {
  /**
   * The Service as it will be stored, with addresses allocated; or why it cannot be. On an update its
   * status is the stored one (a request cannot change it), without the load-balancer part once the
   * Service is no longer a LoadBalancer, as the Service strategy's PrepareForUpdate does.
   */
  prepare(
    service: Service,
    previous: Service | undefined,
  ): { ok: true; service: Service } | { ok: false; status: ApiStatus };
  /**
   * After a write: frees what `previous` held and `stored` no longer does; after a refused write or a
   * delete (`stored` undefined), frees what `previous` held.
   */
  release(previous: Service, stored: Service | undefined): void;
  /** default/kubernetes and kube-system/kube-dns, which every cluster has. */
  bootstrapServices(): Service[];
}

/**
 * Creates the registry. Order of checks: defaulting, update preparation (patching back allocated
 * values so `kubectl apply` of the original manifest is a no-op), validation, then allocation. The real
 * apiserver allocates before it validates; svcsim validates first so an invalid Service never holds an
 * address even for an instant. Only which error is reported first differs when a request has both.
 */
export function createServiceRegistry(
  options: ServiceRegistryOptions,
  random: RandomStream,
): ServiceRegistry {
  const allocators: ServiceAddressAllocators = {
    clusterIPs: createClusterIPAllocator({ cidr: options.serviceCIDR }),
    nodePorts: createNodePortAllocator({ range: options.nodePortRange }),
  };
  return {
    prepare(service, previous) {
      const defaulted = defaultService(service);
      const candidate = previous === undefined ? defaulted : prepareServiceUpdate(defaulted, previous);
      const errors =
        previous === undefined ? validateService(candidate) : validateServiceUpdate(candidate, previous);
      const name = candidate.metadata.name ?? '';
      if (errors.length > 0) return { ok: false, status: invalidStatus('Service', name, errors) };
      const allocated = allocateServiceAddresses(previous, candidate, allocators, random);
      if (!allocated.ok) {
        return {
          ok: false,
          status:
            allocated.reason === 'Invalid'
              ? invalidStatus('Service', name, allocated.errors)
              : internalErrorStatus('Service', name, allocated.message, allocated.errors),
        };
      }
      return {
        ok: true,
        service: previous === undefined ? allocated.service : withStoredStatus(allocated.service, previous),
      };
    },
    release(previous, stored) {
      const held = deriveServiceAddresses(previous);
      if (stored === undefined) {
        releaseAddresses(held, allocators);
        return;
      }
      const kept = deriveServiceAddresses(stored);
      releaseAddresses(
        {
          clusterIPs: held.clusterIPs.filter((ip) => !kept.clusterIPs.includes(ip)),
          nodePorts: held.nodePorts.filter((port) => !kept.nodePorts.includes(port)),
        },
        allocators,
      );
    },
    bootstrapServices() {
      return [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: 'kubernetes',
            namespace: 'default',
            labels: { component: 'apiserver', provider: 'kubernetes' },
          },
          spec: {
            clusterIP: kubernetesServiceIP(options.serviceCIDR),
            ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: 'kube-dns',
            namespace: 'kube-system',
            labels: {
              'k8s-app': 'kube-dns',
              'kubernetes.io/cluster-service': 'true',
              'kubernetes.io/name': 'CoreDNS',
            },
          },
          spec: {
            clusterIP: dnsServiceIP(options.serviceCIDR),
            selector: { 'k8s-app': 'kube-dns' },
            ports: [
              { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
              { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
              { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
            ],
          },
        },
      ];
    },
  };
}

/**
 * The status an update stores: the previous one, with status.loadBalancer cleared when the Service is
 * not (or no longer) a LoadBalancer. Upstream clears it at once "although LB de-provisioning is actually
 * asynchronous", so kube-proxy stops programming the old load-balancer IPs with the type change.
 */
function withStoredStatus(service: Service, previous: Service): Service {
  const { status: _request, ...rest } = service;
  const stored = previous.status;
  if (stored === undefined) return rest;
  if (service.spec.type === 'LoadBalancer' || stored.loadBalancer === undefined)
    return { ...rest, status: stored };
  const { loadBalancer: _cleared, ...others } = stored;
  return Object.keys(others).length === 0 ? rest : { ...rest, status: others };
}
