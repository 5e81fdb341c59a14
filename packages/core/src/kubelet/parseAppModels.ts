import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../api/FieldError.js';
import type { Container } from '../api/Pod.js';
import { parseDuration } from '../parseDuration.js';
import type { SimTime } from '../SimTime.js';
import {
  APP_ANNOTATION_PREFIX,
  APP_SETTINGS,
  DEFAULT_APP_MODEL,
  DEFAULT_CRASH_EXIT_CODE,
  type AppModel,
  type AppSetting,
  type BindAddress,
  type HealthChange,
  type HealthState,
} from './AppModel.js';

export type AppModelsResult =
  | { readonly ok: true; readonly models: Readonly<Record<string, AppModel>> }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const BIND_ADDRESSES: readonly BindAddress[] = ['0.0.0.0', '127.0.0.1'];
const HEALTH_STATES: readonly HealthState[] = ['healthy', 'failing', 'hanging'];
const SIGTERM_HEALTH = ['unchanged', ...HEALTH_STATES] as const;
const DURATION_SYNTAX = 'must be a duration such as "500ms", "30s" or "1m30s"';

/** One parsed annotation value, before it is applied to the containers it addresses. */
type Setting =
  | { readonly setting: 'startup-delay'; readonly value: SimTime }
  | { readonly setting: 'bind-address'; readonly value: BindAddress }
  | { readonly setting: 'ports'; readonly value: readonly number[] }
  | { readonly setting: 'health'; readonly value: readonly HealthChange[] }
  | { readonly setting: 'crash-after'; readonly value: SimTime }
  | { readonly setting: 'exit-code'; readonly value: number }
  | { readonly setting: 'serve-after-sigterm'; readonly value: SimTime }
  | { readonly setting: 'health-on-sigterm'; readonly value: AppModel['healthOnSigterm'] }
  | { readonly setting: 'response-latency'; readonly value: SimTime };

interface ParsedAnnotation {
  readonly key: string;
  /** The container it addresses, or undefined for every container of the pod. */
  readonly container: string | undefined;
  readonly parsed: Setting;
}

const isSetting = (name: string): name is AppSetting => (APP_SETTINGS as readonly string[]).includes(name);

/**
 * Reads the `svcsim.dev/*` annotations of a pod (or pod template) into one AppModel per container, with
 * defaults for whatever is not annotated. `svcsim.dev/<setting>` applies to every container,
 * `svcsim.dev/<setting>.<container>` to one and wins over the pod-wide value. Unknown settings,
 * unknown containers and malformed values are refused with field errors at
 * `<path>[<annotation key>]`. Pass restartable init containers (sidecars) in `containers` to model them.
 */
export function parseAppModels(
  annotations: Readonly<Record<string, string>> | undefined,
  containers: readonly Container[],
  path: FieldPath = fieldPath('metadata').child('annotations'),
): AppModelsResult {
  const errors: FieldError[] = [];
  const names = new Set(containers.map((c) => c.name));
  const parsed: ParsedAnnotation[] = [];
  // Sorted keys, so errors come out in the same order whatever order the manifest listed them in.
  const keys = Object.keys(annotations ?? {})
    .filter((key) => key.startsWith(APP_ANNOTATION_PREFIX))
    .sort();
  for (const key of keys) {
    const value = (annotations ?? {})[key] ?? '';
    const keyPath = path.key(key);
    const name = key.slice(APP_ANNOTATION_PREFIX.length);
    const dot = name.indexOf('.');
    const settingName = dot < 0 ? name : name.slice(0, dot);
    const container = dot < 0 ? undefined : name.slice(dot + 1);
    if (!isSetting(settingName)) {
      errors.push(fieldErrors.notSupported(keyPath, settingName, APP_SETTINGS));
      continue;
    }
    if (container !== undefined && !names.has(container)) {
      errors.push(fieldErrors.invalid(keyPath, container, 'the pod has no container of this name'));
      continue;
    }
    const setting = parseSetting(settingName, value, keyPath, errors);
    if (setting !== undefined) parsed.push({ key, container, parsed: setting });
  }
  if (errors.length > 0) return { ok: false, errors };

  const models: Record<string, AppModel> = {};
  for (const container of containers) {
    // Pod-wide values first, then the container's own, so the more specific one wins.
    const applying = [
      ...parsed.filter((p) => p.container === undefined),
      ...parsed.filter((p) => p.container === container.name),
    ];
    let model: AppModel = { ...DEFAULT_APP_MODEL, ports: declaredTcpPorts(container) };
    let exitCode: { readonly code: number; readonly key: string } | undefined;
    let crashAfterMs: SimTime | undefined;
    for (const { key, parsed: setting } of applying) {
      switch (setting.setting) {
        case 'startup-delay':
          model = { ...model, startupDelayMs: setting.value };
          break;
        case 'bind-address':
          model = { ...model, bindAddress: setting.value };
          break;
        case 'ports':
          model = { ...model, ports: setting.value };
          break;
        case 'health':
          model = { ...model, health: setting.value };
          break;
        case 'crash-after':
          crashAfterMs = setting.value;
          break;
        case 'exit-code':
          exitCode = { code: setting.value, key };
          break;
        case 'serve-after-sigterm':
          model = { ...model, serveAfterSigtermMs: setting.value };
          break;
        case 'health-on-sigterm':
          model = { ...model, healthOnSigterm: setting.value };
          break;
        case 'response-latency':
          model = { ...model, responseLatencyMs: setting.value };
          break;
      }
    }
    if (crashAfterMs !== undefined)
      model = {
        ...model,
        crash: { afterMs: crashAfterMs, exitCode: exitCode?.code ?? DEFAULT_CRASH_EXIT_CODE },
      };
    else if (exitCode !== undefined)
      // An exit code with nothing to exit is almost certainly a forgotten crash-after; say so.
      errors.push(
        fieldErrors.invalid(
          path.key(exitCode.key),
          exitCode.code,
          `has no effect without ${APP_ANNOTATION_PREFIX}crash-after for container "${container.name}"`,
        ),
      );
    models[container.name] = model;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, models };
}

