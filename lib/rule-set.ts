/**
 * A rule set for the library until the engine's single-pass rule set lands
 * (issue 13 goal 1): every rule compiled once, evaluated one by one. Same
 * contract: `match` gives the names of the rules an event matches, `explain`
 * the trace of one rule.
 */
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { compileRuleFunction, type CompiledFunction, type ExplainResult } from '../engine/index.ts';

export interface RuleSetEntry {
  readonly name: string;
  readonly source: EventSourceName;
  /** The `Function` string (its JSON). */
  readonly function: string;
}

export interface RuleSet {
  /** The names of the rules whose source is the event's and whose function matches, in the given order. */
  match(event: unknown): string[];
  /** Why the named rule matches the event or not. */
  explain(name: string, event: unknown): ExplainResult;
}

export class UnknownRuleError extends Error {
  constructor(readonly ruleName: string) {
    super(`no rule named "${ruleName}" in this rule set`);
    this.name = 'UnknownRuleError';
  }
}

/** Throws `InvalidRuleFunctionError` (its messages prefixed with the rule's name) for an invalid function. */
export function compileRuleSet(rules: readonly RuleSetEntry[]): RuleSet {
  const compiled = new Map<string, CompiledFunction>();
  for (const r of rules) compiled.set(r.name, compileRuleFunction(r.function, r.source, { file: r.name }));
  const entries = [...compiled];
  return {
    match(event) {
      const source = (event as { EventSourceName?: unknown } | null)?.EventSourceName;
      return entries.filter(([, f]) => f.source === source && f.matches(event)).map(([name]) => name);
    },
    explain(name, event) {
      const f = compiled.get(name);
      if (!f) throw new UnknownRuleError(name);
      return f.explain(event);
    },
  };
}
