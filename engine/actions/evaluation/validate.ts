/**
 * Validation of the evaluation operations' requests, with Connect's
 * InvalidParameterException naming the member (`Items[0].Section.Title is required`).
 */
import { InvalidParameterException } from '../../api/errors.ts';
import type { FormItem, ScoringStrategy } from './scoring.ts';

const invalid = (m: string) => new InvalidParameterException(m);

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(body: Record<string, unknown>, name: string, required: boolean, max: number): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw invalid(`${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalid(`${name} must be a string of 1 to ${max} characters`);
  return v;
}

/** Checks the form content: sections at the top, unique RefIds, options and automation consistent. */
export function validateFormContent(body: Record<string, unknown>): { Items: FormItem[]; ScoringStrategy?: ScoringStrategy } {
  const items = body.Items;
  if (!Array.isArray(items) || items.length === 0) throw invalid('Items must be a non-empty list of sections');
  const refs = new Set<string>();
  const checkRef = (ref: unknown, where: string) => {
    if (typeof ref !== 'string' || !/^[a-zA-Z0-9._-]{1,40}$/.test(ref)) throw invalid(`${where}.RefId must match ^[a-zA-Z0-9._-]{1,40}$`);
    if (refs.has(ref)) throw invalid(`${where}.RefId '${ref}' is used twice in the form`);
    refs.add(ref);
  };
  const visit = (list: unknown[], where: string, top: boolean) => {
    list.forEach((item, i) => {
      const at = `${where}[${i}]`;
      if (!isObj(item) || (item.Section === undefined) === (item.Question === undefined)) throw invalid(`${at} must hold exactly one of Section or Question`);
      if (item.Section !== undefined) {
        const s = item.Section as Record<string, unknown>;
        if (!isObj(s) || typeof s.Title !== 'string' || s.Title.length === 0) throw invalid(`${at}.Section.Title is required`);
        checkRef(s.RefId, `${at}.Section`);
        if (!Array.isArray(s.Items)) throw invalid(`${at}.Section.Items must be a list`);
        visit(s.Items, `${at}.Section.Items`, false);
        return;
      }
      if (top) throw invalid(`${at}: the top-level items of a form must be sections`);
      const q = item.Question as Record<string, unknown>;
      if (!isObj(q) || typeof q.Title !== 'string' || q.Title.length === 0) throw invalid(`${at}.Question.Title is required`);
      checkRef(q.RefId, `${at}.Question`);
      const type = q.QuestionType;
      if (!['SINGLESELECT', 'NUMERIC', 'TEXT', 'MULTISELECT', 'DATETIME'].includes(type as string)) {
        throw invalid(`${at}.Question.QuestionType must be one of SINGLESELECT, NUMERIC, TEXT, MULTISELECT, DATETIME`);
      }
      const props = (q.QuestionTypeProperties ?? {}) as Record<string, Record<string, unknown>>;
      if (type === 'SINGLESELECT') {
        const ss = props.SingleSelect;
        const options = ss?.Options;
        if (!Array.isArray(options) || options.length < 2) throw invalid(`${at}.Question.QuestionTypeProperties.SingleSelect.Options must hold at least 2 options`);
        const optionRefs = new Set<string>();
        options.forEach((o: Record<string, unknown>, j) => {
          checkRef(o?.RefId, `${at}.Question.QuestionTypeProperties.SingleSelect.Options[${j}]`);
          optionRefs.add(o.RefId as string);
          if (o.Score !== undefined && (typeof o.Score !== 'number' || o.Score < 0 || o.Score > 10)) throw invalid(`${at}: option scores are 0 to 10`);
        });
        const auto = ss.Automation as Record<string, unknown> | undefined;
        if (auto) {
          for (const [j, o] of ((auto.Options as Record<string, Record<string, unknown>>[]) ?? []).entries()) {
            const rc = o?.RuleCategory;
            if (!rc || typeof rc.Category !== 'string' || !['PRESENT', 'NOT_PRESENT'].includes(rc.Condition as string) || !optionRefs.has(rc.OptionRefId as string)) {
              throw invalid(`${at}.Question...Automation.Options[${j}].RuleCategory needs Category, Condition PRESENT|NOT_PRESENT and an OptionRefId of the question's options`);
            }
          }
          if (auto.DefaultOptionRefId !== undefined && !optionRefs.has(auto.DefaultOptionRefId as string)) {
            throw invalid(`${at}.Question...Automation.DefaultOptionRefId '${String(auto.DefaultOptionRefId)}' is not an option of the question`);
          }
        }
      } else if (type === 'NUMERIC') {
        const n = props.Numeric;
        if (!n || typeof n.MinValue !== 'number' || typeof n.MaxValue !== 'number' || n.MinValue >= n.MaxValue) {
          throw invalid(`${at}.Question.QuestionTypeProperties.Numeric needs MinValue < MaxValue`);
        }
      }
    });
  };
  visit(items, 'Items', true);
  const ss = body.ScoringStrategy;
  if (ss !== undefined) {
    if (!isObj(ss) || !['QUESTION_ONLY', 'SECTION_ONLY', 'POINTS_BASED'].includes(ss.Mode as string) || !['ENABLED', 'DISABLED'].includes(ss.Status as string)) {
      throw invalid('ScoringStrategy needs Mode (QUESTION_ONLY, SECTION_ONLY, POINTS_BASED) and Status (ENABLED, DISABLED)');
    }
  }
  return { Items: items as FormItem[], ...(ss ? { ScoringStrategy: ss as unknown as ScoringStrategy } : {}) };
}

export function maxResults(v: string | undefined, cap: number): number {
  if (v === undefined) return cap;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > cap) throw invalid(`maxResults must be 1 to ${cap}`);
  return n;
}
