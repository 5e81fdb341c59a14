import { describe, expect, it } from 'vitest';

import { defaultObject, type Deployment, type Pod } from '../../../src/index.js';

/** Freezes a value and everything in it, so a default that wrote into its input would throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const pod: Pod = deepFreeze({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    nodeName: 'node-1',
    initContainers: [{ name: 'init', image: 'busybox', ports: [{ containerPort: 9000 }] }],
    containers: [
      {
        name: 'app',
        image: 'example/app:1',
        ports: [
          { name: 'http', containerPort: 8080 },
          { containerPort: 53, protocol: 'UDP' },
        ],
        readinessProbe: { httpGet: { port: 'http' } },
        livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
      },
    ],
  },
});

describe('pod defaulting (SetDefaults_Pod, PodSpec, Container, Probe, HTTPGetAction)', () => {
  it('fills every default, keeps what was given, and adds the new fields after the given ones', () => {
    // The serialised form is what the log and `svcsim get -o yaml` show, so key order is part of the
    // contract: fields the manifest gave keep their place, defaulted ones follow in a fixed order.
    expect(JSON.stringify(defaultObject(pod))).toBe(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          nodeName: 'node-1',
          initContainers: [
            { name: 'init', image: 'busybox', ports: [{ containerPort: 9000, protocol: 'TCP' }] },
          ],
          containers: [
            {
              name: 'app',
              image: 'example/app:1',
              ports: [
                { name: 'http', containerPort: 8080, protocol: 'TCP' },
                { containerPort: 53, protocol: 'UDP' },
              ],
              readinessProbe: {
                httpGet: { port: 'http', path: '/', scheme: 'HTTP' },
                initialDelaySeconds: 0,
                periodSeconds: 10,
                timeoutSeconds: 1,
                successThreshold: 1,
                failureThreshold: 3,
              },
              livenessProbe: {
                tcpSocket: { port: 8080 },
                periodSeconds: 5,
                initialDelaySeconds: 0,
                timeoutSeconds: 1,
                successThreshold: 1,
                failureThreshold: 3,
              },
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          enableServiceLinks: true,
        },
      }),
    );
  });

  it('leaves set values alone and is idempotent', () => {
    const once = defaultObject(pod);
    expect(defaultObject(deepFreeze(once))).toEqual(once);
    const given = defaultObject({
      ...pod,
      spec: {
        containers: [{ name: 'app' }],
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 5,
        dnsPolicy: 'Default',
        enableServiceLinks: false,
      },
    });
    expect(given.kind === 'Pod' && given.spec).toEqual({
      containers: [{ name: 'app' }],
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 5,
      dnsPolicy: 'Default',
      enableServiceLinks: false,
    });
  });

  it("defaults a Deployment's pod template the same way", () => {
    const deployment: Deployment = deepFreeze({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: pod.spec },
      },
    });
    const defaulted = defaultObject(deployment);
    const defaultedPod = defaultObject(pod);
    expect(defaulted.kind === 'Deployment' && defaulted.spec.template.spec).toEqual(
      defaultedPod.kind === 'Pod' && defaultedPod.spec,
    );
  });
});
