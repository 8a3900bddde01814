/**
 * Readable text → the shared AST (grammar/ast.ts), with spans into the text, so
 * the validator and the compiler work on it unchanged and their errors point at
 * the words the user wrote. Names and filter phrases are read through the alias
 * tables; anything unknown is a located RuleSyntaxError with "did you mean".
 */
import { EOF, type CstElement, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import {
  LANGUAGE_VERSION,
  type ConditionNode,
  type Filter,
  type FilterClause,
  type FunctionDocument,
  type GroupNode,
  type JsonValue,
  type Operand,
  type RuleNode,
} from '../ast.ts';
import { METRIC_GROUPINGS, type EventSourceName } from '../catalogue/types.ts';
import { RuleSyntaxError, type RuleValidationError, type SourceSpan } from '../errors.ts';
import { LineIndex } from '../json/positions.ts';
import {
  DIMENSION_FILTERS,
  FAMILIES,
  FILTER_PHRASES,
  FILTER_WORDS,
  GROUPING_FILTER,
  ROLE_WORDS,
  SECOND_UNITS,
  familyByWord,
  familyOfPath,
  familyOfSource,
  findSubject,
  pastFilter,
  sourceOfWord,
  subjectPath,
  type Family,
} from './aliases.ts';
import { nestingTooDeep } from '../depth.ts';
import { textGrammar } from './grammar.ts';
import { firstTooDeep } from './nesting.ts';
import { ANY_SOURCE, conditionLimitError } from '../condition-limit.ts';
import { conditionCountingFor } from '../validate.ts';
import { textShape } from './shape.ts';
import * as T from './lexer.ts';
import { hint, typoOf } from './hints.ts';

export interface TextParseOptions {
  /** The event source the text is for: its family names the relative paths when the text has no `on` line. */
  readonly source?: EventSourceName;
}

export interface TextParseResult {
  readonly document?: FunctionDocument;
  readonly errors: readonly (RuleSyntaxError | RuleValidationError)[];
  /** The source named by an `on <EventSourceName>` line. */
  readonly source?: EventSourceName;
  /** True when the text stops in the middle of a function (a REPL then reads another line). */
  readonly incomplete: boolean;
}

type Children = Record<string, CstElement[] | undefined>;
const isToken = (e: CstElement): e is IToken => (e as IToken).tokenType !== undefined;
const kids = (node: CstNode): Children => node.children as Children;
const tok = (node: CstNode, label: string, i = 0): IToken | undefined => kids(node)[label]?.[i] as IToken | undefined;
const sub = (node: CstNode, label: string, i = 0): CstNode | undefined => kids(node)[label]?.[i] as CstNode | undefined;
const all = (node: CstNode, label: string): CstElement[] => kids(node)[label] ?? [];

const startOf = (e: CstElement): number => (isToken(e) ? e.startOffset : e.location!.startOffset);
/** Where an element ends (exclusive). The lexer tracks start offsets only, so a node ends where its last token does. */
function endOf(e: CstElement): number {
  if (isToken(e)) return e.startOffset + e.image.length;
  let end = e.location!.startOffset;
  for (const list of Object.values(e.children)) for (const child of list) end = Math.max(end, endOf(child));
  return end;
}

const PATTERN_WORDS = ['one of', 'within', 'not within', 'number', 'decimal'];

/** Words that are part of the language, so that a typo of a keyword among them is not suspected. */
const VOCABULARY = new Set<string>([
  ...FAMILIES.flatMap((f) => [f.name, ...f.subjects.flatMap((a) => a.words.toLowerCase().split(' '))]),
  ...FILTER_WORDS.flatMap((w) => w.split(' ')),
  ...SECOND_UNITS,
  'one',
  'within',
  'word',
  'words',
  'number',
  'decimal',
  'each',
  'logic',
  'routing-profile',
]);

class Builder {
  readonly errors: RuleSyntaxError[] = [];
  family: Family | undefined;
  source: EventSourceName | undefined;

  constructor(
    private readonly index: LineIndex,
    options: TextParseOptions,
  ) {
    this.family = familyOfSource(options.source);
  }

  span(start: number, end: number): SourceSpan {
    return this.index.span(start, end);
  }

  spanOf(first: CstElement, last: CstElement = first): SourceSpan {
    return this.span(startOf(first), endOf(last));
  }

  error(message: string, span: SourceSpan): void {
    this.errors.push(new RuleSyntaxError(message, span));
  }

  // -------------------------------------------------------------------------
  // document and headers

  document(cst: CstNode): FunctionDocument {
    let version = LANGUAGE_VERSION;
    let versionSpan = this.span(0, 0);
    const rootFilters: Filter[] = [];
    let rootLogic: { value: string; span: SourceSpan } | undefined;
    let clauseSpan: SourceSpan | undefined;
    let familyToken: IToken | undefined;
    // `on` first: the filters of the other headers read their phrases in its family.
    const headers = (all(cst, 'headers') as CstNode[]).sort((a, b) => Number(tok(b, 'keyword')!.image === 'on') - Number(tok(a, 'keyword')!.image === 'on'));
    for (const header of headers) {
      const keyword = tok(header, 'keyword')!;
      const value = tok(header, 'value');
      const whole = this.spanOf(keyword, value ?? sub(header, 'filters') ?? keyword);
      if (keyword.image === 'for' || keyword.image === 'with') {
        clauseSpan = clauseSpan ? this.span(Math.min(clauseSpan.start.offset, whole.start.offset), Math.max(clauseSpan.end.offset, whole.end.offset)) : whole;
      }
      switch (keyword.image) {
        case 'on': {
          const { word, family, source } = readOnValue(value!);
          if (familyToken) {
            // the first kept everywhere, as the condition limit reads it (headerSource): no second error about its conditions
            this.error('the event source is named twice', whole);
            break;
          }
          familyToken = value;
          if (!family) {
            const names = [...FAMILIES.map((f) => f.name), ...FAMILIES.flatMap((f) => f.sources)];
            this.error(`unknown event source \`${word}\`${hint(word, names) || `; one of: ${FAMILIES.map((f) => f.name).join(', ')}`}`, this.spanOf(value!));
          } else {
            this.family = family;
            this.source = source;
          }
          break;
        }
        case 'version':
          version = JSON.parse(value!.image);
          versionSpan = this.spanOf(value!);
          break;
        case 'for': {
          const each = tok(header, 'each')!;
          if (each.image !== 'each') this.error(`expected \`each\` after \`for\` but found \`${each.image}\``, this.spanOf(each));
          const grouping = value!.image.toUpperCase().replace(/-/g, '_');
          if (!(METRIC_GROUPINGS as readonly string[]).includes(grouping)) {
            const words = METRIC_GROUPINGS.map((g) => g.toLowerCase().replace(/_/g, '-'));
            this.error(`unknown grouping \`${value!.image}\`${hint(value!.image, words) || `; one of: ${words.join(', ')}`}`, this.spanOf(value!));
          }
          rootFilters.push({ type: GROUPING_FILTER, typeSpan: this.spanOf(keyword, each), data: [grouping], dataSpan: this.spanOf(value!), span: whole });
          break;
        }
        case 'with': {
          const clause = this.filterClause(sub(header, 'filters')!, undefined);
          rootFilters.push(...clause.filters);
          if (clause.logicOperator !== 'AND') rootLogic = { value: clause.logicOperator, span: clause.logicOperatorSpan };
          break;
        }
      }
    }

    const body = this.expr(sub(cst, 'expr')!);
    const bodySpan = body.span;
    let root: GroupNode;
    if (body.kind === 'group') {
      root = body;
    } else {
      root = { kind: 'group', operator: 'AND', operatorSpan: bodySpan, operands: [body], span: bodySpan };
    }
    if (clauseSpan) {
      if (root.filterClause) this.error('the filters of the whole rule are written twice (in a header and with `with`)', root.filterClause.span);
      const filterClause: FilterClause = {
        logicOperator: rootLogic?.value ?? 'AND',
        logicOperatorSpan: rootLogic?.span ?? clauseSpan,
        filters: rootFilters,
        span: clauseSpan,
      };
      root = { ...root, filterClause };
    }
    return { version, versionSpan, root, span: this.span(0, this.index.text.length) };
  }

  // -------------------------------------------------------------------------
  // expressions

  expr(node: CstNode): RuleNode {
    const operands = (all(node, 'operands') as CstNode[]).map((u) => this.unary(u));
    const connectives = all(node, 'connectives') as IToken[];
    if (connectives.length === 0) return operands[0];
    const first = connectives[0];
    const mixed = connectives.find((c) => c.tokenType !== first.tokenType);
    if (mixed) {
      this.error(
        `\`${first.image}\` and \`${mixed.image}\` are mixed: put parentheses around the conditions that go together, as in \`(a and b) or c\``,
        this.spanOf(mixed),
      );
    }
    return {
      kind: 'group',
      operator: first.tokenType === T.And ? 'AND' : 'OR',
      operatorSpan: this.spanOf(first),
      operands,
      span: this.span(operands[0].span.start.offset, operands[operands.length - 1].span.end.offset),
    };
  }

  unary(node: CstNode): RuleNode {
    // The `not`s written in a row, read in a loop: one error for the whole run, not one per `not`.
    const prefixes: { marker: IToken; flag?: IToken }[] = [];
    let at = node;
    for (let primary = sub(at, 'primary'); !primary; primary = sub(at, 'primary')) {
      prefixes.push({ marker: tok(at, 'not') ?? tok(at, 'negate')!, flag: tok(at, 'flag') });
      at = sub(at, 'inner')!;
    }
    const inner = this.primary(sub(at, 'primary')!);
    if (prefixes.length === 0) return inner;
    const { marker, flag } = prefixes[0]!;
    const negate = flag ? flag.tokenType === T.True : true;
    const negateSpan = this.spanOf(marker, flag ?? marker);
    const times = prefixes.length + (inner.negate === undefined ? 0 : 1);
    if (times > 1) {
      const last = prefixes[prefixes.length - 1]!;
      this.error(`\`not\` is written ${times === 2 ? 'twice' : `${times} times`} on the same condition`, this.spanOf(marker, last.flag ?? last.marker));
    }
    return { ...inner, negate, negateSpan, span: this.span(startOf(marker), inner.span.end.offset) };
  }

  primary(node: CstNode): RuleNode {
    const inner = sub(node, 'inner');
    if (inner) {
      const body = this.expr(inner);
      // The parentheses belong to the group they enclose (a condition keeps its own span).
      return body.kind === 'group' ? { ...body, span: this.spanOf(tok(node, 'open')!, tok(node, 'close')!) } : body;
    }
    const group = sub(node, 'group');
    if (group) return this.group(group);
    const no = tok(node, 'no');
    if (no) {
      const subject = this.subject(sub(node, 'subject')!);
      const end = subject.end;
      return {
        kind: 'condition',
        operator: 'EQUALS',
        operatorSpan: this.spanOf(no),
        operands: [],
        operandsSpan: this.span(end, end),
        comparisonValue: subject.path,
        comparisonValueSpan: subject.pathSpan,
        ...(subject.filterClause ? { filterClause: subject.filterClause } : {}),
        span: this.span(startOf(no), end),
      };
    }
    return this.condition(sub(node, 'condition')!);
  }

  group(node: CstNode): GroupNode {
    const kind = tok(node, 'kind')!;
    const name = tok(node, 'name');
    const operator = kind.tokenType === T.All ? 'AND' : kind.tokenType === T.Any ? 'OR' : JSON.parse(name!.image);
    const filters = sub(node, 'filters');
    const end = filters ?? tok(node, 'close')!;
    return {
      kind: 'group',
      operator,
      operatorSpan: this.spanOf(kind, tok(node, 'of')!),
      operands: (all(node, 'operands') as CstNode[]).map((e) => this.expr(e)),
      ...(filters ? { filterClause: this.filterClause(filters, undefined) } : {}),
      span: this.spanOf(kind, end),
    };
  }

  condition(node: CstNode): ConditionNode {
    const subject = this.subject(sub(node, 'subject')!);
    const opNode = sub(node, 'operator')!;
    const op = tok(opNode, 'op')!;
    const anyToken = tok(opNode, 'any');
    const name = tok(opNode, 'name');
    let operator: string;
    switch (op.tokenType) {
      case T.In:
        operator = 'CONTAINS_ANY';
        break;
      case T.Contains:
        operator = anyToken ? 'CONTAINS_ANY' : 'CONTAINS';
        break;
      case T.Matches:
        operator = 'CONTAINS_ANY';
        break;
      case T.Equals:
      case T.Is:
        operator = 'EQUALS';
        break;
      case T.GreaterEq:
        operator = 'NumberGreaterOrEqualTo';
        break;
      case T.LessEq:
        operator = 'NumberLessOrEqualTo';
        break;
      default:
        operator = JSON.parse(name!.image);
    }
    const operandsNode = sub(node, 'operands')!;
    const list = sub(operandsNode, 'list');
    const operands: Operand[] = list
      ? (all(list, 'values') as CstNode[]).map((v) => ({ value: this.value(v), span: this.spanOf(v) }))
      : [{ value: this.value(sub(operandsNode, 'single')!), span: this.spanOf(operandsNode) }];
    return {
      kind: 'condition',
      operator,
      operatorSpan: this.spanOf(op, name ?? anyToken ?? op),
      operands,
      operandsSpan: this.spanOf(operandsNode),
      comparisonValue: subject.path,
      comparisonValueSpan: subject.pathSpan,
      ...(subject.filterClause ? { filterClause: subject.filterClause } : {}),
      span: this.span(subject.pathSpan.start.offset, endOf(operandsNode)),
    };
  }

  // -------------------------------------------------------------------------
  // names

  subject(node: CstNode): { path: string; pathSpan: SourceSpan; filterClause?: FilterClause; end: number } {
    const filters = sub(node, 'filters');
    const pathString = tok(node, 'pathString');
    const pathLiteral = tok(node, 'pathLiteral');
    let path: string;
    let pathSpan: SourceSpan;
    if (pathString) {
      path = JSON.parse(pathString.image);
      pathSpan = this.spanOf(tok(node, 'path')!, pathString);
    } else if (pathLiteral) {
      path = pathLiteral.image;
      pathSpan = this.spanOf(pathLiteral);
    } else {
      const words = all(node, 'words') as IToken[];
      const key = tok(node, 'key');
      pathSpan = this.spanOf(words[0], key ?? words[words.length - 1]);
      path = this.namedPath(words, key, pathSpan);
    }
    const filterClause = filters ? this.filterClause(filters, path) : undefined;
    return { path, pathSpan, filterClause, end: filters ? endOf(filters) : pathSpan.end.offset };
  }

  namedPath(words: IToken[], keyToken: IToken | undefined, span: SourceSpan): string {
    const phrase = words.map((w) => w.image).join(' ');
    const key = keyToken ? (JSON.parse(keyToken.image) as string) : undefined;
    let family = this.family;
    if (!family) {
      const owner = FAMILIES.find((f) => findSubject(f, phrase));
      if (owner) {
        this.error(
          `\`${phrase}\` depends on the event source: start the text with \`on <source>\` (such as \`on ${owner.name}\`) or give the source`,
          span,
        );
        family = owner;
      } else {
        const names = FAMILIES.flatMap((f) => f.subjects.map((a) => a.words));
        this.error(`unknown condition \`${phrase}\`${hint(phrase, names)}`, span);
        return phrase;
      }
    }
    const alias = findSubject(family, phrase);
    if (!alias) {
      const names = family.subjects.map((a) => a.words);
      const suggestion = hint(phrase, names) || this.operatorHint(words, family);
      this.error(`unknown condition \`${phrase}\` on ${family.name}${suggestion || `; write \`path "${family.prefix}.<...>"\` for any other path`}`, span);
      return `${family.prefix}.${phrase}`;
    }
    if (alias.keyed && key === undefined) this.error(`\`${alias.words}\` needs a name in quotes: \`${alias.words} "<name>"\``, span);
    if (!alias.keyed && key !== undefined) this.error(`\`${alias.words}\` takes no name in quotes`, this.spanOf(keyToken!));
    return subjectPath(family, alias, key);
  }

  /** `queue inn`: a name followed by a misspelt operator. */
  private operatorHint(words: IToken[], family: Family): string {
    for (let cut = words.length - 1; cut > 0; cut--) {
      const head = words.slice(0, cut).map((w) => w.image).join(' ');
      if (findSubject(family, head)) {
        const suggestion = hint(words[cut].image, ['in', 'contains', 'matches', 'is']);
        if (suggestion) return `; after \`${head}\`, \`${words[cut].image}\` is not an operator${suggestion}`;
      }
    }
    return '';
  }

  // -------------------------------------------------------------------------
  // filters

  filterClause(node: CstNode, path: string | undefined): FilterClause {
    const open = tok(node, 'open')!;
    const close = tok(node, 'close')!;
    let logicOperator = 'AND';
    let logicOperatorSpan = this.spanOf(open);
    const filters: Filter[] = [];
    const family = path === undefined ? this.family : familyOfPath(path);
    for (const arg of all(node, 'args') as CstNode[]) {
      const atoms = all(arg, 'atoms');
      const first = atoms[0];
      if (isToken(first) && first.image === 'logic' && atoms.length === 2 && isToken(atoms[1])) {
        logicOperator = this.wordValue(atoms[1]);
        logicOperatorSpan = this.spanOf(first, atoms[1]);
        continue;
      }
      const filter = this.filter(atoms, family, path);
      if (filter) filters.push(filter);
    }
    return { logicOperator, logicOperatorSpan, filters, span: this.spanOf(open, close) };
  }

  /** A word or a string standing for a string. */
  wordValue(atom: CstElement): string {
    const t = atom as IToken;
    return t.tokenType === T.StringLiteral ? JSON.parse(t.image) : t.image;
  }

  filter(atoms: CstElement[], family: Family | undefined, path: string | undefined): Filter | undefined {
    const span = this.spanOf(atoms[0], atoms[atoms.length - 1]);
    const make = (type: string, data: JsonValue, typeEnd: number, dataFrom: number): Filter => ({
      type,
      typeSpan: this.spanOf(atoms[0], atoms[typeEnd]),
      data,
      dataSpan: this.spanOf(atoms[Math.min(dataFrom, atoms.length - 1)], atoms[atoms.length - 1]),
      span,
    });

    // Generic: `Type = <JSON>`.
    if (atoms.length >= 2 && isToken(atoms[1]) && atoms[1].tokenType === T.Equals) {
      const head = atoms[0];
      if (!isToken(head) || (head.tokenType !== T.Word && head.tokenType !== T.StringLiteral) || atoms.length !== 3) {
        this.error('a filter written as `Type = <JSON>` needs a filter type name before `=` and one JSON value after it', span);
        return undefined;
      }
      return make(this.wordValue(head), this.json(atoms[2] as CstNode), 0, 2);
    }

    // The readable phrases: the leading words, then what follows them.
    let n = 0;
    const words: string[] = [];
    while (n < atoms.length && isToken(atoms[n]) && [T.Word, T.Not, T.Any].includes((atoms[n] as IToken).tokenType)) {
      words.push((atoms[n] as IToken).image);
      n++;
    }
    const rest = atoms.slice(n);
    const phrase = words.join(' ').toLowerCase();
    const head = words[0]?.toLowerCase();

    const seconds = (): number | undefined => {
      const [num, unit, ...extra] = rest;
      if (!num || !isToken(num) || num.tokenType !== T.NumberLiteral || extra.length) return undefined;
      if (unit && !(isToken(unit) && unit.tokenType === T.Word && (SECOND_UNITS as readonly string[]).includes(unit.image))) return undefined;
      return Number(num.image);
    };

    if (words.length === 1 && rest.length === 0 && Object.hasOwn(ROLE_WORDS, phrase)) return make('ParticipantRole', ROLE_WORDS[phrase], 0, 0);
    if (words.length === 1 && (head === 'first' || head === 'last' || head === 'past' || head === 'threshold')) {
      const value = seconds();
      if (value === undefined) {
        this.error(`\`${head}\` needs a number of seconds, as in \`${head} 30s\``, span);
        return undefined;
      }
      if (head === 'threshold') return make(FILTER_PHRASES.threshold, { Comparison: 'LT', ThresholdValue: value }, 0, 1);
      const type = head === 'past' ? pastFilter(family, path) : family?.periods[head];
      if (!type) {
        const key = head === 'first' ? 'First' : head === 'last' ? 'Last' : 'Past';
        this.error(
          `\`${head} ${value}s\` has no filter ${family ? `on ${family.name} conditions` : 'here'}; write the filter as \`<Type> = {"${key}": ${value}}\``,
          span,
        );
        return undefined;
      }
      return make(type, { [head === 'first' ? 'First' : head === 'last' ? 'Last' : 'Past']: value }, 0, 1);
    }
    if (head === 'language' && ((words.length === 2 && rest.length === 0) || (words.length === 1 && rest.length === 1))) {
      return make(FILTER_PHRASES.language, this.wordValue(words.length === 2 ? atoms[1] : rest[0]), 0, 1);
    }
    if (head === 'use' && words[1]?.toLowerCase() === 'case' && ((words.length === 3 && !rest.length) || (words.length === 2 && rest.length === 1))) {
      return make(FILTER_PHRASES.useCase, { Value: this.wordValue(atoms[2]) }, 1, 2);
    }
    if (phrase === 'escalated' && !rest.length) return make(FILTER_PHRASES.escalated, 'TRUE', 0, 0);
    if (phrase === 'not escalated' && !rest.length) return make(FILTER_PHRASES.escalated, 'FALSE', 1, 0);
    if (head === 'by') {
      const list = atoms[atoms.length - 1];
      const dimension = atoms
        .slice(1, -1)
        .map((a) => (isToken(a) ? a.image : '?'))
        .join(' ')
        .toLowerCase();
      const type = Object.hasOwn(DIMENSION_FILTERS, dimension) ? DIMENSION_FILTERS[dimension] : undefined;
      if (!type || isToken(list) || list.name !== 'valueList') {
        const suggestion = type
          ? `; list the ids in parentheses: \`by ${dimension} ("id-1", "id-2")\``
          : hint(`by ${dimension}`, Object.keys(DIMENSION_FILTERS).map((d) => `by ${d}`));
        this.error(`unknown filter \`by ${dimension}\`${suggestion}`, span);
        return undefined;
      }
      const values = (all(list, 'values') as CstNode[]).map((v) => this.value(v));
      return make(type, values, atoms.length - 2, atoms.length - 1);
    }
    const said = atoms.map((a) => (isToken(a) ? a.image : '(...)')).join(' ');
    const suggestion = hint(phrase || said, FILTER_WORDS);
    this.error(`unknown filter \`${said}\`${suggestion || '; write other filters as `Type = <JSON>`'}`, span);
    return undefined;
  }

  // -------------------------------------------------------------------------
  // values

  value(node: CstNode): JsonValue {
    const word = tok(node, 'word');
    if (word) return word.image;
    const pattern = sub(node, 'pattern');
    if (pattern) return this.pattern(pattern);
    return this.json(sub(node, 'json')!);
  }

  json(node: CstNode): JsonValue {
    const literal = tok(node, 'literal');
    if (literal) {
      switch (literal.tokenType) {
        case T.StringLiteral:
          return JSON.parse(literal.image) as string;
        case T.NumberLiteral:
          return Number(literal.image);
        case T.True:
          return true;
        case T.False:
          return false;
        default:
          return null;
      }
    }
    const array = sub(node, 'array');
    if (array) return (all(array, 'elements') as CstNode[]).map((e) => this.json(e));
    return this.object(sub(node, 'object')!);
  }

  object(node: CstNode): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    const keys = all(node, 'keys') as IToken[];
    const values = all(node, 'values') as CstNode[];
    keys.forEach((k, i) => {
      // defineProperty: a "__proto__" key stays an own property, as with JSON.parse.
      Object.defineProperty(out, JSON.parse(k.image), { value: this.json(values[i]), enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  /** `pattern("credit*" not within 1 word "card*")` → a PatternMatch operand array. */
  pattern(node: CstNode): JsonValue {
    const atoms = all(node, 'atoms');
    const items: JsonValue[] = [];
    const fail = (at: CstElement, message: string) => this.error(message, this.spanOf(at));
    for (let i = 0; i < atoms.length; i++) {
      const a = atoms[i];
      if (!isToken(a)) {
        if (a.name === 'jsonObject') items.push(this.object(a));
        else fail(a, 'a list in a pattern is written `one of ("a", "b")`');
        continue;
      }
      const next = atoms[i + 1];
      if (a.tokenType === T.StringLiteral) {
        items.push({ Type: 'PLAIN', Value: JSON.parse(a.image) });
      } else if (a.image === 'number' || a.image === 'decimal') {
        items.push({ Type: 'NUMERICAL', Value: { Decimal: a.image === 'decimal' } });
      } else if (a.image === 'one' && next && isToken(next) && next.tokenType === T.Of && atoms[i + 2] && !isToken(atoms[i + 2])) {
        const list = atoms[i + 2] as CstNode;
        const values = (all(list, 'values') as CstNode[]).map((v) => this.value(v));
        if (values.some((v) => typeof v !== 'string')) fail(list, 'the values of `one of (...)` are words in quotes');
        items.push({ Type: 'LIST', Value: values.map((v) => ({ Type: 'PLAIN', Value: v })) });
        i += 2;
      } else if (a.image === 'within' || (a.tokenType === T.Not && next && isToken(next) && next.image === 'within')) {
        const at = a.tokenType === T.Not ? i + 1 : i;
        const num = atoms[at + 1];
        const unit = atoms[at + 2];
        if (!num || !isToken(num) || num.tokenType !== T.NumberLiteral || !unit || !isToken(unit) || !['word', 'words'].includes(unit.image)) {
          fail(a, '`within` is written `within N words` (or `not within N words`)');
          i = at + (num && isToken(num) && num.tokenType === T.NumberLiteral ? 1 : 0);
          continue;
        }
        items.push({ Type: 'PROXIMITY', Value: { Distance: Number(num.image), IsWithin: a.tokenType !== T.Not } });
        i = at + 2;
      } else {
        fail(a, `unexpected \`${a.image}\` in a pattern${hint(a.image, PATTERN_WORDS) || '; expected a quoted word, `one of (...)`, `within N words`, `number` or `decimal`'}`);
      }
    }
    return items;
  }
}

const SUSPECTED_KEYWORDS = ['and', 'or', 'not', 'in', 'contains', 'matches', 'any', 'all', 'of', 'is'];

/** A misspelt keyword before a syntax error (`queue inn ("a")`): the likelier cause. */
function suspiciousWord(tokens: readonly IToken[], before: number): IToken | undefined {
  for (const t of tokens) {
    if (t.startOffset >= before) break;
    if (t.tokenType !== T.Word || /[A-Z]/.test(t.image) || VOCABULARY.has(t.image)) continue;
    if (typoOf(t.image, SUSPECTED_KEYWORDS)) return t;
  }
  return undefined;
}

function syntaxError(index: LineIndex, tokens: readonly IToken[], e: IRecognitionException): { error: RuleSyntaxError; incomplete: boolean } {
  const atEnd = e.token.tokenType === EOF;
  const start = atEnd ? index.text.length : e.token.startOffset;
  const suspect = suspiciousWord(tokens, start);
  if (suspect) {
    const keyword = typoOf(suspect.image, SUSPECTED_KEYWORDS);
    return {
      error: new RuleSyntaxError(`unexpected word \`${suspect.image}\` (did you mean \`${keyword}\`?)`, index.span(suspect.startOffset, suspect.startOffset + suspect.image.length)),
      incomplete: false,
    };
  }
  const end = atEnd ? start : start + e.token.image.length;
  return { error: new RuleSyntaxError(e.message, index.span(start, end)), incomplete: atEnd };
}

/** What the value of an `on` header names: its word, the family of that word, and the source the text is for. */
interface OnReading {
  readonly word: string;
  readonly family: Family | undefined;
  /** The source the word names, or its family's only one; undefined for a family of several (`case`) or none. */
  readonly source: EventSourceName | undefined;
}

/**
 * The one reader of an `on` header's value, for the Builder (which locates an unknown
 * word) and for the condition limit, read from the tokens before the CST is built.
 */
function readOnValue(value: IToken): OnReading {
  // The lexer's StringLiteral is a JSON string, so JSON.parse cannot throw.
  const word: string = value.tokenType === T.StringLiteral ? JSON.parse(value.image) : value.image;
  const family = familyByWord(word);
  return { word, family, source: family && sourceOfWord(family, word) };
}

/** The source of the first `on` header in the tokens (a header named twice is refused by the Builder). */
function headerSource(tokens: readonly IToken[]): EventSourceName | undefined {
  const at = tokens.findIndex((t) => t.tokenType === T.On);
  const value = at < 0 ? undefined : tokens[at + 1];
  return value && readOnValue(value).source;
}

/** Parses the readable text form into the shared AST. Never throws on bad input. */
export function parseText(text: string, options: TextParseOptions = {}): TextParseResult {
  const index = new LineIndex(text);
  const lexed = T.textLexer().tokenize(text);
  if (lexed.errors.length) {
    const errors = lexed.errors.map((e) => {
      // The whole character, not one UTF-16 unit: an emoji is two.
      const ch = String.fromCodePoint(text.codePointAt(e.offset)!);
      const what =
        ch === '"'
          ? 'a string that is not closed (or has an invalid escape)'
          : ch === '>' || ch === '<'
            ? `unexpected \`${ch}\`: the comparisons are \`>=\` and \`<=\` (at least, at most)`
            : ch === '!'
              ? 'unexpected `!`: write `not` before a condition to negate it'
              : `unexpected character \`${ch}\``;
      return new RuleSyntaxError(what, index.span(e.offset, e.offset + Math.max(ch.length, ch === '"' ? e.length : 1)));
    });
    return { errors, incomplete: false };
  }
  const deep = firstTooDeep(lexed.tokens);
  if (deep) return { errors: [new RuleSyntaxError(nestingTooDeep(), index.span(deep.startOffset, deep.startOffset + deep.image.length))], incomplete: false };
  // Past the condition limit: refused before the CST is built (grammar/condition-limit.ts), counted as the
  // source counts when the text or the caller names it (a metric rule is told of its groups' limits).
  const source = headerSource(lexed.tokens) ?? options.source;
  const tooMany = conditionLimitError(textShape(lexed.tokens), index, source === undefined ? ANY_SOURCE : conditionCountingFor(source));
  if (tooMany) return { errors: [tooMany], incomplete: false };
  const grammar = textGrammar();
  grammar.input = lexed.tokens;
  const cst = grammar.document();
  if (grammar.errors.length) {
    const { error, incomplete } = syntaxError(index, lexed.tokens, grammar.errors[0]);
    const headerOnly = lexed.tokens.length === 0 || (lexed.tokens.length === 2 && lexed.tokens[0]!.tokenType === T.On);
    if (headerOnly) {
      // Nothing to parse is not a mistake in a condition: say what is missing.
      const what = lexed.tokens.length === 0 ? (text.trim() ? 'only comments' : 'nothing') : 'only the `on` line';
      return { errors: [new RuleSyntaxError(`no condition: the text holds ${what}; write one such as \`queue in ("q-1")\``, error.span)], incomplete };
    }
    return { errors: [error], incomplete };
  }
  const builder = new Builder(index, options);
  const document = builder.document(cst);
  if (builder.errors.length) return { errors: builder.errors, incomplete: false, source: builder.source };
  return { document, errors: [], incomplete: false, ...(builder.source ? { source: builder.source } : {}) };
}
