/** Where a command writes; tests pass buffers, main.ts passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` goes to a terminal, where a progress bar may be drawn; absent means no. */
  readonly errIsTTY?: boolean;
}
