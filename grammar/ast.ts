/**
 * The typed, located AST of a Rule Function document
 * (`{"Version":"2022-11-25","RuleFunction":{...}}`).
 *
 * The AST keeps what the user wrote (an unknown operator stays a string) so the
 * validator can say precisely what is wrong and where; the compiler only ever sees
 * an AST that the validator accepted.
 */
import type { SourceSpan } from './errors.ts';

export const LANGUAGE_VERSION = '2022-11-25';

export const GROUP_OPERATORS = ['AND', 'OR'] as const;
export type GroupOperator = (typeof GROUP_OPERATORS)[number];

export const LEAF_OPERATORS = [
  'CONTAINS_ANY',
  'CONTAINS',
  'EQUALS',
  'NumberGreaterOrEqualTo',
  'NumberLessOrEqualTo',
] as const;
export type LeafOperator = (typeof LEAF_OPERATORS)[number];

/** A plain JSON value (what `JSON.parse` would give). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A literal of the `Operands` array of a condition, with where it was written. */
export interface Operand {
  readonly value: JsonValue;
  readonly span: SourceSpan;
}

export interface Filter {
  readonly type: string;
  readonly typeSpan: SourceSpan;
  readonly data: JsonValue;
  readonly dataSpan: SourceSpan;
  readonly span: SourceSpan;
}

export interface FilterClause {
  readonly logicOperator: string;
  readonly logicOperatorSpan: SourceSpan;
  readonly filters: readonly Filter[];
  readonly span: SourceSpan;
}

/** `AND` / `OR` over child nodes: the root, compound conditions, metric groups. */
export interface GroupNode {
  readonly kind: 'group';
  readonly operator: string;
  readonly operatorSpan: SourceSpan;
  readonly operands: readonly RuleNode[];
  readonly filterClause?: FilterClause;
  /** `undefined` when the document did not write `Negate`. */
  readonly negate?: boolean;
  readonly negateSpan?: SourceSpan;
  readonly span: SourceSpan;
}

/** A leaf: an operator applied to the value named by `ComparisonValue`. */
export interface ConditionNode {
  readonly kind: 'condition';
  readonly operator: string;
  readonly operatorSpan: SourceSpan;
  readonly operands: readonly Operand[];
  readonly operandsSpan: SourceSpan;
  readonly comparisonValue: string;
  readonly comparisonValueSpan: SourceSpan;
  readonly filterClause?: FilterClause;
  /** `undefined` when the document did not write `Negate` (it then means `false`). */
  readonly negate?: boolean;
  readonly negateSpan?: SourceSpan;
  readonly span: SourceSpan;
}

export type RuleNode = GroupNode | ConditionNode;

export interface FunctionDocument {
  readonly version: string;
  readonly versionSpan: SourceSpan;
  readonly root: GroupNode;
  readonly span: SourceSpan;
}

export const isGroup = (node: RuleNode): node is GroupNode => node.kind === 'group';
export const isCondition = (node: RuleNode): node is ConditionNode => node.kind === 'condition';

/** Filters of a node by type (first occurrence wins; duplicates are a validation error). */
export function findFilter(clause: FilterClause | undefined, type: string): Filter | undefined {
  return clause?.filters.find((f) => f.type === type);
}
