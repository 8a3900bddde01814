/**
 * OnContactEvaluationSubmit: the contact rows, and the form,
 * section and question compounds, where the `EQUALS` on a ref id picks the section
 * or question whose score or answer its sibling tests (docs/canonical-events.md).
 */
import { contactRecordCases } from './contact-record.ts';
import { and, caseMaker, contactEvent, leaf, type EvalCase, type JsonObject } from './support.ts';

const source = 'OnContactEvaluationSubmit';
const P = '$.ContactLens.ContactEvaluation';
const FORM = '11111111-1234-5678-9123-123456780120';
const OTHER_FORM = '99999999-1234-5678-9123-123456780129';
const EVALUATION_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';

/** A submitted evaluation of FORM: 87.5 %, section s1 at 40 %, s2 at 95.5 %; q1 single-select o1, q2 numeric 1.7. */
const evaluation = (overrides: JsonObject = {}): JsonObject =>
  contactEvent(source, {
    EvaluationId: EVALUATION_ID,
    Form: { FormId: FORM, Score: 87.5 },
    Sections: { s11111111: { Score: 40 }, s22222222: { Score: 95.5 } },
    Questions: { q11111111: { Answer: { ValueRefId: 'o11111111' } }, q22222222: { Answer: { Value: 1.7 } } },
    ...overrides,
  });

/** The evaluation without one of its members. */
const without = (member: string): JsonObject => {
  const event = evaluation();
  const body = (event.ContactLens as JsonObject).ContactEvaluation as JsonObject;
  delete body[member];
  return event;
};

const formId = (id = FORM) => leaf(`${P}.Form.FormId`, 'EQUALS', [id]);
const formScore = (op: string, bound: number) => and(formId(), leaf(`${P}.Form.Score`, op, [bound]));
const sectionScore = (section: string, op: string, bound: number, form = FORM) =>
  and(formId(form), leaf(`${P}.Section.SectionRefId`, 'EQUALS', [section]), leaf(`${P}.Section.Score`, op, [bound]));
const answerRef = (question: string, option: string, negate = false) =>
  and(formId(), leaf(`${P}.Question.QuestionRefId`, 'EQUALS', [question]), leaf(`${P}.Question.Answer.ValueRefId`, 'EQUALS', [option], { negate }));
const answerValue = (question: string, op: string, bound: number) =>
  and(formId(), leaf(`${P}.Question.QuestionRefId`, 'EQUALS', [question]), leaf(`${P}.Question.Answer.Value`, op, [bound]));

const c = caseMaker(source);

