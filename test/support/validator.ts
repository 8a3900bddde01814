/**
 * Test support for the validator: rule functions written as JSON text (one node per
 * line, as in the Amazon Connect examples, so a problem's line says which node), parsed
 * with the real parser, validated, and the problems shown as `line:col message`.
 *
 * `describeRows` turns a hand-written table of the documented conditions of a source
 * into the cases every row gets: accepted as written, each other documented form
 * accepted, `Negate: true` accepted or refused as the docs say, a wrong operator, a
 * bad operand and bad or missing filters refused with the expected message, at the
 * expected place. The table is written from AWS's documentation of each source's
 * conditions, not from the catalogue, and must name every path of the catalogue.
 */
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../grammar/ast.ts';
import { listConditionPaths, resolveCondition, CATALOGUE, type EventSourceName } from '../../grammar/catalogue/index.ts';
import { parseFunction } from '../../grammar/parse.ts';
import { conditionCountingFor, validateFunction } from '../../grammar/validate.ts';

export interface FilterJson {
  readonly Type: string;
  readonly Data: JsonValue;
}

/** A condition as the tests write it; `Negate` defaults to false. */
export interface Leaf {
  readonly op: string;
  readonly path: string;
  readonly operands: readonly JsonValue[];
  readonly filters?: readonly FilterJson[];
  readonly negate?: boolean;
}

/** A group as the tests write it. */
export interface Group {
  readonly group: string;
  readonly operands: readonly Node[];
  readonly filters?: readonly FilterJson[];
  readonly negate?: boolean;
}

export type Node = Leaf | Group;

const isGroup = (n: Node): n is Group => 'group' in n;

export const leaf = (op: string, path: string, operands: readonly JsonValue[], extra: Partial<Leaf> = {}): Leaf => ({
  op,
  path,
  operands,
  ...extra,
});
export const and = (...operands: Node[]): Group => ({ group: 'AND', operands });
export const or = (...operands: Node[]): Group => ({ group: 'OR', operands });
export const role = (r: string): FilterJson => ({ Type: 'ParticipantRole', Data: r });

function nodeJson(n: Node): JsonValue {
  const clause: { FilterClause?: JsonValue } = n.filters
    ? { FilterClause: { LogicOperator: 'AND', Filters: n.filters as unknown as JsonValue[] } }
    : {};
  if (isGroup(n)) {
    return {
      Operator: n.group,
      Operands: n.operands.map(nodeJson),
      ...clause,
      ...(n.negate !== undefined ? { Negate: n.negate } : {}),
    };
  }
  return {
    Operator: n.op,
    Operands: n.operands as JsonValue[],
    ComparisonValue: n.path,
    ...clause,
    Negate: n.negate ?? false,
  };
}

/**
 * The `Function` text of a root group: the root on the first line, each operand on
 * a line of its own (compact JSON), and the root's FilterClause on the last line.
 */
export function render(root: Group, version = '2022-11-25'): string {
  const head = `{"Version":${JSON.stringify(version)},"RuleFunction":{"Operator":${JSON.stringify(root.group)},"Operands":[`;
  const body = root.operands.map((n) => `  ${JSON.stringify(nodeJson(n))}`).join(',\n');
  const tail = [
    ...(root.filters ? [`,"FilterClause":${JSON.stringify({ LogicOperator: 'AND', Filters: root.filters })}`] : []),
    ...(root.negate !== undefined ? [`,"Negate":${root.negate}`] : []),
  ].join('');
  return `${head}\n${body}\n]${tail}}}`;
}

