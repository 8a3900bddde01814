/**
 * Exact match of words and phrases (`*.ExactMatch.Transcript`):
 *
 * - an operand is tokenised like the transcript (tokenize.ts);
 * - one word matches a word of an item equal to it, to its regular plural or to its
 *   regular singular (plural.ts `exactWordForms`; AWS: "Exact Match is an exact word
 *   match, which can be either singular or plural"), never part of a longer word
 *   (`fun` ≠ `refund`, `refund` ≠ `refunding`); plurals follow the contact's
 *   language (its `LanguageCode`, language.ts): English's, Spanish/Portuguese/French
 *   regular `-s`/`-es` ones, else the word only;
 * - several words match when they stand consecutively in one item, punctuation
 *   between them ignored; in English only the last word of a phrase may differ in number
 *   (`credit card` matches `credit cards`, not `credits card`): English inflects the
 *   head noun at the end, and this keeps `new account` from matching `news account`;
 *   Spanish, Portuguese and French change the noun and its adjectives before `de`...
 *   (`tarjeta de crédito` matches `tarjetas de crédito`: romance-plural.ts);
 * - an operand with no word (`"?!"`) never matches.
 *
 * Compilation builds one automaton over the phrases' word ids (phrase-automaton.ts),
 * so a search moves once per word of the item whatever the phrases' lengths and
 * overlaps, and starts only where a phrase may start. Whether an item matches at all (`has`, `foundAt`: the hot path) is read
 * from its text in place (word-scan.ts), without tokenising it; `first` and `find`,
 * which must say where the words stand (explain), walk the item's tokens.
 */
import { exactWordForms } from './plural.ts';
import { tokenize } from './tokenize.ts';
import { reading, WordDictionary } from './word-scan.ts';
import type { TextsInMemory } from './word-scan-wasm.ts';
import { prepareTranscript } from './prepare.ts';
import { PhraseAutomaton, type PhraseWork } from './phrase-automaton.ts';
import { compileSegmentedPhrases } from './segmented.ts';
import { ENGLISH_WORDS, type WordLanguage } from './language.ts';
import type { ExactForms, PhraseForm } from './romance-plural.ts';
import { matchAt, type PreparedItem, type TranscriptItem, type TranscriptMatch, type TranscriptMatcher } from './types.ts';

interface CompiledPhrase {
  readonly phrase: string;
  readonly first: string;
  /** Words after the first, all but the last compared by equality. */
  readonly middle: readonly string[];
  /** Accepted forms of the last word (when the phrase has two words or more). */
  readonly lastForms: ReadonlySet<string>;
  readonly length: number;
}

/**
 * Compiled operands indexed by the word a match starts with: shared by one rule's
 * matcher and by the phrase index of a rule set (phrase-index.ts), so both see the
 * same matches.
 */
export interface PhraseTable {
  /** How many operands were compiled (their indices are 0 … count − 1). */
  readonly count: number;
  /**
   * The operand found in the item that starts first (ties: the operand given first), with
   * where its words stand (`from` … `to − 1`, of the item's words); the search stops as soon
   * as no match still under way could start earlier.
   */
  first(p: PreparedItem): PhraseMatch | undefined;
  /**
   * Writes to `out` (one slot per operand at least) the distinct indices of the
   * operands found in item `k` of `items`, in the order first found; returns how many.
   * Reads the item's text in place; its words only when the text is not plain ASCII:
   * the prepared item's (prepare.ts, shared with the other matchers of the event), or,
   * when `unbuilt` (`items` are an unbuilt transcript's turns, types.ts
   * UnbuiltTranscript, which no other matcher reads), the one text's tokens, kept by nobody.
   * `inMemory`: where the items' texts already are in the WebAssembly reader's memory, if they are (word-scan-wasm.ts).
   */
  foundAt(items: readonly TranscriptItem[], k: number, out: Int32Array, unbuilt?: boolean, inMemory?: TextsInMemory): number;
  /** Whether some operand is found in the item (whether `first` finds one, without saying where). */
  has(p: PreparedItem): boolean;
}

