/**
 * FunctionDocument → canonical JSON: the form `DescribeRule` gives back, with
 * the keys always in the same order and `Negate` written out on every condition.
 * Printing what `parseFunction` read gives the same AST again (spans aside), and
 * printing is idempotent.
 */
import type { ConditionNode, FilterClause, FunctionDocument, GroupNode, JsonValue, RuleNode } from './ast.ts';
import { requireDocument } from './given.ts';

export interface PlainFilterClause {
  LogicOperator: string;
  Filters: { Type: string; Data: JsonValue }[];
}

export interface PlainGroupNode {
  Operator: string;
  Operands: PlainRuleNode[];
  FilterClause?: PlainFilterClause;
  Negate?: boolean;
}

export interface PlainConditionNode {
  Operator: string;
  Operands: JsonValue[];
  ComparisonValue: string;
  FilterClause?: PlainFilterClause;
  Negate: boolean;
}

export type PlainRuleNode = PlainGroupNode | PlainConditionNode;

export interface PlainFunctionDocument {
  Version: string;
  RuleFunction: PlainGroupNode;
}

/** The document as plain objects, keys in canonical order (JSON.stringify keeps insertion order). */
export function toPlainFunction(doc: FunctionDocument): PlainFunctionDocument {
  return { Version: doc.version, RuleFunction: plainGroup(doc.root) };
}

/** Canonical JSON text: compact by default, like JSON.stringify; `indent` spaces per level otherwise. */
export function printFunction(doc: FunctionDocument, options: { indent?: number } = {}): string {
  requireDocument(doc, 'printFunction');
  return JSON.stringify(toPlainFunction(doc), null, options.indent || undefined);
}

function plainNode(node: RuleNode): PlainRuleNode {
  return node.kind === 'group' ? plainGroup(node) : plainCondition(node);
}

function plainGroup(node: GroupNode): PlainGroupNode {
  return {
    Operator: node.operator,
    Operands: node.operands.map(plainNode),
    ...(node.filterClause !== undefined && { FilterClause: plainClause(node.filterClause) }),
    // On a group, Negate is printed only if it was written: whether groups accept it is unconfirmed.
    ...(node.negate !== undefined && { Negate: node.negate }),
  };
}

function plainCondition(node: ConditionNode): PlainConditionNode {
  return {
    Operator: node.operator,
    Operands: node.operands.map((o) => o.value),
    ComparisonValue: node.comparisonValue,
    ...(node.filterClause !== undefined && { FilterClause: plainClause(node.filterClause) }),
    // A condition without Negate means Negate false; the canonical form always writes it.
    Negate: node.negate ?? false,
  };
}

function plainClause(clause: FilterClause): PlainFilterClause {
  return { LogicOperator: clause.logicOperator, Filters: clause.filters.map((f) => ({ Type: f.type, Data: f.data })) };
}
