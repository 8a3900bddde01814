/**
 * Checks of literal values against the catalogue's specs: the `Operands` of a
 * condition against its OperatorForm, and the `Data` of a filter against its
 * FilterDataSpec. Each problem is one located message; the validator walks the tree
 * and calls these for every leaf and filter.
 */
import { idOfArn } from '../arn.ts';
import type { ConditionNode, JsonValue, Operand } from '../ast.ts';
import { clip } from '../clip.ts';
import type { SourceSpan } from '../errors.ts';
import { parsePatternOperand, PatternOperandError } from '../pattern-operand.ts';
import { closest, didYouMean } from './suggest.ts';
import type { ConditionSpec, FilterDataSpec, IdResource, OperandSpec, OperatorForm } from './types.ts';

export interface Issue {
  readonly span: SourceSpan;
  readonly message: string;
}

export const show = (v: JsonValue | undefined): string => {
  const text = JSON.stringify(v) ?? 'nothing';
  return clip(text, 60, 57, '...');
};

const typeOf = (v: JsonValue): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

const isRecord = (v: JsonValue | undefined): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const oneOf = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** `"inbound" is not a valid Initiation method value (did you mean "INBOUND"?)`, or the list when nothing is close. */
function notInEnum(value: string, values: readonly string[], what: string): string {
  const near = closest(value, values);
  return near !== undefined
    ? `${JSON.stringify(value)} is not a valid ${what} value${didYouMean(JSON.stringify(near))}`
    : `${JSON.stringify(value)} is not a valid ${what} value; expected one of ${oneOf(values)}`;
}

// ---------------------------------------------------------------------------
// operands

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO-8601 date-time with a time zone, as in the case examples (`2023-11-11T11:11:11.111111Z`). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

interface OperandContext {
  readonly node: ConditionNode;
  readonly spec: ConditionSpec;
  readonly form: OperatorForm;
  /** `EQUALS on Contact attribute` */
  readonly who: string;
}

/** A hint at the other forms of the same condition (`use CONTAINS_ANY to list values`). */
function otherForms(c: OperandContext, wanted: (o: OperandSpec) => boolean, purpose: string): string {
  const other = c.spec.forms.find((f) => f.operator !== c.form.operator && wanted(f.operands));
  return other ? `; use ${other.operator} ${purpose}` : '';
}

function exactlyOne(c: OperandContext): Operand | Issue {
  const { operands, operandsSpan } = c.node;
  if (operands.length === 1) return operands[0];
  const hint =
    operands.length > 1 ? otherForms(c, (o) => o.kind === 'strings', 'for several values') : otherForms(c, (o) => o.kind === 'none', 'with no operand');
  return { span: operandsSpan, message: `${c.who} takes exactly 1 operand, got ${operands.length}${hint}` };
}

const isIssue = (x: Operand | Issue): x is Issue => 'message' in x;

function checkString(c: OperandContext, operand: Operand, values?: readonly string[]): Issue | undefined {
  const v = operand.value;
  if (typeof v !== 'string') return { span: operand.span, message: `${c.who} takes string operands, not ${typeOf(v)} ${show(v)}` };
  if (v.trim() === '') return { span: operand.span, message: `${c.who} takes non-empty strings` };
  if (values && !values.includes(v)) return { span: operand.span, message: notInEnum(v, values, c.spec.name) };
  return undefined;
}

/**
 * An ARN where AWS documents ids: the value compared is the id, so the ARN could never
 * match. The id inside it is what the user meant (`Queue takes queue ids: f3a5…, not the queue's ARN`).
 */
function checkId(c: OperandContext, operand: Operand, idsOf: IdResource): Issue | undefined {
  const id = typeof operand.value === 'string' ? idOfArn(operand.value) : undefined;
  if (id === undefined) return undefined;
  return { span: operand.span, message: `${c.spec.name} takes ${idsOf} ids: ${id}, not the ${idsOf}'s ARN` };
}

function checkNumber(c: OperandContext, operand: Operand, o: Extract<OperandSpec, { kind: 'number' }>): Issue | undefined {
  const v = operand.value;
  const at = (message: string): Issue => ({ span: operand.span, message });
  if (typeof v !== 'number') return at(`${c.who} takes a number, not ${typeOf(v)} ${show(v)}`);
  if (o.integer && !Number.isInteger(v)) return at(`${c.spec.name} takes a whole number, got ${v}`);
  const { min, max } = o;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    const range =
      min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
    return at(`${c.spec.name} takes a number ${range}, got ${v}`);
  }
  return undefined;
}

