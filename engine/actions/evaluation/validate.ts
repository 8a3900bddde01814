/**
 * Validation of the evaluation operations' requests, with Connect's
 * InvalidParameterException naming the member (`Items[0].Section.Title is required`).
 */
import { InvalidParameterException } from '../../api/errors.ts';
import { any, describeValue, isObject, listOf, oneOf, opt, req, struct, validate, type Problem, type Spec } from '../../schema/check.ts';
import type { EvaluationForm } from './model.ts';
import { questionsOf, type Answers, type FormItem, type ScoringStrategy } from './scoring.ts';

const invalid = (m: string) => new InvalidParameterException(m);

export const isObj = isObject;

// The form content: the schema kernel checks each node's shape (engine/schema); the
// walk below adds what spans nodes (unique RefIds, sections at the top, automation
// naming the question's own options, MinValue < MaxValue) and words every problem the
// way this API always has, naming the node (`Items[0].Section.Title is required`).
const REF_ID = /^[a-zA-Z0-9._-]{1,40}$/;
const QUESTION_TYPES = ['SINGLESELECT', 'NUMERIC', 'TEXT', 'MULTISELECT', 'DATETIME'];
/**
 * AWS, EvaluationFormSection: "A section can contain sections and/or questions.
 * Evaluation forms can only contain sections and subsections (two level nesting)."
 * (Deeper forms also went past what a DynamoDB item can nest, 32 levels.)
 */
const MAX_SECTION_DEPTH = 2;
const text = (min?: number, max?: number): Spec => ({ kind: 'string', min, max });
const REF: Spec = { kind: 'string', pattern: REF_ID };
const ITEM: Spec = { kind: 'struct', union: true, fields: { Section: opt(any), Question: opt(any) } };
const SECTION = struct({ Title: req(text(1)), RefId: req(REF), Items: req(listOf(any)) });
const QUESTION = struct({ Title: req(text(1)), RefId: req(REF), QuestionType: req(oneOf(QUESTION_TYPES)) });
const SINGLE_SELECT = struct({
  Options: req(listOf(any, 2)),
  Automation: opt(struct({ Options: opt(listOf(any)), DefaultOptionRefId: opt(any) })),
});
const OPTION = struct({ RefId: req(REF), Score: opt({ kind: 'number', min: 0, max: 10 }) });
const AUTOMATION_OPTION = struct({
  RuleCategory: req(struct({ Category: req(text()), Condition: req(oneOf(['PRESENT', 'NOT_PRESENT'])), OptionRefId: req(any) })),
});
const NUMERIC = struct({ MinValue: req({ kind: 'number' }), MaxValue: req({ kind: 'number' }) });
const SCORING = struct({
  Mode: req(oneOf(['QUESTION_ONLY', 'SECTION_ONLY', 'POINTS_BASED'])),
  Status: req(oneOf(['ENABLED', 'DISABLED'])),
});

/** What a string member was given, for its refusal: its length, or what it is when not a string. */
const givenText = (p: Problem): string => (typeof p.received === 'string' ? `got ${p.actual ?? [...p.received].length} characters` : `got ${describeValue(p.received)}`);

/** A string member of a request body (`Title`), 1 to `max` characters; a refusal says what was given (`got 1025 characters`). */
export function str(body: Record<string, unknown>, name: string, required: boolean, max: number): string | undefined {
  shape(struct({ [name]: { spec: text(1, max), required } }), body, (_, p) =>
    p.code === 'required' ? `${name} is required` : `${name} must be a string of 1 to ${max} characters, ${givenText(p)}`,
  );
  return (body[name] ?? undefined) as string | undefined;
}

/** The node's first problem against `spec`, worded by `words` (given the member it is in, '' for the node itself). */
function shape(spec: Spec, value: unknown, words: (member: string, problem: Problem) => string): void {
  const [problem] = validate(spec, value, { limit: 1 }).problems;
  if (problem) throw invalid(words(typeof problem.path[0] === 'string' ? problem.path[0] : '', problem));
}

