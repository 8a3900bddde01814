/**
 * AST → the readable text form. The printer is total: whatever the JSON parser
 * accepted prints, and `parseText(printText(doc))` gives back a document whose
 * canonical JSON is identical. A value prints in its readable form only when
 * that form reads back to exactly the same JSON (same keys, same order); anything
 * else falls back to a generic form (`path "..."`, `Type = <JSON>`, a JSON literal).
 *
 * Lines end with `and` / `or` / `(` / `,` when a function spans several lines, so
 * a printed function pasted into the REPL is read as one function.
 */
import { requireDocument } from '../given.ts';
import { LANGUAGE_VERSION, type ConditionNode, type Filter, type FilterClause, type FunctionDocument, type GroupNode, type JsonValue, type RuleNode } from '../ast.ts';
import { METRIC_GROUPINGS, type EventSourceName } from '../catalogue/types.ts';
import {
  DIMENSION_FILTERS,
  FILTER_PHRASES,
  GROUPING_FILTER,
  ROLE_WORDS,
  aliasOfPath,
  familyOfPath,
  familyOfSource,
  pastFilter,
  type Family,
} from './aliases.ts';
import { KEYWORD_WORDS } from './lexer.ts';

export interface TextPrintOptions {
  /** Print names relative to this source's family (otherwise: the family most paths stand under). */
  readonly source?: EventSourceName;
  /** Lines longer than this are broken, one condition a line. */
  readonly width?: number;
}

const INDENT = '  ';
const KEYWORD_SET = new Set(KEYWORD_WORDS);
const ROLE_BY_DATA = new Map(Object.entries(ROLE_WORDS).map(([word, data]) => [data, word]));
const DIMENSION_BY_TYPE = new Map(Object.entries(DIMENSION_FILTERS).map(([words, type]) => [type, words]));

/** An object with exactly these keys in this order (what the readable forms produce). */
const hasKeys = (value: JsonValue, keys: readonly string[]): value is { [key: string]: JsonValue } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === keys.length &&
  Object.keys(value).every((k, i) => k === keys[i]);

