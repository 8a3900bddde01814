/**
 * Compile once, evaluate many: a validated function becomes a tree of closures
 * whose leaves hold precompiled accessors and operand sets. `matches` is the hot
 * path (no trace, no allocation beyond the frame); `explain` walks the same tree
 * and records why each node is true or false.
 */
import type { ConditionNode, FunctionDocument, GroupNode, JsonValue, LeafOperator, RuleNode } from '../../grammar/ast.ts';
import { catalogueFor, resolveCondition } from '../../grammar/catalogue/index.ts';
import type { EventSourceName, SessionFact, SourceCatalogue } from '../../grammar/catalogue/types.ts';
import { isMissing } from './access.ts';
import { compileReader } from './leaves.ts';
import { NOT_APPLICABLE, type Frame } from './reader.ts';
import { candidateIds, forgetEntities, metricEntities } from './metric-leaves.ts';
import type { JudgedEntity } from './judged-entity.ts';
import type { MetricEntity } from './reader.ts';
import { GROUPING_FILTER, METRIC_PREFIX, QUEUE_FILTER } from '../../grammar/catalogue/metrics.ts';
import { shorten, type ExplainTrace } from './trace.ts';
import type { SemanticMatcher } from '../transcript/semantic.ts';
import type { PhraseIndex } from '../transcript/phrase-index.ts';
import type { FieldCache } from './field-cache.ts';
import type { ConditionSlots, Plan, SlotSpec } from './slots.ts';

export type { ExplainTrace } from './trace.ts';

export interface CompileOptions {
  /** The semantic matcher for SemanticMatch conditions; the registered default otherwise. */
  readonly semantic?: SemanticMatcher;
  /** A rule set's shared index: exact-match conditions register their operands there (engine/ruleset); made over `fieldCache`, whose `next()` starts its new evaluation too. */
  readonly phraseIndex?: PhraseIndex;
  /** A rule set's shared field reads (engine/ruleset): `matches` and `explain` start a new evaluation of it. */
  readonly fieldCache?: FieldCache;
  /** A rule set's condition slots: with it, a flat rule also gets its `plan` over them (engine/ruleset/program.ts). */
  readonly slots?: ConditionSlots;
}

export interface ExplainResult {
  readonly matched: boolean;
  readonly trace: ExplainTrace;
  /** OnMetricDataUpdate: the entity of the end dimension the trace shows (the first that matched, else the last tried) and its row count. */
  readonly entity?: JudgedEntity;
}

export interface CompiledFunction {
  readonly source: EventSourceName;
  matches(event: unknown): boolean;
  explain(event: unknown): ExplainResult;
}

interface CompiledNode {
  evaluate(frame: Frame): boolean;
  explain(frame: Frame): ExplainTrace;
  /** Relative cost of `evaluate`, so groups try cheap children first. */
  readonly cost: number;
  /** The node over the rule set's condition slots (when compiled with them). */
  readonly plan: Plan | undefined;
}

/**
 * What a leaf costs to evaluate, by the kind of value it reads: reading a field is
 * cheap; anything on the transcript tokenises it (once per event, but only if needed).
 */
const COST_OF_KIND: Readonly<Record<string, number>> = {
  scalar: 1,
  list: 2,
  byRole: 2,
  scopeKey: 2,
  scoped: 2,
  aiAgent: 3,
  metric: 4,
  windowedSentiment: 10,
  transcript: 50,
  semanticPhrase: 100,
};

interface CompileContext {
  readonly catalogue: SourceCatalogue;
  readonly semantic?: SemanticMatcher;
  readonly scopeKeys: ReadonlyMap<string, string>;
  readonly phraseIndex?: PhraseIndex;
  readonly fieldCache?: FieldCache;
  readonly slots?: ConditionSlots;
}

const filterMap = (node: RuleNode): Map<string, JsonValue> =>
  new Map((node.filterClause?.filters ?? []).map((f) => [f.type, f.data]));

const describeFilter = (type: string, data: JsonValue): string =>
  `${type}=${typeof data === 'string' ? data : JSON.stringify(data)}`;

