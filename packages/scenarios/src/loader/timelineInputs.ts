import type { Deployment, InputEntry, KubeObject } from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import { keyOfObject, objectKey } from './readManifest.js';
import type { NamespacedName, TimelineAction } from './TimelineAction.js';

/** The annotation `kubectl rollout restart` sets on a Deployment's pod template to roll it. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** What the timeline's references are checked against. */
export interface TimelineWorld {
  /** The file's manifests, in file order. */
  readonly manifests: readonly KubeObject[];
  /** Every node of the cluster: generated or listed ones, and Node manifests. */
  readonly nodeNames: ReadonlySet<string>;
  readonly hasProxy: boolean;
  readonly durationMs: number;
}

/**
 * Turns timeline actions into input events, in time order (steps at one instant keep file order).
 * A reference to an object or node the file never defines is a problem, reported at the step: at run
 * time it would only surface as an apiserver NotFound or an event for a node nobody runs.
 */
export function timelineInputs(
  actions: readonly TimelineAction[],
  world: TimelineWorld,
  problems: ProblemCollector,
): InputEntry[] {
  // What each object looks like as the timeline goes: a rollout re-applies the Deployment as last
  // applied and scaled, so it does not undo an earlier scale (kubectl's restart is a patch).
  const current = new Map<string, KubeObject>();
  for (const object of world.manifests) current.set(keyOfObject(object), object);
  // Objects applied later in the timeline exist for references too (checked by name, not by time).
  const known = new Set(current.keys());
  for (const action of actions) if (action.action === 'apply') known.add(keyOfObject(action.object));

  const ordered = actions.map((action, index) => ({ action, index }));
  ordered.sort((a, b) => a.action.at - b.action.at || a.index - b.index);
  const inputs: InputEntry[] = [];
  for (const { action } of ordered) {
    const { at } = action;
    const last = action.action === 'restartProxy' ? at + action.downtimeMs : at;
    if (last > world.durationMs) {
      problems.add(
        action.site.node,
        `${action.site.path}.at`,
        `${String(last)}ms is after the end of the run (duration ${String(world.durationMs)}ms)`,
      );
      continue;
    }
    const push = (event: InputEntry['event'], when = at): void => {
      inputs.push({ at: when, event });
    };
    const exists = (kind: string, ref: NamespacedName, field: string): boolean => {
      const key = objectKey(kind, ref.namespace, ref.name);
      if (known.has(key)) return true;
      const shown = ref.namespace === '' ? ref.name : `${ref.namespace}/${ref.name}`;
      problems.add(
        action.site.node,
        `${action.site.path}.${field}`,
        `${kind} "${shown}" is not defined in this file`,
      );
      return false;
    };
    const nodeExists = (node: string): boolean => {
      if (world.nodeNames.has(node)) return true;
      problems.add(
        action.site.node,
        `${action.site.path}.node`,
        `node "${node}" is not in this cluster (nodes: ${[...world.nodeNames].join(', ')})`,
      );
      return false;
    };
    switch (action.action) {
      case 'apply':
        current.set(keyOfObject(action.object), action.object);
        push({ type: 'api/applied', object: action.object });
        break;
      case 'delete':
        if (
          action.kind === 'Node' ? nodeExists(action.target.name) : exists(action.kind, action.target, 'name')
        ) {
          push({
            type: 'api/deleted',
            kind: action.kind,
            namespace: action.target.namespace,
            name: action.target.name,
            ...(action.gracePeriodSeconds !== undefined && { gracePeriodSeconds: action.gracePeriodSeconds }),
          });
        }
        break;
      case 'scale': {
        if (!exists('Deployment', action.deployment, 'deployment')) break;
        const key = objectKey('Deployment', action.deployment.namespace, action.deployment.name);
        const deployment = current.get(key);
        if (deployment?.kind === 'Deployment') {
          current.set(key, { ...deployment, spec: { ...deployment.spec, replicas: action.replicas } });
        }
        push({ type: 'api/scaled', kind: 'Deployment', ...action.deployment, replicas: action.replicas });
        break;
      }
      case 'rollout': {
        if (!exists('Deployment', action.deployment, 'deployment')) break;
        const key = objectKey('Deployment', action.deployment.namespace, action.deployment.name);
        const deployment = current.get(key);
        if (deployment?.kind !== 'Deployment') break;
        const restarted = restartedDeployment(deployment, at);
        current.set(key, restarted);
        push({ type: 'api/applied', object: restarted });
        break;
      }
      case 'failNode':
      case 'recoverNode':
        if (nodeExists(action.node)) {
          push({ type: action.action === 'failNode' ? 'node/failed' : 'node/recovered', name: action.node });
        }
        break;
      case 'restartProxy':
        if (!world.hasProxy) {
          problems.add(
            action.site.node,
            action.site.path,
            'restartProxy needs spec.proxy (no kube-proxy runs)',
          );
          break;
        }
        if (nodeExists(action.node)) {
          push({ type: 'proxy/stopped', node: action.node });
          push({ type: 'proxy/started', node: action.node }, at + action.downtimeMs);
        }
        break;
      case 'setAppHealth':
        if (exists('Pod', action.pod, 'pod')) {
          push({
            type: 'app/healthSet',
            ...action.pod,
            health: action.health,
            ...(action.container !== undefined && { container: action.container }),
          });
        }
        break;
      case 'crash':
        if (exists('Pod', action.pod, 'pod')) {
          push({
            type: 'app/crashed',
            ...action.pod,
            ...(action.container !== undefined && { container: action.container }),
            ...(action.exitCode !== undefined && { exitCode: action.exitCode }),
          });
        }
        break;
      case 'setPodReadiness':
        if (exists('Pod', action.pod, 'pod')) {
          push({ type: 'pod/readinessSet', ...action.pod, ready: action.ready });
        }
        break;
    }
  }
  // A restartProxy's start lands after its downtime, so order once more (stable: ties keep step order).
  return inputs
    .map((input, index) => ({ input, index }))
    .sort((a, b) => a.input.at - b.input.at || a.index - b.index)
    .map(({ input }) => input);
}

/**
 * The Deployment with its pod template annotated as `kubectl rollout restart` does, which changes the
 * template hash and so starts a rolling update. kubectl writes the wall-clock time (RFC 3339); svcsim
 * has only virtual time, so the annotation holds the virtual instant in milliseconds: it still differs
 * from one restart to the next, which is all the controller needs.
 */
function restartedDeployment(deployment: Deployment, at: number): Deployment {
  const template = deployment.spec.template;
  return {
    ...deployment,
    spec: {
      ...deployment.spec,
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          annotations: { ...template.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: `${String(at)}ms` },
        },
      },
    },
  };
}