/** The problems of `text` for `source` as `line:col message`; parse problems fail the test. */
export function problems(text: string, source: EventSourceName): string[] {
  const parsed = parseFunction(text, conditionCountingFor(source));
  // A function past the condition limit is refused before it is parsed (grammar/condition-limit.ts), in the validator's words.
  const refused = parsed.errors.length > 0 && parsed.errors.every((e) => e.kind === 'validation');
  if (!parsed.document && !refused) throw new Error(`test input does not parse:\n${parsed.errors.map((e) => e.format()).join('\n')}\n${text}`);
  const errors = parsed.document ? validateFunction(parsed.document, source) : parsed.errors;
  return errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

/** `line:col` of the first occurrence of `needle` in `text` (after `after`, if given), plus `skip` characters. */
export function at(text: string, needle: string, opts: { skip?: number; after?: string } = {}): string {
  const from = opts.after === undefined ? 0 : text.indexOf(opts.after);
  const index = text.indexOf(needle, Math.max(0, from));
  if (index < 0 || from < 0) throw new Error(`${JSON.stringify(needle)} not in\n${text}`);
  const offset = index + (opts.skip ?? 0);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** `line:col` of the value of `"key":<value>` (compact JSON) in `text`. */
export const valueAt = (text: string, key: string, value: JsonValue, after?: string): string =>
  at(text, `"${key}":${JSON.stringify(value)}`, { skip: key.length + 3, after });

// ---------------------------------------------------------------------------
// row tables

/** Where an expected problem is: the value of a key, a needle, or a whole node. */
export type Place =
  | { readonly value: readonly [key: string, value: JsonValue] }
  | { readonly needle: string; readonly after?: string }
  | 'operands'
  | 'comparisonValue'
  | 'filterClause'
  | 'leaf';

export interface Expected {
  readonly message: string;
  readonly at: Place;
}

export interface BadCase {
  /** Replaces parts of the row's valid leaf. */
  readonly change: Partial<Leaf>;
  readonly expect: Expected;
}

export interface RowCase {
  /** The ComparisonValue tested (a template with a concrete key). */
  readonly path: string;
  /** A valid condition on the path, as written. */
  readonly valid: Leaf;
  /** The other documented forms of the row, each valid. */
  readonly alsoValid?: readonly Leaf[];
  /** Whether the docs allow `Negate: true`. */
  readonly negatable: boolean;
  /** A leaf operator the row refuses, with the operators it takes (for the message). */
  readonly wrongOperator: { readonly op: string; readonly use: string };
  /** Bad operands (at least one per row). */
  readonly badOperands: readonly BadCase[];
  /** Bad or missing filters (where the row has filters). */
  readonly badFilters?: readonly BadCase[];
  /** Siblings of the leaf inside its compound `AND` group (compound members only). */
  readonly compoundWith?: readonly Leaf[];
  /** OnMetricDataUpdate: the root grouping. */
  readonly grouping?: string;
}

/** The function text of one row case's leaf, in its compound or metric group when it needs one. */
export function rowFunction(row: RowCase, l: Leaf): string {
  if (row.grouping) {
    return render({ group: 'OR', operands: [and(l)], filters: [{ Type: 'MetricDataGrouping', Data: [row.grouping] }] });
  }
  return render(and(row.compoundWith ? and(l, ...row.compoundWith) : l));
}

function locate(text: string, l: Leaf, place: Place): string {
  const leafJson = JSON.stringify(nodeJson(l));
  const after = leafJson; // the leaf's own line, not a sibling's
  if (place === 'operands') return at(text, '"Operands":', { skip: 11, after });
  if (place === 'comparisonValue') return valueAt(text, 'ComparisonValue', l.path, after);
  if (place === 'filterClause') return at(text, '"FilterClause":', { skip: 15, after });
  if (place === 'leaf') return at(text, leafJson);
  if ('value' in place) return valueAt(text, place.value[0], place.value[1], after);
  return at(text, place.needle, { after: place.after ?? after });
}

/** The table-driven cases of every row of `source`. */
export function describeRows(source: EventSourceName, rows: readonly RowCase[]): void {
  describe(`${source}: every documented condition`, () => {
    it('the table covers every catalogue row, and nothing else', () => {
      const tested = new Set(rows.map((r) => resolveCondition(CATALOGUE[source], r.path)?.spec.path ?? `(unknown) ${r.path}`));
      expect([...tested].sort()).toEqual(listConditionPaths(source).sort());
    });

    for (const row of rows) {
      describe(row.path, () => {
        it('accepts the documented forms', () => {
          for (const l of [row.valid, ...(row.alsoValid ?? [])]) expect(problems(rowFunction(row, l), source)).toEqual([]);
        });

        it(row.negatable ? 'accepts Negate: true' : 'refuses Negate: true', () => {
          const l = { ...row.valid, negate: true };
          const text = rowFunction(row, l);
          const name = resolveCondition(CATALOGUE[source], row.path)!.spec.name;
          expect(problems(text, source)).toEqual(
            row.negatable
              ? []
              : [`${valueAt(text, 'Negate', true)} Negate: true is not allowed on ${name}: the docs only allow false`],
          );
        });

        it(`refuses ${row.wrongOperator.op}`, () => {
          const l = { ...row.valid, op: row.wrongOperator.op };
          const text = rowFunction(row, l);
          const spec = resolveCondition(CATALOGUE[source], row.path)!.spec;
          const expected = `${valueAt(text, 'Operator', l.op)} ${l.op} is not an operator of ${spec.name} (${spec.path}): use ${row.wrongOperator.use}`;
          expect(problems(text, source)).toEqual([expected]);
        });

        for (const [kind, cases] of [
          ['operand', row.badOperands],
          ['filter', row.badFilters ?? []],
        ] as const) {
          for (const bad of cases) {
            it(`refuses a bad ${kind}: ${bad.expect.message}`, () => {
              const l = { ...row.valid, ...bad.change };
              const text = rowFunction(row, l);
              expect(problems(text, source)).toEqual([`${locate(text, l, bad.expect.at)} ${bad.expect.message}`]);
            });
          }
        }
      });
    }
  });
}
