/**
 * A rule set: all the rules of a source compiled into one evaluator, so the cost of
 * an event grows little with the number of rules.
 *
 * - the transcript is prepared once per event (prepare.ts memo) and each item's
 *   text is read at most once, in place, for the exact-match operands of every rule
 *   (one shared PhraseIndex); each condition then applies its own role and period
 *   filters to the items holding its operands;
 * - rules gated on a field's value (`AND` of a `CONTAINS_ANY` or one-operand `EQUALS`
 *   on the queue, the agent, an attribute...) are indexed by that value (gates.ts),
 *   so a rule for other queues costs nothing;
 * - what remains is each rule's own compiled tree, cheapest condition first.
 *
 * `match` returns exactly the rules whose own `matches` is true (the property tests
 * in index.test.ts hold it to that); `explain` is the rule's own explain.
 */
import type { FunctionDocument } from '../../grammar/ast.ts';
import { catalogueFor } from '../../grammar/catalogue/index.ts';
import { UserError } from '../../grammar/errors.ts';
import type { EventSourceName, SessionFact } from '../../grammar/catalogue/types.ts';
import { compileFunction, type CompiledFunction, type CompileOptions, type ExplainResult, type SharedCompiledFunction } from '../compile/index.ts';
import { FieldCache } from '../compile/field-cache.ts';
import { ConditionSlots } from '../compile/slots.ts';
import { PhraseIndex } from '../transcript/phrase-index.ts';
import { GateIndex, gateOf } from './gates.ts';
import { RulePrograms, type Evaluation } from './program.ts';

/** `explain` of a rule the set does not hold. */
export class UnknownRuleError extends UserError {
  constructor(readonly rule: string | number) {
    super(typeof rule === 'number' ? `no rule at position ${rule} in this rule set` : `no rule named ${JSON.stringify(rule)} in this rule set`);
    this.name = 'UnknownRuleError';
  }
}

/**
 * Two rules of a set share a name: `match()` answers names and `explain(name)` takes
 * one, so the second could not be told apart (the CLI refuses the same, as Connect
 * does within an instance). `positions` are the indexes in the given array.
 */
export class DuplicateRuleNameError extends UserError {
  constructor(readonly clashes: readonly { readonly name: string; readonly positions: readonly number[] }[]) {
    super(clashes.map((c) => `rules[${c.positions.slice(1).join('], rules[')}]: the name ${JSON.stringify(c.name)} is also the name of rules[${c.positions[0]}]; the names of a rule set are unique`).join('\n'));
    this.name = 'DuplicateRuleNameError';
  }
}

/** Refuses a set where two rules share a name: match answers and explain looks up rules by name. */
function refuseRepeatedNames(rules: readonly RuleSetRule[]): void {
  const positions = new Map<string, number[]>();
  rules.forEach((rule, i) => positions.set(rule.name, [...(positions.get(rule.name) ?? []), i]));
  const clashes = [...positions].filter(([, at]) => at.length > 1).map(([name, at]) => ({ name, positions: at }));
  if (clashes.length) throw new DuplicateRuleNameError(clashes);
}

export interface RuleSetRule {
  readonly name: string;
  readonly source: EventSourceName;
  /**
   * The rule's Function, validated for `source`. engine/index.ts `compileRules` takes
   * the text (JSON or the readable form): this module does not load the parsers, so
   * that the Lambdas, which compile stored functions, need not bundle Chevrotain.
   */
  readonly function: FunctionDocument;
}

export type RuleSetOptions = Pick<CompileOptions, 'semantic'>;

export interface MatchOptions {
  /** Evaluate only the rules at the positions it accepts (e.g. their pre-evaluation filters passed). */
  readonly include?: (position: number) => boolean;
  /** Told about a rule whose evaluation threw; that rule is treated as not matched. Without it the error propagates. */
  readonly onError?: (position: number, error: unknown) => void;
}

