import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExactMatcher, compilePhraseTable } from './exact.ts';
import { pluralForms, singularForms } from './plural.ts';
import { prepareTranscript } from './prepare.ts';
import type { TranscriptItem } from './types.ts';
import { item, said } from '../../test/support/transcript-items.ts';
import { tokenize } from './tokenize.ts';
import { wordLanguageOf } from './language.ts';

describe('pluralForms (regular English rules)', () => {
  it.each([
    ['refund', ['refunds']],
    ['policy', ['policies']],
    ['day', ['days']],
    ['box', ['boxes']],
    ['church', ['churches']],
    ['dish', ['dishes']],
    ['bus', ['buses']],
    ['buzz', ['buzzes']],
    ['potato', ['potatos', 'potatoes']],
    ['radio', ['radios']],
    ['knife', ['knifes']],
    ['check-in', ['check-ins']],
    ['i', []],
    ['a', []],
    ['is', []],
    ["don't", []],
    ['4g', []],
    ['[pii]', []],
  ])('%s → %j', (word, plurals) => {
    expect(pluralForms(word)).toEqual(plurals);
  });
});

describe('singularForms (the same rules, undone)', () => {
  it.each([
    ['refunds', ['refund']],
    ['policies', ['policie', 'policy']],
    ['days', ['day']],
    ['boxes', ['boxe', 'box']],
    ['churches', ['churche', 'church']],
    ['potatoes', ['potatoe', 'potato']],
    ['knives', ['knive']],
    ['bus', []],
    ['is', []],
    ['refund', []],
  ])('%s → %j', (word, singulars) => {
    expect(singularForms(word)).toEqual(singulars);
  });

  it('property: a word is a singular of each of its plurals', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}$/), (word) => {
        for (const plural of pluralForms(word)) expect(singularForms(plural)).toContain(word);
      }),
    );
  });
});

const matches = (phrases: string[], ...texts: string[]) => compileExactMatcher(phrases).find(said(...texts)) !== undefined;

