/**
 * How the local task contacts read a cancelled StartTaskContact transaction, with a
 * mocked client: DynamoDB Local cannot throttle or contend on demand (the real writes,
 * the replay and the 12-task limit, are tested on it in
 * test/integration/actions-local.test.ts).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError, type StartTaskInput } from '../backends.ts';
import { cancelled, mockedDocumentClient } from '../../../test/support/mock-dynamo.ts';
import { LocalContacts } from './contacts.ts';

const { doc, ddb } = mockedDocumentClient();
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

const input: StartTaskInput = {
  instanceId: 'inst',
  contactFlowId: 'flow-1',
  name: 'Call back',
  previousContactId: 'c-1',
  clientToken: 'token-1',
  now: new Date('2025-03-11T14:00:00Z'),
};
const contacts = () => new LocalContacts(doc, 'contacts');

describe('LocalContacts.startTask transactions', () => {
  it('sends the task and the previous contact counter in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { contactId, created } = await contacts().startTask(input);
    expect(created).toBe(true);
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const items = call!.args[0].input.TransactItems!;
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Put', 'Update']);
    expect(items[0]!.Put!.Item).toMatchObject({ PK: `INSTANCE#inst#CONTACT#${contactId}`, SK: 'CONTACT', Kind: 'TASK' });
    expect(items[1]!.Update!.Key).toEqual({ PK: 'INSTANCE#inst#CONTACT#c-1', SK: 'TASKS' });
  });

  it('retries a contended or throttled transaction, then creates the task', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejectsOnce(cancelled('None', 'ThrottlingError'))
      .resolves({});
    await expect(contacts().startTask(input)).resolves.toMatchObject({ created: true });
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(3);
    // The same transaction each time: the same task id and the same counter.
    expect(new Set(calls.map((c) => JSON.stringify(c.args[0].input))).size).toBe(1);
  });

  it('gives up on lasting contention with a retryable ThrottlingException', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    const err = await contacts().startTask(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({ reasonCode: 'ThrottlingException', retryable: true });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('answers a replay (the task exists) at once, without retrying', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(contacts().startTask(input)).resolves.toMatchObject({ created: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('refuses a thirteenth task of a contact with ServiceQuotaExceededException, without retrying', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(contacts().startTask(input)).rejects.toMatchObject({ reasonCode: 'ServiceQuotaExceededException', retryable: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
