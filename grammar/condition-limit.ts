/**
 * The per-rule condition limit, checked before a function is parsed. Parsing builds a
 * located tree of every node (the JSON form) or a CST (the text form), about 30 µs and
 * 3 KB a condition, so a function of 10^5 conditions cost seconds and hundreds of MB
 * before the validator refused its 21st. Each form's scanner (json/shape.ts,
 * text/shape.ts) reads the function's shape (its groups and conditions, nothing else)
 * and `firstPastLimit` counts them as the validator does (grammar/validate.ts, which
 * uses the same message): a standalone condition, or a compound condition's group,
 * counts once.
 */
import { RuleValidationError } from './errors.ts';
import type { LineIndex } from './json/positions.ts';

/** A condition of the function: where it is, and its ComparisonValue when the form names it (JSON). */
export interface ConditionShape {
  readonly kind: 'condition';
  readonly start: number;
  readonly end: number;
  readonly path?: string;
}

export interface GroupShape {
  readonly kind: 'group';
  readonly start: number;
  readonly end: number;
  readonly operands: readonly NodeShape[];
}

export type NodeShape = ConditionShape | GroupShape;

/** Whether a group counts as one condition (a compound condition's group). */
export type CompoundTest = (group: GroupShape) => boolean;

/** A node past a limit of its own group, with the message the validator gives it. */
export interface GroupLimitHit {
  readonly node: NodeShape;
  readonly message: string;
}

/** How a source counts a function's conditions for the limit checked before parsing. */
export interface ConditionCounting {
  /** Which groups count as one condition. */
  readonly compound: CompoundTest;
  /**
   * A source whose groups have limits of their own, stricter than the rule's
   * (OnMetricDataUpdate: 2 metric groups of 10 conditions): of a function past the rule's
   * limit, the first node past one of them, so that the refusal says which group, as the
   * validator would.
   */
  readonly groupLimit?: (root: GroupShape) => GroupLimitHit | undefined;
}

/**
 * The largest per-rule condition limit of any event source (every catalogue's
 * `limits.conditions` is at most this: condition-limit.test.ts): a function past it
 * is refused for every source.
 */
export const MAX_CONDITIONS = 20;

/** The most conditions a compound condition groups (evaluation's section compound: form, section, score). */
export const MAX_COMPOUND_PARTS = 3;

/**
 * Without the source's compounds (the text form names conditions by words; no source
 * given): any group of two or three conditions and nothing else may be a compound, so
 * it counts once. This never counts more than the validator does for any source, so a
 * function it finds past the limit is refused by every source too.
 */
export const mayBeCompound: CompoundTest = (group) =>
  group.operands.length >= 2 && group.operands.length <= MAX_COMPOUND_PARTS && group.operands.every((o) => o.kind === 'condition');

/** The counting of a function whose source is not known: any small group may be a compound. */
export const ANY_SOURCE: ConditionCounting = { compound: mayBeCompound };

/** The message of a function past the limit, at the first condition past it (the validator's too). */
export const tooManyConditions = (limit: number): string => `a rule has at most ${limit} conditions; this is condition ${limit + 1}`;

/**
 * The first condition (or compound group) past `limit`, in text order, or undefined.
 * As the validator counts: the root's conditions each count; a group that is a
 * compound counts once (and the groups inside it are counted on their own); any other
 * group's operands are counted through. Iterative: a shape may nest deeper than the
 * parsers' nesting limit, which is checked after.
 */
export function firstPastLimit(root: GroupShape, limit: number, compound: CompoundTest): NodeShape | undefined {
  let count = 0;
  const pending: NodeShape[][] = [[...root.operands].reverse()];
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    const node = top.pop();
    if (node === undefined) {
      pending.pop();
      continue;
    }
    if (node.kind === 'condition') {
      if (++count > limit) return node;
      continue;
    }
    if (compound(node)) {
      if (++count > limit) return node;
      pending.push(node.operands.filter((o) => o.kind === 'group').reverse());
    } else {
      pending.push([...node.operands].reverse());
    }
  }
  return undefined;
}

/** The located refusal of a function whose shape is past `limit`, or undefined (then the function is parsed). */
export function conditionLimitError(
  shape: GroupShape | undefined,
  lines: LineIndex,
  // Required: the text form once fell back to ANY_SOURCE for a metric rule and gave the general message (review A).
  counting: ConditionCounting,
  limit = MAX_CONDITIONS,
): RuleValidationError | undefined {
  const past = shape && firstPastLimit(shape, limit, counting.compound);
  if (!past) return undefined;
  const hit = counting.groupLimit?.(shape);
  return hit ? new RuleValidationError(hit.message, lines.span(hit.node.start, hit.node.end)) : new RuleValidationError(tooManyConditions(limit), lines.span(past.start, past.end));
}
