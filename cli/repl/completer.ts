/**
 * Tab completion for the REPL: dot-commands and their arguments (sources, files),
 * and in a function the names of the current source's conditions (several words
 * at once: `rout` → `routing profile`), operators, filter phrases, filter types,
 * enum operands and `$.` paths; inside JSON, operators, filter types and paths.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GROUP_OPERATORS, LEAF_OPERATORS, type LeafOperator } from '../../grammar/ast.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES, resolveCondition, type EventSourceName, type ResolvedCondition } from '../../grammar/catalogue/index.ts';
import { listConditionPaths } from '../../grammar/validate.ts';
import { FAMILIES, familyOfPath, familyOfSource, type Family } from '../../grammar/text/index.ts';
import { FILTER_WORDS, filterPhrases, subjectPath, type SubjectAlias } from '../../grammar/text/aliases.ts';
import { COMMANDS } from './commands.ts';

export type CompleterResult = [string[], string];

const TEXT_KEYWORDS = ['not', 'all of (', 'any of (', 'no', 'on', 'for each', 'with', 'path', 'pattern('];
/** What may follow a condition's name (or its filters), in the order offered. */
const OPERATORS = ['in', 'contains', 'contains any', 'matches any', 'is', '>=', '<=', '='];
/**
 * The words of each operator of the catalogue, as the text form writes them after a
 * name (grammar/text/printer.ts): CONTAINS_ANY is the name's own word (`queue in`,
 * `transcript.exact contains any`, `transcript.pattern matches any`).
 */
const OPERATOR_WORDS: Readonly<Record<LeafOperator, (alias: SubjectAlias | undefined) => readonly string[]>> = {
  CONTAINS_ANY: (alias) => [alias?.any ?? 'in'],
  CONTAINS: () => ['contains'],
  EQUALS: () => ['is', '='],
  NumberGreaterOrEqualTo: () => ['>='],
  NumberLessOrEqualTo: () => ['<='],
};
const CONNECTIVES = ['and', 'or'];

/** The enum operands of a condition's catalogue row (`sentiment` → POSITIVE, NEGATIVE, NEUTRAL); undefined when it has none listed. */
function enumOperandsOf(row: ResolvedCondition | undefined): string[] | undefined {
  const values = (row?.spec.forms ?? []).flatMap((f) => ('enum' in f.operands && f.operands.enum ? [...f.operands.enum] : []));
  return values.length ? [...new Set(values)] : undefined;
}

/** Enum operands and filter values the catalogue of a source documents. */
function enumValues(source: EventSourceName | undefined): string[] {
  if (!source) return [];
  const out = new Set<string>();
  for (const c of CATALOGUE[source].conditions) {
    for (const f of c.forms) if ('enum' in f.operands && f.operands.enum) f.operands.enum.forEach((v) => out.add(v));
    for (const rule of Object.values(c.filters ?? {})) {
      if ('values' in rule.data) rule.data.values.forEach((v) => out.add(v));
      if (rule.data.kind === 'list' && rule.data.enum) rule.data.enum.forEach((v) => out.add(v));
    }
  }
  return [...out];
}

/** A condition named at the end of a line: its family's name (none for a `$.` path), its full path and its catalogue row (none where the source or the row is unknown). */
interface Subject {
  readonly alias?: SubjectAlias;
  readonly path: string;
  readonly row?: ResolvedCondition;
}

/**
 * The condition that `before` ends with, if it ends with one that an operator may
 * follow: a name, a keyed name and its key (`attribute "Tier"`), or a `$.` path, each
 * with or without its filter list (`transcript.exact(customer)`). Undefined after
 * anything else, after a name the source does not have, and after `no <name>` (a
 * whole condition already).
 */