const json = (value: JsonValue): string => JSON.stringify(value);
const str = (value: string): string => JSON.stringify(value);
const isWord = (s: string): boolean => /^[A-Za-z][A-Za-z0-9_]*$/.test(s) && !KEYWORD_SET.has(s);
/** A word where a word or a string may stand (`language EN`, `use case SelfService`). */
const wordOrString = (s: string): string => (isWord(s) ? s : str(s));
/** Operand strings print bare when they look like an enum value: `NEGATIVE`, `CUSTOMER_DISCONNECT`. */
const isEnumWord = (s: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(s);
const numberText = (n: number): string => JSON.stringify(n);

function patternItem(item: JsonValue): string | undefined {
  if (!hasKeys(item, ['Type', 'Value'])) return undefined;
  const { Type: type, Value: value } = item;
  if (type === 'PLAIN' && typeof value === 'string') return str(value);
  if (type === 'NUMERICAL' && hasKeys(value, ['Decimal']) && typeof value.Decimal === 'boolean') return value.Decimal ? 'decimal' : 'number';
  if (type === 'PROXIMITY' && hasKeys(value, ['Distance', 'IsWithin']) && typeof value.Distance === 'number' && typeof value.IsWithin === 'boolean') {
    const unit = value.Distance === 1 ? 'word' : 'words';
    return `${value.IsWithin ? '' : 'not '}within ${numberText(value.Distance)} ${unit}`;
  }
  if (type === 'LIST' && Array.isArray(value)) {
    const plain = value.every((v) => hasKeys(v, ['Type', 'Value']) && v.Type === 'PLAIN' && typeof v.Value === 'string');
    if (plain) return `one of (${value.map((v) => str((v as { Value: string }).Value)).join(', ')})`;
  }
  return undefined;
}

/** A PatternMatch operand array as `pattern(...)`, when every item has a readable form or is an object. */
function patternText(value: JsonValue[]): string | undefined {
  if (value.length === 0) return undefined;
  const items: string[] = [];
  let readable = false;
  for (const item of value) {
    const text = patternItem(item);
    if (text !== undefined) readable = true;
    else if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    items.push(text ?? json(item));
  }
  return readable ? `pattern(${items.join(' ')})` : undefined;
}

export function valueText(value: JsonValue): string {
  if (typeof value === 'string') return isEnumWord(value) ? value : str(value);
  if (typeof value === 'number') return numberText(value);
  if (Array.isArray(value)) return patternText(value) ?? json(value);
  return json(value);
}

const listText = (values: readonly JsonValue[]): string => `(${values.map(valueText).join(', ')})`;
const seconds = (n: number): string => `${numberText(n)}s`;

class Printer {
  constructor(
    private readonly family: Family | undefined,
    private readonly width: number,
  ) {}

  // -------------------------------------------------------------------------
  // filters

  filter(f: Filter, path: string | undefined): string {
    const family = path === undefined ? this.family : familyOfPath(path);
    const d = f.data;
    if (f.type === 'ParticipantRole' && typeof d === 'string' && ROLE_BY_DATA.has(d)) return ROLE_BY_DATA.get(d)!;
    const periods = family?.periods;
    if (periods) {
      if (f.type === periods.first && hasKeys(d, ['First']) && typeof d.First === 'number') return `first ${seconds(d.First)}`;
      if (f.type === periods.last && hasKeys(d, ['Last']) && typeof d.Last === 'number') return `last ${seconds(d.Last)}`;
      const past = pastFilter(family, path);
      if (f.type === past && hasKeys(d, ['Past']) && typeof d.Past === 'number') return `past ${seconds(d.Past)}`;
    }
    if (f.type === FILTER_PHRASES.language && typeof d === 'string') return `language ${wordOrString(d)}`;
    if (f.type === FILTER_PHRASES.useCase && hasKeys(d, ['Value']) && typeof d.Value === 'string') return `use case ${wordOrString(d.Value)}`;
    if (f.type === FILTER_PHRASES.escalated && (d === 'TRUE' || d === 'FALSE')) return d === 'TRUE' ? 'escalated' : 'not escalated';
    if (f.type === FILTER_PHRASES.threshold && hasKeys(d, ['Comparison', 'ThresholdValue']) && d.Comparison === 'LT' && typeof d.ThresholdValue === 'number') {
      return `threshold ${seconds(d.ThresholdValue)}`;
    }
    const dimension = DIMENSION_BY_TYPE.get(f.type);
    if (dimension && Array.isArray(d)) return `by ${dimension} ${listText(d)}`;
    return `${isWord(f.type) && f.type !== 'logic' ? f.type : str(f.type)} = ${json(d)}`;
  }

  filterArgs(clause: FilterClause, path: string | undefined): string[] {
    const args = clause.filters.map((f) => this.filter(f, path));
    return clause.logicOperator === 'AND' ? args : [`logic ${str(clause.logicOperator)}`, ...args];
  }

  /** The header line of the root's filters: `for each queue`, or `with (...)`. */
  rootFilters(clause: FilterClause): string {
    const [only] = clause.filters;
    if (
      clause.logicOperator === 'AND' &&
      clause.filters.length === 1 &&
      only.type === GROUPING_FILTER &&
      Array.isArray(only.data) &&
      only.data.length === 1 &&
      (METRIC_GROUPINGS as readonly JsonValue[]).includes(only.data[0])
    ) {
      return `for each ${String(only.data[0]).toLowerCase().replace(/_/g, '-')}`;
    }
    return `with (${this.filterArgs(clause, undefined).join(', ')})`;
  }

  // -------------------------------------------------------------------------
  // conditions

  subject(path: string): { text: string; any: string } {
    const named = this.family ? aliasOfPath(this.family, path) : undefined;
    if (named) return { text: named.key === undefined ? named.alias.words : `${named.alias.words} ${str(named.key)}`, any: named.alias.any ?? 'in' };
    if (/^\$(\.[A-Za-z0-9_-]+)+$/.test(path)) return { text: path, any: 'in' };
    return { text: `path ${str(path)}`, any: 'in' };
  }

  condition(node: ConditionNode): string {
    const subject = this.subject(node.comparisonValue);
    const args = node.filterClause ? `(${this.filterArgs(node.filterClause, node.comparisonValue).join(', ')})` : '';
    const head = `${subject.text}${args}`;
    const values = node.operands.map((o) => o.value);
    const single = values.length === 1 ? ` ${valueText(values[0])}` : ` ${listText(values)}`;
    let body: string;
    switch (node.operator) {
      case 'CONTAINS_ANY':
        body = `${head} ${subject.any} ${listText(values)}`;
        break;
      case 'CONTAINS':
        body = `${head} contains${single}`;
        break;
      case 'EQUALS':
        body = values.length === 0 ? `no ${head}` : `${head} =${single}`;
        break;
      case 'NumberGreaterOrEqualTo':
        body = `${head} >=${single}`;
        break;
      case 'NumberLessOrEqualTo':
        body = `${head} <=${single}`;
        break;
      default:
        body = `${head} operator ${str(node.operator)} ${listText(values)}`;
    }
    return `${negation(node)}${body}`;
  }

  // -------------------------------------------------------------------------
  // groups

  /** A group written as `a and b` (two or more operands, AND/OR, no filters of its own). */
  private isChain(group: GroupNode, ignoreFilters = false): boolean {
    return (group.operator === 'AND' || group.operator === 'OR') && group.operands.length >= 2 && (ignoreFilters || !group.filterClause);
  }

  /** Lines of `a and b and c`, one line when it fits. */
  chain(group: GroupNode, indent: string): string {
    const word = group.operator === 'AND' ? 'and' : 'or';
    const parts = group.operands.map((child) => this.child(child, indent));
    const oneLine = parts.join(` ${word} `);
    if (!oneLine.includes('\n') && indent.length + oneLine.length <= this.width) return oneLine;
    return parts.map((p, i) => (i < parts.length - 1 ? `${p} ${word}` : p)).join(`\n${indent}`);
  }

  /** A node standing as an operand of a chain. */
  child(node: RuleNode, indent: string): string {
    if (node.kind === 'condition') return this.condition(node);
    if (this.isChain(node)) return `${negation(node)}${this.block('(', [this.chain(node, indent + INDENT)], ')', indent)}`;
    return this.explicit(node, indent, false);
  }

  /** `all of (...)`, `any of (...)`, `group "X" of (...)`. */
  explicit(group: GroupNode, indent: string, isRoot: boolean): string {
    const kind = group.operator === 'AND' ? 'all' : group.operator === 'OR' ? 'any' : `group ${str(group.operator)}`;
    const inner = indent + INDENT;
    const items = group.operands.map((child) =>
      child.kind === 'group' && this.isChain(child) && child.negate === undefined ? this.chain(child, inner) : this.child(child, inner),
    );
    const withClause = group.filterClause && !isRoot ? ` with (${this.filterArgs(group.filterClause, undefined).join(', ')})` : '';
    return `${negation(group)}${this.block(`${kind} of (`, items, `)${withClause}`, indent, ',')}`;
  }

  /** `open items close` on one line when it fits, else one item a line, indented. */
  block(open: string, items: string[], close: string, indent: string, sep = ''): string {
    const oneLine = `${open}${items.join(`${sep} `)}${close}`;
    if (!oneLine.includes('\n') && indent.length + oneLine.length <= this.width) return oneLine;
    if (items.length === 0) return `${open}${close}`;
    const inner = indent + INDENT;
    return `${open}\n${items.map((item, i) => `${inner}${item}${i < items.length - 1 ? sep : ''}`).join('\n')}\n${indent}${close}`;
  }

  document(doc: FunctionDocument): string {
    const lines: string[] = [];
    if (this.family) lines.push(`on ${this.family.name}`);
    if (doc.version !== LANGUAGE_VERSION) lines.push(`version ${str(doc.version)}`);
    const root = doc.root;
    if (root.filterClause) lines.push(this.rootFilters(root.filterClause));
    const [only] = root.operands;
    if (root.operator === 'AND' && root.operands.length === 1 && only.kind === 'condition' && root.negate === undefined) {
      lines.push(this.condition(only));
    } else if (this.isChain(root, true)) {
      lines.push(root.negate === undefined ? this.chain(root, '') : `${negation(root)}${this.block('(', [this.chain(root, INDENT)], ')', '')}`);
    } else {
      lines.push(this.explicit(root, '', true));
    }
    return `${lines.join('\n')}\n`;
  }
}

function negation(node: RuleNode): string {
  if (node.negate === true) return 'not ';
  // Leaves print `Negate: false` whether written or not; groups only when written.
  if (node.negate === false && node.kind === 'group') return 'negate false ';
  return '';
}

function leafPaths(node: RuleNode, out: string[] = []): string[] {
  if (node.kind === 'condition') out.push(node.comparisonValue);
  else for (const child of node.operands) leafPaths(child, out);
  return out;
}

/** The family most of the paths have a name in: the `on` line of the text. */
function chooseFamily(doc: FunctionDocument): Family | undefined {
  const counts = new Map<Family, number>();
  for (const path of leafPaths(doc.root)) {
    const family = familyOfPath(path);
    if (family && aliasOfPath(family, path)) counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  let best: Family | undefined;
  for (const [family, n] of counts) if (!best || n > counts.get(best)!) best = family;
  return best;
}

/** Prints a document in the readable text form, ending with a newline. */
export function printText(doc: FunctionDocument, options: TextPrintOptions = {}): string {
  requireDocument(doc, 'printText');
  const family = familyOfSource(options.source) ?? chooseFamily(doc);
  return new Printer(family, options.width ?? 100).document(doc);
}