function compileCondition(node: ConditionNode, ctx: CompileContext): CompiledNode {
  const resolved = resolveCondition(ctx.catalogue, node.comparisonValue);
  if (!resolved) throw new Error(`compile: ${node.comparisonValue} is not in the catalogue (validate before compiling)`);
  const { spec, docPath } = resolved;
  const operator = node.operator as LeafOperator;
  const operands = node.operands.map((o) => o.value);
  const filters = filterMap(node);
  const reader = compileReader({ node, spec, docPath, operator, operands, filters, scopeKeys: ctx.scopeKeys, semantic: ctx.semantic, phraseIndex: ctx.phraseIndex, fieldCache: ctx.fieldCache });
  // `EQUALS` with no operands is the "no value" form: true exactly when the value is absent.
  const noValueForm = operator === 'EQUALS' && operands.length === 0;
  const negate = node.negate === true;
  const { read, test } = reader;

  const rawOf = (value: unknown): boolean => (isMissing(value) ? noValueForm : !noValueForm && test(value));

  const fast = noValueForm ? undefined : reader.matches;
  const evaluate = fast
    ? (frame: Frame): boolean => fast(frame) !== negate
    : (frame: Frame): boolean => {
        const value = read(frame);
        return value !== NOT_APPLICABLE && rawOf(value) !== negate;
      };
  // In a rule set, a condition written the same way in several rules is one slot,
  // evaluated once per event (not in metric rules, whose conditions are evaluated per row).
  const flat = ctx.catalogue.structure === 'flat';
  const slot =
    ctx.slots && flat
      ? ctx.slots.slot(JSON.stringify([node.comparisonValue, operator, operands, [...filters], negate, [...ctx.scopeKeys]]), (): SlotSpec => {
          if (reader.field) {
            const { equality, threshold } = noValueForm ? {} : reader;
            return { kind: 'field', path: reader.field, test, equality, threshold, noValueForm, negate };
          }
          if (fast) return { kind: 'fast', matches: fast, negate, phrase: reader.phrase };
          return { kind: 'generic', evaluate };
        })
      : undefined;

  return {
    cost: COST_OF_KIND[spec.value.kind] ?? 10,
    plan: slot === undefined ? undefined : { slot },
    evaluate,
    explain: (frame) => {
      const value = read(frame);
      const base = {
        kind: 'condition' as const,
        operator,
        condition: spec.name,
        path: node.comparisonValue,
        operands: shorten(operands) as unknown[],
        filters: [...filters].map(([t, d]) => describeFilter(t, d)),
        negate,
        line: node.span.start.line,
        column: node.span.start.column,
      };
      if (value === NOT_APPLICABLE) {
        const why = reader.notApplicable?.(frame) ?? "outside the condition's scope";
        return { ...base, missing: false, notApplicable: true, detail: `does not apply: ${why} (false, whatever Negate says)`, raw: false, result: false };
      }
      const missing = isMissing(value);
      const raw = rawOf(value);
      const details = [missing ? undefined : reader.describe?.(value), reader.note?.(frame)].filter(Boolean);
      return {
        ...base,
        value: missing ? undefined : shorten(reader.show ? reader.show(value) : value),
        missing,
        detail: details.length ? details.join('; ') : undefined,
        raw,
        result: raw !== negate,
      };
    },
  };
}

/**
 * The ref ids a compound group picks (`Section.SectionRefId EQUALS "s1"`): its
 * `scoped` siblings read that section or question.
 */
function scopeKeysOf(group: GroupNode, ctx: CompileContext): ReadonlyMap<string, string> {
  let keys: Map<string, string> | undefined;
  for (const child of group.operands) {
    if (child.kind !== 'condition' || child.operator !== 'EQUALS' || child.operands.length !== 1) continue;
    const resolved = resolveCondition(ctx.catalogue, child.comparisonValue);
    if (resolved?.spec.value.kind !== 'scopeKey') continue;
    keys ??= new Map(ctx.scopeKeys);
    keys.set(child.comparisonValue, String(child.operands[0].value));
  }
  return keys ?? ctx.scopeKeys;
}

