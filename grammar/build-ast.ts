/**
 * Located JSON tree → FunctionDocument.
 *
 * This step checks the *shape* of a rule function only: objects where objects
 * belong, `Operands` an array, no unknown or duplicate keys... It keeps what the
 * user wrote (an unknown operator stays a string): whether the version, the
 * operators, the paths and the operands are right is the validator's job. It
 * reports every problem it finds, not just the first.
 */
import {
  GROUP_OPERATORS,
  LEAF_OPERATORS,
  type ConditionNode,
  type Filter,
  type FilterClause,
  type FunctionDocument,
  type GroupNode,
  type Operand,
  type RuleNode,
} from './ast.ts';
import { closest } from './catalogue/suggest.ts';
import { RuleStructureError, type SourceSpan } from './errors.ts';
import { describeJson, toPlainJson, type JsonMember, type JsonNode, type JsonObjectNode } from './json/tree.ts';

export interface BuildResult {
  /** Present only when there are no errors. */
  readonly document?: FunctionDocument;
  readonly errors: readonly RuleStructureError[];
}

const DOCUMENT_KEYS = ['Version', 'RuleFunction'] as const;
const GROUP_KEYS = ['Operator', 'Operands', 'FilterClause', 'Negate'] as const;
const CONDITION_KEYS = ['Operator', 'Operands', 'ComparisonValue', 'FilterClause', 'Negate'] as const;
const CLAUSE_KEYS = ['LogicOperator', 'Filters'] as const;
const FILTER_KEYS = ['Type', 'Data'] as const;

/** Keys that are right somewhere else: say where, rather than "did you mean". */
const NODE_KEY_HINT = 'it belongs inside "RuleFunction"';
const CLAUSE_KEY_HINT = 'it belongs inside "FilterClause"';
const FILTER_KEY_HINT = 'it belongs in a filter: "Filters": [{"Type": ..., "Data": ...}]';
const MISPLACED: Record<string, Record<string, string>> = {
  document: { Operator: NODE_KEY_HINT, Operands: NODE_KEY_HINT, ComparisonValue: NODE_KEY_HINT, FilterClause: NODE_KEY_HINT, Negate: NODE_KEY_HINT },
  node: { LogicOperator: CLAUSE_KEY_HINT, Filters: CLAUSE_KEY_HINT, Type: FILTER_KEY_HINT, Data: FILTER_KEY_HINT },
  clause: { Type: FILTER_KEY_HINT, Data: FILTER_KEY_HINT },
};

const EXAMPLE_PATH = '"$.ContactLens.PostCall.Queue.QueueId"';

/** Builds the AST of a whole `{"Version": ..., "RuleFunction": {...}}` document. */
export function buildFunctionDocument(json: JsonNode): BuildResult {
  const builder = new AstBuilder();
  const document = builder.document(json);
  const errors = builder.errors.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return errors.length === 0 && document !== undefined ? { document, errors } : { errors };
}

/** Object members by key (first occurrence), after reporting duplicate and unknown keys. */
type Fields = ReadonlyMap<string, JsonMember>;

class AstBuilder {
  readonly errors: RuleStructureError[] = [];

  private error(message: string, span: SourceSpan): void {
    this.errors.push(new RuleStructureError(message, span));
  }

  document(json: JsonNode): FunctionDocument | undefined {
    if (json.kind === 'invalid') return undefined;
    if (json.kind !== 'object') {
      this.error(`a rule function must be a JSON object {"Version": ..., "RuleFunction": {...}}, found ${describeJson(json)}`, json.span);
      return undefined;
    }
    const fields = this.fields(json, DOCUMENT_KEYS, 'the document', MISPLACED.document);
    const version = fields.get('Version');
    if (version === undefined) {
      this.error('missing "Version" (the language version, "2022-11-25")', json.span);
    } else if (version.value.kind !== 'string') {
      this.error(`"Version" must be a string, found ${describeJson(version.value)}`, version.value.span);
    }
    const ruleFunction = fields.get('RuleFunction');
    if (ruleFunction === undefined) {
      this.error('missing "RuleFunction" (the root AND / OR group of the rule)', json.span);
      return undefined;
    }
    const root = this.node(ruleFunction.value, '"RuleFunction"');
    if (root?.kind === 'condition') {
      this.error(
        `the root of a rule function must be an AND or OR group, found condition ${root.operator || '(no operator)'} on ${JSON.stringify(root.comparisonValue)} (wrap it: {"Operator": "AND", "Operands": [ ... ]})`,
        root.span,
      );
      return undefined;
    }
    if (root === undefined || version?.value.kind !== 'string') return undefined;
    return { version: version.value.value, versionSpan: version.value.span, root, span: json.span };
  }

  /** A node of the tree: the root or an operand of a group. `what` names it in messages. */
  private node(json: JsonNode, what: string): RuleNode | undefined {
    if (json.kind === 'invalid') return undefined;
    if (json.kind !== 'object') {
      this.error(`${what} must be an object (a condition or an AND / OR group), found ${describeJson(json)}`, json.span);
      return undefined;
    }
    const kind = nodeKind(json);
    return kind.kind === 'group' ? this.group(json) : this.condition(json, kind.why);
  }

