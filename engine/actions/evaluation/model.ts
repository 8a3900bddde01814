/**
 * The evaluation forms and contact evaluations as the Connect API shapes them
 * (what the operations of service.ts take and return), and as they are stored.
 */
import type { ContactFacts } from '../backends.ts';
import type { Answers, FormContent, Score, ScoringStrategy } from './scoring.ts';

export interface EvaluationForm extends FormContent {
  EvaluationFormId: string;
  EvaluationFormVersion: number;
  Locked: boolean;
  EvaluationFormArn: string;
  Title: string;
  Description?: string;
  Status: 'ACTIVE' | 'DRAFT';
  ScoringStrategy?: ScoringStrategy;
  AutoEvaluationConfiguration?: { Enabled: boolean };
  CreatedTime: Date;
  CreatedBy: string;
  LastModifiedTime: Date;
  LastModifiedBy: string;
  Tags?: Record<string, string>;
}

/** The summary item of a form (its versions are separate items). */
export interface FormSummaryItem {
  EvaluationFormId: string;
  EvaluationFormArn: string;
  Title: string;
  CreatedTime: string;
  CreatedBy: string;
  LastModifiedTime: string;
  LastModifiedBy: string;
  LastActivatedTime?: string;
  LastActivatedBy?: string;
  LatestVersion: number;
  ActiveVersion?: number;
}

export interface Evaluation {
  EvaluationId: string;
  EvaluationArn: string;
  Metadata: { ContactId: string; EvaluatorArn: string; ContactAgentId?: string; Score?: Score; AutoEvaluation?: { AutoEvaluationEnabled: boolean; AutoEvaluationStatus?: string } };
  Answers: Answers;
  Notes: Record<string, { Value?: string }>;
  Status: 'DRAFT' | 'SUBMITTED';
  Scores?: Record<string, Score>;
  CreatedTime: Date;
  LastModifiedTime: Date;
  EvaluationType?: string;
  Tags?: Record<string, string>;
}

/** An evaluation as stored: dates as ISO strings, with its form version and contact. */
export interface StoredEvaluation extends Omit<Evaluation, 'CreatedTime' | 'LastModifiedTime'> {
  CreatedTime: string;
  LastModifiedTime: string;
  EvaluationFormId: string;
  EvaluationFormVersion: number;
  /** The contact as the engine knows it (for the trigger event). */
  Contact?: ContactFacts;
}