function subjectAtEnd(before: string, source: EventSourceName | undefined): Subject | undefined {
  // A filter list is written right after the name, with no space.
  const head = before.replace(/([\w"])\([^()]*\)$/, '$1');
  const rowOf = (path: string) => (source ? resolveCondition(CATALOGUE[source], path) : undefined);
  const path = /(^|[\s(])(\$[\w.-]+)$/.exec(head);
  if (path) return { path: path[2]!, row: rowOf(path[2]!) };
  const family = familyOfSource(source);
  const endsWith = (words: string) => (text: string) => text === words || text.endsWith(` ${words}`) || text.endsWith(`(${words}`);
  const keyed = /^(.*) "((?:[^"\\]|\\.)*)"$/.exec(head);
  // No source: the names of every family (any of them then takes every operator).
  const found = (family ? [family] : FAMILIES).flatMap((f) =>
    keyed
      ? f.subjects.filter((a) => a.keyed && endsWith(a.words)(keyed[1]!)).map((alias) => ({ alias, rest: keyed[1]!, path: subjectPath(f, alias, keyed[2]!) }))
      : f.subjects.filter((a) => !a.keyed && endsWith(a.words)(head)).map((alias) => ({ alias, rest: head, path: subjectPath(f, alias) })),
  );
  // The longest name wins (`closing sentiment`, not `sentiment`), among those the source's catalogue has:
  // a family's names are shared by sources that lack some (`agent` on real-time chat is only a role).
  const best = found
    .map((f) => ({ ...f, row: rowOf(f.path) }))
    .filter((f) => !source || f.row)
    .sort((a, b) => b.alias.words.length - a.alias.words.length)[0];
  if (!best || /(^|[\s(])no$/.test(best.rest.slice(0, -best.alias.words.length).trimEnd())) return undefined;
  return { alias: best.alias, path: best.path, ...(best.row ? { row: best.row } : {}) };
}

/**
 * The filters `subject` takes (its catalogue row's), each as the phrases that open it; a type
 * without a phrase as itself (`Type = ...`). Unknown row: every phrase.
 */
function filterOpeners(subject: Subject, source: EventSourceName | undefined): { readonly type: string; readonly phrases: readonly string[] }[] {
  const rules = subject.row?.spec.filters;
  if (!subject.row) return FILTER_WORDS.map((w) => ({ type: w, phrases: [w] }));
  const family = (subject.alias ? familyOfSource(source) : undefined) ?? familyOfPath(subject.path);
  return Object.entries(rules ?? {}).map(([type, rule]) => {
    const phrases = filterPhrases(type, rule, family, subject.path);
    return { type, phrases: phrases.length ? phrases : [type] };
  });
}

/** Calls `visit` with each character of `text` from `from` on that is outside a string; true when the text ends inside one. */
function outsideStrings(text: string, from: number, visit: (c: string, i: number) => void): boolean {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else visit(c, i);
  }
  return quoted;
}

/** The innermost `(` of `line` not closed yet (-1: none), and whether the line ends inside a string. */
function innermostOpen(line: string): { readonly open: number; readonly quoted: boolean } {
  const opens: number[] = [];
  const quoted = outsideStrings(line, 0, (c, i) => {
    if (c === '(') opens.push(i);
    else if (c === ')') opens.pop();
  });
  return { open: opens.at(-1) ?? -1, quoted };
}

/** The arguments of the list opened at `open`, split at its own commas: not those in a string or an inner list (`by queue ("a", "b")`). */
function listArguments(line: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  outsideStrings(line, open + 1, (c, i) => {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      args.push(line.slice(start, i));
      start = i + 1;
    }
  });
  args.push(line.slice(start));
  return args;
}

/** Whether a filter argument is written `Type = data` (any filter; `"Type" = data` too) for `type`. */
const writtenAsType = (arg: string, type: string): boolean => {
  const written = /^(?:"([^"]*)"|(\w+))\s*=/.exec(arg);
  return (written?.[1] ?? written?.[2]) === type;
};

type Opener = { readonly type: string; readonly phrases: readonly string[] };

/** The filter type an argument of a filter list opens (`customer`, `first 30s`, `by queue (...)`, `Type = ...`). */
const typeOf = (openers: readonly Opener[], arg: string): string | undefined =>
  openers.find((o) => o.phrases.some((p) => arg === p || arg.startsWith(`${p} `)) || writtenAsType(arg, o.type))?.type;

/** What a list takes, by what opens it; the list's earlier arguments are left out of the candidates. */
interface OpenList {
  readonly candidates: readonly string[];
  /** The argument being typed. */
  readonly partial: string;
}

/**
 * Inside a list whose items the source's catalogue knows: a condition's filter list
 * (`transcript.exact(customer, `: the filters it takes and the list does not hold
 * yet, a type once), a group's `with (` (the root's filters: OnMetricDataUpdate's
 * grouping; no other group takes one), an operand list (`disconnect reason in (`:
 * the condition's documented values; none for ids and names) and a filter's own list
 * (`by channel (`: its values). Undefined elsewhere: `all of (`, `(`, `pattern(` start
 * conditions or items, as before.
 */