  private group(json: JsonObjectNode): GroupNode {
    const fields = this.fields(json, GROUP_KEYS, 'an AND / OR group', MISPLACED.node);
    const operator = this.operator(fields, json, 'AND or OR');
    const operands: RuleNode[] = [];
    const what = `an operand of ${operator.value || 'a group'}`;
    for (const element of this.arrayField(fields, 'Operands', json, 'the conditions and groups the operator combines')) {
      const child = this.node(element, what);
      if (child !== undefined) operands.push(child);
    }
    return {
      kind: 'group',
      operator: operator.value,
      operatorSpan: operator.span,
      operands,
      ...this.filterClauseAndNegate(fields),
      span: json.span,
    };
  }

  private condition(json: JsonObjectNode, why: string): ConditionNode {
    const fields = this.fields(json, CONDITION_KEYS, 'a condition', MISPLACED.node);
    const operator = this.operator(fields, json, 'e.g. "EQUALS" or "CONTAINS_ANY"');
    const operandElements = this.arrayField(fields, 'Operands', json, 'the values to compare with; write [] for a condition without a value');
    const operands: Operand[] = operandElements.map((element) => ({ value: toPlainJson(element), span: element.span }));
    const comparison = fields.get('ComparisonValue');
    if (comparison === undefined) {
      this.error(`missing "ComparisonValue": ${why}`, json.span);
    } else if (comparison.value.kind !== 'string') {
      this.error(`"ComparisonValue" must be a string, a path such as ${EXAMPLE_PATH}, found ${describeJson(comparison.value)}`, comparison.value.span);
    }
    return {
      kind: 'condition',
      operator: operator.value,
      operatorSpan: operator.span,
      operands,
      operandsSpan: fields.get('Operands')?.value.span ?? json.span,
      comparisonValue: comparison?.value.kind === 'string' ? comparison.value.value : '',
      comparisonValueSpan: comparison?.value.span ?? json.span,
      ...this.filterClauseAndNegate(fields),
      span: json.span,
    };
  }

  /** The elements of a required array-valued key; none (after reporting it) when it is missing or not an array. */
  private arrayField(fields: Fields, key: string, json: JsonObjectNode, purpose: string): readonly JsonNode[] {
    const field = fields.get(key);
    if (field === undefined) {
      this.error(`missing ${JSON.stringify(key)} (${purpose})`, json.span);
      return [];
    }
    if (field.value.kind !== 'array') {
      this.error(`${JSON.stringify(key)} must be an array, found ${describeJson(field.value)}`, field.value.span);
      return [];
    }
    return field.value.elements;
  }

  private operator(fields: Fields, json: JsonObjectNode, expected: string): { value: string; span: SourceSpan } {
    const field = fields.get('Operator');
    if (field === undefined) {
      this.error(`missing "Operator" (${expected})`, json.span);
      return { value: '', span: json.span };
    }
    if (field.value.kind !== 'string') {
      this.error(`"Operator" must be a string (${expected}), found ${describeJson(field.value)}`, field.value.span);
      return { value: '', span: field.value.span };
    }
    return { value: field.value.value, span: field.value.span };
  }

  /** The two optional keys groups and conditions share. */
  private filterClauseAndNegate(fields: Fields): { filterClause?: FilterClause; negate?: boolean; negateSpan?: SourceSpan } {
    const out: { filterClause?: FilterClause; negate?: boolean; negateSpan?: SourceSpan } = {};
    const clause = fields.get('FilterClause');
    if (clause !== undefined) {
      const filterClause = this.filterClause(clause.value);
      if (filterClause !== undefined) out.filterClause = filterClause;
    }
    const negate = fields.get('Negate');
    if (negate !== undefined) {
      if (negate.value.kind === 'boolean') {
        out.negate = negate.value.value;
        out.negateSpan = negate.value.span;
      } else {
        this.error(`"Negate" must be true or false, found ${describeJson(negate.value)}`, negate.value.span);
      }
    }
    return out;
  }

  private filterClause(json: JsonNode): FilterClause | undefined {
    if (json.kind === 'array') {
      // Doc quirk: a bare array of filters means {"LogicOperator": "AND", "Filters": [...]}.
      return { logicOperator: 'AND', logicOperatorSpan: json.span, filters: this.filters(json.elements), span: json.span };
    }
    if (json.kind !== 'object') {
      if (json.kind !== 'invalid') {
        this.error(`"FilterClause" must be an object {"LogicOperator": "AND", "Filters": [...]}, found ${describeJson(json)}`, json.span);
      }
      return undefined;
    }
    const fields = this.fields(json, CLAUSE_KEYS, 'a FilterClause', MISPLACED.clause);
    const logic = fields.get('LogicOperator');
    let logicOperator = 'AND'; // "AND" is the only value there is; a clause may leave it out.
    if (logic !== undefined) {
      if (logic.value.kind === 'string') logicOperator = logic.value.value;
      else this.error(`"LogicOperator" must be a string ("AND"), found ${describeJson(logic.value)}`, logic.value.span);
    }
    const filters = this.filters(this.arrayField(fields, 'Filters', json, 'an array of {"Type": ..., "Data": ...}'));
    return { logicOperator, logicOperatorSpan: logic?.value.span ?? json.span, filters, span: json.span };
  }

