/**
 * DescribeContact reads a contact as the pipeline does, consistently: right after a
 * contact is ingested, an eventually consistent read may miss it (DynamoDB Local is
 * always consistent, so the request itself is what is checked, on a mocked client).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockedDocumentClient } from '../../test/support/mock-dynamo.ts';
import { FileObjectReader } from '../ingest/object-reader.ts';
import { ContactsStore } from './store.ts';

const { doc, ddb } = mockedDocumentClient();
const store = new ContactsStore(doc, { stateTable: 'state', contactsTable: 'contacts', reader: new FileObjectReader() });

beforeEach(() => ddb.reset());
afterAll(() => ddb.restore());

describe('ContactsStore.contact', () => {
  it('reads the contact record with a consistent Query, and its CTR wins over its contact events', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { PK: 'CONTACT#i#c', SK: 'RECORD#CTR', Record: JSON.stringify({ ContactId: 'c', Channel: 'VOICE' }), UpdatedAt: 2 },
        { PK: 'CONTACT#i#c', SK: 'RECORD#EVENTS', Record: JSON.stringify({ Id: 'c', Channel: 'CHAT' }), UpdatedAt: 1, Version: 1 },
      ],
    });
    expect(await store.contact('i', 'c')).toEqual({ contactId: 'c', origin: 'ctr', record: { ContactId: 'c', Channel: 'VOICE' } });
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'state',
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: { ':pk': 'CONTACT#i#c', ':prefix': 'RECORD#' },
        ConsistentRead: true,
      },
    ]);
  });
});