function compileGroup(node: GroupNode, parent: CompileContext): CompiledNode {
  const ctx = { ...parent, scopeKeys: scopeKeysOf(node, parent) };
  const children = node.operands.map((child) => compileNode(child, ctx));
  // Conditions are pure, so the order of evaluation is free: cheapest first lets a
  // failing queue check spare the transcript work. `explain` keeps the written order.
  const byCost = [...children].sort((a, b) => a.cost - b.cost);
  const isAnd = node.operator === 'AND';
  const negate = node.negate === true;
  const steps = byCost.map((c) => c.evaluate);
  const evaluateRaw = isAnd
    ? (frame: Frame) => {
        for (let k = 0; k < steps.length; k++) if (!steps[k](frame)) return false;
        return true;
      }
    : (frame: Frame) => {
        for (let k = 0; k < steps.length; k++) if (steps[k](frame)) return true;
        return false;
      };
  const plans = byCost.map((c) => c.plan);
  return {
    cost: children.reduce((sum, c) => sum + c.cost, 0),
    plan: plans.every((p) => p !== undefined) ? { and: isAnd, negate, children: plans as Plan[] } : undefined,
    evaluate: negate ? (frame) => !evaluateRaw(frame) : evaluateRaw,
    explain: (frame) => {
      // Every child is explained (no short-circuit), so the user sees all of them.
      const traces = children.map((c) => c.explain(frame));
      const raw = isAnd ? traces.every((t) => t.result) : traces.some((t) => t.result);
      return {
        kind: 'group',
        operator: node.operator,
        filters: (node.filterClause?.filters ?? []).map((f) => describeFilter(f.type, f.data)),
        raw,
        negate,
        result: raw !== negate,
        line: node.span.start.line,
        column: node.span.start.column,
        children: traces,
      };
    },
  };
}

function compileNode(node: RuleNode, ctx: CompileContext): CompiledNode {
  return node.kind === 'group' ? compileGroup(node, ctx) : compileCondition(node, ctx);
}

/** The conditions of a function, in written order. */
const conditionsOf = (node: RuleNode): ConditionNode[] => (node.kind === 'condition' ? [node] : node.operands.flatMap(conditionsOf));

/**
 * The trace of a metric rule on a snapshot without rows: no entity, so nothing to
 * match, whatever the conditions (a negated one included).
 */
const noRowsTrace = (root: GroupNode): ExplainTrace => ({
  kind: 'group',
  operator: root.operator,
  filters: (root.filterClause?.filters ?? []).map((f) => describeFilter(f.type, f.data)),
  detail: 'the metric snapshot has no rows of the end dimension: no entity to match',
  raw: false,
  negate: false,
  result: false,
  line: root.span.start.line,
  column: root.span.start.column,
  children: [],
});

/**
 * Why `event` is not one of `source`'s, or undefined when it is: a rule is evaluated
 * on events of its own source only (its `EventSourceName`, which every trigger event
 * names), as a rule set's `match` tries only the rules of the event's source.
 */
function notOfSource(event: unknown, source: EventSourceName): string | undefined {
  if (event === null || typeof event !== 'object') return `the event is ${event === null ? 'null' : `a ${typeof event}`}, not a trigger event`;
  const declared = (event as { EventSourceName?: unknown }).EventSourceName;
  if (declared === source) return undefined;
  if (typeof declared !== 'string') return `the event names no EventSourceName; the rule is of ${source}`;
  return `the event is of ${declared} (its EventSourceName), the rule of ${source}`;
}

/** The trace of a rule not evaluated on an event (`notOfSource`): false, and why, with no condition tried. */
const notEvaluatedTrace = (root: GroupNode, why: string): ExplainTrace => ({ ...noRowsTrace(root), detail: `not evaluated: ${why}` });

/** A compiled function that can also be evaluated inside its rule set's current evaluation. */
export interface SharedCompiledFunction extends CompiledFunction {
  /** `matches` without starting a new evaluation of the field cache: the rule set's hot path. */
  matchesShared(event: unknown): boolean;
  /** The rule over the rule set's condition slots, when compiled with them (flat sources only). */
  readonly plan: Plan | undefined;
  /**
   * The real-time session facts its conditions read (catalogue `sessionFact`: attributes,
   * queue, agent), from the catalogue rows they resolved to at compile time: whether a
   * live session need ask Connect for its attributes (engine/pipeline/segments.ts).
   */
  readonly sessionFacts: ReadonlySet<SessionFact>;
  /**
   * Whether an AGENT_ACTIVITY condition is filtered by queue: agent rows of a snapshot
   * that name no queue never apply to it, which the pipeline then counts
   * (`AgentRowsWithoutQueue`, engine/pipeline/events.ts); known at compile time.
   */
  readonly filtersAgentsByQueue: boolean;
}

