/**
 * Rules compiled once per process, evaluated against trigger events with nothing
 * run: which rules were evaluated (the event's source, PreEvaluationFilters passed),
 * which matched, the requests their actions would make (engine/actions/preview.ts),
 * and on request the explain trace of every rule.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import type { ExplainTrace } from '../compile/index.ts';
import { compileRuleSet, type CompiledRuleSet } from '../ruleset/index.ts';
import { previewAction, type ActionRequest } from '../actions/preview.ts';
import type { TriggerEvent } from '../context/types.ts';
import { passesPreEvaluationFilters } from '../pipeline/process.ts';
import type { BacktestRule } from './rules.ts';

export interface RuleOutcome {
  /** Names of the rules evaluated (same source, pre-evaluation filters passed). */
  readonly evaluated: string[];
  readonly matched: string[];
  /** Rule evaluations that threw (treated as not matched, as the pipeline does). */
  readonly errors: { readonly rule: string; readonly message: string }[];
}

export interface RuleExplain {
  readonly rule: string;
  readonly matched: boolean;
  readonly trace: ExplainTrace;
  readonly row?: string;
}

export class RuleSetEvaluator {
  /** The rules in name order: positions in `set`. */
  private readonly rules: readonly BacktestRule[];
  private readonly set: CompiledRuleSet;
  private readonly bySource = new Map<EventSourceName, number[]>();
  private readonly byName = new Map<string, BacktestRule>();

  constructor(rules: readonly BacktestRule[]) {
    this.rules = [...rules].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    // One evaluator for all the rules of a source (engine/ruleset), as the pipeline has.
    this.set = compileRuleSet(this.rules.map((r) => ({ name: r.Name, source: r.TriggerEventSource.EventSourceName, function: r.document })));
    this.rules.forEach((rule, i) => {
      const source = rule.TriggerEventSource.EventSourceName;
      let list = this.bySource.get(source);
      if (!list) this.bySource.set(source, (list = []));
      list.push(i);
      this.byName.set(rule.Name, rule);
    });
  }

  rule(name: string): BacktestRule | undefined {
    return this.byName.get(name);
  }

  evaluate(event: TriggerEvent, tags: Readonly<Record<string, string>> | undefined): RuleOutcome {
    const positions = this.bySource.get(event.EventSourceName) ?? [];
    const out: RuleOutcome = { evaluated: [], matched: [], errors: [] };
    if (positions.length === 0) return out;
    const eligible = new Set<number>();
    for (const i of positions) {
      if (!passesPreEvaluationFilters(this.rules[i]!, tags)) continue;
      eligible.add(i);
      out.evaluated.push(this.rules[i]!.Name);
    }
    for (const i of this.set.matchPositions(event, {
      include: (i) => eligible.has(i),
      onError: (i, err) => out.errors.push({ rule: this.rules[i]!.Name, message: err instanceof Error ? err.message : String(err) }),
    })) {
      out.matched.push(this.rules[i]!.Name);
    }
    return out;
  }

  /** The explain trace of every rule of the event's source. */
  explain(event: TriggerEvent): RuleExplain[] {
    return (this.bySource.get(event.EventSourceName) ?? []).map((i) => {
      const r = this.set.explain(i, event);
      return { rule: this.rules[i]!.Name, matched: r.matched, trace: r.trace, ...(r.row ? { row: r.row } : {}) };
    });
  }

  /** The requests of the actions of a matched rule, variables injected from `event`. */
  actions(name: string, event: TriggerEvent, instanceArn: string): ActionRequest[] {
    const rule = this.byName.get(name);
    if (!rule) return [];
    return rule.Actions.map((action, actionIndex) => previewAction({ event, rule, action, actionIndex, instanceArn }));
  }
}
