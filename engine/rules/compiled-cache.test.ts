import { describe, expect, it, vi } from 'vitest';
import { CompiledRuleCache } from './compiled-cache.ts';
import type { StoredRule } from './model.ts';

const rule = (id: string, version: number, fn = '{}'): StoredRule => ({
  InstanceId: 'i',
  RuleId: id,
  RuleArn: `arn:${id}`,
  Name: id,
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: fn,
  Actions: [],
  PublishStatus: 'PUBLISHED',
  CreatedTime: new Date(0),
  LastUpdatedTime: new Date(0),
  LastUpdatedBy: 'x',
  Version: version,
});

describe('CompiledRuleCache', () => {
  it('compiles a rule once per version', () => {
    const compile = vi.fn((r: StoredRule) => `compiled ${r.RuleId}@${r.Version}`);
    const cache = new CompiledRuleCache(compile);
    expect(cache.resolve([rule('a', 1), rule('b', 1)]).map((e) => e.compiled)).toEqual(['compiled a@1', 'compiled b@1']);
    expect(cache.resolve([rule('a', 1), rule('b', 1)]).map((e) => e.compiled)).toEqual(['compiled a@1', 'compiled b@1']);
    expect(compile).toHaveBeenCalledTimes(2);
    expect(cache.get(rule('a', 2)).compiled).toBe('compiled a@2');
    expect(compile).toHaveBeenCalledTimes(3);
    expect([cache.hits, cache.misses]).toEqual([2, 3]);
  });

  it('remembers a compile error until the next version', () => {
    const compile = vi.fn((r: StoredRule) => {
      if (r.Function === 'bad') throw new Error('nope');
      return r.Version;
    });
    const cache = new CompiledRuleCache(compile);
    expect(cache.get(rule('a', 1, 'bad')).error).toBeInstanceOf(Error);
    expect(cache.get(rule('a', 1, 'bad')).error).toBeInstanceOf(Error);
    expect(compile).toHaveBeenCalledTimes(1);
    expect(cache.get(rule('a', 2)).compiled).toBe(2);
  });

  it('skips a version failed after compiling until the next version, and reports each failed version once', () => {
    const compile = vi.fn((r: StoredRule) => {
      if (r.Function === 'bad') throw new Error('nope');
      return r.Version;
    });
    const cache = new CompiledRuleCache(compile);
    expect(cache.get(rule('a', 1)).compiled).toBe(1);
    expect(cache.firstReport(rule('a', 1))).toBe(false);
    cache.fail(rule('a', 1), new Error('set'));
    expect(cache.get(rule('a', 1))).toMatchObject({ compiled: undefined, error: new Error('set') });
    expect([cache.firstReport(rule('a', 1)), cache.firstReport(rule('a', 1))]).toEqual([true, false]);
    expect(cache.get(rule('a', 2)).compiled).toBe(2);
    expect(cache.get(rule('b', 1, 'bad')).error).toEqual(new Error('nope'));
    expect([cache.firstReport(rule('b', 1)), cache.firstReport(rule('b', 1))]).toEqual([true, false]);
    expect(cache.get(rule('b', 2, 'bad')).error).toEqual(new Error('nope'));
    expect(cache.firstReport(rule('b', 2))).toBe(true);
    expect(compile).toHaveBeenCalledTimes(4);
  });

  it('evicts the least recently used entries past its size', () => {
    const cache = new CompiledRuleCache((r) => r.RuleId, 2);
    cache.get(rule('a', 1));
    cache.get(rule('b', 1));
    cache.get(rule('a', 1));
    cache.get(rule('c', 1));
    expect(cache.size).toBe(2);
    const misses = cache.misses;
    cache.get(rule('a', 1));
    expect(cache.misses).toBe(misses);
    cache.get(rule('b', 1));
    expect(cache.misses).toBe(misses + 1);
  });
});
