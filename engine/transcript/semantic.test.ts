import { afterEach, describe, expect, it } from 'vitest';
import { compileExactMatcher } from './exact.ts';
import { contentLemmas, getSemanticMatcher, lemma, lemmaOverlapMatcher, setSemanticMatcher, type SemanticMatcher } from './semantic.ts';
import { said } from '../../test/support/transcript-items.ts';

describe('lemma', () => {
  it.each([
    ['refunds', 'refund'],
    ['refunding', 'refund'],
    ['refunded', 'refund'],
    ['policies', 'policy'],
    ['change', 'chang'],
    ['changed', 'chang'],
    ['changing', 'chang'],
    ['cancelled', 'cancel'],
    ['cancel', 'cancel'],
    ['addresses', 'addres'],
    ['address', 'addres'],
    ['boxes', 'box'],
    ["customer's", 'customer'],
  ])('%s → %s', (word, expected) => {
    expect(lemma(word)).toBe(expected);
  });

  it('drops stop words, keeps all words of an all-stop-word text', () => {
    expect(contentLemmas('I want to cancel my account')).toEqual(['want', 'cancel', 'account']);
    expect(contentLemmas('can you do it')).toEqual(['can', 'you', 'do', 'it']);
  });
});

describe('lemma-overlap semantic matcher', () => {
  const m = lemmaOverlapMatcher;

  it.each<[string, string, boolean]>([
    ['cancel my account', 'I would like my account cancelled', true],
    ['cancel my account', 'please cancel the subscription', false],
    ['refund request', 'I am requesting a refund', true],
    ['change address', 'my addresses need changing', true],
  ])('phrase %j in %j → %s', (phrase, text, expected) => {
    expect(m.compilePhrases([phrase]).find(said(text)) !== undefined).toBe(expected);
  });

  it('needs the content words in one item', () => {
    expect(m.compilePhrases(['cancel account']).find(said('cancel it', 'the account'))).toBeUndefined();
  });

  it('matches a sentence when at least 60% of its content words occur', () => {
    const sentence = m.compileSentence('Customer called to change their address and agent changed the address.');
    // content lemmas: customer, call, chang, addres, agent → 5
    const yes = sentence(said('Hi, I need to change my address', 'The agent will do it'));
    expect(yes.matched).toBe(true); // chang, addres, agent: 3/5 = 60%
    expect(yes.detail).toContain('3 of 5');
    const no = sentence(said('I need to change my password'));
    expect(no.matched).toBe(false); // chang: 1/5
    expect(no.detail).toContain('missing');
  });

  it('says it is a lexical stand-in', () => {
    expect(m.description).toMatch(/lexical stand-in/);
  });
});

describe('semantic matcher registry', () => {
  afterEach(() => setSemanticMatcher(undefined));

  it('defaults to lemma-overlap and can be replaced', () => {
    expect(getSemanticMatcher().name).toBe('lemma-overlap');
    const exactOnly: SemanticMatcher = {
      name: 'exact',
      description: 'exact match',
      compilePhrases: compileExactMatcher,
      compileSentence: () => () => ({ matched: true, detail: 'always' }),
    };
    setSemanticMatcher(exactOnly);
    expect(getSemanticMatcher()).toBe(exactOnly);
    setSemanticMatcher(undefined);
    expect(getSemanticMatcher()).toBe(lemmaOverlapMatcher);
  });
});
