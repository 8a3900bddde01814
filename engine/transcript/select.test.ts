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
  // AWS: "remained negative for a set period of time ... the time period set here applies to when participant was present"
  it.each<[string, number | undefined, { elapsed: boolean; state: string | undefined; presentMillis: number } | undefined]>([
    // whole call: the customer's items are NEGATIVE then NEUTRAL: not one state; present from 4 s to 58 s
    ['CUSTOMER', undefined, { elapsed: true, state: 'MIXED', presentMillis: 54000 }],
    // last 10 s of 58 s: items ending after 48 s → only the neutral customer item
    ['CUSTOMER', 10, { elapsed: true, state: 'NEUTRAL', presentMillis: 54000 }],
    // the window reaches back before the customer's first item: not elapsed yet
    ['CUSTOMER', 55, { elapsed: false, state: 'MIXED', presentMillis: 54000 }],
    ['AGENT', 10, { elapsed: true, state: undefined, presentMillis: 58000 }],
    ['AGENT', 58, { elapsed: true, state: 'POSITIVE', presentMillis: 58000 }],
    ['AGENT', 60, { elapsed: false, state: 'POSITIVE', presentMillis: 58000 }],
    // the system item has no sentiment: neutral
    ['SYSTEM', 30, { elapsed: true, state: 'NEUTRAL', presentMillis: 38000 }],
    ['UNKNOWN', 10, undefined],
  ])('%s past %s', (role, past, expected) => {
    expect(windowedSentimentState(items, role, past)).toEqual(expected);
  });

  it('counts a role present from when it joined, when the input says (a chat), before its first item or without any', () => {
    // the customer, first heard at 4 s, joined at 0: present 58 s, so a 55 s window has elapsed
    expect(windowedSentimentState(items, 'CUSTOMER', 55, 0)).toEqual({ elapsed: true, state: 'MIXED', presentMillis: 58000 });
    // joined and silent: present, no item in the window
    expect(windowedSentimentState(items, 'SUPERVISOR', 10, 40000)).toEqual({ elapsed: true, state: undefined, presentMillis: 18000 });
    expect(windowedSentimentState(items, 'SUPERVISOR', 30, 40000)).toMatchObject({ elapsed: false });
  });
});
