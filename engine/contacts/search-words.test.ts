/**
 * SearchContacts' words against what OpenSearch's and Lucene's documentation say the
 * standard analyzer makes (the expected words are theirs, lower-cased by its filter):
 * OpenSearch, *Standard tokenizer* (its table of inputs and tokens); Elasticsearch,
 * *Standard tokenizer* (its example sentence and `max_token_length`) and *icu_tokenizer*
 * (the standard tokenizer's two Thai tokens); Lucene, *StandardTokenizerImpl* (token types).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TOKEN_LENGTH, phraseIn, SearchedText, searchWords } from './search-words.ts';

const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ['Elasticsearch example sentence', "The 2 QUICK Brown-Foxes jumped over the lazy dog's bone.", ['the', '2', 'quick', 'brown', 'foxes', 'jumped', 'over', 'the', 'lazy', "dog's", 'bone']],
  ['punctuation splits and is removed', 'fast, and scalable.', ['fast', 'and', 'scalable']],
  ['an apostrophe between letters joins', "can't, O'Neil", ["can't", "o'neil"]],
  ['a period and a space split', 'end. Next', ['end', 'next']],
  ['a period between letters joins, a trailing one is removed', 'hello.world, U.S.A.', ['hello.world', 'u.s.a']],
  ['a period or comma between digits joins', '3.5, 1,000, v1.2.3', ['3.5', '1,000', 'v1.2.3']],
  ['underscores join', 'snake_case', ['snake_case']],
  ['hyphens split', 'state-of-the-art wi-fi', ['state', 'of', 'the', 'art', 'wi', 'fi']],
  ['an email splits at @', 'admin@example.com', ['admin', 'example.com']],
  ['a URL splits at the colon and slashes', 'https://opensearch.org/docs', ['https', 'opensearch.org', 'docs']],
  ['each ideograph and hiragana is a token', '東京, こんにちは', ['東', '京', 'こ', 'ん', 'に', 'ち', 'は']],
  ['a run of katakana is one token (KATAKANA)', 'クレジットカードで', ['クレジットカード', 'で']],
  ['a run of Thai is one token (SOUTHEAST_ASIAN)', 'สวัสดี ผมมาจากกรุงเทพฯ', ['สวัสดี', 'ผมมาจากกรุงเทพฯ']],
  ['a run of Hangul is one token (HANGUL)', '환불 요청합니다', ['환불', '요청합니다']],
  ['Hangul after digits is one word (UAX#29 WB10: Numeric × ALetter)', '3개월 약정', ['3개월', '약정']],
  ['Hangul after Latin letters is one word (UAX#29 WB5: ALetter × ALetter)', 'SK텔레콤 고객', ['sk텔레콤', '고객']],
  ['digits after Hangul and letters after digits join (UAX#29 WB9, WB10)', '5G요금제 2번', ['5g요금제', '2번']],
  ['an underscore joins Hangul and Latin (UAX#29 WB13a/b)', '카드_abc', ['카드_abc']],
  ['half-width voiced marks stay in their katakana word (WB4: U+FF9E/U+FF9F are Extend)', 'ｶｰﾄﾞを ﾊﾟｽﾜｰﾄﾞ', ['ｶｰﾄﾞ', 'を', 'ﾊﾟｽﾜｰﾄﾞ']],
  ['an underscore joins katakana, and letters to katakana (UAX#29 WB13a/b)', 'カ_ド ab_カド', ['カ_ド', 'ab_カド']],
  ['letters of any script, accents kept, lower case', 'Café NAÏVE Straße Москва', ['café', 'naïve', 'straße', 'москва']],
  ['an emoji is a token (EMOJI)', 'great 👍', ['great', '👍']],
  // what ICU cuts and Lucene's StandardTokenizerImpl.jflex does not (its rules quoted beside each)
  ['`.` or an apostrophe between Hangul and letters joins ({AHLetterEx} ({MidLetterEx} {AHLetterEx})*: WB6/7)', "한국.어 SK.텔레콤 한국'어 가:나.", ['한국.어', 'sk.텔레콤', "한국'어", '가:나']],
  ['two marks, or a digit after the mark, do not join Hangul (WB6/7 are one MidLetter between letters)', '가..나 가.3', ['가', '나', '가', '3']],
  ['an underscore after Hangul stays in its word ({ExtendNumLetEx}* after letters: WB13a)', '카드_ 가_나', ['카드_', '가_나']],
  ['Hangul with a mark after it is a word ({HangulEx}: Hangul {ExtFmtZwj})', '가\u0301나 요', ['가\u0301나', '요']],
  ['an underscore after Thai is no word: no rule makes a token of connectors alone', 'ภาษาไทย_ __ ok', ['ภาษาไทย', 'ok']],
  ['a keycap is an emoji ({KeyCapBaseCharEx} {EmojiPresentationSelector}? {KeyCapEx})', 'press #️⃣ or *⃣ then 1️⃣', ['press', '#️⃣', 'or', '*⃣', 'then', '1️⃣']],
  ['a skin tone without its base is an emoji ({EmojiModifierEx}), with its base one emoji', 'ok 🏻 a🏻 👍🏻🏻', ['ok', '🏻', 'a', '🏻', '👍🏻', '🏻']],
  ['a skin tone after Hangul is an emoji and keeps the Hangul word', '한국🏻어', ['한국', '🏻', '어']],
  ['a flag is two regional indicators ({RegionalIndicatorEx}{2}); one alone is no word', 'go 🇺🇸🇫 🇺', ['go', '🇺🇸']],
  ['brackets split: a redaction mask is its word', 'my name is [PII]', ['my', 'name', 'is', 'pii']],
];

describe('searchWords: the standard analyzer', () => {
  it.each(CASES)('%s', (_, text, words) => {
    expect(searchWords(text)).toEqual(words);
  });

  it('keeps the curly apostrophe as written: no filter of the standard analyzer folds it', () => {
    expect(searchWords('can’t')).toEqual(['can’t']);
    expect(searchWords('can’t')).not.toEqual(searchWords("can't"));
  });

  it('lowers each letter alone, as Java does: a final capital sigma is σ, dotted İ is i', () => {
    expect(searchWords('ΟΔΟΣ İstanbul')).toEqual(['οδοσ', 'istanbul']);
  });

  it('splits a token longer than max_token_length (255) at that many characters', () => {
    expect(MAX_TOKEN_LENGTH).toBe(255);
    expect(searchWords(`a${'b'.repeat(600)} c`)).toEqual([`a${'b'.repeat(254)}`, 'b'.repeat(255), 'b'.repeat(91), 'c']);
  });

  it('reads a long text without spaces in bounded work: 70,000 hiragana, one token each', () => {
    const text = 'ありがとうございます'.repeat(7000);
    const words = searchWords(text);
    expect(words.length).toBe(70_000);
    expect(words.slice(0, 3)).toEqual(['あ', 'り', 'が']);
  });

  it('a non-string or an empty text has no words', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords(undefined as unknown as string)).toEqual([]);
  });
});

describe('phraseIn', () => {
  const said = searchWords('I want to cancel my account, please.');
  it('finds the words of a phrase one after the other', () => {
    expect(phraseIn(searchWords('Cancel my account'), said)).toBe(true);
    expect(phraseIn(searchWords('account cancel'), said)).toBe(false);
    expect(phraseIn(searchWords('accounts'), said)).toBe(false);
  });
  it('a hyphenated search finds both spellings: the hyphen splits both sides alike', () => {
    expect(phraseIn(searchWords('wi-fi'), searchWords('the wi fi is down'))).toBe(true);
    expect(phraseIn(searchWords('wi fi'), searchWords('the Wi-Fi is down'))).toBe(true);
  });
  it('a phrase of no word is never found', () => {
    expect(phraseIn(searchWords('?!'), said)).toBe(false);
  });
});

describe('SearchedText: the search skips splitting an item no phrase can stand in', () => {
  // upper case that lowers to another length or code point (İ, Σ, Deseret 𐐀), marks, Hangul, katakana, emoji, connectors
  const char = fc.constantFrom(...'aAbBzZ09 .,\'_-İIıΣσςÉé\u0301개월SKカードｶﾞ返金👍🏽\u200d'.split(''), '𐐀', '𐐨', 'ß');
  const text = fc.array(char, { maxLength: 40 }).map((cs) => cs.join(''));

  it('answers as phraseIn over all the words, for phrases from the text and from elsewhere', () => {
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), (t, other, a, b) => {
        const from = Math.min(a % (t.length + 1), b % (t.length + 1));
        const to = Math.max(a % (t.length + 1), b % (t.length + 1));
        const words = searchWords(t);
        const searched = new SearchedText(t);
        for (const phrase of [searchWords(t.slice(from, to)), searchWords(other), words.slice(1, 3)]) {
          expect(searched.has(phrase)).toBe(phraseIn(phrase, words));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a phrase whose first word is a 255-unit piece of a longer token', () => {
    const long = 'x'.repeat(MAX_TOKEN_LENGTH) + 'Y'.repeat(10);
    expect(new SearchedText(`say ${long} now`).has(searchWords(long))).toBe(true);
  });
});
