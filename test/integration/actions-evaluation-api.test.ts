/**
 * The evaluation-form and contact-evaluation operations through the real
 * `@aws-sdk/client-connect` against the local server (DynamoDB Local): versions,
 * activation, evaluations from start to submit with scores, errors as SDK exceptions,
 * and a manual submission running the OnContactEvaluationSubmit rules (through the pipeline's processor).
 */
import {
  ActivateEvaluationFormCommand,
  ConnectClient,
  CreateEvaluationFormCommand,
  CreateRuleCommand,
  DeactivateEvaluationFormCommand,
  DeleteContactEvaluationCommand,
  DeleteEvaluationFormCommand,
  DescribeContactEvaluationCommand,
  DescribeEvaluationFormCommand,
  ListContactEvaluationsCommand,
  ListEvaluationFormsCommand,
  ListEvaluationFormVersionsCommand,
  StartContactEvaluationCommand,
  SubmitContactEvaluationCommand,
  UpdateContactEvaluationCommand,
  UpdateEvaluationFormCommand,
  type EvaluationFormItem,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM } from '../support/evaluation-form.ts';
import type { TriggerEvent } from '../../engine/context/types.ts';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { connectClient, newInstanceId, startApi } from '../support/rules-api.ts';

let api: LocalRulesApi;
let client: ConnectClient;
const dispatched: TriggerEvent[] = [];

beforeAll(async () => {
  api = await startApi();
  // Record what is dispatched, and still run it through the rules (the pipeline).
  const pipeline = api.actions.setDispatcher(undefined)!;
  api.actions.setDispatcher(async (events) => {
    dispatched.push(...events);
    await pipeline(events);
  });
  client = connectClient(api.url);
});

afterAll(async () => {
  client?.destroy();
  await api?.close();
});

const ITEMS = FORM.Items as unknown as EvaluationFormItem[];

async function failure(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

async function activeForm(InstanceId: string) {
  const { EvaluationFormId } = await client.send(new CreateEvaluationFormCommand({ InstanceId, Title: 'QA', Items: ITEMS, ScoringStrategy: { Mode: 'QUESTION_ONLY', Status: 'ENABLED' } }));
  await client.send(new ActivateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1 }));
  return EvaluationFormId!;
}

describe('evaluation forms', () => {
  it('create, describe, update in place, activate, new versions, list, deactivate, delete', async () => {
    const InstanceId = newInstanceId('eval');
    const created = await client.send(new CreateEvaluationFormCommand({ InstanceId, Title: 'Quality', Description: 'd', Items: ITEMS, ScoringStrategy: { Mode: 'QUESTION_ONLY', Status: 'ENABLED' } }));
    const EvaluationFormId = created.EvaluationFormId!;
    expect(created.EvaluationFormArn).toBe(`arn:aws:connect:us-east-1:111122223333:instance/${InstanceId}/evaluation-form/${EvaluationFormId}`);
    const { EvaluationForm } = await client.send(new DescribeEvaluationFormCommand({ InstanceId, EvaluationFormId }));
    expect(EvaluationForm).toMatchObject({ EvaluationFormVersion: 1, Locked: false, Status: 'DRAFT', Title: 'Quality', Description: 'd', Items: ITEMS, CreatedBy: 'arn:aws:iam::111122223333:user/AKIDLOCAL' });
    expect(EvaluationForm!.CreatedTime).toBeInstanceOf(Date);

    const inPlace = await client.send(new UpdateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1, Title: 'Quality v1', Items: ITEMS }));
    expect(inPlace.EvaluationFormVersion).toBe(1);
    await client.send(new ActivateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1 }));
    const locked = await failure(client.send(new UpdateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1, Title: 'x', Items: ITEMS })));
    expect(locked.name).toBe('ResourceConflictException');
    const v2 = await client.send(new UpdateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1, CreateNewVersion: true, Title: 'Quality v2', Items: ITEMS }));
    expect(v2.EvaluationFormVersion).toBe(2);

    const versions = await client.send(new ListEvaluationFormVersionsCommand({ InstanceId, EvaluationFormId }));
    expect(versions.EvaluationFormVersionSummaryList!.map((v) => [v.EvaluationFormVersion, v.Status, v.Locked])).toEqual([
      [1, 'ACTIVE', true],
      [2, 'DRAFT', false],
    ]);
    const forms = await client.send(new ListEvaluationFormsCommand({ InstanceId }));
    expect(forms.EvaluationFormSummaryList).toEqual([expect.objectContaining({ EvaluationFormId, Title: 'Quality v2', LatestVersion: 2, ActiveVersion: 1 })]);

    expect((await failure(client.send(new DeactivateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 2 })))).name).toBe('ResourceConflictException');
    await client.send(new ActivateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 2 }));
    const v1 = await client.send(new DescribeEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1 }));
    expect(v1.EvaluationForm).toMatchObject({ Status: 'DRAFT', Locked: true });
    expect((await failure(client.send(new DeleteEvaluationFormCommand({ InstanceId, EvaluationFormId })))).name).toBe('ResourceConflictException');
    await client.send(new DeactivateEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 2 }));
    await client.send(new DeleteEvaluationFormCommand({ InstanceId, EvaluationFormId, EvaluationFormVersion: 1 }));
    expect((await client.send(new ListEvaluationFormVersionsCommand({ InstanceId, EvaluationFormId }))).EvaluationFormVersionSummaryList).toHaveLength(1);
    await client.send(new DeleteEvaluationFormCommand({ InstanceId, EvaluationFormId }));
    const gone = await failure(client.send(new DescribeEvaluationFormCommand({ InstanceId, EvaluationFormId })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata?.httpStatusCode).toBe(404);
  });

  it('refuses invalid forms with InvalidParameterException naming the item', async () => {
    const InstanceId = newInstanceId('eval');
    const err = await failure(client.send(new CreateEvaluationFormCommand({ InstanceId, Title: 'x', Items: [{ Question: (ITEMS[0] as { Section: { Items: EvaluationFormItem[] } }).Section.Items[0]!.Question! }] })));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toContain('Items[0]: the top-level items of a form must be sections');
  });
});

