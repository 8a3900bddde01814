/**
 * The bound on a transcript search's work: the analysis files of at most
 * MAX_TRANSCRIPT_CONTACTS contacts are read per request (a store in memory).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterException } from '../api/errors.ts';
import { ContactsService, MAX_TRANSCRIPT_CONTACTS } from './service.ts';
import type { ContactsStore, StoredContact } from './store.ts';

function storeOf(count: number) {
  const reads: string[] = [];
  const contacts: StoredContact[] = Array.from({ length: count }, (_, i) => ({
    contactId: `c${String(i).padStart(5, '0')}`,
    origin: 'ctr',
    record: { Channel: 'VOICE', InitiationTimestamp: '2025-03-11T09:00:00Z' },
  }));
  const store = {
    contactsOf: async () => contacts,
    analyses: async (_instance: string, contactId: string) => {
      reads.push(contactId);
      return [{ Participants: [{ ParticipantId: 'C', ParticipantRole: 'CUSTOMER' }], Transcript: [{ ParticipantId: 'C', Content: contactId === 'c00007' ? 'cancel my account' : 'hello' }] }];
    },
  };
  return { store: store as unknown as ContactsStore, reads };
}

const request = {
  InstanceId: 'i-1',
  TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: Date.parse('2025-03-11T00:00:00Z') / 1000, EndTime: Date.parse('2025-03-12T00:00:00Z') / 1000 },
  SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel my account'], MatchType: 'MATCH_ALL' }] } } },
};

describe('SearchContacts transcript search, bounded', () => {
  it(`reads the analysis files of up to ${MAX_TRANSCRIPT_CONTACTS} contacts`, async () => {
    const { store, reads } = storeOf(MAX_TRANSCRIPT_CONTACTS);
    const out = await new ContactsService(store, { region: 'us-east-1', accountId: '111122223333' }).searchContacts(request);
    expect(out.Contacts.map((c) => c.Id)).toEqual(['c00007']);
    expect(reads).toHaveLength(MAX_TRANSCRIPT_CONTACTS);
  });

  it('refuses more, before reading any, saying what to do', async () => {
    const { store, reads } = storeOf(MAX_TRANSCRIPT_CONTACTS + 1);
    const search = new ContactsService(store, { region: 'us-east-1', accountId: '111122223333' }).searchContacts(request);
    await expect(search).rejects.toThrow(InvalidParameterException);
    await expect(search).rejects.toThrow(
      'SearchCriteria.ContactAnalysis.Transcript would read the analysis files of 1001 contacts (at most 1000): narrow the TimeRange or add other criteria',
    );
    expect(reads).toEqual([]);
  });
});