describe('compileExactMatcher', () => {
  it.each<[string, string, boolean]>([
    ['refund', 'I want a refund', true],
    ['refund', 'Refunds are slow', true],
    ['refund', 'REFUND now', true],
    ['refund', 'I am refunding you', false],
    ['refund', 'a refunded order', false],
    // AWS: "Exact Match is an exact word match, which can be either singular or plural"
    ['refunds', 'one refund', true],
    ['policies', 'the policy', true],
    ['boxes', 'one box', true],
    ['credit cards', 'my credit card', true],
    ['refunds', 'refunding', false],
    ['knives', 'a knife', false],
    ['fun', 'I want a refund', false],
    ['fun', 'that was fun!', true],
    ['policy', 'your policies are unfair', true],
    ['policy', 'the policy', true],
    ['box', 'two boxes arrived', true],
    ['church', 'the churches', true],
    ['knife', 'the knives', false],
    ['i', 'this is it', false],
    ["don't", 'I don’t agree', true],
    ["don't", 'I dont agree', false],
    ['e-mail', 'send an e-mail please', true],
    ['e-mail', 'send an email please', false],
    ['mail', 'send an e-mail please', false],
    ['e mail', 'send an e-mail please', false],
    ['cancel my account', 'I want to cancel my account.', true],
    ['cancel my account', 'Cancel, my account!', true],
    ['cancel my account', 'cancel my accounts', true],
    ['credit card', 'both credit cards', true],
    ['credit card', 'my credits card', false],
    ['cancel my account', 'cancel the account', false],
    ['cancel my account', 'my account cancel', false],
    ['speak to a manager', 'can I speak to a manager?', true],
    ['?!', 'anything ?!', false],
    ['name', 'my name is [NAME]', true],
    ['pii', 'my number is [PII]', false],
  ])('%j in %j → %s', (phrase, text, expected) => {
    expect(matches([phrase], text)).toBe(expected);
  });

  it('does not match a phrase across two items', () => {
    expect(matches(['cancel my account'], 'I want to cancel', 'my account today')).toBe(false);
    expect(matches(['cancel my account'], 'I want to cancel my', 'account')).toBe(false);
  });

  it('matches when any operand matches, and reports the first match in transcript order', () => {
    const items = prepareTranscript([
      item('AGENT', 'Hello, how can I help?', 0, 2000),
      item('CUSTOMER', 'I was overcharged, I want a Refund. Refund now!', 2500, 6000),
      item('CUSTOMER', 'Please cancel my account', 7000, 9000),
    ]).items;
    const m = compileExactMatcher(['cancel my account', 'refund', 'nothing here']).find(items);
    expect(m).toEqual({
      phrase: 'refund',
      itemId: items[1].item.Id,
      role: 'CUSTOMER',
      beginOffsetMillis: 2500,
      text: 'Refund',
    });
    expect(compileExactMatcher(['CANCEL my account']).find(items)?.text).toBe('cancel my account');
  });

  it('returns undefined without operands or items', () => {
    expect(compileExactMatcher([]).find(said('refund'))).toBeUndefined();
    expect(compileExactMatcher(['refund']).find([])).toBeUndefined();
  });

  it('property: any word taken from an item matches that item', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z'’-]{1,12}$/), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (pieces, pick) => {
          const text = pieces.join(' ');
          const words = tokenize(text);
          fc.pre(words.length > 0);
          const word = words[pick % words.length];
          fc.pre(!word.startsWith('['));
          const prepared = prepareTranscript([item('CUSTOMER', text)]).items;
          const m = compileExactMatcher([word]).find(prepared);
          expect(m?.itemId).toBe(prepared[0].item.Id);
        },
      ),
    );
  });

  it('property: the in-place reading (test, foundAt, of items or unbuilt turns) agrees with the tokens (find, scan), ASCII or not', () => {
    const WORDS = ['refund', 'Refunds', 'policy', 'policies', 'box', 'boxes', 'my', 'account', "don't", 'don’t', 'e-mail', 'e‐mail', '3.5', '1,000', '[PII]', 'café', 'I', 'is'];
    const SEPARATORS = [' ', ', ', '. ', '-', "'", '! ', ' 😀 ', '[', ']'];
    const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 10 }).map((ps) => ps.map(([w, s]) => w + s).join(''));
    const phrase = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 5 }), fc.array(text, { minLength: 1, maxLength: 4 }), (phrases, texts) => {
        const items = prepareTranscript(texts.map((t, i) => item('CUSTOMER', t, i))).items;
        const matcher = compileExactMatcher(phrases);
        expect(matcher.test(items)).toBe(matcher.find(items) !== undefined);
        const table = compilePhraseTable(phrases);
        for (const p of items) {
          const first = table.first(p);
          const out = new Int32Array(phrases.length);
          const found = [...out.subarray(0, table.foundAt(texts.map((t, i) => item('CUSTOMER', t, i)), p.position, out))];
          expect(new Set(found).size).toBe(found.length);
          expect(first === undefined ? found.length === 0 : found.includes(first.index)).toBe(true);
          // An unbuilt voice transcript's turns (only `Content` read; its words tokenised alone).
          const turns = texts.map((t) => ({ Content: t })) as unknown as TranscriptItem[];
          expect([...out.subarray(0, table.foundAt(turns, p.position, out, true))]).toEqual(found);
          expect(table.has(p)).toBe(found.length > 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('a table compiled for a contact language (its plurals, its words)', () => {
  const spanish = wordLanguageOf('es-ES');
  const found = (table: ReturnType<typeof compilePhraseTable>, items: TranscriptItem[]) => {
    const out = new Int32Array(4);
    return [...out.subarray(0, table.foundAt(items, 0, out))];
  };

  it("foundAt reads a non-ASCII item in the table's language (its words prepared in it, as the contact's conditions prepare them), with its plurals", () => {
    const items = [item('CUSTOMER', 'Tengo dos tarjetas de crédito.', 0)];
    expect(found(compilePhraseTable(['tarjeta de crédito'], undefined, spanish), items)).toEqual([0]);
    // English's rule changes the last word only
    expect(found(compilePhraseTable(['tarjeta de crédito']), items)).toEqual([]);
    // and back: the plural operand finds the singular
    expect(found(compilePhraseTable(['tarjetas de crédito'], undefined, spanish), [item('CUSTOMER', 'Mi tarjeta de crédito no funciona.', 0)])).toEqual([0]);
  });

  it('first and has follow the same forms', () => {
    const table = compilePhraseTable(['cartão de crédito'], undefined, wordLanguageOf('pt-BR'));
    const [p] = prepareTranscript([item('CUSTOMER', 'Tenho dois cartões de crédito.', 0)], wordLanguageOf('pt-BR')).items;
    expect(table.has(p)).toBe(true);
    expect(table.first(p)).toEqual({ index: 0, from: 2, to: 5 });
  });
});
