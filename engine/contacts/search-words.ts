/**
 * The words SearchContacts' transcript criterion compares, as OpenSearch's standard
 * analyzer makes them. AWS (admin guide, *Search conversations analyzed by Contact
 * Lens*): "For keyword search, Contact Lens uses the standard analyzer in Amazon
 * OpenSearch Service. This analyzer is not case sensitive." That analyzer is the standard
 * tokenizer and a lower-case filter (no stop words, no stemming, whatever the contact's
 * language); the tokenizer "uses Unicode text segmentation rules (UAX#29)" (OpenSearch
 * documentation, *Standard tokenizer*), and Lucene's StandardTokenizerImpl documents its
 * token types: "<SOUTHEAST_ASIAN>: A sequence of characters from South and Southeast Asian
 * languages, including Thai, Lao, Myanmar, and Khmer", "<IDEOGRAPHIC>: A single CJKV
 * ideographic character", "<HIRAGANA>: A single hiragana character", "<KATAKANA>: A
 * sequence of katakana characters", "<EMOJI>: A sequence of Emoji characters".
 *
 * | text | words | why |
 * | --- | --- | --- |
 * | `don't`, `O'Neil` | `don't`, `o'neil` | an apostrophe between letters joins (UAX#29 WB6/7) |
 * | `can’t` | `can’t` | the curly apostrophe is kept: no filter folds it into `'` |
 * | `wi-fi` | `wi`, `fi` | a hyphen splits |
 * | `3.5`, `1,000`, `v1.2.3` | one word each | `.` and `,` between digits join (WB11/12) |
 * | `U.S.A.`, `hello.world` | `u.s.a`, `hello.world` | `.` between letters joins; a trailing one does not |
 * | `snake_case` | `snake_case` | `_` joins (ExtendNumLet) |
 * | `john.smith@example.com` | `john.smith`, `example.com` | `@` splits |
 * | `https://example.com/a` | `https`, `example.com`, `a` | `:` and `/` split |
 * | `café`, `Straße` | `café`, `straße` | letters of any script, accents kept; no folding |
 * | `返金`, `こんにちは` | `返`, `金`; `こ`, `ん`, `に`, `ち`, `は` | one token per ideograph and per hiragana |
 * | `クレジットカード` | `クレジットカード` | a run of katakana is one token |
 * | `ผมมาจากกรุงเทพฯ` | itself | a run of Thai (Lao, Khmer, Myanmar) is one token |
 * | `[PII]` | `pii` | brackets split |
 * | `👍`, `👍🏻`, `1️⃣`, `#️⃣`, `🇺🇸` | itself | an emoji (with its skin tone), a keycap, a flag is a token |
 * | `🏻`, `a🏻` | `🏻`; `a`, `🏻` | a skin tone without its base is an emoji of its own |
 * | `🇺` | none | a lone regional indicator is in no token rule |
 * | `ภาษาไทย_`, `__` | `ภาษาไทย`; none | connectors alone make no token |
 * | `한국.어`, `가_나`, `가\u0301` | one word each | Hangul joins as any letter (WB4, WB6/7, WB13a/b) |
 *
 * UAX#29's rules are `Intl.Segmenter`'s (ICU, word granularity), which Node 20 and 22
 * both ship, except for Hangul: ICU's word.txt leaves Hangul syllables out of its letters
 * ("leave CJK scripts out of ALetterPlus") and cuts them from Latin letters and digits,
 * where UAX#29 (Hangul is ALetter: WB5, WB9, WB10, WB13a/b) and Lucene join them, so
 * `3개월` is one word and `SK텔레콤` is `sk텔레콤`; such ICU words are re-joined here, and
 * so is what ICU cuts around Hangul otherwise: a MidLetter between it and a letter
 * (`한국.어`, WB6/7), `_` after it (`가_`, WB13a), and Hangul with a mark or skin tone after
 * it, which ICU calls no word at all. ICU (Unicode 15+) reads a skin tone as Extend and
 * attaches it to whatever precedes; Lucene's grammar (StandardTokenizerImpl.jflex,
 * `%unicode 9`, where it is E_Modifier) makes it an emoji of its own unless it follows
 * an Emoji_Modifier_Base, so it is cut out here.
 * ICU adds dictionaries for Chinese, Japanese and Thai words, which the
 * standard tokenizer does not have, so what ICU joins in those scripts is re-cut by the
 * token types above. Text is given to ICU in pieces (tokenize.ts `forEachSegment`),
 * linear in the text on both Nodes.
 */
