/**
 * Two pods behind `web`: `web-a` (track: stable) and `web-b` (track: canary). At 10s `web-b` is
 * relabelled stable, so from then on a canary selector matches no pod although `web-b` still answers.
 * `pool` is a keep-alive client, pinned to one pod for the whole run.
 */
export const RELABEL_SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: reaches}
spec:
  seed: 5
  duration: 20s
  cluster: {nodes: 2}
  proxy: {mode: iptables}
  timeline:
    - at: 10s
      action: apply
      object:
        apiVersion: v1
        kind: Pod
        metadata: {name: web-b, namespace: default, labels: {app: web, track: stable}}
        spec:
          nodeName: node-2
          containers: [{name: web, image: example/web:1, ports: [{containerPort: 8080}]}]
  traffic:
    - {name: clients, from: pod/default/client, to: "web:80", rate: 10/s, start: 2s}
    - {name: pool, from: pod/default/client, to: "web:80", rate: 5/s, start: 2s, connections: reuse}
    - {name: lost, from: pod/default/client, to: "nowhere:80", rate: 2/s, start: 2s}
  expect:
    - {name: canary before, traffic: clients, between: [2s, 10s], selector: {track: canary}, share: "> 0"}
    - {name: canary after, traffic: clients, between: [10s, 20s], selector: {track: canary}, share: "== 0"}
    - {name: web-b after, traffic: clients, between: [10s, 20s], pod: default/web-b, share: "> 0"}
    - {name: every pod is app=web, traffic: clients, between: [2s, 20s], selector: {app: web}, share: "== 1"}
    - {name: a typo, traffic: clients, between: [2s, 20s], selector: {track: canry}, share: "== 0"}
    - {name: a pod that never was, traffic: clients, between: [2s, 20s], pod: web-z, share: "== 0"}
    - {name: nothing served, traffic: lost, between: [2s, 20s], pod: web-a, share: "== 0"}
    - {name: pool on web-b, traffic: pool, between: [2s, 20s], pod: web-b, share: ">= 0"}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, namespace: default, labels: {app: web, track: stable}}
spec:
  nodeName: node-1
  containers: [{name: web, image: example/web:1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-b, namespace: default, labels: {app: web, track: canary}}
spec:
  nodeName: node-2
  containers: [{name: web, image: example/web:1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: node-1
  containers: [{name: client, image: example/curl:1}]
`;
