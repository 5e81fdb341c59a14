/**
 * A small scenario with every kind of expectation: a client on node-1 calls two Services over the
 * same three pods, `sticky` (ClientIP session affinity) and `spread` (none), with new connections, and
 * `sticky` also over one keep-alive connection; `sticky` is deleted at 15s, so its name stops resolving.
 */
export const AFFINITY_SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: affinity, description: ClientIP affinity against none}
spec:
  seed: 3
  duration: 20s
  cluster: {nodes: 2}
  proxy: {mode: iptables}
  timeline:
    - {at: 15s, action: delete, kind: Service, name: sticky}
  traffic:
    - {name: sticky, from: pod/default/client, to: "sticky:80", rate: 5/s, start: 2s}
    - {name: spread, from: pod/default/client, to: "http://spread.default.svc.cluster.local/", rate: 5/s, start: 2s}
    - {name: pool, from: pod/default/client, to: "sticky:80", rate: 2/s, start: 2s, connections: reuse}
  expect:
    - {name: sticky stays on one pod, traffic: sticky, between: [2s, 15s], affinity: held}
    - {name: spread moves between pods, traffic: spread, between: [2s, 15s], affinity: broken}
    - {name: spread always answers, traffic: spread, between: [2s, 20s], successRate: ">= 1"}
    - {name: three endpoints, endpoints: default/sticky, at: 10s, count: 3}
    - {name: sticky is gone once deleted, traffic: sticky, at: 16s, reachable: false}
    - {name: sticky never fails, traffic: sticky, between: [2s, 20s], successRate: "== 1"}
---
apiVersion: v1
kind: Service
metadata: {name: sticky, namespace: default}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: spread, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example/web:1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: node-1
  containers: [{name: client, image: example/curl:1}]
`;
