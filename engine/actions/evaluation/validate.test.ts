import { describe, expect, it } from 'vitest';
import { FORM } from '../../../test/support/evaluation-form.ts';
import { InvalidParameterException } from '../../api/errors.ts';
import type { EvaluationForm } from './model.ts';
import { assertBody, checkAnswers, formVersion, maxResults, str, validateFormContent, versionParameter } from './validate.ts';

/** FORM with `change` applied to a deep copy: the section `s1`'s first question is `q`. */
function form(change: (f: any, q: any) => void): Record<string, unknown> {
  const f = structuredClone(FORM) as any;
  change(f, f.Items[0].Section.Items[0].Question);
  return f;
}

const REF = '^[a-zA-Z0-9._-]{1,40}$';
const Q = 'Items[0].Section.Items[0]';

describe('validateFormContent', () => {
  it('returns the form content as given', () => {
    expect(validateFormContent(structuredClone(FORM) as any)).toEqual(FORM);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no Items', { Items: undefined }, 'Items must be a non-empty list of sections'],
    ['empty Items', { Items: [] }, 'Items must be a non-empty list of sections'],
    ['Items not a list', { Items: 'x' }, 'Items must be a non-empty list of sections'],
    ['an item that is not an object', { Items: [5] }, 'Items[0] must hold exactly one of Section or Question'],
    ['an item with neither member', { Items: [{}] }, 'Items[0] must hold exactly one of Section or Question'],
    ['an item with both members', form((f) => (f.Items[1].Question = {})), 'Items[1] must hold exactly one of Section or Question'],
    ['a question at the top', form((f) => f.Items.push({ Question: f.Items[0].Section.Items[0].Question })), 'Items[2]: the top-level items of a form must be sections'],
    ['a section without a title', form((f) => delete f.Items[1].Section.Title), 'Items[1].Section.Title is required'],
    ['a section with an empty title', form((f) => (f.Items[1].Section.Title = '')), 'Items[1].Section.Title is required'],
    ['a section that is not an object', form((f) => (f.Items[1].Section = 'x')), 'Items[1].Section.Title is required'],
    ['a section RefId that does not match', form((f) => (f.Items[1].Section.RefId = 'a b')), `Items[1].Section.RefId must match ${REF}`],
    ['a section without RefId', form((f) => delete f.Items[1].Section.RefId), `Items[1].Section.RefId must match ${REF}`],
    ['a section whose Items is not a list', form((f) => (f.Items[1].Section.Items = {})), 'Items[1].Section.Items must be a list'],
    ['a RefId used twice', form((f) => (f.Items[1].Section.RefId = 'q2')), "Items[1].Section.RefId 'q2' is used twice in the form"],
    ['a question without a title', form((_, q) => delete q.Title), `${Q}.Question.Title is required`],
    ['a question RefId that is a number', form((_, q) => (q.RefId = 7)), `${Q}.Question.RefId must match ${REF}`],
    ['an unknown question type', form((_, q) => (q.QuestionType = 'YESNO')), `${Q}.Question.QuestionType must be one of SINGLESELECT, NUMERIC, TEXT, MULTISELECT, DATETIME`],
    ['a single select with one option', form((_, q) => q.QuestionTypeProperties.SingleSelect.Options.pop()), `${Q}.Question.QuestionTypeProperties.SingleSelect.Options must hold at least 2 options`],
    ['a single select without properties', form((_, q) => delete q.QuestionTypeProperties), `${Q}.Question.QuestionTypeProperties.SingleSelect.Options must hold at least 2 options`],
    ['an option without RefId', form((_, q) => delete q.QuestionTypeProperties.SingleSelect.Options[1].RefId), `${Q}.Question.QuestionTypeProperties.SingleSelect.Options[1].RefId must match ${REF}`],
    ['an option that is null', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Options[1] = null)), `${Q}.Question.QuestionTypeProperties.SingleSelect.Options[1].RefId must match ${REF}`],
    ['an option RefId used twice', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Options[1].RefId = 's1')), `${Q}.Question.QuestionTypeProperties.SingleSelect.Options[1].RefId 's1' is used twice in the form`],
    ['an option score above 10', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Options[0].Score = 11)), `${Q}: option scores are 0 to 10`],
    ['an option score that is a string', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Options[0].Score = '5')), `${Q}: option scores are 0 to 10`],
    [
      'an automation option of another question',
      form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.Options[0].RuleCategory.OptionRefId = 'q3-no')),
      `${Q}.Question...Automation.Options[0].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`,
    ],
    [
      'an automation condition that is not known',
      form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.Options[0].RuleCategory.Condition = 'ABSENT')),
      `${Q}.Question...Automation.Options[0].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`,
    ],
    [
      'an automation option without RuleCategory',
      form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.Options[0] = {})),
      `${Q}.Question...Automation.Options[0].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`,
    ],
    [
      'an automation category that is not a string',
      form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.Options[0].RuleCategory.Category = 3)),
      `${Q}.Question...Automation.Options[0].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`,
    ],
    ['a default option of another question', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.DefaultOptionRefId = 'q3-yes')), `${Q}.Question...Automation.DefaultOptionRefId 'q3-yes' is not an option of the question`],
    ['a numeric range upside down', form((f) => (f.Items[0].Section.Items[1].Question.QuestionTypeProperties.Numeric.MinValue = 9)), 'Items[0].Section.Items[1].Question.QuestionTypeProperties.Numeric needs MinValue < MaxValue'],
    ['a numeric bound that is a string', form((f) => (f.Items[0].Section.Items[1].Question.QuestionTypeProperties.Numeric.MaxValue = '5')), 'Items[0].Section.Items[1].Question.QuestionTypeProperties.Numeric needs MinValue < MaxValue'],
    ['a numeric question without Numeric', form((f) => delete f.Items[0].Section.Items[1].Question.QuestionTypeProperties), 'Items[0].Section.Items[1].Question.QuestionTypeProperties.Numeric needs MinValue < MaxValue'],
    ['an unknown scoring mode', form((f) => (f.ScoringStrategy.Mode = 'ALL')), 'ScoringStrategy needs Mode (QUESTION_ONLY, SECTION_ONLY, POINTS_BASED) and Status (ENABLED, DISABLED)'],
    ['a scoring strategy that is null', form((f) => (f.ScoringStrategy = null)), 'ScoringStrategy needs Mode (QUESTION_ONLY, SECTION_ONLY, POINTS_BASED) and Status (ENABLED, DISABLED)'],
    ['a problem in a nested section', form((f) => f.Items[0].Section.Items.push({ Section: { Title: 'n', RefId: 'n1', Items: [{ Question: { RefId: 'n2' } }] } })), 'Items[0].Section.Items[2].Section.Items[0].Question.Title is required'],
    ['a section in a subsection (AWS: two levels)', form((f) => f.Items[0].Section.Items.push({ Section: { Title: 'n', RefId: 'n1', Items: [{ Section: { Title: 'd', RefId: 'n2', Items: [] } }] } })), 'Items[0].Section.Items[2].Section.Items[0].Section: a section in a subsection; evaluation forms hold sections and subsections only (two levels)'],
  ])('refuses %s', (_, body, message) => {
    let caught: unknown;
    try {
      validateFormContent(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidParameterException);
    expect((caught as Error).message).toBe(message);
  });

  // The old checks ignored an Automation of the wrong type and crashed (TypeError) on Options that were not a list.
  it.each<[string, Record<string, unknown>, string]>([
    ['an Automation that is not an object', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation = 'x')), `${Q}.Question...Automation must be an object`],
    ['automation Options that are not a list', form((_, q) => (q.QuestionTypeProperties.SingleSelect.Automation.Options = {})), `${Q}.Question...Automation.Options must be a list`],
  ])('refuses %s (new)', (_, body, message) => {
    expect(() => validateFormContent(body)).toThrow(new InvalidParameterException(message));
  });

  it('refuses a form nested 200 deep at its third level, without walking the rest', () => {
    let section: Record<string, unknown> = { Title: 'bottom', RefId: 'b', Items: [{ Question: { Title: 'q', RefId: 'q', QuestionType: 'TEXT' } }] };
    for (let d = 0; d < 200; d++) section = { Title: `s${d}`, RefId: `s${d}`, Items: [{ Section: section }] };
    expect(() => validateFormContent({ Items: [{ Section: section }] })).toThrow('Items[0].Section.Items[0].Section.Items[0].Section: a section in a subsection');
  });

  it('accepts text questions without properties and forms without a scoring strategy', () => {
    const body = { Items: [{ Section: { Title: 't', RefId: 's', Items: [{ Question: { Title: 'q', RefId: 'q', QuestionType: 'TEXT' } }] } }] };
    expect(validateFormContent(body)).toEqual(body);
  });
});

