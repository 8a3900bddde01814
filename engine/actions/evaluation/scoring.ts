/**
 * Evaluation forms (the Connect shapes of CreateEvaluationForm / DescribeContactEvaluation):
 * automation (answering questions from a contact's categories and analysis), scoring,
 * and the OnContactEvaluationSubmit trigger event of a submitted evaluation.
 *
 * Scoring (INTERPRETATION of the admin guide "evaluation form scoring"):
 * - a single-select answer scores option.Score / the highest option Score × 100; a
 *   numeric answer scores the Score of the option range holding the value the same
 *   way; questions without scores (text, no options) are not scored;
 * - a NotApplicable answer, or no answer, takes the question out of the weighting
 *   (the other weights are scaled up);
 * - a section scores the weighted mean of the questions beneath it (Weight, default 1);
 * - the form: QUESTION_ONLY, the weighted mean of all scored questions;
 *   SECTION_ONLY and POINTS_BASED, the weighted mean of the top-level section scores
 *   (section Weight, default 1);
 * - an answer on an option with AutomaticFail gives its section(s) and the form 0 with
 *   `AutomaticFail: true`;
 * - ScoringStrategy absent or `Status: DISABLED`: no scores.
 */
import type { ContactAnalysisBody } from '../../context/types.ts';

export interface SingleSelectOption {
  RefId: string;
  Text: string;
  Score?: number;
  AutomaticFail?: boolean;
}

export interface NumericOption {
  MinValue: number;
  MaxValue: number;
  Score?: number;
  AutomaticFail?: boolean;
}

export interface FormQuestion {
  Title: string;
  RefId: string;
  Instructions?: string;
  NotApplicableEnabled?: boolean;
  QuestionType: 'SINGLESELECT' | 'NUMERIC' | 'TEXT' | 'MULTISELECT' | 'DATETIME';
  QuestionTypeProperties?: {
    SingleSelect?: {
      Options: SingleSelectOption[];
      DisplayAs?: string;
      Automation?: {
        Options?: { RuleCategory?: { Category: string; Condition: 'PRESENT' | 'NOT_PRESENT'; OptionRefId: string } }[];
        DefaultOptionRefId?: string;
      };
    };
    Numeric?: {
      MinValue: number;
      MaxValue: number;
      Options?: NumericOption[];
      Automation?: { PropertyValue?: { Label: string } };
    };
    [other: string]: unknown;
  };
  Weight?: number;
}

export interface FormSection {
  Title: string;
  RefId: string;
  Instructions?: string;
  Items: FormItem[];
  Weight?: number;
}

export interface FormItem {
  Section?: FormSection;
  Question?: FormQuestion;
}

export interface ScoringStrategy {
  Mode: 'QUESTION_ONLY' | 'SECTION_ONLY' | 'POINTS_BASED';
  Status: 'ENABLED' | 'DISABLED';
}

export interface FormContent {
  Items: FormItem[];
  ScoringStrategy?: ScoringStrategy;
}

export interface AnswerData {
  StringValue?: string;
  NumericValue?: number;
  NotApplicable?: boolean;
  StringValues?: string[];
  DateTimeValue?: string;
}

export type Answers = Record<string, { Value?: AnswerData }>;

export interface Score {
  Percentage?: number;
  NotApplicable?: boolean;
  AutomaticFail?: boolean;
}

export interface ScoreResult {
  /** Section and question scores by RefId. */
  scores: Record<string, Score>;
  form?: Score;
}