function checkDateTime(c: OperandContext, operand: Operand): Issue | undefined {
  const v = operand.value;
  if (typeof v === 'string' && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))) return undefined;
  return {
    span: operand.span,
    message: `${c.who} takes an ISO-8601 date-time string such as "2023-11-11T11:11:11.111111Z", not ${show(v)}`,
  };
}

/** AI agent operands: all bare UUIDs, or all `uuid:version` of one AI agent. */
function checkAiAgents(c: OperandContext): Issue[] {
  const issues: Issue[] = [];
  let versionedUuid: string | undefined;
  let bare: boolean | undefined;
  for (const operand of c.node.operands) {
    if (typeof operand.value !== 'string') continue; // already reported
    const [id, version, ...rest] = operand.value.split(':');
    const at = (message: string) => issues.push({ span: operand.span, message });
    if (!UUID.test(id) || rest.length > 0 || version === '') {
      at(`${JSON.stringify(operand.value)} is not an AI agent id: expected a UUID or "<uuid>:<version>"`);
      continue;
    }
    const isBare = version === undefined;
    if (bare !== undefined && bare !== isBare) {
      at('AI agent operands are either all bare UUIDs or all "<uuid>:<version>" of one AI agent, not a mix');
    } else if (!isBare && versionedUuid !== undefined && versionedUuid.toLowerCase() !== id.toLowerCase()) {
      at(`"<uuid>:<version>" operands must all name the same AI agent (${versionedUuid}), not ${id}`);
    }
    bare ??= isBare;
    if (!isBare) versionedUuid ??= id;
  }
  return issues;
}

/** One PatternMatch operand, read by the one operand parser the engine compiles (grammar/pattern-operand.ts). */
function patternProblem(operand: JsonValue): string | undefined {
  try {
    parsePatternOperand(operand);
    return undefined;
  } catch (err) {
    if (!(err instanceof PatternOperandError)) throw err;
    return err.element === undefined ? `${err.reason}, not ${show(operand)}` : `pattern operand element ${err.element + 1}: ${err.reason}`;
  }
}

/** 1..max operands, each checked by `each`. */
function checkMany(c: OperandContext, max: number, each: (operand: Operand) => Issue | undefined): Issue[] {
  const { operands, operandsSpan } = c.node;
  if (operands.length === 0) {
    return [
      {
        span: operandsSpan,
        message: `${c.who} needs at least one operand${otherForms(c, (o) => o.kind === 'none', 'with no operand for the "no value" form')}`,
      },
    ];
  }
  const issues: Issue[] = [];
  if (operands.length > max) {
    issues.push({ span: operands[max].span, message: `${c.spec.name} takes at most ${max} entries, got ${operands.length}` });
  }
  for (const operand of operands) {
    const issue = each(operand);
    if (issue) issues.push(issue);
  }
  return issues;
}

/** The problems of a condition's `Operands` for the form its operator selected. */
export function checkOperands(node: ConditionNode, spec: ConditionSpec, form: OperatorForm): Issue[] {
  const c: OperandContext = { node, spec, form, who: `${form.operator} on ${spec.name}` };
  const o = form.operands;
  switch (o.kind) {
    case 'none':
      return node.operands.length === 0
        ? []
        : [
            {
              span: node.operandsSpan,
              message: `${c.who} takes no operands ("Operands": [] is its "no value" form)${otherForms(c, (x) => x.kind !== 'none', 'to compare with values')}`,
            },
          ];
    case 'string':
    case 'number':
    case 'datetime': {
      const one = exactlyOne(c);
      if (isIssue(one)) return [one];
      const issue =
        o.kind === 'string' ? checkString(c, one, o.enum) : o.kind === 'number' ? checkNumber(c, one, o) : checkDateTime(c, one);
      return issue ? [issue] : [];
    }
    case 'strings': {
      const { idsOf } = o;
      const issues = checkMany(c, o.max, (operand) => checkString(c, operand, o.enum) ?? (idsOf && checkId(c, operand, idsOf)));
      return issues.length === 0 && o.sameUuid ? checkAiAgents(c) : issues;
    }
    case 'patterns':
      return checkMany(c, o.max, (operand) => {
        const problem = patternProblem(operand.value);
        return problem ? { span: operand.span, message: problem } : undefined;
      });
  }
}