export interface RuleSetMember {
  readonly name: string;
  readonly source: EventSourceName;
  /** The rule alone (sharing the set's index); `matches` agrees with the set. */
  readonly compiled: CompiledFunction;
}

export interface CompiledRuleSet {
  readonly rules: readonly RuleSetMember[];
  /** The names of the rules of the event's source (its `EventSourceName`) that match it, in the order the rules were given. */
  match(event: unknown, options?: MatchOptions): string[];
  /** The positions of the rules that match `event`, ascending. */
  matchPositions(event: unknown, options?: MatchOptions): number[];
  /** Why one rule (by name, or position) matches `event` or not: the same trace as the rule alone. Throws UnknownRuleError. */
  explain(rule: string | number, event: unknown): ExplainResult;
  /** `explain` of each of `rules` in turn: the event's transcript tokenised once for all, and let go of once, after the last (backtest's explain of every rule). Throws UnknownRuleError before explaining any. */
  explainEach(rules: readonly (string | number)[], event: unknown): ExplainResult[];
  /** The real-time session facts (attributes, queue, agent) some rule of the set reads: known at compile time, nothing per event. */
  readonly sessionFacts: ReadonlySet<SessionFact>;
  /** Whether some rule's AGENT_ACTIVITY condition is filtered by queue (a metric snapshot's agent rows naming no queue then matter): known at compile time. */
  readonly filtersAgentsByQueue: boolean;
}

/** The rules of one source: gated by value, sharing the phrase index. */
interface SourceGroup {
  readonly positions: Int32Array;
  readonly gates: GateIndex;
  /** One slot per rule: may it match this event (gates.ts); reused from event to event. */
  readonly candidate: Uint8Array;
  /** The positions of the rules that match this event, in order: the answer is made at its length once they are known (no array grown push by push: ~125 matches an event at 500 rules). */
  readonly matched: Int32Array;
  /** Whether `candidate` and `matched` are in use (a match started from inside a match gets its own). */
  busy: boolean;
}

