/**
 * Exact match in a language written without spaces (language.ts: Japanese, Chinese,
 * Thai...): an operand matches where its text stands in an item, beginning where a word
 * of the item begins and ending where one ends. The words are `Intl.Segmenter`'s
 * (tokenize.ts `segmentWithOffsets`), on both sides; spaces and punctuation between
 * them are ignored, as in English (`返金 お願い` matches "返金、お願いします"), except
 * between two words of a script written with spaces: `visa card` does not match
 * "VISAcard", as it would not in an English call (spaceBetween).
 *
 * Chosen over comparing the two sequences of words: ICU may cut an operand alone
 * otherwise than in a sentence (a compound, a verb's ending), and the engineer who
 * writes `解約したい` means those characters, wherever the segmenter puts its cuts
 * inside them. The boundaries keep `約` from matching inside `解約`, as `fun` does not
 * match inside `refund`; by the same rule `支払い` does not match "お支払い", which ICU
 * keeps as one word (the honorific prefix belongs to it). No plurals: these languages
 * do not inflect nouns for number.
 *
 * Work: per item and event, the segmenting (prepare.ts) and the words run together once,
 * shared by every rule; then each operand is looked for with `indexOf`, each occurrence
 * checked in constant time: linear in the item per operand, whatever either says. This
 * is the JavaScript path: the WebAssembly reader of word-scan.ts knows space-separated
 * words only. (ICU's segmenting costs some 25 µs of CPU for a 45-character item, against
 * under 1 µs for the in-place read of an English item: only these contacts pay it.)
 */
import { segmentWithOffsets } from './tokenize.ts';
import type { PreparedItem } from './types.ts';

/** Where an operand stands in an item: its index, its first word and the word after its last. */
interface Found {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

export interface SegmentedPhrases {
  /** The operand that starts first in the item (ties: the operand given first), with where its words stand. */
  first(p: PreparedItem): Found | undefined;
  /** Whether some operand is found in the item. */
  has(p: PreparedItem): boolean;
}

/** An item's words run together, and which word begins and ends at each character. */
interface Joined {
  readonly text: string;
  /** `startOf[c]`: 1 + the word beginning at character `c` of `text` (0: none); `endOf` likewise for ends. */
  readonly startOf: Int32Array;
  readonly endOf: Int32Array;
}

/**
 * Per prepared item, made once and read by every rule's operands. A WeakMap: only
 * contacts in these languages put items in it, and they die with their event.
 */
const joinedItems = new WeakMap<PreparedItem, Joined>();

/** A letter or digit of a script written with spaces between words (Latin, Cyrillic, Hangul...). */
const SPACED_WORD_CHAR = /^[\p{L}\p{N}]$/u;
const UNSPACED_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]$/u;
const spacedAt = (word: string, last: boolean): boolean => {
  let at = last ? word.length - 1 : 0;
  if (last && at > 0 && (word.charCodeAt(at) & 0xfc00) === 0xdc00) at--; // the pair's first half
  const char = String.fromCodePoint(word.codePointAt(at) ?? 0);
  return SPACED_WORD_CHAR.test(char) && !UNSPACED_SCRIPT.test(char);
};

/**
 * Whether a space stands between two neighbouring words when they are run together:
 * between two words of a spaced script (`visa` `card`), so an operand `visa card`
 * does not match the one word "VISAcard", as in English; none otherwise (`返金` `を`).
 */
const spaceBetween = (before: string, after: string): boolean => spacedAt(before, true) && spacedAt(after, false);

/** `words` run together, a space only between two words of a spaced script (spaceBetween). */
function runTogether(words: readonly string[]): string {
  let text = words[0] ?? '';
  for (let k = 1; k < words.length; k++) text += (spaceBetween(words[k - 1], words[k]) ? ' ' : '') + words[k];
  return text;
}

function joinedOf(p: PreparedItem): Joined {
  let joined = joinedItems.get(p);
  if (joined) return joined;
  const words = p.words;
  const text = runTogether(words);
  const startOf = new Int32Array(text.length + 1);
  const endOf = new Int32Array(text.length + 1);
  let at = 0;
  for (let k = 0; k < words.length; k++) {
    if (k > 0 && spaceBetween(words[k - 1], words[k])) at += 1;
    startOf[at] = k + 1;
    at += words[k].length;
    endOf[at] = k + 1;
  }
  joinedItems.set(p, (joined = { text, startOf, endOf }));
  return joined;
}

export function compileSegmentedPhrases(phrases: readonly string[], segmenter: Intl.Segmenter): SegmentedPhrases {
  // An operand's words run together: the characters it means, lower case, without punctuation, spaces only between Latin words.
  const keys = phrases.map((phrase) => runTogether(segmentWithOffsets(phrase, segmenter).words));

  function search(p: PreparedItem, any: boolean): Found | undefined {
    if (p.words.length === 0) return undefined;
    const { text: joined, startOf, endOf } = joinedOf(p);
    let best: Found | undefined;
    let bestAt = joined.length;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      if (key === '') continue;
      for (let c = joined.indexOf(key); c >= 0 && c < bestAt; c = joined.indexOf(key, c + 1)) {
        const end = endOf[c + key.length];
        if (startOf[c] === 0 || end === 0) continue;
        best = { index, from: startOf[c] - 1, to: end };
        bestAt = c;
        if (any) return best;
        break;
      }
    }
    return best;
  }

  return {
    first: (p) => search(p, false),
    has: (p) => search(p, true) !== undefined,
  };
}