import { forEachSegment } from '../transcript/tokenize.ts';

/** The standard tokenizer's `max_token_length` default: a longer token is split at this many characters. */
export const MAX_TOKEN_LENGTH = 255;

/** How a character joins its neighbours in a token (Lucene's token types); no enum, which type stripping refuses. */
const Kind = {
  /** Joined as ICU's word segment says (letters, digits, Hangul...). */
  Word: 0,
  /** Han or hiragana: one token each. */
  Single: 1,
  /** Katakana: a run is one token, even where ICU's dictionary cut it. */
  Katakana: 2,
  /** Thai, Lao, Myanmar, Khmer... (line break class Complex_Context): a run is one token. */
  SouthEastAsian: 3,
  /** A skin tone without its base: an emoji alone, joined to nothing after it. */
  Emoji: 4,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const SINGLE = /[\p{Script=Han}\p{Script=Hiragana}]/u;
// Word_Break=Katakana: the katakana script and the marks written with it (ー, ゛, ゜, 〱...).
const KATAKANA = /[\p{Script=Katakana}\u3031-\u3035\u309b\u309c\u30a0\u30fc\uff70]/u;
// Scripts of the Complex_Context line-break class (JavaScript has no Line_Break property); their digits count as digits.
const SOUTH_EAST_ASIAN = /(?![\p{Nd}])[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}]/u;
/**
 * A character that belongs to the one before it (UAX#29 WB4: Word_Break Extend and Format,
 * i.e. Grapheme_Extend, spacing marks and Cf): Grapheme_Extend, not \p{M}, so the
 * half-width voiced marks ﾞ ﾟ (Lm) stay in `ｶｰﾄﾞ`.
 */
