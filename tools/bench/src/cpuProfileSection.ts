import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Starts V8's CPU profiler (the one `node --cpu-prof` uses) now, for one section of a benchmark rather
 * than the whole process; the function returned stops it and writes a `.cpuprofile` to `path`, which
 * `summariseCpuProfile.ts` or Chrome DevTools read. The in-process inspector session answers
 * synchronously, which this relies on so that the section ends exactly where the caller says.
 */
export function startCpuProfileSection(path: string): () => void {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): unknown => {
    const answer: { received: boolean; error: Error | null; value: unknown } = {
      received: false,
      error: null,
      value: undefined,
    };
    session.post(method, params, (error, value) => {
      answer.received = true;
      answer.error = error;
      answer.value = value;
    });
    if (!answer.received) throw new Error(`bench: the inspector did not answer ${method} synchronously`);
    if (answer.error !== null) throw answer.error;
    return answer.value;
  };
  post('Profiler.enable');
  // 100 µs between samples (V8's default is 1 ms): churn handles one event in well under a millisecond.
  post('Profiler.setSamplingInterval', { interval: 100 });
  post('Profiler.start');
  return () => {
    const { profile } = post('Profiler.stop') as { profile: unknown };
    session.disconnect();
    writeFileSync(path, JSON.stringify(profile));
  };
}
