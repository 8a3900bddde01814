/**
 * Automated evaluations (SUBMIT_AUTO_EVALUATION): the ACTIVE version of the form,
 * answers from the contact's categories and analysis, score, submit. `AutoEvaluator`
 * is the seam; `LocalAutoEvaluator` runs it on the local evaluation service (the same
 * operations the API serves), engine/actions/aws/connect-evaluations.ts on Connect.
 */
import type { ContactAnalysisBody, TriggerEvent } from '../../context/types.ts';
import type { ContactFacts } from '../backends.ts';
import { automatedAnswers } from './scoring.ts';
import type { LocalEvaluationService } from './service.ts';

export interface AutoEvaluationInput {
  readonly instanceId: string;
  readonly formId: string;
  readonly contactId: string;
  readonly facts: ContactFacts;
  readonly categories: ReadonlySet<string>;
  readonly analysis: ContactAnalysisBody;
  readonly now: Date;
  /** Deterministic: the same invocation gives the same evaluation. */
  readonly evaluationId: string;
  /** Who submits (the rule's ARN). */
  readonly evaluatorArn: string;
}

export interface AutoEvaluationResult {
  readonly evaluationId: string;
  readonly formVersion: number;
  readonly score?: number;
  readonly unanswered: readonly { refId: string; reason: string }[];
  /** The OnContactEvaluationSubmit event (absent when it had been submitted before). */
  readonly event?: TriggerEvent;
}

export interface AutoEvaluator {
  autoEvaluate(input: AutoEvaluationInput): Promise<AutoEvaluationResult>;
}

export class LocalAutoEvaluator implements AutoEvaluator {
  constructor(private readonly service: LocalEvaluationService) {}

  async autoEvaluate(input: AutoEvaluationInput): Promise<AutoEvaluationResult> {
    const form = await this.service.activeForm(input.instanceId, input.formId);
    const { answers, unanswered } = automatedAnswers(form, input.categories, input.analysis);
    await this.service.startContactEvaluation(
      input.instanceId,
      { ContactId: input.contactId, EvaluationFormId: input.formId },
      input.evaluatorArn,
      { evaluationId: input.evaluationId, contact: input.facts, auto: true },
    );
    const current = await this.service.describeContactEvaluation(input.instanceId, input.evaluationId);
    if (current.Evaluation.Status === 'SUBMITTED') {
      return { evaluationId: input.evaluationId, formVersion: current.EvaluationForm.EvaluationFormVersion, score: current.Evaluation.Metadata.Score?.Percentage, unanswered };
    }
    const { event } = await this.service.submitWithEvent(input.instanceId, input.evaluationId, { Answers: answers }, input.evaluatorArn);
    const score = event?.ContactLens?.ContactEvaluation?.Form?.Score;
    return { evaluationId: input.evaluationId, formVersion: form.EvaluationFormVersion, ...(score !== undefined ? { score } : {}), unanswered, ...(event ? { event } : {}) };
  }
}