describe('request members', () => {
  it.each<[string, () => unknown, string]>([
    ['a missing title', () => str({}, 'Title', true, 128), 'Title is required'],
    ['a null title', () => str({ Title: null }, 'Title', true, 128), 'Title is required'],
    ['an empty title', () => str({ Title: '' }, 'Title', true, 128), 'Title must be a string of 1 to 128 characters, got 0 characters'],
    ['a long description', () => str({ Description: 'x'.repeat(1025) }, 'Description', false, 1024), 'Description must be a string of 1 to 1024 characters, got 1025 characters'],
    ['a long title of characters beyond UTF-16', () => str({ Title: '😀'.repeat(129) }, 'Title', true, 128), 'Title must be a string of 1 to 128 characters, got 129 characters'],
    ['a numeric title', () => str({ Title: 5 }, 'Title', true, 128), 'Title must be a string of 1 to 128 characters, got the number 5'],
    ['maxResults 0', () => maxResults('0', 100), 'maxResults must be 1 to 100'],
    ['maxResults above the cap', () => maxResults('101', 100), 'maxResults must be 1 to 100'],
    ['maxResults not a whole number', () => maxResults('2.5', 100), 'maxResults must be 1 to 100'],
    ['maxResults empty', () => maxResults('', 100), 'maxResults must be 1 to 100'],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(new InvalidParameterException(message));
  });

  it('reads what is valid', () => {
    expect(str({ Title: 'x', Description: null }, 'Description', false, 1024)).toBeUndefined();
    expect(str({ Title: 'x' }, 'Title', true, 128)).toBe('x');
    expect(maxResults(undefined, 100)).toBe(100);
    expect(maxResults('7', 100)).toBe(7);
  });
});

