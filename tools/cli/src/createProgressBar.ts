import { formatSimTime, type SimTime } from '@svcsim/core';

/** Where a progress bar draws: a terminal's stream, written with carriage returns. */
export type ProgressSink = (text: string) => void;

/** A progress bar fed by core run()'s onProgress. */
export interface ProgressBar {
  readonly onProgress: (now: SimTime, durationMs: SimTime) => void;
  /** Erases the bar so the next output starts on a clean line. */
  clear(): void;
}

const WIDTH = 30;

/**
 * A one-line bar, `[#########.........]  31%  12.400s of 40.000s virtual`, redrawn in place with a
 * carriage return. It is only for terminals: svcsim run creates one only when stderr is a TTY, so
 * pipes, files and tests never see it. Redrawn only when the drawn text changes, so at most about a
 * hundred writes per run (core calls onProgress about every 1 % of virtual time).
 */
export function createProgressBar(write: ProgressSink): ProgressBar {
  let drawn = '';
  return {
    onProgress(now, durationMs) {
      const share = durationMs === 0 ? 1 : Math.min(1, now / durationMs);
      const filled = Math.round(share * WIDTH);
      const percent = `${String(Math.floor(share * 100))}%`.padStart(4);
      const text = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}  ${formatSimTime(now)} of ${formatSimTime(durationMs)} virtual`;
      if (text === drawn) return;
      drawn = text;
      write(`\r${text}`);
    },
    clear() {
      if (drawn === '') return;
      // Back to the start of the line and erase it (ANSI EL), leaving nothing behind.
      write('\r\u001b[K');
      drawn = '';
    },
  };
}
