import { describe, expect, it } from 'vitest';

import { ProbeEvent } from '../src/columnarProbe/ProbeEvent.js';
import { ProbeLog } from '../src/columnarProbe/ProbeLog.js';
import { RowTable } from '../src/columnarProbe/RowTable.js';
import { ServiceSyncQueue } from '../src/columnarProbe/ServiceSyncQueue.js';

describe('RowTable', () => {
  it('keeps each field of each row apart, reads unset fields as 0, and keeps values as the rows grow', () => {
    const rows = new RowTable('pod', 2, 1);
    const a = rows.field();
    const b = rows.field();
    expect(a.get(0)).toBe(0);
    expect(b.get(5_000)).toBe(0);
    for (let id = 0; id < 3_000; id++) {
      a.set(id, id);
      b.set(id, -id - 1);
    }
    for (let id = 0; id < 3_000; id++) {
      expect(a.get(id)).toBe(id);
      expect(b.get(id)).toBe(-id - 1);
    }
    expect(rows.data.length).toBeGreaterThanOrEqual(3_000 * rows.width);
  });

  it('refuses more fields than a row holds', () => {
    const rows = new RowTable('Service', 1);
    rows.field();
    rows.field();
    expect(() => rows.field()).toThrow('RowTable Service: all 2 fields of a row are taken');
  });

  it('is shared: two queues over one table keep their words apart', () => {
    const rows = new RowTable('Service');
    const members = (): readonly number[] => [];
    const slices = new ServiceSyncQueue(members, rows);
    const endpoints = new ServiceSyncQueue(members, rows);
    slices.touch(4, 40);
    endpoints.touch(4, 41);
    endpoints.touch(9, 90);
    const seen: string[] = [];
    slices.run((service, changed) => {
      seen.push(`slices ${service}:${Array.from(changed.pods).slice(0, changed.count).join(',')}`);
      return true;
    });
    endpoints.run((service, changed) => {
      seen.push(`endpoints ${service}:${Array.from(changed.pods).slice(0, changed.count).join(',')}`);
      return false;
    });
    // Service 4's slice write is unseen, so only the Endpoints side syncs it again.
    slices.touch(4, 42);
    endpoints.touch(4, 43);
    slices.run(() => {
      seen.push('slices ran');
      return false;
    });
    endpoints.run((service) => {
      seen.push(`endpoints ${service} again`);
      return false;
    });
    expect(seen).toEqual(['slices 4:40', 'endpoints 4:41', 'endpoints 9:90', 'endpoints 4 again']);
  });
});

describe('ProbeLog', () => {
  it('keeps every record across its fixed-size segments, in order', () => {
    const log = new ProbeLog();
    const records = 40_000; // more than two segments of 16,384
    for (let i = 0; i < records; i++) log.append(i, ProbeEvent.podStatus, i, -i - 1, i * 2);
    expect(log.length).toBe(records);
    for (const i of [0, 16_383, 16_384, 32_767, 32_768, records - 1]) {
      expect([log.at(i), log.code(i), log.operand(i, 0), log.operand(i, 1), log.operand(i, 2)]).toEqual([
        i,
        ProbeEvent.podStatus,
        i,
        -i - 1,
        i * 2,
      ]);
    }
    expect(log.bytes).toBe(3 * 16_384 * 5 * 4);
  });

  it('refuses to read a record it does not hold', () => {
    const log = new ProbeLog();
    log.append(1, ProbeEvent.input, 0);
    expect(() => log.at(1)).toThrow('the log has no record 1');
    expect(() => log.code(-1)).toThrow('the log has no record -1');
  });
});