describe('versions and bodies', () => {
  it.each<[string, () => unknown, string]>([
    ['a body that is a list', () => assertBody([]), 'Request body must be a JSON object'],
    ['a body that is null', () => assertBody(null), 'Request body must be a JSON object'],
    ['no EvaluationFormVersion', () => formVersion({}), 'EvaluationFormVersion is required (a version number)'],
    ['a version 0', () => formVersion({ EvaluationFormVersion: 0 }), 'EvaluationFormVersion is required (a version number)'],
    ['a version as text', () => formVersion({ EvaluationFormVersion: '2' }), 'EvaluationFormVersion is required (a version number)'],
    ['a version 1.5', () => formVersion({ EvaluationFormVersion: 1.5 }), 'EvaluationFormVersion is required (a version number)'],
    ['a version parameter that is empty', () => versionParameter(''), 'version must be a positive whole number'],
    ['a version parameter that is a word', () => versionParameter('latest'), 'version must be a positive whole number'],
    ['a version parameter 0', () => versionParameter('0'), 'version must be a positive whole number'],
    ['a version parameter 2.5', () => versionParameter('2.5'), 'version must be a positive whole number'],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(new InvalidParameterException(message));
  });

  it('reads what is valid', () => {
    expect(() => assertBody({})).not.toThrow();
    expect(formVersion({ EvaluationFormVersion: 3 })).toBe(3);
    expect(versionParameter('2')).toBe(2);
  });
});

describe('checkAnswers', () => {
  const evaluationForm = { ...structuredClone(FORM), Items: [...structuredClone(FORM).Items] } as unknown as EvaluationForm;
  (evaluationForm.Items[0] as any).Section.Items.push({ Question: { Title: 'Notes', RefId: 'q4', QuestionType: 'TEXT' } });

  it.each<[string, unknown, string]>([
    ['answers that are a list', [], 'Answers must be a map of question RefId to answer'],
    ['an answer to no question of the form', { q9: { Value: { StringValue: 'x' } } }, "Answers: 'q9' is not a question of the form"],
    ['an answer without Value', { q1: {} }, 'Answers.q1.Value is required'],
    ['an answer that is null', { q1: null }, 'Answers.q1.Value is required'],
    ['a Value that is a string', { q1: { Value: 'yes' } }, 'Answers.q1.Value is required'],
    ['NotApplicable where the question does not allow it', { q2: { Value: { NotApplicable: true } } }, 'Answers.q2: the question does not allow NotApplicable'],
    ['an option of another question', { q1: { Value: { StringValue: 'q3-yes' } } }, 'Answers.q1.Value.StringValue must be an option RefId of the question'],
    ['a number out of range', { q2: { Value: { NumericValue: 6 } } }, 'Answers.q2.Value.NumericValue must be a number from -5 to 5'],
    ['a number as text', { q2: { Value: { NumericValue: '1' } } }, 'Answers.q2.Value.NumericValue must be a number from -5 to 5'],
  ])('refuses %s', (_, answers, message) => {
    expect(() => checkAnswers(evaluationForm, answers)).toThrow(new InvalidParameterException(message));
  });

  it('keeps valid answers as given, none when absent', () => {
    const answers = { q1: { Value: { StringValue: 'q1-no' } }, q2: { Value: { NumericValue: -5 } }, q3: { Value: { NotApplicable: true } }, q4: { Value: { StringValue: 'ok' } } };
    expect(checkAnswers(evaluationForm, answers)).toEqual(answers);
    expect(checkAnswers(evaluationForm, undefined)).toEqual({});
    expect(checkAnswers(evaluationForm, null)).toEqual({});
  });
});
