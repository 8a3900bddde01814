/**
 * Exact match of words and phrases (`*.ExactMatch.Transcript`):
 *
 * - an operand is tokenised like the transcript (tokenize.ts);
 * - one word matches a word of an item equal to it, to its regular plural or to its
 *   regular singular (plural.ts `exactWordForms`; AWS: "Exact Match is an exact word
 *   match, which can be either singular or plural"), never part of a longer word
 *   (`fun` ≠ `refund`, `refund` ≠ `refunding`);
 * - several words match when they stand consecutively in one item, punctuation
 *   between them ignored; only the last word of a phrase may differ in number
 *   (`credit card` matches `credit cards`, not `credits card`): English inflects the
 *   head noun at the end, and this keeps `new account` from matching `news account`;
 * - an operand with no word (`"?!"`) never matches.
 *
 * Compilation builds an index from the accepted first words to the phrases, so
 * `find` walks each word once and does a Map lookup; it allocates only the match it
 * returns. Whether an item matches at all (`has`, `foundAt`: the hot path) is read
 * from its text in place (word-scan.ts), without tokenising it; `scan` and `find`,
 * which must say where the words stand (explain), walk the item's tokens.
 */
import { exactWordForms } from './plural.ts';
import { tokenize } from './tokenize.ts';
import { reading, WordDictionary } from './word-scan.ts';
import { prepareTranscript } from './prepare.ts';
import { matchAt, type PreparedItem, type TranscriptItem, type TranscriptMatch, type TranscriptMatcher } from './types.ts';

interface CompiledPhrase {
  readonly phrase: string;
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
  /** Calls `onMatch(operand index, first word, end word)` for every match in the item, in word order; stops when it returns true. */
  scan(p: PreparedItem, onMatch: (index: number, from: number, to: number) => boolean | void): boolean;
  /**
   * Writes to `out` (one slot per operand at least) the distinct indices of the
   * operands found in item `k` of `items`, in the order first found; returns how many.
   * Reads the item's text in place; its words only when the text is not plain ASCII:
   * the prepared item's (prepare.ts, shared with the other matchers of the event), or,
   * when `unbuilt` (`items` are an unbuilt transcript's turns, types.ts
   * UnbuiltTranscript, which no other matcher reads), the one text's tokens, kept by nobody.
   */
  foundAt(items: readonly TranscriptItem[], k: number, out: Int32Array, unbuilt?: boolean): number;
  /** Whether some operand is found in the item (what `scan` would find first, without saying where). */
  has(p: PreparedItem): boolean;
}

/** Bit of a word length in a `startMask` entry (31 stands for 31 and longer). */
const lengthBit = (length: number): number => 1 << (length > 31 ? 31 : length);

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
  const count = typeof text === 'string' ? dictionary.read(text) : -1;
  return count >= 0 ? count : dictionary.readWords(p.words);
}