/** Every question of the form with its chain of sections (outermost first). */
export function questionsOf(items: readonly FormItem[], parents: FormSection[] = []): { question: FormQuestion; sections: FormSection[] }[] {
  const out: { question: FormQuestion; sections: FormSection[] }[] = [];
  for (const item of items) {
    if (item.Question) out.push({ question: item.Question, sections: parents });
    if (item.Section) out.push(...questionsOf(item.Section.Items ?? [], [...parents, item.Section]));
  }
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The score of one answered question; undefined when the question is not scored (or not answered). */
export function questionScore(q: FormQuestion, answer: AnswerData | undefined): Score | undefined {
  if (!answer) return undefined;
  if (answer.NotApplicable) return { NotApplicable: true };
  const single = q.QuestionTypeProperties?.SingleSelect;
  if (q.QuestionType === 'SINGLESELECT' && single) {
    const option = single.Options.find((o) => o.RefId === answer.StringValue);
    const max = Math.max(0, ...single.Options.map((o) => o.Score ?? 0));
    if (!option) return undefined;
    if (option.AutomaticFail) return { Percentage: 0, AutomaticFail: true };
    if (max <= 0) return undefined;
    return { Percentage: round(((option.Score ?? 0) / max) * 100) };
  }
  const numeric = q.QuestionTypeProperties?.Numeric;
  if (q.QuestionType === 'NUMERIC' && numeric && typeof answer.NumericValue === 'number') {
    const options = numeric.Options ?? [];
    if (options.length === 0) return undefined;
    const max = Math.max(0, ...options.map((o) => o.Score ?? 0));
    const option = options.find((o) => answer.NumericValue! >= o.MinValue && answer.NumericValue! <= o.MaxValue);
    if (option?.AutomaticFail) return { Percentage: 0, AutomaticFail: true };
    if (max <= 0) return undefined;
    return { Percentage: round((((option?.Score ?? 0) as number) / max) * 100) };
  }
  return undefined;
}

function weightedMean(parts: { score: Score; weight: number }[]): Score {
  if (parts.some((p) => p.score.AutomaticFail)) return { Percentage: 0, AutomaticFail: true };
  const applicable = parts.filter((p) => p.score.Percentage !== undefined && !p.score.NotApplicable);
  const total = applicable.reduce((s, p) => s + p.weight, 0);
  if (applicable.length === 0 || total <= 0) return { NotApplicable: true };
  return { Percentage: round(applicable.reduce((s, p) => s + p.score.Percentage! * p.weight, 0) / total) };
}

/** Scores of an evaluation's answers against the form (see the module comment). */
export function scoreEvaluation(form: FormContent, answers: Answers): ScoreResult {
  const strategy = form.ScoringStrategy;
  if (!strategy || strategy.Status !== 'ENABLED') return { scores: {} };
  const scores: Record<string, Score> = {};
  const questions = questionsOf(form.Items);
  const scored: { score: Score; weight: number; sections: FormSection[] }[] = [];
  for (const { question, sections } of questions) {
    const s = questionScore(question, answers[question.RefId]?.Value);
    if (!s) continue;
    scores[question.RefId] = s;
    scored.push({ score: s, weight: question.Weight ?? 1, sections });
  }
  const sectionScore = (section: FormSection): Score =>
    weightedMean(scored.filter((q) => q.sections.includes(section)).map((q) => ({ score: q.score, weight: q.weight })));
  const visit = (items: readonly FormItem[]) => {
    for (const item of items) {
      if (!item.Section) continue;
      scores[item.Section.RefId] = sectionScore(item.Section);
      visit(item.Section.Items ?? []);
    }
  };
  visit(form.Items);
  let formScore: Score;
  if (strategy.Mode === 'QUESTION_ONLY') {
    formScore = weightedMean(scored.map((q) => ({ score: q.score, weight: q.weight })));
  } else {
    const top = form.Items.filter((i) => i.Section).map((i) => ({ score: scores[i.Section!.RefId]!, weight: i.Section!.Weight ?? 1 }));
    const loose = scored.filter((q) => q.sections.length === 0).map((q) => ({ score: q.score, weight: q.weight }));
    formScore = weightedMean([...top, ...loose]);
  }
  return { scores, form: formScore };
}

// ---------------------------------------------------------------------------
// Automation
// ---------------------------------------------------------------------------

/** Numeric automation labels → the value in a contact analysis body (seconds, percent, sentiment score). */
export const NUMERIC_AUTOMATION: Readonly<Record<string, (b: ContactAnalysisBody) => number | undefined>> = {
  OVERALL_CUSTOMER_SENTIMENT_SCORE: (b) => b.Sentiment?.OverallScore?.CUSTOMER,
  OVERALL_AGENT_SENTIMENT_SCORE: (b) => b.Sentiment?.OverallScore?.AGENT,
  NON_TALK_TIME: (b) => b.NonTalkTime?.TotalTimeSecs,
  NON_TALK_TIME_PERCENTAGE: (b) => b.Agent?.NonTalkTimePct,
  NUMBER_OF_INTERRUPTIONS: (b) => b.Interruptions?.Instances,
  CONTACT_DURATION: (b) => (b.TotalConversationDurationMillis === undefined ? undefined : b.TotalConversationDurationMillis / 1000),
  AGENT_INTERACTION_DURATION: (b) => b.Agent?.AgentInteractionDurationSecs,
  CUSTOMER_HOLD_TIME: (b) => b.Agent?.CustomerHoldDurationSecs,
  LONGEST_HOLD_DURATION: (b) => b.Agent?.LongestHoldDurationSecs,
  NUMBER_OF_HOLDS: (b) => b.Agent?.NumberOfHolds,
  AGENT_INTERACTION_AND_HOLD_DURATION: (b) =>
    b.Agent?.AgentInteractionDurationSecs === undefined ? undefined : b.Agent.AgentInteractionDurationSecs + (b.Agent.CustomerHoldDurationSecs ?? 0),
};

export interface AutomationResult {
  answers: Answers;
  /** Questions left unanswered, with why. */
  unanswered: { refId: string; reason: string }[];
}

/** Answers the automated questions of a form from the contact's categories and analysis body. */
export function automatedAnswers(form: FormContent, categories: ReadonlySet<string>, analysis: ContactAnalysisBody): AutomationResult {
  const answers: Answers = {};
  const unanswered: AutomationResult['unanswered'] = [];
  for (const { question: q } of questionsOf(form.Items)) {
    const single = q.QuestionTypeProperties?.SingleSelect;
    const numeric = q.QuestionTypeProperties?.Numeric;
    if (q.QuestionType === 'SINGLESELECT' && single?.Automation) {
      const hit = (single.Automation.Options ?? []).find((o) => {
        const rc = o.RuleCategory;
        if (!rc) return false;
        return rc.Condition === 'PRESENT' ? categories.has(rc.Category) : !categories.has(rc.Category);
      });
      const ref = hit?.RuleCategory?.OptionRefId ?? single.Automation.DefaultOptionRefId;
      if (ref) answers[q.RefId] = { Value: { StringValue: ref } };
      else if (q.NotApplicableEnabled) answers[q.RefId] = { Value: { NotApplicable: true } };
      else unanswered.push({ refId: q.RefId, reason: 'no rule category condition held and the question has no default option' });
    } else if (q.QuestionType === 'NUMERIC' && numeric?.Automation?.PropertyValue) {
      const label = numeric.Automation.PropertyValue.Label;
      const read = NUMERIC_AUTOMATION[label] as ((b: ContactAnalysisBody) => number | undefined) | undefined;
      const value = read ? read(analysis) : undefined;
      if (value !== undefined) {
        answers[q.RefId] = { Value: { NumericValue: Math.min(numeric.MaxValue, Math.max(numeric.MinValue, round(value))) } };
      } else if (q.NotApplicableEnabled) {
        answers[q.RefId] = { Value: { NotApplicable: true } };
      } else {
        unanswered.push({ refId: q.RefId, reason: read ? `the analysis has no value for ${label}` : `automation label ${label} is not supported` });
      }
    } else {
      unanswered.push({ refId: q.RefId, reason: 'the question has no automation' });
    }
  }
  return { answers, unanswered };
}

/** The `ContactLens.ContactEvaluation` body members of a scored evaluation (Form, Sections, Questions). */
export function evaluationBody(formId: string, form: FormContent, answers: Answers, result: ScoreResult) {
  const sections: Record<string, { Score?: number }> = {};
  const questions: Record<string, { Answer: { Value?: number; ValueRefId?: string } }> = {};
  const visit = (items: readonly FormItem[]) => {
    for (const item of items) {
      if (item.Section) {
        const s = result.scores[item.Section.RefId];
        sections[item.Section.RefId] = s?.Percentage !== undefined ? { Score: s.Percentage } : {};
        visit(item.Section.Items ?? []);
      }
      if (item.Question) {
        const v = answers[item.Question.RefId]?.Value;
        if (!v || v.NotApplicable) continue;
        if (v.StringValue !== undefined) questions[item.Question.RefId] = { Answer: { ValueRefId: v.StringValue } };
        else if (v.NumericValue !== undefined) questions[item.Question.RefId] = { Answer: { Value: v.NumericValue } };
      }
    }
  };
  visit(form.Items);
  return {
    Form: { FormId: formId, ...(result.form?.Percentage !== undefined ? { Score: result.form.Percentage } : {}) },
    Sections: sections,
    Questions: questions,
  };
}
