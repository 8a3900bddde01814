/**
 * The engine's view of the stored rules: for one trigger event, the PUBLISHED rules
 * of its instance and event source (one Query), as one compiled rule set
 * (engine/ruleset). Each rule's function is parsed and validated once per Version;
 * the rule set of an (instance, source) is rebuilt only when its list of rules or a
 * Version changes. Create one per process (module scope in a Lambda).
 */
import type { FunctionDocument } from '../../grammar/ast.ts';
import type { CompiledFunction } from '../index.ts';
import type { CompiledRuleSet } from '../ruleset/index.ts';
import { CompiledRuleCache } from './compiled-cache.ts';
import type { EventSourceName, StoredRule } from './model.ts';
import type { RulesStore } from './store.ts';

export interface ActiveRule {
  readonly rule: StoredRule;
  /** The rule alone (it shares the rule set's index, and agrees with it). */
  readonly compiled: CompiledFunction;
}

/** The published rules of an (instance, source), in name order, and their rule set (positions = indices in `rules`). */
export interface ActiveRuleSet {
  readonly rules: readonly ActiveRule[];
  readonly set: CompiledRuleSet;
}

export interface PublishedRuleSetOptions {
  /** Told once per version about a stored rule whose function no longer compiles (it is skipped until its next version). */
  readonly onCompileError?: (rule: StoredRule, error: unknown) => void;
  readonly cache?: CompiledRuleCache<FunctionDocument>;
  /** Rule sets kept (one per instance and source); the least recently used goes first. Default 1,000. */
  readonly maxRuleSets?: number;
}

type RuleLanguage = typeof import('./rule-language.ts');
let language: RuleLanguage | undefined;

/**
 * The language and the rule-set compiler, loaded with the first rules compiled rather
 * than at import: building Chevrotain's parsers and loading it is a good part of a
 * Lambda's cold start, which then need not pay for it (`npm run bench`).
 */
export async function loadRuleLanguage(): Promise<RuleLanguage> {
  return (language ??= await import('./rule-language.ts'));
}

/**
 * Parses and validates a stored rule's function (throws InvalidRuleFunctionError naming
 * the rule). The language must be loaded (`loadRuleLanguage`; `ruleSetFor` does it).
 */
export const validateStoredRule = (rule: StoredRule): FunctionDocument => {
  if (!language) throw new Error('validateStoredRule: the rule language is not loaded yet (await loadRuleLanguage() first)');
  return language.requireStoredFunction(rule.Function, rule.TriggerEventSource.EventSourceName, `rule ${rule.RuleId}`);
};

interface ValidRule {
  readonly rule: StoredRule;
  readonly document: FunctionDocument;
}

const versionOf = (rule: StoredRule): string => `${rule.InstanceId}/${rule.RuleId}@${rule.Version}`;

const keyOf = (rules: readonly ValidRule[]): string => rules.map(({ rule }) => versionOf(rule)).join(' ');

/** A rule set built of the versions in `key` (`keyOf`), or the error it failed with. */
type Built = { readonly key: string; readonly active: ActiveRuleSet } | { readonly key: string; readonly error: unknown };

const byName = (a: StoredRule, b: StoredRule): number => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0);

export class PublishedRuleSet {
  /** Validated functions by rule and Version; also the versions that validate but do not compile (skipped until their next version). */
  readonly cache: CompiledRuleCache<FunctionDocument>;
  /**
   * The rule set last built per (instance, source), under the versions it was built of;
   * or the error of a set that fails though each of its rules compiles alone, so that
   * every event does not compile it 1 + N + 1 times to throw the same error.
   */
  private readonly sets = new Map<string, Built>();
  private readonly maxRuleSets: number;

  constructor(
    private readonly store: Pick<RulesStore, 'listPublishedRules'>,
    private readonly options: PublishedRuleSetOptions = {},
  ) {
    this.cache = options.cache ?? new CompiledRuleCache(validateStoredRule);
    this.maxRuleSets = options.maxRuleSets ?? 1000;
  }

  /** Tells `onCompileError` of a rule version that is skipped, once per version. */
  private report(rule: StoredRule, error: unknown): void {
    if (this.cache.firstReport(rule)) this.options.onCompileError?.(rule, error);
  }

  /** The PUBLISHED rules of the instance for the source (DRAFT rules are never returned), in name order, compiled. */
  async rulesFor(instanceId: string, source: EventSourceName): Promise<ActiveRule[]> {
    return [...(await this.ruleSetFor(instanceId, source)).rules];
  }

  /** The PUBLISHED rules of the instance for the source as one rule set. */
  async ruleSetFor(instanceId: string, source: EventSourceName): Promise<ActiveRuleSet> {
    const [{ compileRuleSet }, listed] = await Promise.all([loadRuleLanguage(), this.store.listPublishedRules(instanceId, source)]);
    const stored = listed.sort(byName);
    let valid: ValidRule[] = [];
    for (const entry of this.cache.resolve(stored)) {
      if (entry.compiled) valid.push({ rule: entry.rule, document: entry.compiled });
      else this.report(entry.rule, entry.error);
    }
    const slot = `${instanceId}/${source}`;
    const key = keyOf(valid);
    const cached = this.sets.get(slot);
    this.sets.delete(slot);
    if (cached && cached.key === key) {
      this.sets.set(slot, cached);
      if ('error' in cached) throw cached.error;
      // The stored items of this Query (same versions), with the compiled rules kept.
      return { set: cached.active.set, rules: valid.map(({ rule }, i) => ({ rule, compiled: cached.active.rules[i].compiled })) };
    }
    const toSet = (rules: readonly ValidRule[]) => compileRuleSet(rules.map(({ rule, document }) => ({ name: rule.Name, source, function: document })));
    let set: CompiledRuleSet;
    try {
      set = toSet(valid);
    } catch {
      // One rule must not stop its source (R-robust L17): find the rules that do not
      // compile alone, skip them until their next version, and build the set of the others.
      valid = valid.filter((entry) => {
        try {
          toSet([entry]);
          return true;
        } catch (own) {
          this.cache.fail(entry.rule, own);
          this.report(entry.rule, own);
          return false;
        }
      });
      try {
        set = toSet(valid);
      } catch (error) {
        // None failing alone: the set itself is at fault, which no rule can be blamed
        // for. Its versions fail alike until one changes (the next event's key).
        this.keep(slot, { key: keyOf(valid), error });
        throw error;
      }
    }
    const active: ActiveRuleSet = { set, rules: valid.map(({ rule }, i) => ({ rule, compiled: set.rules[i].compiled })) };
    this.keep(slot, { key: keyOf(valid), active });
    return active;
  }

  private keep(slot: string, built: Built): void {
    this.sets.set(slot, built);
    if (this.sets.size > this.maxRuleSets) this.sets.delete(this.sets.keys().next().value as string);
  }
}
