/** Virtual time in integer milliseconds since the start of a run. */
export type SimTime = number;
