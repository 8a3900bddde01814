/**
 * Rules compiled once per process, evaluated against trigger events with nothing
 * run: which rules were evaluated (the event's source, PreEvaluationFilters passed),
 * which matched, the requests their actions would make (engine/actions/preview.ts),
 * and on request the explain trace of every rule.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import type { ExplainTrace } from '../compile/index.ts';
import type { JudgedEntity } from '../compile/judged-entity.ts';
import { compileRuleSet, type CompiledRuleSet } from '../ruleset/index.ts';
import { previewAction, type ActionRequest } from '../actions/preview.ts';
import type { TriggerEvent } from '../context/types.ts';
import { passesPreEvaluationFilters } from '../rules/pre-evaluation.ts';
import type { BacktestRule } from './rules.ts';

export interface RuleOutcome {
  /** Names of the rules evaluated (same source, pre-evaluation filters passed). */
  readonly evaluated: string[];
  readonly matched: string[];
  /** Rule evaluations that threw (treated as not matched, as the pipeline does). */
  readonly errors: { readonly rule: string; readonly message: string }[];
}

/** The same outcome by position in `RuleSetEvaluator.names` (a backtest ships numbers between threads, not names). */
export interface PositionOutcome {
  readonly evaluated: readonly number[];
  readonly matched: number[];
  readonly errors: { readonly rule: string; readonly message: string }[];
}

/** Rules in the order positions refer to: by name (both threads sort the same list alike). */
export function byName<T extends { readonly Name: string }>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

export interface RuleExplain {
  readonly rule: string;
  readonly matched: boolean;
  readonly trace: ExplainTrace;
  /** OnMetricDataUpdate: the entity the verdict was reached on (engine/compile/judged-entity.ts). */
  readonly entity?: JudgedEntity;
}

export class RuleSetEvaluator {
  /** The rules in name order: positions in `set`. */
  private readonly rules: readonly BacktestRule[];
  private readonly set: CompiledRuleSet;
  private readonly bySource = new Map<EventSourceName, number[]>();
  /** Sources none of whose rules has PreEvaluationFilters: every rule of the source is evaluated. */
  private readonly unfiltered = new Set<EventSourceName>();
  private readonly byName = new Map<string, BacktestRule>();
  /** Rule names by position. */
  readonly names: readonly string[];

  constructor(rules: readonly BacktestRule[]) {
    this.rules = byName(rules);
    this.names = this.rules.map((r) => r.Name);
    // One evaluator for all the rules of a source (engine/ruleset), as the pipeline has.
    this.set = compileRuleSet(this.rules.map((r) => ({ name: r.Name, source: r.TriggerEventSource.EventSourceName, function: r.document })));
    this.rules.forEach((rule, i) => {
      const source = rule.TriggerEventSource.EventSourceName;
      let list = this.bySource.get(source);
      if (!list) this.bySource.set(source, (list = []));
      list.push(i);
      this.byName.set(rule.Name, rule);
    });
    for (const [source, positions] of this.bySource) if (positions.every((i) => !this.rules[i]!.PreEvaluationFilters?.AndConditions?.length)) this.unfiltered.add(source);
  }

  rule(name: string): BacktestRule | undefined {
    return this.byName.get(name);
  }

  evaluate(event: TriggerEvent, tags: Readonly<Record<string, string>> | undefined): RuleOutcome {
    const out = this.evaluatePositions(event, tags);
    return { evaluated: out.evaluated.map((i) => this.names[i]!), matched: out.matched.map((i) => this.names[i]!), errors: out.errors };
  }

  /** `evaluate` by rule position: the rule set once for the event, no list of names built. */
  evaluatePositions(event: TriggerEvent, tags: Readonly<Record<string, string>> | undefined): PositionOutcome {
    const positions = this.bySource.get(event.EventSourceName) ?? [];
    const errors: PositionOutcome['errors'] = [];
    if (positions.length === 0) return { evaluated: positions, matched: [], errors };
    const onError = (i: number, err: unknown) => errors.push({ rule: this.rules[i]!.Name, message: err instanceof Error ? err.message : String(err) });
    // Without filters every rule of the source is eligible: the set needs no per-rule check.
    if (this.unfiltered.has(event.EventSourceName)) return { evaluated: positions, matched: this.set.matchPositions(event, { onError }), errors };
    const eligible = new Set<number>();
    for (const i of positions) if (passesPreEvaluationFilters(this.rules[i]!, tags)) eligible.add(i);
    return { evaluated: [...eligible], matched: this.set.matchPositions(event, { include: (i) => eligible.has(i), onError }), errors };
  }

  /** The explain trace of every rule of the event's source. */
  explain(event: TriggerEvent): RuleExplain[] {
    const positions = this.bySource.get(event.EventSourceName) ?? [];
    // (one explain of each: the transcript tokenised once for every rule)
    return this.set.explainEach(positions, event).map((r, k) => ({ rule: this.rules[positions[k]!]!.Name, matched: r.matched, trace: r.trace, ...(r.entity ? { entity: r.entity } : {}) }));
  }

  /** The requests of the actions of a matched rule, variables injected from `event`. */
  actions(name: string, event: TriggerEvent, instanceArn: string): ActionRequest[] {
    const rule = this.byName.get(name);
    if (!rule) return [];
    return rule.Actions.map((action, actionIndex) => previewAction({ event, rule, action, actionIndex, instanceArn }));
  }
}
