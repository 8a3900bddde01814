/**
 * Every documented condition of OnContactEvaluationSubmit.
 * Section and question conditions are tested inside their compound AND group; the
 * compound rules themselves are in validate.test.ts.
 */
import { describeRows, leaf, type Leaf, type RowCase } from '../../test/support/validator.ts';
import {
  COMPARE,
  agent,
  contactAttribute,
  disconnect,
  hierarchy,
  initiation,
  potentialDisconnect,
  noQueueOnly,
  routingProfile,
  segmentAttribute,
} from '../../test/support/contact-rows.ts';

const P = '$.ContactLens.ContactEvaluation';
const FORM_ID = '11111111-1234-5678-9123-12345678012';
const form = leaf('EQUALS', `${P}.Form.FormId`, [FORM_ID]);
const sectionRef = leaf('EQUALS', `${P}.Section.SectionRefId`, ['s12345678']);
const questionRef = leaf('EQUALS', `${P}.Question.QuestionRefId`, ['q12345678']);

const score = (rel: string, name: string, compoundWith: Leaf[]): RowCase => ({
  path: `${P}.${rel}`,
  valid: leaf('NumberLessOrEqualTo', `${P}.${rel}`, [50]),
  alsoValid: [leaf('NumberGreaterOrEqualTo', `${P}.${rel}`, [87.5])],
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: COMPARE },
  badOperands: [
    { change: { operands: [101] }, expect: { at: { needle: '101' }, message: `${name} takes a number from 0 to 100, got 101` } },
    { change: { operands: [-1] }, expect: { at: { needle: '-1' }, message: `${name} takes a number from 0 to 100, got -1` } },
  ],
  compoundWith,
});

const refId = (l: Leaf, name: string, negatable: boolean, compoundWith?: Leaf[]): RowCase => ({
  path: l.path,
  valid: l,
  negatable,
  wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
  badOperands: [
    { change: { operands: ['a', 'b'] }, expect: { at: 'operands', message: `EQUALS on ${name} takes exactly 1 operand, got 2` } },
    { change: { operands: [7] }, expect: { at: { needle: '7]' }, message: `EQUALS on ${name} takes string operands, not a number 7` } },
  ],
  ...(compoundWith ? { compoundWith } : {}),
});

describeRows('OnContactEvaluationSubmit', [
  hierarchy(P),
  initiation(P),
  disconnect(P),
  routingProfile(P),
  potentialDisconnect(P),
  segmentAttribute(P, true),
  refId(form, 'Evaluation form (results available)', false),
  score('Form.Score', 'Evaluation form score', [form]),
  refId(sectionRef, 'Evaluation section', false, [form, leaf('NumberLessOrEqualTo', `${P}.Section.Score`, [50])]),
  score('Section.Score', 'Evaluation section score', [form, sectionRef]),
  refId(questionRef, 'Evaluation question', false, [form, leaf('EQUALS', `${P}.Question.Answer.ValueRefId`, ['o12345678'])]),
  {
    path: `${P}.Question.Answer.Value`,
    valid: leaf('NumberGreaterOrEqualTo', `${P}.Question.Answer.Value`, [3]),
    alsoValid: [leaf('NumberLessOrEqualTo', `${P}.Question.Answer.Value`, [-10.5])],
    negatable: false,
    wrongOperator: { op: 'EQUALS', use: COMPARE },
    badOperands: [
      {
        change: { operands: ['3'] },
        expect: { at: { needle: '"3"' }, message: 'NumberGreaterOrEqualTo on Evaluation question numeric answer takes a number, not a string "3"' },
      },
    ],
    compoundWith: [form, questionRef],
  },
  refId(leaf('EQUALS', `${P}.Question.Answer.ValueRefId`, ['o12345678']), 'Evaluation question selected answer', true, [form, questionRef]),
  agent(P),
  noQueueOnly(P),
  contactAttribute(P),
]);