/** Every declared TCP port; a container that declares no port at all (of any protocol) serves any port. */
function declaredTcpPorts(container: Container): readonly number[] | 'any' {
  if ((container.ports ?? []).length === 0) return 'any';
  const ports = (container.ports ?? [])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
    .map((p) => p.containerPort);
  return [...new Set(ports)].sort((a, b) => a - b);
}

function parseSetting(
  setting: AppSetting,
  value: string,
  path: FieldPath,
  errors: FieldError[],
): Setting | undefined {
  const fail = (detail: string): undefined => {
    errors.push(fieldErrors.invalid(path, value, detail));
    return undefined;
  };
  const duration = (): SimTime | undefined => parseDuration(value.trim()) ?? fail(DURATION_SYNTAX);
  switch (setting) {
    case 'startup-delay':
    case 'crash-after':
    case 'serve-after-sigterm':
    case 'response-latency': {
      const ms = duration();
      return ms === undefined ? undefined : { setting, value: ms };
    }
    case 'bind-address': {
      const address = BIND_ADDRESSES.find((a) => a === value.trim());
      if (address === undefined) errors.push(fieldErrors.notSupported(path, value, BIND_ADDRESSES));
      return address === undefined ? undefined : { setting, value: address };
    }
    case 'health-on-sigterm': {
      const state = SIGTERM_HEALTH.find((s) => s === value.trim());
      if (state === undefined) errors.push(fieldErrors.notSupported(path, value, SIGTERM_HEALTH));
      return state === undefined ? undefined : { setting, value: state };
    }
    case 'exit-code': {
      const text = value.trim();
      const code = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      return code >= 0 && code <= 255 ? { setting, value: code } : fail('must be an integer from 0 to 255');
    }
    case 'ports': {
      const ports = parsePorts(value);
      return typeof ports === 'string' ? fail(ports) : { setting, value: ports };
    }
    case 'health': {
      const schedule = parseHealthSchedule(value);
      return typeof schedule === 'string' ? fail(schedule) : { setting, value: schedule };
    }
  }
}

/** `none`, or port numbers separated by commas: `8080,9090`. Returns the ports or what was expected. */
function parsePorts(value: string): readonly number[] | string {
  const expected = 'must be "none" or port numbers (1-65535) separated by commas, such as "8080,9090"';
  if (value.trim() === 'none') return [];
  const ports: number[] = [];
  for (const item of value.split(',')) {
    const text = item.trim();
    const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(port >= 1 && port <= 65535)) return expected;
    if (ports.includes(port)) return `lists port ${port} twice`;
    ports.push(port);
  }
  return ports.sort((a, b) => a - b);
}

/**
 * `state@instant` items separated by commas, instants (durations after container start) strictly
 * increasing: `failing@30s,healthy@1m`. The first item may leave out `@instant` to mean from the start
 * (`hanging` alone: hangs from the start). Before the first instant the endpoint is healthy.
 */
function parseHealthSchedule(value: string): readonly HealthChange[] | string {
  const expected =
    'must be state@instant items separated by commas, such as "failing@30s,healthy@1m" ' +
    '(states: healthy, failing, hanging; instants after container start, strictly increasing)';
  const changes: HealthChange[] = [];
  const items = value.split(',');
  for (const [i, item] of items.entries()) {
    const text = item.trim();
    const at = text.indexOf('@');
    const stateText = at < 0 ? text : text.slice(0, at);
    const state = HEALTH_STATES.find((s) => s === stateText);
    if (state === undefined) return expected;
    let instant: SimTime | undefined = 0;
    if (at >= 0) instant = parseDuration(text.slice(at + 1));
    else if (i > 0) return expected;
    if (instant === undefined) return expected;
    const previous = changes[changes.length - 1];
    if (previous !== undefined && instant <= previous.at)
      return `instants must strictly increase, but ${text.slice(at + 1)} does not come after the item before it`;
    changes.push({ at: instant, state });
  }
  if (changes[0]?.at !== 0) changes.unshift({ at: 0, state: 'healthy' });
  // Repeating the state in force changes nothing; dropping it keeps every entry a real change.
  return changes.filter((change, i) => i === 0 || changes[i - 1]?.state !== change.state);
}
