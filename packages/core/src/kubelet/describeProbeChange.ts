import type { Probe } from '../api/Pod.js';
import { formatSimTime } from '../views/formatSimTime.js';
import type { AppModel } from './AppModel.js';
import { appStateAt, type AppState } from './appStateAt.js';
import type { ProbeResultChange } from './nextProbeResultChange.js';
import { probeAttemptAt, type ProbeSubject } from './probeAttemptAt.js';
import type { ProbeHandler } from './resolveProbe.js';

/**
 * Why a worker committed `change`: what the deciding probe saw, worded as the kubelet reports probe
 * results where it has words for it ("HTTP probe failed with statuscode: 500", "connect: connection
 * refused"), followed in parentheses by what the application was doing to make it so. `probe` is the
 * container's probe as written (for the HTTP path and scheme), `podIP` the address it was sent to.
 */
export function describeProbeChange(
  subject: ProbeSubject,
  change: ProbeResultChange,
  probe: Probe,
  podIP: string,
): string {
  const attempt = probeAttemptAt(subject, change.probedAt);
  if (attempt.type === 'quietStop') return 'the pod is being deleted, so the probe reports Success and stops';
  if (attempt.type !== 'probed') return change.result;
  const { app, run } = subject;
  const handler = subject.probe.handler;
  const state = appStateAt(app, run, change.probedAt);
  const target = targetOf(handler, probe, podIP);
  if (attempt.result === 'Success') {
    switch (handler.type) {
      case 'httpGet':
        return `HTTP probe succeeded with statuscode: 200 (${target})`;
      case 'tcpSocket':
        return `TCP connection to ${target} succeeded`;
      case 'grpc':
        return `gRPC health check of ${target} answered SERVING`;
      case 'exec':
      case 'error':
        return 'command exited with 0';
    }
  }
  const timeout = formatSimTime(subject.probe.timeoutMs);
  if (handler.type === 'exec') {
    if (!state.up) return `command failed (${notUpWhy(app, state, run.startedAt)})`;
    return answerFailure(state, app, timeout, 'command exited with 1', `command timed out after ${timeout}`);
  }
  if (handler.type === 'error') return handler.reason;
  const refusal = refusalWhy(handler, app, state, run.startedAt);
  const dial = `dial tcp ${target}: connect: connection refused`;
  switch (handler.type) {
    case 'tcpSocket':
      return `${dial} (${refusal ?? 'nothing listens'})`;
    case 'httpGet': {
      const get = `Get "${urlOf(probe, target)}"`;
      if (refusal !== undefined) return `${get}: ${dial} (${refusal})`;
      return answerFailure(
        state,
        app,
        timeout,
        'HTTP probe failed with statuscode: 500',
        `${get}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    }
    case 'grpc':
      if (refusal !== undefined) return `failed to connect service "${target}": ${dial} (${refusal})`;
      return answerFailure(
        state,
        app,
        timeout,
        'service unhealthy (responded with "NOT_SERVING")',
        `timeout: health rpc did not complete within ${timeout}`,
      );
  }
}

/** A check that reached the application and failed: it answered failure, or no answer came in time. */
function answerFailure(
  state: AppState,
  app: AppModel,
  timeout: string,
  failed: string,
  timedOut: string,
): string {
  switch (state.health) {
    case 'failing':
      return `${failed} (the health endpoint is failing)`;
    case 'hanging':
      return `${timedOut} (the health endpoint hangs; timeout ${timeout})`;
    case 'healthy':
      return `${timedOut} (the answer takes ${formatSimTime(app.responseLatencyMs)}; timeout ${timeout})`;
  }
}

/** Why a connection to the application was refused, or undefined when it was accepted. */
function refusalWhy(
  handler: Extract<ProbeHandler, { readonly port: number }>,
  app: AppModel,
  state: AppState,
  startedAt: number,
): string | undefined {
  if (handler.address === 'elsewhere') return 'the probe is sent to a host outside the pod';
  if (!state.up) return notUpWhy(app, state, startedAt);
  if (app.ports !== 'any' && !app.ports.includes(handler.port))
    return `the application does not listen on port ${handler.port}`;
  if (handler.address === 'podIP' && app.bindAddress === '127.0.0.1')
    return 'the application listens on 127.0.0.1 only';
  return undefined;
}

function notUpWhy(app: AppModel, state: AppState, startedAt: number): string {
  return state.running
    ? `the application is not up yet: it starts listening at ${formatSimTime(startedAt + app.startupDelayMs)}`
    : 'the container is not running';
}

function targetOf(handler: ProbeHandler, probe: Probe, podIP: string): string {
  if (handler.type === 'exec' || handler.type === 'error') return '';
  const host =
    handler.address === 'loopback'
      ? '127.0.0.1'
      : handler.address === 'elsewhere'
        ? (probe.httpGet?.host ?? probe.tcpSocket?.host ?? podIP)
        : podIP;
  return `${host}:${handler.port}`;
}

function urlOf(probe: Probe, target: string): string {
  const scheme = (probe.httpGet?.scheme ?? 'HTTP').toLowerCase();
  const path = probe.httpGet?.path ?? '/';
  return `${scheme}://${target}${path.startsWith('/') ? path : `/${path}`}`;
}