describe('contact evaluations', () => {
  it('start, update, submit (scored; the submit event runs the OnContactEvaluationSubmit rules), list, describe, delete', async () => {
    const InstanceId = newInstanceId('eval');
    const EvaluationFormId = await activeForm(InstanceId);
    await api.actions.runtime.users.put(InstanceId, [{ Id: 'lead-1', Username: 'lead', IdentityInfo: { Email: 'lead@example.com' } }]);
    await client.send(
      new CreateRuleCommand({
        InstanceId,
        Name: 'GREETING_BELOW_60',
        TriggerEventSource: { EventSourceName: 'OnContactEvaluationSubmit' },
        Function: JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: {
            Operator: 'OR',
            Operands: [
              {
                Operator: 'AND',
                Operands: [
                  { Operator: 'EQUALS', Operands: [EvaluationFormId], ComparisonValue: '$.ContactLens.ContactEvaluation.Form.FormId', Negate: false },
                  { Operator: 'EQUALS', Operands: ['s1'], ComparisonValue: '$.ContactLens.ContactEvaluation.Section.SectionRefId', Negate: false },
                  { Operator: 'NumberLessOrEqualTo', Operands: [60], ComparisonValue: '$.ContactLens.ContactEvaluation.Section.Score', Negate: false },
                ],
              },
            ],
          },
        }),
        Actions: [
          {
            ActionType: 'SEND_NOTIFICATION',
            SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Subject: 'Greeting coaching', Content: 'See the evaluation.', Recipient: { UserIds: ['lead-1'] } },
          },
        ],
        PublishStatus: 'PUBLISHED',
      }),
    );
    const started = await client.send(new StartContactEvaluationCommand({ InstanceId, ContactId: 'contact-7', EvaluationFormId }));
    const EvaluationId = started.EvaluationId!;
    await client.send(new UpdateContactEvaluationCommand({ InstanceId, EvaluationId, Answers: { q1: { Value: { StringValue: 'q1-yes' } } }, Notes: { q1: { Value: 'good greeting' } } }));
    const bad = await failure(client.send(new SubmitContactEvaluationCommand({ InstanceId, EvaluationId, Answers: { q2: { Value: { NumericValue: 9 } } } })));
    expect(bad.name).toBe('InvalidParameterException');
    const before = dispatched.length;
    await client.send(new SubmitContactEvaluationCommand({ InstanceId, EvaluationId, Answers: { q2: { Value: { NumericValue: -2 } }, q3: { Value: { StringValue: 'q3-yes' } } } }));
    const { Evaluation, EvaluationForm } = await client.send(new DescribeContactEvaluationCommand({ InstanceId, EvaluationId }));
    expect(Evaluation).toMatchObject({
      Status: 'SUBMITTED',
      Metadata: { ContactId: 'contact-7', Score: { Percentage: 75 } },
      Scores: { q1: { Percentage: 100 }, q2: { Percentage: 0 }, q3: { Percentage: 100 }, s1: { Percentage: 50 }, s2: { Percentage: 100 } },
      Notes: { q1: { Value: 'good greeting' } },
    });
    expect(EvaluationForm).toMatchObject({ EvaluationFormId, EvaluationFormVersion: 1 });
    expect(dispatched.slice(before)).toEqual([
      expect.objectContaining({
        EventSourceName: 'OnContactEvaluationSubmit',
        InstanceId,
        ContactLens: { ContactEvaluation: expect.objectContaining({ ContactId: 'contact-7', EvaluationId, Form: { FormId: EvaluationFormId, Score: 75 }, Sections: { s1: { Score: 50 }, s2: { Score: 100 } } }) },
      }),
    ]);
    const emails = await api.actions.runtime.outbox.emails(InstanceId);
    expect(emails.map((e) => [e.To, e.Subject, e.RuleName])).toEqual([['lead@example.com', 'Greeting coaching', 'GREETING_BELOW_60']]);
    expect((await failure(client.send(new UpdateContactEvaluationCommand({ InstanceId, EvaluationId, Answers: {} })))).name).toBe('ResourceConflictException');
    const list = await client.send(new ListContactEvaluationsCommand({ InstanceId, ContactId: 'contact-7' }));
    expect(list.EvaluationSummaryList).toEqual([expect.objectContaining({ EvaluationId, EvaluationFormId, EvaluationFormTitle: 'QA', Status: 'SUBMITTED', Score: { Percentage: 75 } })]);
    await client.send(new DeleteContactEvaluationCommand({ InstanceId, EvaluationId }));
    expect((await failure(client.send(new DescribeContactEvaluationCommand({ InstanceId, EvaluationId })))).name).toBe('ResourceNotFoundException');
  });

  it('a form without an ACTIVE version cannot be used', async () => {
    const InstanceId = newInstanceId('eval');
    const { EvaluationFormId } = await client.send(new CreateEvaluationFormCommand({ InstanceId, Title: 'QA', Items: ITEMS }));
    const err = await failure(client.send(new StartContactEvaluationCommand({ InstanceId, ContactId: 'c', EvaluationFormId })));
    expect(err.name).toBe('InvalidParameterException');
  });
});