export function compilePhraseTable(phrases: readonly string[]): PhraseTable {
  const byFirstWord = new Map<string, IndexedPhrase[]>();
  phrases.forEach((phrase, index) => {
    const words = tokenize(phrase);
    if (words.length === 0) return;
    const compiled: IndexedPhrase = {
      index,
      phrase,
      middle: words.slice(1, -1),
      lastForms: new Set(exactWordForms(words[words.length - 1])),
      length: words.length,
    };
    const firstForms = words.length === 1 ? exactWordForms(words[0]) : [words[0]];
    for (const form of firstForms) {
      const list = byFirstWord.get(form);
      if (list) list.push(compiled);
      else byFirstWord.set(form, [compiled]);
    }
  });

  // Per ASCII first character, the lengths of the words a match can start with: most
  // words of a transcript are ruled out by two reads, without hashing them for the Map.
  const startMask = new Uint32Array(128);
  for (const form of byFirstWord.keys()) {
    const code = form.charCodeAt(0);
    if (code < 128) startMask[code] |= lengthBit(form.length);
  }
  const mayStart = (word: string): boolean => {
    const code = word.charCodeAt(0);
    return code >= 128 || (startMask[code] & lengthBit(word.length)) !== 0;
  };

  function matchesAt(c: CompiledPhrase, words: readonly string[], at: number): boolean {
    if (c.length === 1) return true;
    if (at + c.length > words.length) return false;
    for (let k = 0; k < c.middle.length; k++) if (words[at + 1 + k] !== c.middle[k]) return false;
    return c.lastForms.has(words[at + c.length - 1]);
  }

  // The same phrases over word ids, for the in-place reading of `has` and `found`.
  // A phrase starts at its first word (any form of a one-word phrase) when its second word follows it.
  const phraseStarts = [...byFirstWord].flatMap(([form, list]) =>
    list.flatMap((c): (string | [string, string])[] => (c.length === 1 ? [form] : c.length === 2 ? [...c.lastForms].map((w) => [form, w]) : [[form, c.middle[0]]])),
  );
  const dictionary = new WordDictionary(
    [...byFirstWord.values()].flat().flatMap((c) => [...c.middle, ...c.lastForms]).concat([...byFirstWord.keys()]),
    phraseStarts,
  );
  // Per first word id, its phrases in flat arrays (read per word a phrase may start
  // with: ~2 per item of a call): `from[id]` … `from[id + 1]` index the candidates; a
  // candidate's words after the first are `rest[restAt[c]]` … `rest[restAt[c + 1]]`, all
  // but the last compared by equality, the last to any of its forms `forms[formsAt[c]]` …
  // `forms[formsAt[c + 1]]`.
  const from = new Int32Array(dictionary.size + 1);
  const operand: number[] = [];
  const restAt: number[] = [0];
  const rest: number[] = [];
  const formsAt: number[] = [0];
  const forms: number[] = [];
  const lists = new Map<number, IndexedPhrase[]>([...byFirstWord].map(([form, list]) => [dictionary.id(form), list]));
  for (let id = 0; id < dictionary.size; id++) {
    from[id] = operand.length;
    for (const c of lists.get(id) ?? []) {
      operand.push(c.index);
      if (c.length > 1) {
        rest.push(...c.middle.map((w) => dictionary.id(w)), -1);
        forms.push(...[...c.lastForms].map((w) => dictionary.id(w)));
      }
      restAt.push(rest.length);
      formsAt.push(forms.length);
    }
  }
  from[dictionary.size] = operand.length;
  const operandOf = Int32Array.from(operand);
  const restIds = Int32Array.from(rest);
  const restFrom = Int32Array.from(restAt);
  const formIds = Int32Array.from(forms);
  const formsFrom = Int32Array.from(formsAt);

  const seen = new Int32Array(phrases.length);
  let calls = 0;
  /**
   * The operands found in the words `idsOf` just read (`count` of them): their
   * distinct indices written to `out`, how many returned; without `out`, 1 at the
   * first found (whether any is).
   */
  function operandsIn(count: number, out: Int32Array | undefined): number {
    // The ids as `read` left them: `words[base + k]` is the k-th word's.
    const { ids: words, idsAt: base, marks, marksAt, marked } = reading;
    // `seen[index]` is this call's stamp when the operand is already in `out`.
    if (calls === 0x7fffffff) {
      calls = 0;
      seen.fill(0);
    }
    const stamp = ++calls;
    let found = 0;
    for (let s = marksAt, marksEnd = marksAt + marked; s < marksEnd; s++) {
      const at = marks[s];
      const id = words[base + at];
      for (let c = from[id], end = from[id + 1]; c < end; c++) {
        const index = operandOf[c];
        if (seen[index] === stamp) continue;
        // Words after the first: the middle ones (up to the -1 that ends them) equal, the last one of its forms.
        let k = restFrom[c];
        const restEnd = restFrom[c + 1];
        if (k < restEnd) {
          const last = at + restEnd - k;
          if (last >= count) continue;
          let next = base + at + 1;
          while (restIds[k] >= 0 && restIds[k] === words[next]) {
            k++;
            next++;
          }
          if (restIds[k] >= 0) continue;
          const word = words[base + last];
          let f = formsFrom[c];
          const formsEnd = formsFrom[c + 1];
          while (f < formsEnd && formIds[f] !== word) f++;
          if (f === formsEnd) continue;
        }
        if (out === undefined) return 1;
        seen[index] = stamp;
        out[found++] = index;
      }
    }
    return found;
  }

  return {
    count: phrases.length,
    has: (p) => byFirstWord.size > 0 && operandsIn(idsOf(dictionary, p), undefined) > 0,
    scan(p, onMatch) {
      if (byFirstWord.size === 0) return false;
      const words = p.words;
      for (let at = 0; at < words.length; at++) {
        if (!mayStart(words[at])) continue;
        const candidates = byFirstWord.get(words[at]);
        if (candidates === undefined) continue;
        for (const c of candidates) if (matchesAt(c, words, at) && onMatch(c.index, at, at + c.length) === true) return true;
      }
      return false;
    },
    foundAt(items, k, out, unbuilt = false) {
      if (byFirstWord.size === 0) return 0;
      const text = items[k].Content;
      let count = typeof text === 'string' ? dictionary.read(text) : -1;
      // (not prepareTranscript on unbuilt turns: an object per turn, and a slot of its cache, for tokens nothing shares)
      if (count < 0) count = dictionary.readWords(unbuilt ? tokenize(text) : prepareTranscript(items).items[k].words);
      return operandsIn(count, out);
    },
  };
}

export interface ExactMatcher extends TranscriptMatcher {
  /** The operands, as given. */
  readonly phrases: readonly string[];
  /** Whether `find` would find something (the hot path: reads the items' texts in place). */
  test(items: readonly PreparedItem[]): boolean;
}

export function compileExactMatcher(phrases: readonly string[]): ExactMatcher {
  const table = compilePhraseTable(phrases);
  return {
    phrases: [...phrases],
    test(items: readonly PreparedItem[]): boolean {
      for (const p of items) if (table.has(p)) return true;
      return false;
    },
    find(items: readonly PreparedItem[]): TranscriptMatch | undefined {
      let found: TranscriptMatch | undefined;
      for (const p of items) {
        if (table.scan(p, (index, from, to) => ((found = matchAt(phrases[index], p, from, to)), true))) return found;
      }
      return found;
    },
  };
}
