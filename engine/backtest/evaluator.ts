/**
 * Rules compiled once per process, evaluated against trigger events with nothing
 * run: which rules were evaluated (the event's source, PreEvaluationFilters passed),
 * which matched, the requests their actions would make (engine/actions/preview.ts),
 * and on request the explain trace of every rule.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import type { CompiledFunction, ExplainTrace } from '../compile/index.ts';
import { previewAction, type ActionRequest } from '../actions/preview.ts';
import type { TriggerEvent } from '../context/types.ts';
import { passesPreEvaluationFilters } from '../pipeline/process.ts';
import { compileStoredRule } from '../rules/published-rules.ts';
import type { BacktestRule } from './rules.ts';

interface Compiled {
  readonly rule: BacktestRule;
  readonly compiled: CompiledFunction;
}

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
  private readonly bySource = new Map<EventSourceName, Compiled[]>();
  private readonly byName = new Map<string, BacktestRule>();

  constructor(rules: readonly BacktestRule[]) {
    const sorted = [...rules].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    for (const rule of sorted) {
      const source = rule.TriggerEventSource.EventSourceName;
      let list = this.bySource.get(source);
      if (!list) this.bySource.set(source, (list = []));
      list.push({ rule, compiled: compileStoredRule(rule) });
      this.byName.set(rule.Name, rule);
    }
  }

  rule(name: string): BacktestRule | undefined {
    return this.byName.get(name);
  }

  hasSource(source: EventSourceName): boolean {
    return this.bySource.has(source);
  }

  evaluate(event: TriggerEvent, tags: Readonly<Record<string, string>> | undefined): RuleOutcome {
    const out: RuleOutcome = { evaluated: [], matched: [], errors: [] };
    for (const { rule, compiled } of this.bySource.get(event.EventSourceName) ?? []) {
      if (!passesPreEvaluationFilters(rule, tags)) continue;
      out.evaluated.push(rule.Name);
      try {
        if (compiled.matches(event)) out.matched.push(rule.Name);
      } catch (err) {
        out.errors.push({ rule: rule.Name, message: (err as Error).message });
      }
    }
    return out;
  }

  /** The explain trace of every rule of the event's source. */
  explain(event: TriggerEvent): RuleExplain[] {
    return (this.bySource.get(event.EventSourceName) ?? []).map(({ rule, compiled }) => {
      const r = compiled.explain(event);
      return { rule: rule.Name, matched: r.matched, trace: r.trace, ...(r.row ? { row: r.row } : {}) };
    });
  }

  /** The requests of the actions of a matched rule, variables injected from `event`. */
  actions(name: string, event: TriggerEvent, instanceArn: string): ActionRequest[] {
    const rule = this.byName.get(name);
    if (!rule) return [];
    return rule.Actions.map((action, actionIndex) => previewAction({ event, rule, action, actionIndex, instanceArn }));
  }
}
