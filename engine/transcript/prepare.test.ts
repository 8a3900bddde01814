import { describe, expect, it } from 'vitest';
import { wordLanguageOf } from './language.ts';
import { prepareTranscript } from './prepare.ts';
import { item } from '../../test/support/transcript-items.ts';

// Every transcript condition of every rule reads the contact's prepared transcript: an
// English contact and one that does not say its language must share one preparation, or
// each event's words are split twice (88d7764 did: ~85 µs an event at 500 rules, revA).
describe('prepareTranscript: one preparation per transcript and word rules', () => {
  const items = [item('CUSTOMER', 'I want a refund'), item('AGENT', 'Refunds take five days', 2000)];

  it.each([['en-US'], ['en_GB'], ['EN-au'], [undefined], [''], [42]])('a contact whose LanguageCode is %j shares the English preparation', (code) => {
    expect(prepareTranscript(items, wordLanguageOf(code))).toBe(prepareTranscript(items));
  });

  it('a contact in another language gets its own preparation, and keeps it', () => {
    const spanish = prepareTranscript(items, wordLanguageOf('es-ES'));
    expect(spanish).not.toBe(prepareTranscript(items));
    expect(prepareTranscript(items, wordLanguageOf('es-MX'))).toBe(spanish);
  });
});
