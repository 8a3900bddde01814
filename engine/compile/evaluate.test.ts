/**
 * Table-driven evaluation tests (in the manner of AWS event-ruler's correctness
 * cases): every case of cases/*.ts is validated, compiled and evaluated, and its
 * hand-written verdict checked three ways (matches, explain, and the canonical event
 * as loadCanonicalEvent gives it). A completeness test holds the tables to the
 * catalogue: a condition row without its cases fails the suite.
 */
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../../grammar/index.ts';
import { CATALOGUE, resolveCondition } from '../../grammar/catalogue/index.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { loadCanonicalEvent } from '../context/index.ts';
import { compileFunction, type CompiledFunction, type ExplainTrace } from './index.ts';
import { ALL_CASES, CASE_FAMILIES, type EvalCase } from '../../test/support/evaluation-cases/index.ts';
import { CONVERSATION, CONVERSATION_MILLIS } from '../../test/support/evaluation-cases/transcript.ts';
import { contactEvent, leaf, role, type JsonObject } from '../../test/support/evaluation-cases/support.ts';

const VERSION = '2022-11-25';

/** The `Function` text of a case: its condition under a root AND, or its whole function. */
function functionText(c: EvalCase): string {
  const doc = c.function ?? { Version: VERSION, RuleFunction: { Operator: 'AND', Operands: [c.condition!] } };
  return JSON.stringify(doc);
}

function compileCase(c: EvalCase): { compiled?: CompiledFunction; errors: string[] } {
  const { document, errors } = checkFunction(functionText(c), c.source);
  if (!document) return { errors: errors.map((e) => e.message) };
  return { compiled: compileFunction(document, c.source), errors: [] };
}

/** Every node of a trace, depth first. */
function* nodesOf(trace: ExplainTrace): Generator<ExplainTrace> {
  yield trace;
  for (const child of trace.children ?? []) yield* nodesOf(child);
}

/**
 * A trace whose every node says what it decided: result = raw XOR negate (false for a
 * condition that does not apply here, whatever Negate), a group's raw from its children.
 */
function expectConsistent(trace: ExplainTrace): void {
  for (const node of nodesOf(trace)) {
    expect(node.result, `${node.operator} ${node.path ?? ''}`).toBe(node.notApplicable ? false : node.raw !== node.negate);
    if (node.kind === 'group' && node.children?.length) {
      const results = (node.children ?? []).map((c) => c.result);
      expect(node.raw).toBe(node.operator === 'AND' ? results.every(Boolean) : results.some(Boolean));
    } else if (node.missing) {
      expect(node.value).toBeUndefined();
    }
  }
}

const label = (c: EvalCase) => `${c.source} · ${c.name} → ${c.expected}`;

describe.each(Object.entries(CASE_FAMILIES))('%s cases', (_family, cases) => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const { compiled, errors } = compileCase(c);
    expect(errors, 'the validator refuses the case').toEqual([]);
    const event = structuredClone(c.event);
    expect(compiled!.matches(event)).toBe(c.expected);
    const explained = compiled!.explain(event);
    expect(explained.matched).toBe(c.expected);
    expect(explained.trace.result).toBe(c.expected);
    expectConsistent(explained.trace);
    if (c.notCanonical) {
      expect(() => loadCanonicalEvent(structuredClone(c.event)), c.notCanonical).toThrow();
    } else {
      const loaded = loadCanonicalEvent(structuredClone(c.event));
      expect(compiled!.matches(loaded), 'the verdict on the loaded canonical event').toBe(c.expected);
    }
  });
});

describe('case tables', () => {
  it('name every case uniquely within its source', () => {
    const seen = new Set<string>();
    const duplicates = ALL_CASES.map((c) => `${c.source} · ${c.name}`).filter((k) => seen.has(k) || !seen.add(k));
    expect(duplicates).toEqual([]);
  });

  it('give each case a condition or a whole function, never both', () => {
    const bad = ALL_CASES.filter((c) => (c.condition === undefined) === (c.function === undefined)).map(label);
    expect(bad).toEqual([]);
  });
});