function openList(line: string, source: EventSourceName | undefined): OpenList | undefined {
  const { open, quoted } = innermostOpen(line);
  if (open < 0 || quoted) return undefined;
  const items = listArguments(line, open);
  const partial = items.pop()!.trimStart();
  const args = items.map((a) => a.trim());
  const before = line.slice(0, open);
  const head = before.trimEnd();
  // A filter list is written right after the condition's name, with no space.
  if (/[\w"]$/.test(before)) {
    const subject = subjectAtEnd(before, source);
    if (!subject) return undefined;
    const openers = filterOpeners(subject, source);
    const used = new Set(args.map((a) => typeOf(openers, a)));
    return { candidates: openers.filter((o) => !used.has(o.type)).flatMap((o) => o.phrases), partial };
  }
  if (/(^|[\s)])with$/.test(head)) {
    const types = Object.keys((source && CATALOGUE[source].rootFilters) ?? {});
    return { candidates: types.filter((t) => !args.some((a) => writtenAsType(a, t))), partial };
  }
  const given = (values: readonly string[]) => values.filter((v) => !args.some((a) => a === v || a === JSON.stringify(v)));
  const operator = [...LIST_OPERATORS, ...ENUM_OPERATORS].find((w) => head === w || head.endsWith(` ${w}`));
  if (operator !== undefined) {
    return { candidates: given(enumOperandsOf(subjectAtEnd(head.slice(0, -operator.length).trimEnd(), source)?.row) ?? []), partial };
  }
  // A filter's own list, inside a condition's filter list: the values its catalogue rule lists.
  const outer = innermostOpen(head).open;
  const subject = outer > 0 && /[\w"]$/.test(head.slice(0, outer)) ? subjectAtEnd(head.slice(0, outer), source) : undefined;
  const rules = subject?.row?.spec.filters;
  if (!subject || !rules) return undefined;
  const phrase = listArguments(head, outer).pop()!.trim();
  const opener = filterOpeners(subject, source).find((o) => o.phrases.includes(phrase));
  const data = opener ? rules[opener.type]?.data : undefined;
  return { candidates: given(data?.kind === 'list' && data.enum ? data.enum : []), partial };
}

/** The operator words that `subject` takes, per its catalogue row; every operator where the source or the row is unknown. */
function operatorsOf(subject: Subject): string[] {
  const row = subject.row;
  if (!row) return [...OPERATORS];
  // `EQUALS` with no operands is the `no <name>` form, written before the name.
  const words = new Set(row.spec.forms.filter((f) => f.operands.kind !== 'none').flatMap((f) => OPERATOR_WORDS[f.operator](subject.alias)));
  return OPERATORS.filter((w) => words.has(w));
}

/**
 * The condition names to offer on `source`: those of its family whose path the
 * source's catalogue has (a keyed name: some row under its prefix). A family's names
 * are shared by several sources (real-time chat has no agent or queue condition),
 * so the catalogue, which the validator also reads, decides. No source: every name.
 */
function conditionNames(source: EventSourceName | undefined): string[] {
  const family = familyOfSource(source);
  if (!family || !source) return FAMILIES.flatMap((f) => f.subjects.map((a) => a.words));
  const paths = listConditionPaths(source);
  return family.subjects
    .filter((a) => (a.keyed ? paths.some((p) => p.startsWith(subjectPath(family, a, ''))) : paths.includes(subjectPath(family, a))))
    .map((a) => (a.keyed ? `${a.words} "` : a.words));
}

function filterTypes(source: EventSourceName | undefined): string[] {
  const sources = source ? [source] : EVENT_SOURCE_NAMES;
  return [...new Set(sources.flatMap((s) => CATALOGUE[s].conditions.flatMap((c) => Object.keys(c.filters ?? {}))))];
}

function files(partial: string): string[] {
  const dir = partial.endsWith('/') ? partial : dirname(partial);
  const stem = partial.endsWith('/') ? '' : basename(partial);
  try {
    return readdirSync(dir === '' ? '.' : dir)
      .filter((f) => f.startsWith(stem))
      .map((f) => {
        const full = dir === '.' && !partial.startsWith('./') ? f : join(dir, f);
        try {
          return statSync(full).isDirectory() ? `${full}/` : full;
        } catch {
          return full;
        }
      });
  } catch {
    return [];
  }
}

const startsWith = (candidates: Iterable<string>, prefix: string): string[] =>
  [...new Set(candidates)].filter((c) => c.startsWith(prefix) && c !== prefix).sort();

/** Operators after which an operand list opens, and those whose operand is one of the source's enum values. */
const LIST_OPERATORS = ['in', 'contains any', 'matches any'];
const ENUM_OPERATORS = ['=', 'is'];
const CONDITION_STARTS = ['not', 'no', 'all of (', 'any of ('];

/**
 * What may come next after `before` (the line without its trailing space): Tab on a
 * word boundary. The start of a condition, an operator after a condition's name,
 * an operand list or enum value after an operator, a connective after a condition.
 */
function nextTokens(before: string, source: EventSourceName | undefined, names: readonly string[]): string[] {
  const endsWithWord = (words: readonly string[]) => words.find((w) => before === w || before.endsWith(` ${w}`));
  if (before === '' || /(^|[\s(])(and|or|not)$/.test(before) || /(^|\s)(all|any) of \($/.test(before) || /^\($|[\s(]\($/.test(before)) {
    return [...names, ...CONDITION_STARTS].sort();
  }
  const operator = endsWithWord([...LIST_OPERATORS, ...ENUM_OPERATORS, '>=', '<=', 'contains']);
  if (operator !== undefined) {
    if (LIST_OPERATORS.includes(operator)) return ['('];
    if (!ENUM_OPERATORS.includes(operator)) return [];
    // The condition's own values when the one before the operator (a name, a keyed name, a `$.` path; filters dropped) has them.
    return enumOperandsOf(subjectAtEnd(before.slice(0, -operator.length).trimEnd(), source)?.row) ?? enumValues(source).sort();
  }
  // A condition (with or without its filters) takes one of its operators; an operand list or value ends it.
  const subject = subjectAtEnd(before, source);
  if (subject) return operatorsOf(subject);
  if (/["\w)]$/.test(before)) return [...CONNECTIVES];
  return [];
}

/**
 * The candidates for the end of `line`, and the part of the line they replace.
 * The longest tail of the line (starting at a word) that begins some candidate wins,
 * so names of several words complete whole.
 */
export function complete(line: string, source: EventSourceName | undefined): CompleterResult {
  // Dot-commands and their arguments.
  const command = /^\s*\.(\w*)(\s+(.*))?$/.exec(line);
  if (command) {
    if (command[2] === undefined) return [startsWith(COMMANDS.map((c) => `.${c.name}`), `.${command[1]}`), line.trimStart()];
    const arg = command[3] ?? '';
    switch (command[1]) {
      case 'source':
        return [startsWith(EVENT_SOURCE_NAMES, arg), arg];
      case 'explain':
        return [startsWith(['on', 'off'], arg), arg];
      case 'load':
      case 'contact':
      case 'save':
        return [files(arg), arg];
      default:
        return [[], arg];
    }
  }

  const pathsOf = () => (source ? listConditionPaths(source) : EVENT_SOURCE_NAMES.flatMap((s) => listConditionPaths(s)));
  // Inside a JSON string: the value of "Operator", "Type" or "ComparisonValue".
  const jsonString = /"(Operator|Type|ComparisonValue|LogicOperator)"\s*:\s*"([^"]*)$/.exec(line);
  if (jsonString) {
    const [, key, partial] = jsonString;
    const candidates =
      key === 'Operator' ? [...GROUP_OPERATORS, ...LEAF_OPERATORS] : key === 'Type' ? filterTypes(source) : key === 'LogicOperator' ? ['AND'] : pathsOf();
    return [startsWith(candidates, partial), partial];
  }
  const dollar = /\$[^\s"(),]*$/.exec(line);
  if (dollar) return [startsWith(pathsOf(), dollar[0]), dollar[0]];
  if (/^\s*on\s+\S*$/.test(line)) {
    const partial = line.replace(/^\s*on\s+/, '');
    return [startsWith([...FAMILIES.map((f) => f.name), ...EVENT_SOURCE_NAMES], partial), partial];
  }

  const list = openList(line, source);
  if (list) return [startsWith(list.candidates, list.partial), list.partial];

  const names = conditionNames(source);
  if (line === '' || /[\s(,]$/.test(line)) return [nextTokens(line.trimEnd(), source, names), ''];
  const anywhere = [...names, ...TEXT_KEYWORDS, ...FILTER_WORDS, ...enumValues(source), ...filterTypes(source)];
  // Tails that start at a word: after a space, a parenthesis or a comma.
  for (let i = 0; i < line.length; i++) {
    if (i > 0 && !/[\s(,]/.test(line[i - 1])) continue;
    const tail = line.slice(i);
    if (tail === '' || /^\s/.test(tail) || /["()]/.test(tail)) continue;
    // After a condition (`queue `) comes one of its operators; after a value, a connective.
    const before = line.slice(0, i).trimEnd();
    const subject = before === '' ? undefined : subjectAtEnd(before, source);
    const hits = startsWith(subject ? operatorsOf(subject) : /[)"]$/.test(before) ? CONNECTIVES : anywhere, tail);
    if (hits.length) return [hits, tail];
  }
  return [[], ''];
}