// ---------------------------------------------------------------------------
// filter data

const positive = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The problem with the `Data` of a filter of type `type`, if any. */
export function filterDataProblem(type: string, spec: FilterDataSpec, data: JsonValue): string | undefined {
  switch (spec.kind) {
    case 'enum':
      if (typeof data !== 'string') return `${type} Data must be one of ${oneOf(spec.values)}, not ${show(data)}`;
      return spec.values.includes(data) ? undefined : notInEnum(data, spec.values, type);
    case 'firstOrLast': {
      const keys = isRecord(data) ? Object.keys(data) : [];
      const key = keys[0];
      if (keys.length !== 1 || (key !== 'First' && key !== 'Last') || !isRecord(data)) {
        return `${type} Data must be {"First": seconds} or {"Last": seconds}, exactly one of the two, not ${show(data)}`;
      }
      return positive(data[key]) ? undefined : `${type} ${key} must be a number of seconds greater than 0, not ${show(data[key])}`;
    }
    case 'past': {
      if (!isRecord(data) || Object.keys(data).length !== 1 || !('Past' in data)) {
        return `${type} Data must be {"Past": seconds}, not ${show(data)}`;
      }
      if (!positive(data.Past)) return `${type} Past must be a number of seconds greater than 0, not ${show(data.Past)}`;
      if (spec.below !== undefined && data.Past >= spec.below) {
        return `${type} Past must be less than ${spec.below} seconds, got ${data.Past}`;
      }
      return undefined;
    }
    case 'valueEnum': {
      const value = isRecord(data) && Object.keys(data).length === 1 ? data.Value : undefined;
      if (typeof value !== 'string') {
        return `${type} Data must be {"Value": ${spec.values.map((v) => JSON.stringify(v)).join(' | ')}}, not ${show(data)}`;
      }
      return spec.values.includes(value) ? undefined : notInEnum(value, spec.values, type);
    }
    case 'list': {
      const size = spec.exactly !== undefined ? `exactly ${spec.exactly}` : `1 to ${spec.max}`;
      if (!Array.isArray(data)) return `${type} Data must be an array of ${size} strings, not ${show(data)}`;
      if (data.length === 0 || data.length > spec.max || (spec.exactly !== undefined && data.length !== spec.exactly)) {
        return `${type} Data must hold ${size} ${spec.exactly === 1 ? 'entry' : 'entries'}, got ${data.length}`;
      }
      for (const item of data) {
        if (typeof item !== 'string' || item.trim() === '') return `${type} Data holds non-empty strings, not ${show(item)}`;
        if (spec.enum && !spec.enum.includes(item)) return notInEnum(item, spec.enum, type);
      }
      return undefined;
    }
    case 'threshold': {
      if (!isRecord(data) || data.Comparison !== 'LT' || !positive(data.ThresholdValue) || Object.keys(data).length !== 2) {
        return `${type} Data must be {"Comparison": "LT", "ThresholdValue": seconds} ("LT" is the only comparison), not ${show(data)}`;
      }
      return undefined;
    }
  }
}

/** A short description of what a filter's Data may be, for "requires a X filter (...)" messages. */
export function describeFilterData(spec: FilterDataSpec): string {
  switch (spec.kind) {
    case 'enum':
      return spec.values.join(' or ');
    case 'firstOrLast':
      return '{"First": seconds} or {"Last": seconds}';
    case 'past':
      return '{"Past": seconds}';
    case 'valueEnum':
      return `{"Value": ${spec.values.map((v) => JSON.stringify(v)).join(' | ')}}`;
    case 'list': {
      const item = spec.enum ? spec.enum.map((v) => JSON.stringify(v)).join(' | ') : 'id';
      return spec.exactly === 1 ? `[${item}]` : `[${item}, ...]`;
    }
    case 'threshold':
      return '{"Comparison": "LT", "ThresholdValue": seconds}';
  }
}