/** What the cases show of one condition row, gathered from their traces. */
interface RowCoverage {
  readonly operators: Set<string>;
  matched: boolean;
  unmatched: boolean;
  missing: boolean;
  negated: boolean;
  negatedMissing: boolean;
  /** a case where the data is absent and the documented default was read (missingAs) */
  defaulted: boolean;
}

function coverage(): Map<string, RowCoverage> {
  const rows = new Map<string, RowCoverage>();
  for (const c of ALL_CASES) {
    const { compiled } = compileCase(c);
    if (!compiled) continue; // its own test fails
    const catalogue = CATALOGUE[c.source];
    for (const node of nodesOf(compiled.explain(structuredClone(c.event)).trace)) {
      if (node.kind !== 'condition' || !node.path) continue;
      const spec = resolveCondition(catalogue, node.path)?.spec;
      if (!spec) continue;
      const key = `${c.source} ${spec.path}`;
      let row = rows.get(key);
      if (!row) {
        row = { operators: new Set(), matched: false, unmatched: false, missing: false, negated: false, negatedMissing: false, defaulted: false };
        rows.set(key, row);
      }
      row.operators.add(node.operator);
      const missingAs = 'missingAs' in spec.value ? spec.value.missingAs : undefined;
      if (missingAs && node.detail?.includes(missingAs.why)) row.defaulted = true;
      if (!node.negate) {
        if (node.missing) row.missing = true;
        else if (node.raw) row.matched = true;
        else row.unmatched = true;
      } else {
        row.negated = true;
        if (node.missing) row.negatedMissing = true;
      }
    }
  }
  return rows;
}

describe('completeness against the catalogue', () => {
  const covered = coverage();
  const documented = (Object.keys(CATALOGUE) as EventSourceName[]).filter((s) => CATALOGUE[s].documented);
  const rows = documented.flatMap((source) => CATALOGUE[source].conditions.map((spec) => ({ source, spec })));

  it.each(rows.map(({ source, spec }) => [`${source} ${spec.path}`, source, spec] as const))('%s', (_key, source, spec) => {
    const row = covered.get(`${source} ${spec.path}`);
    expect(row, 'no case tests this condition').toBeDefined();
    for (const form of spec.forms) {
      expect([...row!.operators], `no case uses ${form.operator}`).toContain(form.operator);
    }
    const noValueOnly = spec.forms.every((f) => f.operands.kind === 'none');
    if (!noValueOnly) {
      expect(row!.matched, 'no case where the value satisfies it').toBe(true);
    }
    expect(row!.unmatched, 'no case where a present value does not satisfy it').toBe(true);
    // a row with a documented default (missing sentiment is neutral) never reads a missing value
    const missingAs = 'missingAs' in spec.value ? spec.value.missingAs : undefined;
    if (missingAs) expect(row!.defaulted, `no case where the data is absent and reads ${missingAs.value}`).toBe(true);
    else expect(row!.missing, 'no case where the value is missing').toBe(true);
    if (spec.negatable) {
      expect(row!.negated, 'negatable, but no case negates it').toBe(true);
      expect(row!.negatedMissing, 'negatable, but no case negates it on a missing value').toBe(true);
    }
  });

  it('covers every documented source', () => {
    const sources = new Set(ALL_CASES.map((c) => c.source));
    expect(documented.filter((s) => !sources.has(s))).toEqual([]);
  });
});

/** The leaf traces of a one-condition function evaluated on `event`. */
function explainLeaf(source: EventSourceName, condition: JsonObject, event: JsonObject): ExplainTrace {
  const c: EvalCase = { source, name: 'trace', condition, event, expected: false };
  const { compiled, errors } = compileCase(c);
  expect(errors).toEqual([]);
  const trace = compiled!.explain(event).trace;
  return trace.children![0];
}

