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

interface Entry<T> {
  readonly version: number;
  readonly compiled?: T;
  readonly error?: unknown;
  /** The failure has been told once (`firstReport`). */
  reported?: boolean;
}

export class CompiledRuleCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
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
    let entry: Entry<T>;
    try {
      entry = { version: rule.Version, compiled: this.compile(rule) };
    } catch (error) {
      entry = { version: rule.Version, error };
    }
    this.put(key, entry);
    return { rule, compiled: entry.compiled, error: entry.error };
  }

  /**
   * Remembers that this version of the rule fails after all (its function compiled,
   * a later step with it did not): skipped like a compile error until its next version.
   */
  fail(rule: StoredRule, error: unknown): void {
    this.put(`${rule.InstanceId}/${rule.RuleId}`, { version: rule.Version, error });
  }

  /** True the first time it is asked of this failed version of the rule: a failure is told once, not on every event. */
  firstReport(rule: StoredRule): boolean {
    const entry = this.entries.get(`${rule.InstanceId}/${rule.RuleId}`);
    if (!entry || entry.version !== rule.Version || !('error' in entry) || entry.reported) return false;
    entry.reported = true;
    return true;
  }

  private put(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
