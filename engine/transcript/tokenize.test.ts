import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentWithOffsets, tokenize, tokenizeWithOffsets } from './tokenize.ts';

describe('tokenize', () => {
  it.each([
    ['I want a REFUND!', ['i', 'want', 'a', 'refund']],
    ["I don't want the e-mail.", ['i', "don't", 'want', 'the', 'e-mail']],
    ['I don’t — no‐thanks', ['i', "don't", 'no-thanks']],
    ["'quoted' words -dash- rock--roll", ['quoted', 'words', 'dash', 'rock', 'roll']],
    ["the customers' accounts", ['the', 'customers', 'accounts']],
    ['refund,policy;box:church', ['refund', 'policy', 'box', 'church']],
    ['It costs $3.50, or 1,000 points.', ['it', 'costs', '3.50', 'or', '1,000', 'points']],
    ['end. 3. Next', ['end', '3', 'next']],
    ['My name is [NAME] and card [CREDIT_DEBIT_NUMBER]', ['my', 'name', 'is', '[name]', 'and', 'card', '[credit_debit_number]']],
    ['[PII] said [not a mask]', ['[pii]', 'said', 'not', 'a', 'mask']],
    ['Café naïve Ärger 東京', ['café', 'naïve', 'ärger', '東京']],
    ['emoji 😀 between', ['emoji', 'between']],
    ['', []],
    ['   \n\t ', []],
  ])('%j → %j', (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it('reports where each word stands', () => {
    const text = 'Hi, I’d like a refund.';
    const t = tokenizeWithOffsets(text);
    expect(t.words.map((_, i) => text.slice(t.starts[i], t.ends[i]))).toEqual(['Hi', 'I’d', 'like', 'a', 'refund']);
    expect(t.words[1]).toBe("i'd");
  });

  it('never throws and yields non-empty lower-case words without spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const { words, starts, ends } = tokenizeWithOffsets(text);
        expect(starts.length).toBe(words.length);
        for (let i = 0; i < words.length; i++) {
          expect(words[i].length).toBeGreaterThan(0);
          expect(/\s/.test(words[i])).toBe(false);
          expect(ends[i]).toBeGreaterThan(starts[i]);
          if (i > 0) expect(starts[i]).toBeGreaterThanOrEqual(ends[i - 1]);
        }
      }),
    );
  });

  it('tolerates non-string input', () => {
    expect(tokenize(undefined as unknown as string)).toEqual([]);
  });
});

describe('segmentWithOffsets (languages written without spaces)', () => {
  const ja = new Intl.Segmenter('ja', { granularity: 'word' });

  it('finds the words of a Japanese sentence, each where it stands, without punctuation', () => {
    const text = '返金を、お願いします。';
    const { words, starts, ends } = segmentWithOffsets(text, ja);
    expect(words).toContain('返金');
    expect(words).not.toContain('、');
    words.forEach((w, i) => expect(text.slice(starts[i], ends[i]).toLowerCase()).toBe(w));
  });

  it('keeps a redaction mask as one word, lower-cases Latin words and reads no non-string', () => {
    expect(segmentWithOffsets('[NAME]様の VISA カード', ja).words.slice(0, 1)).toEqual(['[name]']);
    expect(segmentWithOffsets('[NAME]様の VISA カード', ja).words).toContain('visa');
    expect(segmentWithOffsets(5 as unknown as string, ja).words).toEqual([]);
  });
});
