export type { SimTime } from './SimTime.js';
export type { LogEntry } from './LogEntry.js';