describe('explain trace', () => {
  const source = 'OnPostCallAnalysisAvailable';
  const P = '$.ContactLens.PostCall';
  const call = contactEvent(source, { Transcript: CONVERSATION, TotalConversationDurationMillis: CONVERSATION_MILLIS });

  it('names the transcript item and the words that matched', () => {
    const trace = explainLeaf(source, leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['cancel my account'], { filters: [role('CUSTOMER')] }), call);
    expect(trace.result).toBe(true);
    expect(trace.detail).toContain('c2');
    expect(trace.detail).toContain('"cancel my account"');
    expect(trace.detail).toMatch(/CUSTOMER/);
  });

  it('shows the matched text as said, for a pattern', () => {
    const trace = explainLeaf(
      source,
      leaf(`${P}.PatternMatch.Transcript`, 'CONTAINS_ANY', [[{ Type: 'PLAIN', Value: 'polic*' }]], { filters: [role('AGENT')] }),
      call,
    );
    expect(trace.result).toBe(true);
    expect(trace.detail).toContain('a2');
    expect(trace.detail).toContain('policies');
  });

  it('says which semantic matcher decided', () => {
    const trace = explainLeaf(source, leaf(`${P}.SemanticMatch.Transcript`, 'CONTAINS_ANY', ['speak to a manager'], { filters: [role('ANY')] }), call);
    expect(trace.result).toBe(false);
    expect(trace.detail).toMatch(/lemma-overlap/);
    const phrase = explainLeaf(source, leaf(`${P}.SemanticMatch.Phrase`, 'EQUALS', ['The customer asked for a refund.']), call);
    expect(phrase.detail).toMatch(/lemma-overlap/);
  });

  it('says a missing sentiment was read as neutral, and why (AWS documents it)', () => {
    const trace = explainLeaf(source, leaf(`${P}.Sentiment.State`, 'EQUALS', ['NEUTRAL'], { filters: [role('CUSTOMER')] }), call);
    expect(trace).toMatchObject({ missing: false, value: 'NEUTRAL', result: true });
    expect(trace.detail).toBe(
      "no data for CUSTOMER: read as \"NEUTRAL\" (AWS: when rules are applied to contacts that don't have sentiment data, neutral sentiment is used)",
    );
  });

  it('says when real-time words were said only in a partial utterance, which Connect does not evaluate', () => {
    const rt = 'OnRealTimeCallAnalysisAvailable';
    const event = contactEvent(rt, {
      Transcript: [{ Id: 'f1', ParticipantRole: 'CUSTOMER', Content: 'I would like to cancel.', BeginOffsetMillis: 6000, EndOffsetMillis: 9000 }],
      PartialUtterances: [{ Id: 'u1', ParticipantRole: 'CUSTOMER', Content: 'I would like a supervisor', BeginOffsetMillis: 6100, EndOffsetMillis: 8200 }],
    });
    const trace = explainLeaf(rt, leaf('$.ContactLens.RealTimeCall.ExactMatch.Transcript', 'CONTAINS_ANY', ['supervisor'], { filters: [role('CUSTOMER')] }), event);
    expect(trace).toMatchObject({ missing: false, result: false });
    expect(trace.detail).toBe(
      '"supervisor" only in a partial utterance (CUSTOMER, 00:06: "supervisor"), ignored: Connect evaluates completed transcript segments',
    );
    const said = explainLeaf(rt, leaf('$.ContactLens.RealTimeCall.ExactMatch.Transcript', 'CONTAINS_ANY', ['cancel'], { filters: [role('CUSTOMER')] }), event);
    expect(said.detail).not.toContain('partial');
  });

  it('marks a missing value, with no value shown', () => {
    const trace = explainLeaf(source, leaf(`${P}.Queue.QueueId`, 'CONTAINS_ANY', ['11111111-1234-5678-9123-123456780120']), call);
    expect(trace).toMatchObject({ missing: true, raw: false, negate: false, result: false });
    expect(trace.value).toBeUndefined();
    const noQueue = explainLeaf(source, leaf(`${P}.Queue.QueueId`, 'EQUALS', []), call);
    expect(noQueue).toMatchObject({ missing: true, raw: true, result: true });
  });

  it('shows a negated leaf before and after Negate', () => {
    const trace = explainLeaf(
      source,
      leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['refund'], { filters: [role('CUSTOMER')], negate: true }),
      call,
    );
    expect(trace).toMatchObject({ raw: true, negate: true, result: false, missing: false });
    const onMissing = explainLeaf(
      source,
      leaf(`${P}.ContactAttribute.CustomerType`, 'EQUALS', ['Gold'], { negate: true }),
      call,
    );
    expect(onMissing).toMatchObject({ missing: true, raw: false, negate: true, result: true });
  });

  it('shortens long values and long operand lists', () => {
    const long = 'x'.repeat(500);
    const trace = explainLeaf(
      source,
      leaf(`${P}.ContactAttribute.Notes`, 'EQUALS', ['short']),
      contactEvent(source, { ContactAttribute: { Notes: long } }),
    );
    expect(typeof trace.value).toBe('string');
    expect((trace.value as string).length).toBeLessThan(200);
    expect(trace.value as string).toMatch(/…$/);
    const astral = explainLeaf(
      source,
      leaf(`${P}.ContactAttribute.Notes`, 'EQUALS', ['short']),
      contactEvent(source, { ContactAttribute: { Notes: `${'x'.repeat(118)}\u{1F600}${'y'.repeat(10)}` } }),
    );
    expect(astral.value, 'cut by characters, the astral one at the cut kept whole').toBe(`${'x'.repeat(118)}\u{1F600}…`);
    const agents = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    const many = explainLeaf(source, leaf(`${P}.Agent.AgentId`, 'CONTAINS_ANY', agents), call);
    expect(many.operands!.length).toBeLessThan(agents.length);
    expect(String(many.operands![many.operands!.length - 1])).toMatch(/more/);
  });

  it('names the metric row it shows, and says when the snapshot has none', () => {
    const fn = {
      Version: VERSION,
      RuleFunction: {
        Operator: 'OR',
        Operands: [
          {
            Operator: 'AND',
            Operands: [
              leaf('$.MetricData.CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', [100], {
                filters: [{ Type: 'MetricDataFilterByQueue', Data: ['q-1', 'q-2'] }],
              }),
            ],
          },
        ],
        FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataGrouping', Data: ['QUEUE'] }] },
      },
    };
    const { document, errors } = checkFunction(JSON.stringify(fn), 'OnMetricDataUpdate');
    expect(errors).toEqual([]);
    const compiled = compileFunction(document!, 'OnMetricDataUpdate');
    const snapshot = (rows: JsonObject[]) => ({ EventSourceName: 'OnMetricDataUpdate', InstanceId: 'i', MetricData: { Rows: rows } });
    const metricRow = (queue: string, n: number) => ({ Dimensions: { QUEUE: queue }, Metrics: [{ Name: 'CONTACTS_IN_QUEUE', Value: n }] });
    const matched = compiled.explain(snapshot([metricRow('q-1', 3), metricRow('q-2', 150)]));
    expect(matched).toMatchObject({ matched: true, entity: { dimension: 'QUEUE', id: 'q-2', rows: 1 } });
    const none = compiled.explain(snapshot([]));
    expect(none.matched).toBe(false);
    expect(none.entity).toBeUndefined();
    expect(none.trace.detail).toMatch(/no rows/);
  });

  it('locates each leaf where it was written', () => {
    const trace = explainLeaf(source, leaf(`${P}.Agent.AgentId`, 'CONTAINS_ANY', ['a']), call);
    expect(trace.line).toBe(1);
    expect(trace.column).toBeGreaterThan(1);
  });
});