/** Compiles `rules` (validated functions) into one rule set. */
export function compileRuleSet(rules: readonly RuleSetRule[], options: RuleSetOptions = {}): CompiledRuleSet {
  refuseRepeatedNames(rules);
  const fieldCache = new FieldCache();
  // A match's fieldCache.next() also starts the index's new evaluation.
  // None in a function packaged without transcript matching (engine/compile/transcript-packaged.ts).
  const phraseIndex = process.env.CONNECT_RULES_PACKAGED_TRANSCRIPT !== 'no' ? new PhraseIndex(fieldCache) : undefined;
  const slots = new ConditionSlots();
  const documents = rules.map((rule) => rule.function);
  const compiled: SharedCompiledFunction[] = rules.map((rule, i) => compileFunction(documents[i], rule.source, { ...options, phraseIndex, fieldCache, slots }));
  // The shared phrase table now, not at the first event: what cannot be built fails here.
  phraseIndex?.seal();
  const programs = new RulePrograms(slots, compiled.map((c) => c.plan));
  const members: RuleSetMember[] = rules.map((rule, i) => ({ name: rule.name, source: rule.source, compiled: compiled[i] }));

  const groups = new Map<EventSourceName, SourceGroup>();
  for (const source of new Set(rules.map((r) => r.source))) {
    const positions = rules.flatMap((r, i) => (r.source === source ? [i] : []));
    const catalogue = catalogueFor(source);
    const gates = new GateIndex(positions.map((i) => gateOf(documents[i], catalogue)), (path) => fieldCache.getter(path));
    groups.set(source, { positions: Int32Array.from(positions), gates, candidate: new Uint8Array(positions.length), matched: new Int32Array(positions.length), busy: false });
  }
  const positionOf = new Map(members.map((m, i) => [m.name, i]));
  // (the answer reads one array of names, not an object per matched rule)
  const names = members.map((m) => m.name);

  /** The positions (`named`: the names) of the rules of `group` that match `event`. */
  // (overloads: the flag says the answer's type, so a call cannot ask for names and be typed as positions)
  function evaluate(group: SourceGroup, event: unknown, options: MatchOptions | undefined, named: true): string[];
  function evaluate(group: SourceGroup, event: unknown, options: MatchOptions | undefined, named: false): number[];
  function evaluate(group: SourceGroup, event: unknown, options: MatchOptions | undefined, named: boolean): (string | number)[] {
    const { positions } = group;
    const reuse = !group.busy;
    // (candidates() writes every slot: no clearing)
    const candidate = reuse ? group.candidate : new Uint8Array(positions.length);
    const matched = reuse ? group.matched : new Int32Array(positions.length);
    group.busy = true;
    const evaluation = programs.evaluation(event);
    try {
      group.gates.candidates(event, candidate);
      const count = evaluateCandidates(positions, candidate, event, evaluation, options, matched);
      const answer = new Array<string | number>(count);
      for (let k = 0; k < count; k++) answer[k] = named ? names[matched[k]] : matched[k];
      return answer;
    } finally {
      if (reuse) group.busy = false;
      programs.release(evaluation);
    }
  }

  /** Whether the rule at `position` matches: its plan, or its own tree when it has none (metric rules). */
  const matchesAt = (position: number, event: unknown, evaluation: Evaluation): boolean => {
    const start = programs.start[position];
    return start >= 0 ? evaluation.matches(start) : compiled[position].matchesShared(event);
  };

  /** Writes the positions of the candidates that match into `matched`, in order; returns how many. */
  function evaluateCandidates(positions: Int32Array, candidate: Uint8Array, event: unknown, evaluation: Evaluation, options: MatchOptions | undefined, matched: Int32Array): number {
    const include = options?.include;
    const onError = options?.onError;
    let count = 0;
    for (let k = 0; k < positions.length; k++) {
      if (candidate[k] === 0) continue;
      const position = positions[k];
      if (include && !include(position)) continue;
      if (!onError) {
        if (matchesAt(position, event, evaluation)) matched[count++] = position;
        continue;
      }
      try {
        if (matchesAt(position, event, evaluation)) matched[count++] = position;
      } catch (error) {
        onError(position, error);
      }
    }
    return count;
  }

  /** The matching rules of `event`: their positions, or (`named`) their names. */
  function run(event: unknown, options: MatchOptions | undefined, named: true): string[];
  function run(event: unknown, options: MatchOptions | undefined, named: false): number[];
  function run(event: unknown, options: MatchOptions | undefined, named: boolean): (string | number)[] {
    fieldCache.next();
    const declared = (event as { EventSourceName?: unknown } | null | undefined)?.EventSourceName;
    // A rule is evaluated on events of its own source only.
    const group = typeof declared === 'string' ? groups.get(declared as EventSourceName) : undefined;
    try {
      if (!group) return [];
      return named ? evaluate(group, event, options, true) : evaluate(group, event, options, false);
    } finally {
      // (the event is not kept until the next match: a Lambda container would hold its last one while idle)
      fieldCache.release();
    }
  }

  function memberOf(rule: string | number): RuleSetMember {
    const position = typeof rule === 'number' ? rule : positionOf.get(rule);
    const member = position === undefined ? undefined : members[position];
    if (!member) throw new UnknownRuleError(rule);
    return member;
  }

  return {
    rules: members,
    sessionFacts: new Set(compiled.flatMap((c) => [...c.sessionFacts])),
    filtersAgentsByQueue: compiled.some((c) => c.filtersAgentsByQueue),
    matchPositions: (event, options) => run(event, options, false),
    match: (event, options) => run(event, options, true),
    explain: (rule, event) => memberOf(rule).compiled.explain(event),
    explainEach(rules, event) {
      const chosen = rules.map(memberOf);
      return fieldCache.holding(() => chosen.map((member) => member.compiled.explain(event)));
    },
  };
}
