/**
 * The format of a rule test file (docs/rule-tests.md) as one Spec of the schema
 * kernel (engine/schema), and its wording: each problem names the file, the line
 * and column of the member in it (JSON and YAML alike, read back with the yaml
 * package's source ranges only when there is something to report), the member's
 * path and what was expected there: `t.rules-test.yaml:4:14: cases[0].matches[1]:
 * expected a rule name, got the number 5`. The checks that need the file's rules or
 * its folder (rule names, event files) are in rule-tests.ts and located the same way.
 */
import { isMap, isNode, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { closest, didYouMean } from '../../grammar/catalogue/suggest.ts';
import { EVENT_SOURCE_NAMES } from '../../grammar/catalogue/types.ts';
import { UserError } from '../../grammar/errors.ts';
import { describe } from '../context/problems.ts';
import { ACTION_TYPES } from '../rules/model.ts';
import { any, dotted, listOf, oneOf, opt, req, type Field, type Problem, type Segment, type Spec, str, validate } from '../schema/check.ts';

/** A test file that is not one: its path, the place in it, and what was expected. */
export class RuleTestFileError extends UserError {
  constructor(
    message: string,
    /** Where the (first) problem is: the file as labelled, and its line and column when known. */
    readonly location: { readonly file: string; readonly line?: number; readonly column?: number; readonly path?: string } = { file: '' },
  ) {
    super(message);
  }
}

const strict = (fields: Record<string, Field>): Spec => ({ kind: 'struct', fields, strict: true });
const RULE_NAMES = listOf(str(1));

export const ACTION_SPEC = strict({ rule: req(str(1)), type: req(oneOf(ACTION_TYPES)), request: opt({ kind: 'map', value: any }) });

/** A case: its event and contact are a path or inline JSON (`any` here; rule-tests.ts reads them). */
export const CASE_SPEC = strict({
  name: opt(str(1)),
  event: req(any),
  contact: opt(any),
  source: opt(oneOf(EVENT_SOURCE_NAMES)),
  matches: opt(RULE_NAMES),
  doesNotMatch: opt(RULE_NAMES),
  actions: opt(listOf(ACTION_SPEC)),
});

export const TEST_FILE_SPEC = strict({ rules: req(str(1)), cases: req(listOf(CASE_SPEC, 1)) });

const SHAPE = '{"rules": "<path of the rules>", "cases": [...]}';

/** What each member of the format holds, by its role (the path with indexes dropped). */
const EXPECTED: Readonly<Record<string, string>> = {
  '': SHAPE,
  rules: `the path of the rules, relative to the test file (${SHAPE})`,
  cases: `a list of cases (${SHAPE})`,
  'cases[]': 'an object',
  'cases[].name': 'a string',
  'cases[].event': 'a file path or an inline JSON object',
  'cases[].contact': 'a file path or an inline JSON object',
  'cases[].source': 'an event source',
  'cases[].matches': 'a list of rule names',
  'cases[].doesNotMatch': 'a list of rule names',
  'cases[].matches[]': 'a rule name',
  'cases[].doesNotMatch[]': 'a rule name',
  'cases[].actions': 'a list of {rule, type, request}',
  'cases[].actions[]': '{rule, type, request?}',
  'cases[].actions[].rule': 'a rule name',
  'cases[].actions[].type': 'an action type',
  'cases[].actions[].request': 'an object of the values the request holds',
};

/** What a struct is called in "is not a member of ...". */
const STRUCT_NAME: Readonly<Record<string, string>> = { '': 'a test file', 'cases[]': 'a case', 'cases[].actions[]': 'an expected action' };

const roleOf = (path: readonly Segment[]): string =>
  path.reduce<string>((role, s) => (typeof s === 'number' ? `${role}[]` : typeof s === 'string' ? (role === '' ? s : `${role}.${s}`) : role), '');

const oneOfWords = (received: unknown, values: readonly string[]): string =>
  didYouMean(typeof received === 'string' ? closest(received, values) : undefined) || ` (one of ${values.join(', ')})`;

/** One problem in the words of a person editing the file (without its location). */
export function problemText(p: Problem): string {
  const role = roleOf(p.path);
  const parent = roleOf(p.path.slice(0, -1));
  const expected = EXPECTED[role] ?? 'a value';
  switch (p.code) {
    case 'required':
      return `expected ${expected}, got nothing`;
    case 'enum':
      return `${JSON.stringify(p.received)} is not ${expected}${oneOfWords(p.received, (p.spec as { enum: readonly string[] }).enum)}`;
    case 'too-short':
      return `expected ${expected}, got an empty string`;
    case 'too-few':
      return 'expected at least one case, got none (a test file that tests nothing passes whatever the rules do)';
    case 'unknown': {
      const members = Object.keys((p.spec as { fields: object }).fields);
      const name = String(p.path[p.path.length - 1]);
      return `not a member of ${STRUCT_NAME[parent] ?? 'this object'}${didYouMean(closest(name, members)) || ` (its members: ${members.join(', ')})`}`;
    }
    default:
      return `expected ${expected}, got ${describe(p.received)}`;
  }
}

/** Finds lines and columns of members in the file's text; parses it again only when asked. */
export class Locator {
  private doc?: { root: unknown; lines: LineCounter };

  constructor(
    readonly label: string,
    private readonly text: string,
  ) {}

  /** `label:line:col: path: ` of the member at `path` (or of its nearest parent present in the file). */
  prefix(path: readonly Segment[]): string {
    const at = this.position(path);
    const where = dotted(path);
    return `${this.label}${at ? `:${at.line}:${at.col}` : ''}: ${where === '' ? '' : `${where}: `}`;
  }

  /** A RuleTestFileError at `path`. */
  error(path: readonly Segment[], text: string, more: readonly string[] = []): RuleTestFileError {
    const at = this.position(path);
    return new RuleTestFileError([`${this.prefix(path)}${text}`, ...more].join('\n'), {
      file: this.label,
      ...(at ? { line: at.line, column: at.col } : {}),
      path: dotted(path),
    });
  }

  private position(path: readonly Segment[]): { line: number; col: number } | undefined {
    const offset = this.node(path)?.range?.[0];
    return offset === undefined ? undefined : this.parsed().lines.linePos(offset);
  }

  /** YAML is a superset of JSON: one parser gives the source ranges of both. */
  private parsed(): { root: unknown; lines: LineCounter } {
    this.doc ??= (() => {
      const lines = new LineCounter();
      return { root: parseDocument(this.text, { lineCounter: lines }).contents, lines };
    })();
    return this.doc;
  }

  /** The node of the member at `path`, or of its nearest parent present in the file. */
  private node(path: readonly Segment[]): Node | undefined {
    let node = this.parsed().root;
    for (const segment of path) {
      if (!(isMap(node) || isSeq(node))) break;
      const key = typeof segment === 'object' ? ('entry' in segment ? segment.entry : segment.key) : segment;
      const next: unknown = node.get(key, true);
      if (!isNode(next)) break;
      node = next;
    }
    return isNode(node) ? node : undefined;
  }
}

/** A parsed test file's problems against TEST_FILE_SPEC (up to 20), one located RuleTestFileError each. */
export function testFileProblems(doc: unknown, locator: Locator): RuleTestFileError[] {
  return validate(TEST_FILE_SPEC, doc, { limit: 20 }).problems.map((p) => locator.error(p.path, problemText(p)));
}
