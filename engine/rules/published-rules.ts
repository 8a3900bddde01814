/**
 * The engine's view of the stored rules: for one trigger event, the PUBLISHED rules
 * of its instance and event source (one Query), compiled, with compiled functions
 * reused across events and Lambda invocations until a rule's Version changes.
 * Create one per process (module scope in a Lambda).
 */
import { compileRuleFunction, type CompiledFunction } from '../index.ts';
import { CompiledRuleCache } from './compiled-cache.ts';
import type { EventSourceName, StoredRule } from './model.ts';
import type { RulesStore } from './store.ts';

export interface ActiveRule {
  readonly rule: StoredRule;
  readonly compiled: CompiledFunction;
}

export interface PublishedRuleSetOptions {
  /** Told about a stored rule whose function no longer compiles (it is skipped until its next version). */
  readonly onCompileError?: (rule: StoredRule, error: unknown) => void;
  readonly cache?: CompiledRuleCache<CompiledFunction>;
}

export const compileStoredRule = (rule: StoredRule): CompiledFunction =>
  compileRuleFunction(rule.Function, rule.TriggerEventSource.EventSourceName, { file: `rule ${rule.RuleId}` });

export class PublishedRuleSet {
  readonly cache: CompiledRuleCache<CompiledFunction>;

  constructor(
    private readonly store: Pick<RulesStore, 'listPublishedRules'>,
    private readonly options: PublishedRuleSetOptions = {},
  ) {
    this.cache = options.cache ?? new CompiledRuleCache(compileStoredRule);
  }

  /** The compiled PUBLISHED rules of the instance for the source (DRAFT rules are never returned). */
  async rulesFor(instanceId: string, source: EventSourceName): Promise<ActiveRule[]> {
    const rules = await this.store.listPublishedRules(instanceId, source);
    const active: ActiveRule[] = [];
    for (const entry of this.cache.resolve(rules)) {
      if (entry.compiled) active.push({ rule: entry.rule, compiled: entry.compiled });
      else this.options.onCompileError?.(entry.rule, entry.error);
    }
    return active;
  }
}
