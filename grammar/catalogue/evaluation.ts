/**
 * OnContactEvaluationSubmit: the contact-record rows plus
 * the evaluation form, section and question conditions. Section and question
 * conditions only mean something inside their compound `AND` group, where the
 * `EQUALS` on the ref id selects the item of `Sections` / `Questions` that the
 * sibling score or answer condition tests (docs/canonical-events.md).
 */
import {
  agent,
  agentHierarchy,
  build,
  contactAttribute,
  contactContext,
  disconnectReason,
  initiationMethod,
  potentialDisconnectIssue,
  queue,
  routingProfile,
  segmentAttribute,
} from './contact.ts';
import { RULE_LIMITS, compare, docPathOf, equals, number, row } from './rows.ts';
import type { SourceCatalogue } from './types.ts';

const PREFIX = '$.ContactLens.ContactEvaluation';
const FORM_ID = `${PREFIX}.Form.FormId`;
const FORM_SCORE = `${PREFIX}.Form.Score`;
const SECTION_REF = `${PREFIX}.Section.SectionRefId`;
const SECTION_SCORE = `${PREFIX}.Section.Score`;
const QUESTION_REF = `${PREFIX}.Question.QuestionRefId`;
const ANSWER_VALUE = `${PREFIX}.Question.Answer.Value`;
const ANSWER_REF = `${PREFIX}.Question.Answer.ValueRefId`;

const FORM_SCORE_COMPOUND = 'Evaluation form score';
const SECTION_COMPOUND = 'Evaluation section score';
const QUESTION_COMPOUND = 'Evaluation question answer';

/** Scores are percentages (docs/canonical-events.md); decimals allowed (INTERPRETATION). */
const scoreOperand = () => number(0, 100);

/** Made when the catalogue is, not at load: a function packaged without this source then bundles none of it (index.ts `packagedSourceVar`). */
export const contactEvaluation = (): SourceCatalogue => {
  const SECTIONS = [...docPathOf(PREFIX), 'Sections'];
  const QUESTIONS = [...docPathOf(PREFIX), 'Questions'];
  const SCORE = scoreOperand();
  const contact = contactContext(PREFIX);
  return {
    source: 'OnContactEvaluationSubmit',
    prefix: PREFIX,
    structure: 'flat',
    conditions: [
      ...build(contact, [
        agentHierarchy,
        initiationMethod,
        disconnectReason,
        routingProfile,
        potentialDisconnectIssue,
        segmentAttribute(true),
      ]),
      // #7 "results available": alone, or the first member of every compound below.
      row('Evaluation form (results available)', FORM_ID, equals()),
      row('Evaluation form score', FORM_SCORE, compare(SCORE), { compound: FORM_SCORE_COMPOUND }),
      row('Evaluation section', SECTION_REF, equals(), {
        compound: SECTION_COMPOUND,
        value: { kind: 'scopeKey' },
        docPath: SECTIONS,
      }),
      row('Evaluation section score', SECTION_SCORE, compare(SCORE), {
        compound: SECTION_COMPOUND,
        value: { kind: 'scoped', keyPath: SECTION_REF, field: ['Score'] },
        docPath: SECTIONS,
      }),
      row('Evaluation question', QUESTION_REF, equals(), {
        compound: QUESTION_COMPOUND,
        value: { kind: 'scopeKey' },
        docPath: QUESTIONS,
      }),
      row('Evaluation question numeric answer', ANSWER_VALUE, compare(number()), {
        compound: QUESTION_COMPOUND,
        value: { kind: 'scoped', keyPath: QUESTION_REF, field: ['Answer', 'Value'] },
        docPath: QUESTIONS,
      }),
      row('Evaluation question selected answer', ANSWER_REF, equals(), {
        negatable: true,
        compound: QUESTION_COMPOUND,
        value: { kind: 'scoped', keyPath: QUESTION_REF, field: ['Answer', 'ValueRefId'] },
        docPath: QUESTIONS,
      }),
      ...build(contact, [
        agent,
        // AWS API reference, OnContactEvaluationSubmit, queue condition: Operator "EQUALS",
        // Operands with no value. Only that form: queue IDs with `CONTAINS_ANY` are refused
        // (the page documents none), unlike the other contact sources.
        queue({ negatable: false, noQueue: true, noQueueOnly: true }),
        contactAttribute,
      ]),
    ],
    compounds: [
      { name: FORM_SCORE_COMPOUND, requires: [FORM_ID, FORM_SCORE] },
      { name: SECTION_COMPOUND, requires: [FORM_ID, SECTION_REF, SECTION_SCORE] },
      { name: QUESTION_COMPOUND, requires: [FORM_ID, QUESTION_REF], exactlyOneOf: [ANSWER_VALUE, ANSWER_REF] },
    ],
    limits: RULE_LIMITS,
    documented: true,
  };
};
