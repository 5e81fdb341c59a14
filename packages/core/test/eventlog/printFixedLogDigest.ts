// Run in a separate process by determinism.test.ts: prints the SHA-256 of the fixed log's bytes, and of
// the bytes obtained by decoding and re-encoding them, one per line.
import { createHash } from 'node:crypto';

import { encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import { readEventLog } from '../../src/eventlog/readEventLog.js';
import { FIXED_LOG_SEGMENT_SIZE, fixedLogEntries, fixedLogHeader } from './fixedLog.js';

const options = { segmentSize: FIXED_LOG_SEGMENT_SIZE };
const bytes = encodeEventLog(fixedLogHeader, fixedLogEntries(), options);
const log = readEventLog(bytes);
const again = encodeEventLog(log.header, log.entries, options);
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
process.stdout.write(`${sha256(bytes)}\n${sha256(again)}\n`);
