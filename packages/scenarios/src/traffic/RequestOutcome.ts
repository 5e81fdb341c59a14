import type { ConnectionBreak, ConnectionFailure, ConnectionPeer, SimTime } from '@svcsim/core';

/** How a traffic request failed: its connection's failure to open, or its request's break. */
export type RequestFailure = ConnectionFailure | ConnectionBreak;

/** Every RequestFailure, in the order tables and messages list them. */
export const REQUEST_FAILURES: readonly RequestFailure[] = [
  'refused',
  'timedOut',
  'reset',
  'unresolved',
  'unsent',
  'notOpen',
];

/** What became of one request of a traffic entry, read from the log. */
export type RequestOutcome = {
  /** When the request was made (its `connection/opened` or `connection/used`). */
  readonly at: SimTime;
  /** The connection it went on. */
  readonly connectionId: string;
} & (
  | {
      readonly ok: true;
      /** Who answered it. */
      readonly peer: ConnectionPeer;
    }
  | {
      readonly ok: false;
      readonly failure: RequestFailure;
      /** The data plane's one-line reason. */
      readonly reason: string;
    }
);