  private filters(elements: readonly JsonNode[]): Filter[] {
    const filters: Filter[] = [];
    for (const json of elements) {
      if (json.kind === 'invalid') continue;
      if (json.kind !== 'object') {
        this.error(`a filter must be an object {"Type": ..., "Data": ...}, found ${describeJson(json)}`, json.span);
        continue;
      }
      const fields = this.fields(json, FILTER_KEYS, 'a filter', {});
      const type = fields.get('Type');
      const data = fields.get('Data');
      if (type === undefined) this.error('missing "Type" in a filter (e.g. "ParticipantRole")', json.span);
      else if (type.value.kind !== 'string') this.error(`a filter's "Type" must be a string, found ${describeJson(type.value)}`, type.value.span);
      if (data === undefined) this.error('missing "Data" in a filter', json.span);
      if (type?.value.kind === 'string' && data !== undefined) {
        filters.push({ type: type.value.value, typeSpan: type.value.span, data: toPlainJson(data.value), dataSpan: data.value.span, span: json.span });
      }
    }
    return filters;
  }

  /** Indexes an object's members, reporting duplicate keys and keys not in `allowed`. */
  private fields(json: JsonObjectNode, allowed: readonly string[], where: string, misplaced: Record<string, string>): Fields {
    const fields = new Map<string, JsonMember>();
    for (const member of json.members) {
      const first = fields.get(member.key);
      if (first !== undefined) {
        const at = first.keySpan.start;
        this.error(`duplicate key ${JSON.stringify(member.key)} (first written at line ${at.line}, column ${at.column})`, member.keySpan);
      } else if (allowed.includes(member.key)) {
        fields.set(member.key, member);
      } else {
        this.error(unknownKeyMessage(member.key, allowed, where, misplaced), member.keySpan);
      }
    }
    return fields;
  }
}

/** What decides whether an object of the tree is a group or a condition (also read by json/shape.ts, without the tree). */
export interface NodeFacts {
  readonly hasComparisonValue: boolean;
  /** The Operator, when it is a string. */
  readonly operator?: string;
  /** Operands is a non-empty array of objects only. */
  readonly operandsAreNodes: boolean;
}

/**
 * Is this object a group or a condition? A node with `ComparisonValue` is a
 * condition, one whose Operator is AND / OR a group. Otherwise the operands
 * decide: child objects make a group (whose operator the validator will refuse),
 * anything else a condition. `why` explains that choice when ComparisonValue is missing.
 */
export function nodeKindOf(facts: NodeFacts): { kind: 'group' } | { kind: 'condition'; why: string } {
  const name = facts.operator;
  if (facts.hasComparisonValue) return { kind: 'condition', why: '' };
  if (name !== undefined && (GROUP_OPERATORS as readonly string[]).includes(name)) return { kind: 'group' };
  if (name !== undefined && (LEAF_OPERATORS as readonly string[]).includes(name)) {
    return { kind: 'condition', why: `a ${name} condition needs the path of the value it tests, e.g. ${EXAMPLE_PATH}` };
  }
  if (facts.operandsAreNodes) return { kind: 'group' };
  const operatorText = name !== undefined ? `operator ${JSON.stringify(name)} is not AND / OR` : 'there is no AND / OR operator';
  return {
    kind: 'condition',
    why: `${operatorText} and the operands are not nodes, so this is read as a condition, which needs the path of the value it tests`,
  };
}

function nodeKind(json: JsonObjectNode): { kind: 'group' } | { kind: 'condition'; why: string } {
  const get = (key: string) => json.members.find((m) => m.key === key)?.value;
  const operator = get('Operator');
  const operands = get('Operands');
  return nodeKindOf({
    hasComparisonValue: get('ComparisonValue') !== undefined,
    ...(operator?.kind === 'string' ? { operator: operator.value } : {}),
    operandsAreNodes: operands?.kind === 'array' && operands.elements.length > 0 && operands.elements.every((e) => e.kind === 'object'),
  });
}

function unknownKeyMessage(key: string, allowed: readonly string[], where: string, misplaced: Record<string, string>): string {
  const quoted = JSON.stringify(key);
  if (Object.hasOwn(misplaced, key)) return `unknown key ${quoted} in ${where} (${misplaced[key]})`;
  // A 64-character key is no typo of ours, and edit distance is quadratic.
  const suggestion = key.length <= 64 ? closest(key, allowed) : undefined;
  if (suggestion !== undefined) return `unknown key ${quoted} (did you mean ${JSON.stringify(suggestion)}?)`;
  return `unknown key ${quoted} in ${where} (allowed: ${allowed.map((k) => JSON.stringify(k)).join(', ')})`;
}