const EXTENDS = /[\p{Grapheme_Extend}\p{Mc}\p{Cf}]/u;
/** ExtendNumLet (`_` and other connectors): UAX#29 WB13a/b join it to letters, digits and katakana on either side. */
const CONNECTOR = /\p{Pc}/u;
/**
 * Where Lucene's EMOJI rule starts a token (StandardTokenizerImpl.jflex: an Extended_Pictographic
 * character, a pair of regional indicators `{RegionalIndicatorEx}{2}`, a keycap
 * `{KeyCapBaseCharEx} {EmojiPresentationSelector}? {KeyCapEx}` with base `[0-9#*]`); a lone
 * regional indicator is in none of its rules, so it is no word.
 */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[#*0-9]\ufe0f?\u20e3)/u;
/** The skin tones (Emoji_Modifier): Lucene's `( {EmojiModifierBaseEx} )? {EmojiModifierEx}`, after a base one emoji with it, else an emoji alone. */
const isModifier = (codePoint: number): boolean => codePoint >= 0x1f3fb && codePoint <= 0x1f3ff;
const MODIFIER_BASE = /\p{Emoji_Modifier_Base}/u;
/** Word_Break MidLetter, MidNumLet and Single_Quote (Unicode 9, Lucene's `MidLetterEx`): one between two letters joins them (WB6/7). */
const MID_LETTER = /^[:.'\u00b7\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]$/;
/** AHLetter among the characters of kind Word (digits and connectors are not). */
const LETTER = /\p{Alphabetic}/u;
const CONNECTORS = /^\p{Pc}+$/u;
/** A token of connectors and marks alone: no rule of Lucene's makes one (`{ExtendNumLetEx}*` only ever surrounds letters, digits or katakana). */
const BARE = /^[\p{Pc}\p{Grapheme_Extend}\p{Mc}\p{Cf}]+$/u;
const STARTS_CONNECTOR = /^\p{Pc}/u;
const ASCII = /^[\x00-\x7f]*$/;
const HANGUL = /\p{Script=Hangul}/u;
/** ALetter, Numeric or ExtendNumLet: what UAX#29 joins to Hangul without anything between. */
const JOINS_HANGUL = /[\p{L}\p{N}\p{Pc}]/u;

/** Whether two ICU words that touch are one UAX#29 word: ICU cuts Hangul from letters and digits, UAX#29 does not. */
function hangulJoins(last: string, char: string): boolean {
  return (HANGUL.test(last) || HANGUL.test(char)) && JOINS_HANGUL.test(last) && JOINS_HANGUL.test(char);
}

function kindOf(char: string): Kind {
  if (char.length === 1 && char.charCodeAt(0) < 0x0e00) return Kind.Word;
  if (SINGLE.test(char)) return Kind.Single;
  if (KATAKANA.test(char)) return Kind.Katakana;
  if (SOUTH_EAST_ASIAN.test(char)) return Kind.SouthEastAsian;
  return Kind.Word;
}

/**
 * Lucene's LowerCaseFilter lowers each code point alone (Java's `Character.toLowerCase`):
 * no context, so a final `Σ` is `σ`, and `İ` is `i`.
 */
function lower(token: string): string {
  if (ASCII.test(token)) return token.toLowerCase();
  let out = '';
  for (const char of token) out += char === '\u0130' ? 'i' : char.toLowerCase();
  return out;
}

/** The kinds ExtendNumLet joins (UAX#29 WB13a/b: ALetter, Numeric, Katakana). */
function joinsConnector(kind: Kind): boolean {
  return kind === Kind.Word || kind === Kind.Katakana;
}

/** Whether `piece` is a token of connectors and marks alone (cheap first: most tokens start with a letter). */
function isBare(piece: string): boolean {
  const first = piece.charCodeAt(0);
  return (first === 0x5f || (first > 0x7f && STARTS_CONNECTOR.test(piece))) && BARE.test(piece);
}

/**
 * The emoji tokens of a segment ICU calls no word: the whole segment when it starts as
 * Lucene's EMOJI rule does, cut before each skin tone that does not follow its base; a
 * skin tone after anything else (` 🏻`, where ICU attaches it to the space) from it to the
 * next cut.
 */
function emojiTokens(segment: string, index: number, token: (from: number, to: number) => void): void {
  let from = EMOJI.test(segment) ? 0 : -1;
  if (segment.length > 1) {
    let previous = 0;
    for (let i = 0; i < segment.length; ) {
      const codePoint = segment.codePointAt(i) as number;
      if (isModifier(codePoint) && !(from >= 0 && MODIFIER_BASE.test(String.fromCodePoint(previous)))) {
        if (from >= 0) token(index + from, index + i);
        from = i;
      }
      previous = codePoint;
      i += codePoint > 0xffff ? 2 : 1;
    }
  }
  if (from >= 0) token(index + from, index + segment.length);
}

let segmenter: Intl.Segmenter | undefined;

/** The words of `text` as OpenSearch's standard analyzer makes them (see the module comment). Never throws; a non-string has none. */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  if (typeof text !== 'string') return words;
  // the token being built: where it starts and ends in `text`, and how it joins
  let start = -1;
  let end = -1;
  let kind: Kind = Kind.Word;
  // the token's last character that is not an Extend or Format mark
  let last = '';
  // where a MidLetter just after the token ends, while the next segment says whether it joins (WB6/7)
  let midEnd = -1;
  const emit = (): void => {
    if (start < 0) return;
    for (let from = start; from < end; from += MAX_TOKEN_LENGTH) {
      const piece = text.slice(from, Math.min(end, from + MAX_TOKEN_LENGTH));
      if (!isBare(piece)) words.push(lower(piece));
    }
    start = -1;
  };
  const token = (from: number, to: number): void => {
    start = from;
    end = to;
    emit();
  };
  forEachSegment(text, (segmenter ??= new Intl.Segmenter('und', { granularity: 'word' })), (segment, index, isWordLike) => {
    const mid = midEnd;
    midEnd = -1;
    // ICU calls Hangul followed by a mark or a skin tone no word (가🏻, 가\u0301): read it as one
    if (!isWordLike && !(segment.length > 1 && HANGUL.test(segment))) {
      if (start >= 0 && index === end && kind === Kind.Word) {
        // where ICU cut Hangul from what UAX#29 joins it to: `.` or `'` between letters (WB6/7), `_` after a letter or digit (WB13a)
        if (mid < 0 && segment.length === 1 && MID_LETTER.test(segment) && LETTER.test(last)) {
          midEnd = index + 1;
          return;
        }
        if (CONNECTORS.test(segment) && JOINS_HANGUL.test(last)) {
          end = index + segment.length;
          last = segment;
          return;
        }
      }
      emit();
      emojiTokens(segment, index, token);
      return;
    }
    if (mid >= 0) {
      const first = String.fromCodePoint(segment.codePointAt(0) as number);
      if (mid === index && LETTER.test(first) && hangulJoins(last, first)) end = mid;
      else emit();
    }
    // a new ICU word ends the token, unless both continue a run of katakana or Complex_Context letters
    let at = index;
    for (const char of segment) {
      const next = at + char.length;
      if (char.length === 2 && isModifier(char.codePointAt(0) as number)) {
        // a skin tone ICU attached to a letter as Extend is an emoji of its own (Unicode 9's E_Modifier, as Lucene reads it)
        emit();
        start = at;
        kind = Kind.Emoji;
        end = next;
        last = char;
      } else if (start >= 0 && at === end && EXTENDS.test(char)) {
        end = next;
      } else {
        const k = kindOf(char);
        const touches = start >= 0 && at === end;
        const joins =
          touches &&
          k === kind &&
          (k === Kind.Katakana || k === Kind.SouthEastAsian || (k === Kind.Word && (at > index || hangulJoins(last, char))));
        // inside one ICU word, `_` joins katakana and letters (カ_ド, ab_カ): no bare `_` word
        const connects = touches && !joins && at > index && joinsConnector(kind) && joinsConnector(k) && (CONNECTOR.test(char) || CONNECTOR.test(last));
        if (connects) {
          if (!CONNECTOR.test(char)) kind = k;
        } else if (!joins) {
          emit();
          start = at;
          kind = k;
        }
        end = next;
        last = char;
      }
      at = next;
    }
  });
  emit();
  return words;
}

/**
 * A text searched for phrases, split into words only when a phrase could stand in it: a
 * word of the text is the analyzer's lower case of a slice of it, and that lower case is
 * per code point, so the word is a substring of the whole text's lower case. A phrase whose
 * first word is not one (a cheap `includes`) is not there, and most items of most contacts
 * are never segmented (docs/performance.md, session 13). A first word of 255 units may be
 * a piece of a longer token cut inside a surrogate pair, so it always segments.
 */
export class SearchedText {
  private lowered: string | undefined;
  private words: string[] | undefined;
  constructor(private readonly text: string) {}

  /** Whether `phrase` (words of a SearchText) stands in this text: `phraseIn(phrase, searchWords(text))`. */
  has(phrase: readonly string[]): boolean {
    if (phrase.length === 0) return false;
    const first = phrase[0];
    if (first.length < MAX_TOKEN_LENGTH && !(this.lowered ??= typeof this.text === 'string' ? lower(this.text) : '').includes(first)) return false;
    return phraseIn(phrase, (this.words ??= searchWords(this.text)));
  }
}

/** Whether `phrase` (words of a SearchText) stands, word after word, in `words` (an item's). A phrase with no word is never found. */
export function phraseIn(phrase: readonly string[], words: readonly string[]): boolean {
  const n = phrase.length;
  if (n === 0) return false;
  for (let i = 0; i + n <= words.length; i++) {
    let k = 0;
    while (k < n && words[i + k] === phrase[k]) k++;
    if (k === n) return true;
  }
  return false;
}