export const EVALUATION_CASES: EvalCase[] = [
  ...contactRecordCases({
    source,
    prefix: P,
    hierarchy: true,
    initiationMethod: { operands: ['INBOUND'], match: 'INBOUND', other: 'OUTBOUND' },
    disconnectReason: { operands: ['AGENT_DISCONNECT'], match: 'AGENT_DISCONNECT', other: 'CUSTOMER_DISCONNECT' },
    routingProfile: true,
    potentialDisconnectIssue: true,
    segmentAttribute: { negatable: true },
    agent: true,
    // AWS API reference, OnContactEvaluationSubmit: the queue condition is EQUALS with no value only
    queue: { negatable: false, noQueue: true, noQueueOnly: true },
    contactAttribute: true,
  }),

  // #7 results available
  c('Form results available: this form', formId(), evaluation(), true),
  c('Form results available: another form', formId(OTHER_FORM), evaluation(), false),
  c('Form results available: no form in the event', formId(), contactEvent(source, { EvaluationId: EVALUATION_ID }), false),

  // #8 form score: decimals compared exactly
  c('Form score ≤ 50: 87.5', formScore('NumberLessOrEqualTo', 50), evaluation(), false),
  c('Form score ≥ 87.5: exactly 87.5', formScore('NumberGreaterOrEqualTo', 87.5), evaluation(), true),
  c('Form score ≥ 87.5: 87.49', formScore('NumberGreaterOrEqualTo', 87.5), evaluation({ Form: { FormId: FORM, Score: 87.49 } }), false),
  c('Form score ≤ 87.5: 87.51', formScore('NumberLessOrEqualTo', 87.5), evaluation({ Form: { FormId: FORM, Score: 87.51 } }), false),
  c('Form score ≤ 100: the score of another form does not count', and(formId(OTHER_FORM), leaf(`${P}.Form.Score`, 'NumberLessOrEqualTo', [100])), evaluation(), false),
  c('Form score ≤ 100: the form has no score', formScore('NumberLessOrEqualTo', 100), evaluation({ Form: { FormId: FORM } }), false),

  // #9 section score: the ref id picks the section
  c('Section s1 score ≤ 50: 40', sectionScore('s11111111', 'NumberLessOrEqualTo', 50), evaluation(), true),
  c('Section s2 score ≤ 50: 95.5 (s1 is not the section asked)', sectionScore('s22222222', 'NumberLessOrEqualTo', 50), evaluation(), false),
  c('Section s2 score ≥ 95.5: exactly 95.5', sectionScore('s22222222', 'NumberGreaterOrEqualTo', 95.5), evaluation(), true),
  c('Section s1 score ≥ 40.5: 40', sectionScore('s11111111', 'NumberGreaterOrEqualTo', 40.5), evaluation(), false),
  c('Section s3 that the evaluation does not have: score ≥ 0', sectionScore('s33333333', 'NumberGreaterOrEqualTo', 0), evaluation(), false),
  c('Section score of another form', sectionScore('s11111111', 'NumberLessOrEqualTo', 50, OTHER_FORM), evaluation(), false),
  c('Section score: no sections in the event', sectionScore('s11111111', 'NumberLessOrEqualTo', 100), without('Sections'), false),
  c('Section score: an empty map of sections', sectionScore('s11111111', 'NumberLessOrEqualTo', 100), evaluation({ Sections: {} }), false),
  c('Section score: the section has no score', sectionScore('s11111111', 'NumberLessOrEqualTo', 100), evaluation({ Sections: { s11111111: {} } }), false),

  // #10b single-select answer, negatable
  c('Question q1 answered o1', answerRef('q11111111', 'o11111111'), evaluation(), true),
  c('Question q1 answered o2: it was o1', answerRef('q11111111', 'o22222222'), evaluation(), false),
  c('Question q1 not answered o2: it was o1', answerRef('q11111111', 'o22222222', true), evaluation(), true),
  c('Question q1 not answered o1: it was o1', answerRef('q11111111', 'o11111111', true), evaluation(), false),
  c('Question q3 that the evaluation does not have, not answered o2', answerRef('q33333333', 'o22222222', true), evaluation(), false),
  c('Question q2 (numeric) answered o1: it has no option', answerRef('q22222222', 'o11111111'), evaluation(), false),
  c('Question q2 (numeric) not answered o1: no option is not o1', answerRef('q22222222', 'o11111111', true), evaluation(), true),

  // #10a numeric answer: 1.7 ≥ 1.7, 1.69 < 1.7
  c('Question q2 answer ≥ 1.7: exactly 1.7', answerValue('q22222222', 'NumberGreaterOrEqualTo', 1.7), evaluation(), true),
  c(
    'Question q2 answer ≥ 1.7: 1.69',
    answerValue('q22222222', 'NumberGreaterOrEqualTo', 1.7),
    evaluation({ Questions: { q22222222: { Answer: { Value: 1.69 } } } }),
    false,
  ),
  c('Question q2 answer ≤ 1.7: exactly 1.7', answerValue('q22222222', 'NumberLessOrEqualTo', 1.7), evaluation(), true),
  c('Question q2 answer ≤ 1: 1.7 (not rounded down)', answerValue('q22222222', 'NumberLessOrEqualTo', 1), evaluation(), false),
  c('Question q1 (single-select) answer ≥ 0: it has no number', answerValue('q11111111', 'NumberGreaterOrEqualTo', 0), evaluation(), false),
  c('Question answer: no questions in the event', answerValue('q22222222', 'NumberGreaterOrEqualTo', 0), without('Questions'), false),
  c('Question answer: an empty map of questions', answerValue('q22222222', 'NumberGreaterOrEqualTo', 0), evaluation({ Questions: {} }), false),
  c('Question not answered o1: no questions in the event', answerRef('q11111111', 'o11111111', true), without('Questions'), false),

  // spec examples K and L
  c(
    'Spec example K: q1 answered o2, or form score ≤ 50; neither',
    {
      Operator: 'OR',
      Operands: [answerRef('q11111111', 'o22222222'), formScore('NumberLessOrEqualTo', 50)],
    },
    evaluation(),
    false,
  ),
  c(
    'Spec example K: q1 answered o2, or form score ≤ 50; the score',
    {
      Operator: 'OR',
      Operands: [answerRef('q11111111', 'o22222222'), formScore('NumberLessOrEqualTo', 50)],
    },
    evaluation({ Form: { FormId: FORM, Score: 50 } }),
    true,
  ),
  c('Spec example L: section s1 ≤ 50', sectionScore('s11111111', 'NumberLessOrEqualTo', 50), evaluation(), true),
  c(
    'Two compounds: section s1 ≤ 50 and not answered o1 on q1',
    and(sectionScore('s11111111', 'NumberLessOrEqualTo', 50), answerRef('q11111111', 'o11111111', true)),
    evaluation(),
    false,
  ),
];