/** Compiles a function the validator accepted for `source`. */
export function compileFunction(doc: FunctionDocument, source: EventSourceName, options: CompileOptions = {}): SharedCompiledFunction {
  const catalogue = catalogueFor(source);
  const fieldCache = options.fieldCache;
  const root = compileGroup(doc.root, {
    catalogue,
    semantic: options.semantic,
    scopeKeys: new Map(),
    phraseIndex: options.phraseIndex,
    fieldCache,
    slots: options.slots,
  });
  const plan = root.plan;
  const sessionFacts = new Set(conditionsOf(doc.root).flatMap((c) => resolveCondition(catalogue, c.comparisonValue)?.spec.sessionFact ?? []));

  let matchesShared: (event: unknown) => boolean;
  let explain: (event: unknown) => ExplainResult;
  let filtersAgentsByQueue = false;
  // A function packaged without the metric catalogue (grammar/catalogue/index.ts) has no
  // metric structure, and its bundle none of this branch nor engine/compile/metric-leaves.ts.
  if (process.env.CONNECT_RULES_PACKAGED_SOURCE_OnMetricDataUpdate !== 'no' && catalogue.structure === 'metric') {
    // A metric rule matches when some entity of its end dimension (MetricDataGrouping:
    // each queue, each agent...) satisfies it: with no rows of that dimension, none does.
    const grouping = String((doc.root.filterClause?.filters.find((f) => f.type === GROUPING_FILTER)?.data as JsonValue[] | undefined)?.[0]);
    filtersAgentsByQueue = conditionsOf(doc.root).some((c) => c.comparisonValue === `${METRIC_PREFIX}.AGENT_ACTIVITY` && filterMap(c).has(QUEUE_FILTER));
    // When every condition filters by that dimension, only the entities it names can match.
    const candidates = candidateIds(conditionsOf(doc.root).map((c) => ({ filters: filterMap(c) })), grouping);
    const entitiesOf = (event: unknown): Iterable<MetricEntity> => {
      const all = metricEntities(event, grouping);
      return candidates ? candidates.flatMap((id) => all.get(id) ?? []) : all.values();
    };
    // One frame for every entity tried (evaluation is synchronous), as the other sources reuse theirs: a snapshot of hundreds of agents allocates none.
    const frame: { event: unknown; entity: MetricEntity | undefined } = { event: undefined, entity: undefined };
    // (metricEntities keeps the last snapshot's rows and entities: let go of them with the event)
    fieldCache?.onRelease(forgetEntities);
    const anyEntity = (event: unknown): boolean => {
      const all = metricEntities(event, grouping);
      frame.event = event;
      if (candidates) {
        for (const id of candidates) {
          const entity = all.get(id);
          if (entity && root.evaluate(((frame.entity = entity), frame))) return true;
        }
        return false;
      }
      for (const entity of all.values()) if (root.evaluate(((frame.entity = entity), frame))) return true;
      return false;
    };
    matchesShared = (event) => {
      try {
        return anyEntity(event);
      } finally {
        // (the frame outlives the match: it must not hold the snapshot until the next one; metricEntities'
        // rows and entities are let go of by the rule set's release, but kept by a rule compiled alone)
        frame.event = undefined;
        frame.entity = undefined;
      }
    };
    explain = (event) => {
      let last: ExplainResult = { matched: false, trace: noRowsTrace(doc.root) };
      for (const entity of entitiesOf(event)) {
        const trace = root.explain({ event, entity });
        last = { matched: trace.result, trace, entity: { dimension: entity.dimension, id: entity.id, rows: entity.rows.length } };
        if (trace.result) break;
      }
      return last;
    };
  } else {
    // (a rule set evaluates its flat rules by their plans, engine/ruleset/program.ts: this is a rule's own
    // evaluation, once an event, and its frame is not kept, so that it does not hold the event until the next one)
    matchesShared = (event) => root.evaluate({ event });
    explain = (event) => {
      const trace = root.explain({ event });
      return { matched: trace.result, trace };
    };
  }
  // `matchesShared` is the rule set's hot path, which tries a rule on events of its source only;
  // alone, a rule says false (and explain says why) for an event of another source.
  const explainOwn = (event: unknown): ExplainResult => {
    const why = notOfSource(event, source);
    return why === undefined ? explain(event) : { matched: false, trace: notEvaluatedTrace(doc.root, why) };
  };
  if (!fieldCache) return { source, matches: (event) => notOfSource(event, source) === undefined && matchesShared(event), matchesShared, explain: explainOwn, plan, sessionFacts, filtersAgentsByQueue };
  return {
    source,
    matchesShared,
    plan,
    sessionFacts,
    filtersAgentsByQueue,
    matches: (event) => {
      if (notOfSource(event, source) !== undefined) return false;
      fieldCache.next();
      try {
        return matchesShared(event);
      } finally {
        fieldCache.release();
      }
    },
    explain: (event) => {
      fieldCache.next();
      try {
        return explainOwn(event);
      } finally {
        fieldCache.release();
      }
    },
  };
}
