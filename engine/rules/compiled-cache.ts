/**
 * Compiled rule functions cached by (InstanceId, RuleId, Version). A Lambda keeps
 * module scope between invocations, so one module-level cache makes the hot path
 * "one Query + compile only what changed": a rule is compiled again only when its
 * Version (bumped by every UpdateRule) differs from the cached one.
 */
import type { StoredRule } from './model.ts';

export interface CompiledEntry<T> {
  readonly rule: StoredRule;
  /** Present when the function compiled. */
  readonly compiled?: T;
  /** Present when compiling failed (the rule is skipped, not retried until its next version). */
  readonly error?: unknown;
}

export class CompiledRuleCache<T> {
  private readonly entries = new Map<string, { version: number; compiled?: T; error?: unknown }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly compile: (rule: StoredRule) => T,
    private readonly maxEntries = 10_000,
  ) {}

  /** The compiled form of each rule, compiling only new rules and new versions. */
  resolve(rules: readonly StoredRule[]): CompiledEntry<T>[] {
    return rules.map((rule) => this.get(rule));
  }

  get(rule: StoredRule): CompiledEntry<T> {
    const key = `${rule.InstanceId}/${rule.RuleId}`;
    const cached = this.entries.get(key);
    if (cached && cached.version === rule.Version) {
      this.hits++;
      // Refresh recency (Map keeps insertion order: the oldest entry is evicted first).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return { rule, compiled: cached.compiled, error: cached.error };
    }
    this.misses++;
    let entry: { version: number; compiled?: T; error?: unknown };
    try {
      entry = { version: rule.Version, compiled: this.compile(rule) };
    } catch (error) {
      entry = { version: rule.Version, error };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return { rule, compiled: entry.compiled, error: entry.error };
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
