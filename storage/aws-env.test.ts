import { describe, expect, it } from 'vitest';
import { integerFromEnv } from './aws-env.ts';

describe('integerFromEnv', () => {
  it('takes the fallback when unset or blank, and a whole number of at least min', () => {
    expect(integerFromEnv(undefined, 7, 'X', 1)).toBe(7);
    expect(integerFromEnv('  ', 7, 'X', 1)).toBe(7);
    expect(integerFromEnv('12', 7, 'X', 1)).toBe(12);
    expect(integerFromEnv('0', 7, 'X', 0)).toBe(0);
  });

  it('refuses a fraction, a word or a number below min, naming the variable', () => {
    expect(() => integerFromEnv('0', 7, 'CONNECT_RULES_QUOTA_PER_SOURCE', 1)).toThrow("CONNECT_RULES_QUOTA_PER_SOURCE must be an integer of at least 1, got '0'");
    expect(() => integerFromEnv('-1', 7, 'X', 0)).toThrow("X must be an integer of at least 0, got '-1'");
    expect(() => integerFromEnv('1.5', 7, 'X', 0)).toThrow(/at least 0, got '1.5'/);
    expect(() => integerFromEnv('five', 7, 'X', 0)).toThrow(/got 'five'/);
  });
});
