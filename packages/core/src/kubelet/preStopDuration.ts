import type { Container, LifecycleHandler } from '../api/Pod.js';
import type { SimTime } from '../SimTime.js';
import type { AppModel } from './AppModel.js';
import { acceptsConnection, appStateAt, type ContainerRun } from './appStateAt.js';
import { resolveProbe, type ProbedPod } from './resolveProbe.js';

/**
 * How long a preStop hook that starts at `t` runs, before the kubelet's grace-period cap:
 * - `sleep`: its seconds.
 * - `exec`: svcsim runs no commands, but it recognises the usual delay, `sleep N` (as the argument list
 *   `["sleep", "N"]` or a shell's `-c "sleep N"`), and takes N seconds; any other command returns at once.
 * - `httpGet`: the request reaches the application as a probe's would (port, host, bind address); an
 *   answer takes the application's response latency, a hanging endpoint never answers (Infinity, so the
 *   grace period ends it), and a refused connection returns at once.
 */
export function preStopDuration(
  handler: LifecycleHandler,
  container: Container,
  pod: ProbedPod,
  app: AppModel,
  run: ContainerRun,
  t: SimTime,
): number {
  if (handler.sleep !== undefined) return handler.sleep.seconds * 1000;
  if (handler.exec !== undefined) return sleepCommandMs(handler.exec.command ?? []) ?? 0;
  if (handler.httpGet === undefined) return 0;
  const resolved = resolveProbe('liveness', { httpGet: handler.httpGet }, container, pod).handler;
  if (resolved.type !== 'httpGet' || resolved.address === 'elsewhere') return 0;
  const state = appStateAt(app, run, t);
  if (!acceptsConnection(app, state, resolved.address, resolved.port)) return 0;
  return state.health === 'hanging' ? Infinity : app.responseLatencyMs;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const SLEEP_SCRIPT = /^\s*(?:exec\s+)?sleep\s+(\d+(?:\.\d+)?)s?\s*;?\s*$/;
const SECONDS = /^(\d+(?:\.\d+)?)s?$/;

/** Milliseconds of a `sleep N` command, or undefined when the command is something else. */
function sleepCommandMs(command: readonly string[]): number | undefined {
  const program = basename(command[0] ?? '');
  if (program === 'sleep' && command.length === 2) {
    const match = SECONDS.exec(command[1] ?? '');
    return match === null ? undefined : Math.round(Number(match[1]) * 1000);
  }
  if (SHELLS.has(program) && command.length === 3 && command[1] === '-c') {
    const match = SLEEP_SCRIPT.exec(command[2] ?? '');
    return match === null ? undefined : Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