/** Checks the form content: sections at the top, unique RefIds, options and automation consistent. */
export function validateFormContent(body: Record<string, unknown>): { Items: FormItem[]; ScoringStrategy?: ScoringStrategy } {
  shape(listOf(any, 1), body.Items, () => 'Items must be a non-empty list of sections');
  const items = body.Items as unknown[];
  const refs = new Set<string>();
  const unique = (ref: string, where: string) => {
    if (refs.has(ref)) throw invalid(`${where}.RefId '${ref}' is used twice in the form`);
    refs.add(ref);
  };
  const mustMatch = (where: string) => `${where}.RefId must match ${REF_ID.source}`;
  // depth: 1 for the form's own items, 2 for a section's.
  const visit = (list: unknown[], where: string, depth: number) => {
    list.forEach((item, i) => {
      const at = `${where}[${i}]`;
      shape(ITEM, item, () => `${at} must hold exactly one of Section or Question`);
      const { Section: s, Question: q } = item as Record<string, Record<string, unknown>>;
      if (s !== undefined && s !== null) {
        const w = `${at}.Section`;
        if (depth > MAX_SECTION_DEPTH) throw invalid(`${w}: a section in a subsection; evaluation forms hold sections and subsections only (two levels)`);
        shape(SECTION, s, (m) => (m === 'RefId' ? mustMatch(w) : m === 'Items' ? `${w}.Items must be a list` : `${w}.Title is required`));
        unique(s.RefId as string, w);
        visit(s.Items as unknown[], `${w}.Items`, depth + 1);
        return;
      }
      if (depth === 1) throw invalid(`${at}: the top-level items of a form must be sections`);
      const w = `${at}.Question`;
      shape(QUESTION, q, (m) => (m === 'RefId' ? mustMatch(w) : m === 'QuestionType' ? `${w}.QuestionType must be one of ${QUESTION_TYPES.join(', ')}` : `${w}.Title is required`));
      unique(q.RefId as string, w);
      const props = isObj(q.QuestionTypeProperties) ? q.QuestionTypeProperties : {};
      if (q.QuestionType === 'SINGLESELECT') singleSelect(props.SingleSelect, at, unique, mustMatch);
      else if (q.QuestionType === 'NUMERIC') {
        const needs = () => `${w}.QuestionTypeProperties.Numeric needs MinValue < MaxValue`;
        shape(NUMERIC, props.Numeric, needs);
        const n = props.Numeric as { MinValue: number; MaxValue: number };
        if (n.MinValue >= n.MaxValue) throw invalid(needs());
      }
    });
  };
  visit(items, 'Items', 1);
  const ss = body.ScoringStrategy;
  if (ss !== undefined) {
    shape(SCORING, ss, () => 'ScoringStrategy needs Mode (QUESTION_ONLY, SECTION_ONLY, POINTS_BASED) and Status (ENABLED, DISABLED)');
  }
  return { Items: items as FormItem[], ...(ss ? { ScoringStrategy: ss as unknown as ScoringStrategy } : {}) };
}

function singleSelect(value: unknown, at: string, unique: (ref: string, where: string) => void, mustMatch: (where: string) => string): void {
  const w = `${at}.Question.QuestionTypeProperties.SingleSelect`;
  const automationWords = (m: string) => (m === 'Options' ? `${at}.Question...Automation.Options must be a list` : `${at}.Question...Automation must be an object`);
  shape(SINGLE_SELECT, isObj(value) ? value : {}, (m, p) => (m === 'Automation' ? automationWords(p.path[1] as string) : `${w}.Options must hold at least 2 options`));
  const ss = value as { Options: Record<string, unknown>[]; Automation?: { Options?: Record<string, unknown>[]; DefaultOptionRefId?: unknown } };
  const optionRefs = new Set<string>();
  ss.Options.forEach((o, j) => {
    const where = `${w}.Options[${j}]`;
    shape(OPTION, o, (m) => (m === 'Score' ? `${at}: option scores are 0 to 10` : mustMatch(where)));
    unique(o.RefId as string, where);
    optionRefs.add(o.RefId as string);
  });
  const auto = ss.Automation;
  if (!auto) return;
  (auto.Options ?? []).forEach((o, j) => {
    const needs = () =>
      `${at}.Question...Automation.Options[${j}].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`;
    shape(AUTOMATION_OPTION, o, needs);
    if (!optionRefs.has((o.RuleCategory as Record<string, unknown>).OptionRefId as string)) throw invalid(needs());
  });
  if (auto.DefaultOptionRefId !== undefined && !optionRefs.has(auto.DefaultOptionRefId as string)) {
    throw invalid(`${at}.Question...Automation.DefaultOptionRefId '${String(auto.DefaultOptionRefId)}' is not an option of the question`);
  }
}

