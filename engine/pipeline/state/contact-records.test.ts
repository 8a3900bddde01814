import { describe, expect, it } from 'vitest';
import { contactIndexKeys } from './contact-records.ts';

const KEY = { instanceId: 'i-1', contactId: 'c-1' };
const UPDATED = Date.parse('2025-03-11T09:10:00Z');
const sortKey = (record: unknown) => contactIndexKeys(KEY, record, UPDATED).ContactsSK;

// The one rule for where a contact sorts in ByInstance, for the writer and `contacts reindex` alike.
describe('contactIndexKeys', () => {
  it('sorts a contact by its InitiationTimestamp, ISO text or epoch seconds or milliseconds', () => {
    for (const at of ['2025-03-11T09:00:00Z', Date.parse('2025-03-11T09:00:00Z') / 1000, Date.parse('2025-03-11T09:00:00Z')]) {
      expect(sortKey({ InitiationTimestamp: at }), String(at)).toBe('2025-03-11T09:00:00.000Z#c-1');
    }
  });

  it('sorts a record without a readable InitiationTimestamp by its last update (the readers refuse such a text, so only an item stored otherwise has one)', () => {
    for (const record of [{}, null, { InitiationTimestamp: 'yesterday' }, { InitiationTimestamp: 1e20 }]) {
      expect(sortKey(record), JSON.stringify(record)).toBe('2025-03-11T09:10:00.000Z#c-1');
    }
  });
});
