/**
 * Automated evaluations on Amazon Connect, deployed: the ACTIVE form version
 * (DescribeEvaluationForm / ListEvaluationFormVersions), answers computed here from
 * the contact's categories and analysis, StartContactEvaluation (ClientToken = the
 * invocation's evaluation id) and SubmitContactEvaluation. The trigger event is built
 * from the same scoring the local service uses.
 *
 * Retries and take-overs: StartContactEvaluation's ClientToken gives the same
 * evaluation again; SubmitContactEvaluation has no token, so an evaluation already
 * SUBMITTED (by an attempt that died after submitting) is not submitted again.
 */
import {
  ConnectClient,
  DescribeContactEvaluationCommand,
  DescribeEvaluationFormCommand,
  ListEvaluationFormVersionsCommand,
  StartContactEvaluationCommand,
  SubmitContactEvaluationCommand,
  type EvaluationAnswerInput,
} from '@aws-sdk/client-connect';
import { ActionError } from '../backends.ts';
import type { AutoEvaluationInput, AutoEvaluationResult, AutoEvaluator } from '../evaluation/auto.ts';
import { automatedAnswers, evaluationBody, scoreEvaluation, type FormContent } from '../evaluation/scoring.ts';

export class ConnectAutoEvaluator implements AutoEvaluator {
  constructor(private readonly client: ConnectClient) {}

  private async activeVersion(instanceId: string, formId: string): Promise<number> {
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(new ListEvaluationFormVersionsCommand({ InstanceId: instanceId, EvaluationFormId: formId, ...(NextToken ? { NextToken } : {}) }));
      const active = page.EvaluationFormVersionSummaryList?.find((v) => v.Status === 'ACTIVE');
      if (active) return active.EvaluationFormVersion!;
      NextToken = page.NextToken;
    } while (NextToken);
    throw new ActionError('ResourceNotFoundException', `evaluation form ${formId} has no ACTIVE version`);
  }

  async autoEvaluate(input: AutoEvaluationInput): Promise<AutoEvaluationResult> {
    const version = await this.activeVersion(input.instanceId, input.formId);
    const { EvaluationForm } = await this.client.send(
      new DescribeEvaluationFormCommand({ InstanceId: input.instanceId, EvaluationFormId: input.formId, EvaluationFormVersion: version }),
    );
    const form = EvaluationForm as unknown as FormContent;
    const { answers, unanswered } = automatedAnswers(form, input.categories, input.analysis);
    const started = await this.client.send(
      new StartContactEvaluationCommand({ InstanceId: input.instanceId, ContactId: input.contactId, EvaluationFormId: input.formId, ClientToken: input.evaluationId }),
    );
    const current = await this.client.send(new DescribeContactEvaluationCommand({ InstanceId: input.instanceId, EvaluationId: started.EvaluationId! }));
    if (current?.Evaluation?.Status !== 'SUBMITTED') await this.client.send(
      new SubmitContactEvaluationCommand({
        InstanceId: input.instanceId,
        EvaluationId: started.EvaluationId!,
        Answers: answers as Record<string, EvaluationAnswerInput>,
      }),
    );
    const result = scoreEvaluation(form, answers);
    const body = evaluationBody(input.formId, form, answers, result);
    return {
      evaluationId: started.EvaluationId!,
      formVersion: version,
      ...(body.Form.Score !== undefined ? { score: body.Form.Score } : {}),
      unanswered,
      event: {
        EventSourceName: 'OnContactEvaluationSubmit',
        InstanceId: input.instanceId,
        EventId: `evaluation-submitted-${started.EvaluationId!}`,
        EventTime: input.now.toISOString(),
        ContactLens: { ContactEvaluation: { ...input.facts, ContactId: input.contactId, EvaluationId: started.EvaluationId!, ...body } },
      },
    };
  }
}