const BODY: Spec = { kind: 'map', value: any };
const VERSION: Spec = { kind: 'number', integer: true, min: 1 };
/** A query parameter is text. */
const VERSION_PARAMETER: Spec = { kind: 'number', integer: true, min: 1, fromString: true };
const ANSWER = struct({ Value: req({ kind: 'struct', open: true, fields: {} }) });

/** A request body: a JSON object. */
export function assertBody(body: unknown): asserts body is Record<string, unknown> {
  shape(BODY, body, () => 'Request body must be a JSON object');
}

/** The body's EvaluationFormVersion: a version number. */
export function formVersion(body: Record<string, unknown>): number {
  shape(struct({ EvaluationFormVersion: req(VERSION) }), body, () => 'EvaluationFormVersion is required (a version number)');
  return body.EvaluationFormVersion as number;
}

/** The `version` query parameter. */
export function versionParameter(query: string): number {
  const { value, problems } = validate(VERSION_PARAMETER, query);
  if (problems.length > 0) throw invalid('version must be a positive whole number');
  return value as number;
}

/** The answers of a contact evaluation checked against its form: known questions, options of the question, numbers in range. */
export function checkAnswers(form: EvaluationForm, answers: unknown): Answers {
  if (answers === undefined || answers === null) return {};
  shape(BODY, answers, () => 'Answers must be a map of question RefId to answer');
  const questions = new Map(questionsOf(form.Items).map((q) => [q.question.RefId, q.question]));
  const out: Answers = {};
  for (const [ref, answer] of Object.entries(answers as Record<string, unknown>)) {
    const q = questions.get(ref);
    if (!q) throw invalid(`Answers: '${ref}' is not a question of the form`);
    shape(ANSWER, answer, () => `Answers.${ref}.Value is required`);
    const v = (answer as { Value: Record<string, unknown> }).Value;
    if (v.NotApplicable === true) {
      if (!q.NotApplicableEnabled) throw invalid(`Answers.${ref}: the question does not allow NotApplicable`);
    } else if (q.QuestionType === 'SINGLESELECT') {
      const options = q.QuestionTypeProperties?.SingleSelect?.Options ?? [];
      if (!options.some((o) => o.RefId === v.StringValue)) throw invalid(`Answers.${ref}.Value.StringValue must be an option RefId of the question`);
    } else if (q.QuestionType === 'NUMERIC') {
      const n = q.QuestionTypeProperties?.Numeric;
      shape({ kind: 'number', min: n?.MinValue, max: n?.MaxValue }, v.NumericValue, () => `Answers.${ref}.Value.NumericValue must be a number from ${n?.MinValue} to ${n?.MaxValue}`);
    }
    out[ref] = { Value: v as Answers[string]['Value'] };
  }
  return out;
}

export function maxResults(v: string | undefined, cap: number): number {
  if (v === undefined) return cap;
  const { value, problems } = validate({ kind: 'number', fromString: true, integer: true, min: 1, max: cap }, v);
  if (problems.length > 0) throw invalid(`maxResults must be 1 to ${cap}`);
  return value as number;
}
