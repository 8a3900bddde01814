import { describe, expect, it } from 'vitest';
import { compileExactMatcher } from './exact.ts';
import { prepareTranscript } from './prepare.ts';
import { selectItems, windowedSentimentState } from './select.ts';
import { item } from '../../test/support/transcript-items.ts';
import type { TranscriptItem } from './types.ts';

// a 60 s call: 0-5 agent greeting, 4-10 customer, 20-30 system, 50-58 customer
const items: TranscriptItem[] = [
  { ...item('AGENT', 'Thank you for calling', 0, 5000), Sentiment: 'POSITIVE' },
  { ...item('CUSTOMER', 'I need a refund', 4000, 10000), Sentiment: 'NEGATIVE' },
  item('SYSTEM', 'Agent placed the customer on hold', 20000, 30000),
  { ...item('CUSTOMER', 'Thanks, cancel my account then', 50000, 58000), Sentiment: 'NEUTRAL' },
];
const ids = (selected: readonly { item: TranscriptItem }[]) => selected.map((p) => p.item.Content.split(' ')[0]);

describe('selectItems', () => {
  const prepared = prepareTranscript(items);

  it('prepares once per items array', () => {
    expect(prepareTranscript(items)).toBe(prepared);
    expect(prepareTranscript([...items])).not.toBe(prepared);
  });

  it.each<[string, Parameters<typeof selectItems>[1], string[]]>([
    ['no filter', {}, ['Thank', 'I', 'Agent', 'Thanks,']],
    ['ANY includes system messages', { role: 'ANY' }, ['Thank', 'I', 'Agent', 'Thanks,']],
    ['AGENT', { role: 'AGENT' }, ['Thank']],
    ['CUSTOMER', { role: 'CUSTOMER' }, ['I', 'Thanks,']],
    // First 5: items that begin before 5 s (0 and 4 s; the system item begins at 20 s)
    ['First 5', { first: 5 }, ['Thank', 'I']],
    ['First 4: begins exactly at 4 s is not before', { first: 4 }, ['Thank']],
    // Last 10 of 60 s: items that end after 60 − 10 = 50 s
    ['Last 10 of 60 s', { last: 10, totalMillis: 60000 }, ['Thanks,']],
    // Last 30 of 60 s: end after 30 s; the system item ends exactly at 30 s, so not kept
    ['Last 30 of 60 s', { last: 30, totalMillis: 60000 }, ['Thanks,']],
    ['Last 31 of 60 s', { last: 31, totalMillis: 60000 }, ['Agent', 'Thanks,']],
    // without totalMillis the end of the latest item (58 s) counts: end after 58 − 50 = 8 s
    ['Last 50, end from items', { last: 50 }, ['I', 'Agent', 'Thanks,']],
    ['CUSTOMER, First 20', { role: 'CUSTOMER', first: 20 }, ['I']],
  ])('%s', (_, options, expected) => {
    expect(ids(selectItems(prepared, options))).toEqual(expected);
  });

  it('caches a selection', () => {
    expect(selectItems(prepared, { role: 'CUSTOMER', first: 20 })).toBe(selectItems(prepared, { role: 'CUSTOMER', first: 20 }));
  });

  it('composes with matching: role and window decide', () => {
    const refund = compileExactMatcher(['refund']);
    expect(refund.find(selectItems(prepared, { role: 'CUSTOMER' }))).toBeDefined();
    expect(refund.find(selectItems(prepared, { role: 'AGENT' }))).toBeUndefined();
    expect(refund.find(selectItems(prepared, { first: 5 }))).toBeDefined();
    expect(refund.find(selectItems(prepared, { last: 10, totalMillis: 60000 }))).toBeUndefined();
  });
});

describe('windowedSentimentState', () => {
  it.each<[string | undefined, number | undefined, string | undefined]>([
    // whole call: customer −1 (refund) + 0 (neutral) = −1
    ['CUSTOMER', undefined, 'NEGATIVE'],
    // last 10 s of 58 s: items ending after 48 s → only the neutral customer item
    ['CUSTOMER', 10, 'NEUTRAL'],
    ['AGENT', 10, undefined],
    ['AGENT', 60, 'POSITIVE'],
    // ANY over 60 s: +1 −1 0 0 = 0
    ['ANY', 60, 'NEUTRAL'],
  ])('%s past %s → %s', (role, past, expected) => {
    expect(windowedSentimentState(items, role, past)).toBe(expected);
  });
});
