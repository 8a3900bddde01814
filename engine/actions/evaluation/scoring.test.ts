import { describe, expect, it } from 'vitest';
import { FORM } from '../../../test/support/evaluation-form.ts';
import { automatedAnswers, evaluationBody, scoreEvaluation, type FormContent } from './scoring.ts';

describe('automation', () => {
  it('answers single-select questions from categories (PRESENT / NOT_PRESENT / default) and numeric ones from the analysis', () => {
    const { answers, unanswered } = automatedAnswers(FORM, new Set(['DISCLOSURE']), { Sentiment: { OverallScore: { CUSTOMER: 2.345 } } });
    expect(answers).toEqual({
      q1: { Value: { StringValue: 'q1-yes' } },
      q2: { Value: { NumericValue: 2.35 } },
      q3: { Value: { NotApplicable: true } },
    });
    expect(unanswered).toEqual([]);
    const other = automatedAnswers(FORM, new Set(['NO_GREETING']), {});
    expect(other.answers.q1).toEqual({ Value: { StringValue: 'q1-no' } });
    expect(other.answers.q3).toEqual({ Value: { StringValue: 'q3-no' } });
    expect(other.unanswered).toEqual([{ refId: 'q2', reason: 'the analysis has no value for OVERALL_CUSTOMER_SENTIMENT_SCORE' }]);
  });
});

describe('scoring', () => {
  it('question weights, not-applicable answers left out of the weighting', () => {
    const r = scoreEvaluation(FORM, { q1: { Value: { StringValue: 'q1-yes' } }, q2: { Value: { NumericValue: -1 } }, q3: { Value: { NotApplicable: true } } });
    expect(r.scores).toEqual({ q1: { Percentage: 100 }, q2: { Percentage: 0 }, q3: { NotApplicable: true }, s1: { Percentage: 50 }, s2: { NotApplicable: true } });
    expect(r.form).toEqual({ Percentage: 50 });
  });
  it('section weights in SECTION_ONLY mode', () => {
    const form: FormContent = { ...FORM, ScoringStrategy: { Mode: 'SECTION_ONLY', Status: 'ENABLED' } };
    form.Items = [{ Section: { ...FORM.Items[0]!.Section!, Weight: 25 } }, { Section: { ...FORM.Items[1]!.Section!, Weight: 75 } }];
    const r = scoreEvaluation(form, { q1: { Value: { StringValue: 'q1-yes' } }, q2: { Value: { NumericValue: 3 } }, q3: { Value: { StringValue: 'q3-yes' } } });
    expect(r.form).toEqual({ Percentage: 100 });
    const half = scoreEvaluation(form, { q1: { Value: { StringValue: 'q1-no' } }, q2: { Value: { NumericValue: 3 } }, q3: { Value: { StringValue: 'q3-yes' } } });
    expect(half.scores.s1).toEqual({ Percentage: 50 });
    expect(half.form).toEqual({ Percentage: 87.5 });
  });
  it('an automatic-fail answer gives its section and the form 0', () => {
    const r = scoreEvaluation(FORM, { q1: { Value: { StringValue: 'q1-yes' } }, q2: { Value: { NumericValue: 3 } }, q3: { Value: { StringValue: 'q3-no' } } });
    expect(r.scores.s2).toEqual({ Percentage: 0, AutomaticFail: true });
    expect(r.scores.s1).toEqual({ Percentage: 100 });
    expect(r.form).toEqual({ Percentage: 0, AutomaticFail: true });
  });
  it('no scores when scoring is disabled', () => {
    expect(scoreEvaluation({ ...FORM, ScoringStrategy: { Mode: 'QUESTION_ONLY', Status: 'DISABLED' } }, {})).toEqual({ scores: {} });
  });
  it('the trigger event body holds the form score, section scores and answers', () => {
    const answers = { q1: { Value: { StringValue: 'q1-yes' } }, q2: { Value: { NumericValue: 3 } }, q3: { Value: { NotApplicable: true } } };
    expect(evaluationBody('form-1', FORM, answers, scoreEvaluation(FORM, answers))).toEqual({
      Form: { FormId: 'form-1', Score: 100 },
      Sections: { s1: { Score: 100 }, s2: {} },
      Questions: { q1: { Answer: { ValueRefId: 'q1-yes' } }, q2: { Answer: { Value: 3 } } },
    });
  });
});