/** Where an operand stands in an item: its index, its first word and the word after its last. */
export interface PhraseMatch {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

interface IndexedPhrase extends CompiledPhrase {
  readonly index: number;
}

/**
 * The word ids of an item: its text read in place, or its tokens when the text is
 * not plain ASCII; left in `reading` (word-scan.ts), with the positions of the words a
 * phrase starts with (the dictionary's marked words; read in place, only those the
 * phrase's second word follows), so that a scan for phrases looks only there. Returns
 * the count.
 */
function idsOf(dictionary: WordDictionary, p: PreparedItem): number {
  const text = p.item.Content;
  let count = typeof text === 'string' ? dictionary.read(text) : -1;
  // (beyond ASCII: a Spanish, Portuguese or French text still without tokenising it, when it can)
  if (count < 0 && typeof text === 'string') count = dictionary.readLatin(text);
  return count >= 0 ? count : dictionary.readWords(p.words);
}

/** A word as written, and nothing else: exact match in a language without English plurals. */
const onlyTheWord = (word: string): string[] => [word];

/**
 * `work`: where the automaton counts its steps (tests: compile and search work are linear);
 * `language`: the contacts' the table answers for (a language written with spaces,
 * language.ts), whose plurals a word and a phrase match (English's, a language's own, or
 * none), and in which `foundAt` reads an item's words when its text is not read in place.
 */
export function compilePhraseTable(phrases: readonly string[], work?: PhraseWork, language: WordLanguage = ENGLISH_WORDS): PhraseTable {
  const own: ExactForms | undefined = language.plurals ? undefined : language.exactForms;
  const formsOf = language.plurals ? exactWordForms : (own ?? onlyTheWord);
  // A phrase's forms: English's change the last word only; a language's own (romance-plural.ts) may change others.
  const formsOfPhrase = (words: string[]): readonly PhraseForm[] =>
    words.length > 1 && own !== undefined ? own.phrase(words) : [{ prefix: words.slice(0, -1), lasts: formsOf(words[words.length - 1]) }];
  const byFirstWord = new Map<string, IndexedPhrase[]>();
  const compiledPhrases: IndexedPhrase[] = [];
  phrases.forEach((phrase, index) => {
    const words = tokenize(phrase);
    if (words.length === 0) return;
    for (const { prefix, lasts } of formsOfPhrase(words)) {
      const compiled: IndexedPhrase = {
        index,
        phrase,
        first: prefix.length > 0 ? prefix[0] : lasts[0],
        middle: prefix.slice(1),
        lastForms: new Set(lasts),
        length: prefix.length + 1,
      };
      compiledPhrases.push(compiled);
      const firstForms = prefix.length === 0 ? lasts : [prefix[0]];
      for (const form of firstForms) {
        const list = byFirstWord.get(form);
        if (list) list.push(compiled);
        else byFirstWord.set(form, [compiled]);
      }
    }
  });

  // The dictionary of every word of the phrases, and the words a phrase starts with
  // (marked: the in-place reading lists where they stand). A phrase starts at its first
  // word (any form of a one-word phrase) when its second word follows it.
  // (Loops, not spreads: a phrase may have 100,000 words, beyond an argument list's size.)
  const phraseStarts: (string | [string, string])[] = [];
  const known: string[] = [];
  for (const [form, list] of byFirstWord) {
    known.push(form);
    for (const c of list) {
      if (c.length === 1) phraseStarts.push(form);
      else if (c.length === 2) for (const w of c.lastForms) phraseStarts.push([form, w]);
      else phraseStarts.push([form, c.middle[0]]);
    }
  }
  for (const c of compiledPhrases) {
    for (const w of c.middle) known.push(w);
    for (const w of c.lastForms) known.push(w);
  }
  const dictionary = new WordDictionary(known, phraseStarts);

  // The phrases as sequences of word ids, in one automaton: a word of an item moves it
  // once, whatever the phrases' lengths or overlaps (phrase-automaton.ts). Only the last
  // word of a phrase of two words or more may differ in number; a one-word phrase is
  // any of its forms.
  const automaton = new PhraseAutomaton(dictionary.size, work);
  for (const c of compiledPhrases) {
    const idsOfWords = (words: Iterable<string>): number[] => Array.from(words, (w) => dictionary.id(w));
    if (c.length === 1) automaton.add([], idsOfWords(c.lastForms), c.index);
    else {
      const prefix = new Int32Array(c.length - 1);
      prefix[0] = dictionary.id(c.first);
      for (let k = 0; k < c.middle.length; k++) prefix[k + 1] = dictionary.id(c.middle[k]);
      automaton.add(prefix, idsOfWords(c.lastForms), c.index);
    }
  }
  automaton.build();

  // `has`: whether any operand is found (the search stops at the first).
  let found = 0;
  const first = (): number => {
    found = 1;
    return -1;
  };

  /**
   * The operands found in the words `idsOf` just read (`count` of them): their
   * distinct indices written to `into`, how many returned; without `into`, 1 at the
   * first found (whether any is).
   */
  function operandsIn(count: number, into: Int32Array | undefined): number {
    const { ids, idsAt, marks, marksAt, marked } = reading;
    // (most items hold no word a phrase starts with)
    if (marked === 0) return 0;
    if (into !== undefined) return automaton.find(ids, idsAt, count, marks, marksAt, marked, undefined, into);
    found = 0;
    automaton.find(ids, idsAt, count, marks, marksAt, marked, first);
    return found;
  }

  let tokenIds = new Int32Array(64);
  return {
    count: phrases.length,
    has: (p) => !automaton.empty && operandsIn(idsOf(dictionary, p), undefined) > 0,
    first(p) {
      if (automaton.empty) return undefined;
      const words = p.words;
      if (tokenIds.length < words.length) tokenIds = new Int32Array(Math.max(words.length, tokenIds.length * 2));
      for (let k = 0; k < words.length; k++) tokenIds[k] = dictionary.id(words[k]);
      // Matches come in the order they end; the one that starts first may end later
      // (`a b c d` before `b`), so the search goes on while one under way could start
      // at or before the best so far (a tie may still be under way: `a b c` given before `a`).
      let index = -1;
      let from = 0;
      let to = 0;
      automaton.find(tokenIds, 0, words.length, undefined, 0, 0, (found, end, length) => {
        const start = end - length;
        if (index < 0 || start < from || (start === from && found < index)) {
          index = found;
          from = start;
          to = end;
        }
        return from;
      });
      return index < 0 ? undefined : { index, from, to };
    },
    foundAt(items, k, into, unbuilt = false, inMemory) {
      if (automaton.empty) return 0;
      const text = items[k].Content;
      let count = typeof text === 'string' ? dictionary.read(text, inMemory, k) : -1;
      if (count < 0 && typeof text === 'string') count = dictionary.readLatin(text);
      // (not prepareTranscript on unbuilt turns: an object per turn, and a slot of its cache, for tokens nothing shares)
      if (count < 0) count = dictionary.readWords(unbuilt ? tokenize(text) : prepareTranscript(items, language).items[k].words);
      return operandsIn(count, into);
    },
  };
}

export interface ExactMatcher extends TranscriptMatcher {
  /** The operands, as given. */
  readonly phrases: readonly string[];
  /** Whether `find` would find something (the hot path: reads the items' texts in place). */
  test(items: readonly PreparedItem[]): boolean;
}

/**
 * The items' language (the contact's: language.ts) chooses the table: English plurals,
 * the words only, or, for a language written without spaces, its words' segments
 * (segmented.ts: the JavaScript path). The others are compiled when a contact in such a
 * language first comes.
 */
export function compileExactMatcher(phrases: readonly string[], work?: PhraseWork): ExactMatcher {
  const english = compilePhraseTable(phrases, work);
  // (one table for every language with neither segments nor plurals of its own: their words are tokenize.ts's alike)
  let wordsOnly: PhraseTable | undefined;
  // (a few entries at most: one per language written without spaces or with its own plurals)
  const ownTables = new Map<WordLanguage, Pick<PhraseTable, 'first' | 'has'>>();
  const tableFor = (items: readonly PreparedItem[]): Pick<PhraseTable, 'first' | 'has'> => {
    const language = items.length === 0 ? undefined : items[0].language;
    if (language === undefined || language.plurals) return english;
    const segmenter = language.segmenter;
    if (segmenter === undefined && language.exactForms === undefined) return (wordsOnly ??= compilePhraseTable(phrases, work, language));
    let table = ownTables.get(language);
    if (table === undefined) ownTables.set(language, (table = segmenter ? compileSegmentedPhrases(phrases, segmenter) : compilePhraseTable(phrases, work, language)));
    return table;
  };
  return {
    phrases: [...phrases],
    test(items: readonly PreparedItem[]): boolean {
      const table = tableFor(items);
      for (const p of items) if (table.has(p)) return true;
      return false;
    },
    find(items: readonly PreparedItem[]): TranscriptMatch | undefined {
      const table = tableFor(items);
      for (const p of items) {
        const m = table.first(p);
        if (m) return matchAt(phrases[m.index], p, m.from, m.to);
      }
      return undefined;
    },
  };
}
