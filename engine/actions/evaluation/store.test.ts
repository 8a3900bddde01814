/**
 * How the evaluation store reads a cancelled form transaction, with a mocked client:
 * DynamoDB Local cannot throttle or contend on demand (the real writes are tested on
 * it in test/integration/actions-evaluation-api.test.ts).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ThrottlingException } from '../../api/errors.ts';
import type { EvaluationForm, FormSummaryItem } from './model.ts';
import { cancelled, mockedDocumentClient } from '../../../test/support/mock-dynamo.ts';
import { EvaluationStore } from './store.ts';

const { doc, ddb } = mockedDocumentClient();
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

const summary = { EvaluationFormId: 'f-1' } as FormSummaryItem;
const form = { EvaluationFormId: 'f-1', EvaluationFormVersion: 1 } as EvaluationForm;
const store = () => new EvaluationStore(doc, 'evaluations');

describe('EvaluationStore form transactions', () => {
  it('answers false when the form already exists (its own condition failed)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(store().createForm('inst', summary, form)).resolves.toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a throttled or contended transaction, then writes', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ThrottlingError', 'None')).resolves({});
    await expect(store().createForm('inst', summary, form)).resolves.toBe(true);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('gives up on lasting contention with ThrottlingException, never as if the form existed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    await expect(store().createForm('inst', summary, form)).rejects.toBeInstanceOf(ThrottlingException);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});
