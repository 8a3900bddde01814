/**
 * How the words of a contact's language are matched, from its `LanguageCode`
 * (docs/canonical-events.md, "Transcript matching"):
 *
 * | language | words | exact match of a word |
 * | --- | --- | --- |
 * | English (`en-*`), or no `LanguageCode` | tokenize.ts (spaces and punctuation) | the word, its regular plural and singular (plural.ts) |
 * | written without spaces: Japanese, Chinese, Thai, Lao, Khmer, Burmese | `Intl.Segmenter` word segments (ICU's dictionaries) | the operand's text at word-segment boundaries (segmented.ts) |
 * | Spanish, Portuguese, French (`es`, `pt`, `fr`) | tokenize.ts | the word, its regular plural and singular; in a phrase, the noun and its adjectives before `de`... (romance-plural.ts) |
 * | any other | tokenize.ts | the word exactly |
 *
 * INTERPRETATION (fidelity F16): AWS's "Exact Match is an exact word match, which can be
 * either singular or plural" (admin guide, *Exact match, pattern match, semantic match*)
 * names no language. English keeps its regular rules (plural.ts, `-ies`, `-oes`...);
 * Spanish, Portuguese and French, which form plurals regularly with `-s`/`-es`, get
 * theirs (romance-plural.ts, exact match only); other languages (German
 * `Kind` → `Kinder`, Italian `-o` → `-i`) and those written without spaces get the words
 * as written. A contact whose language is unknown keeps the English rules (what every
 * rule matched before languages were told apart).
 *
 * A language written without spaces has no words to split on: "返金してください" is one
 * run of letters, so tokenize.ts would make the whole utterance one word and no operand
 * ever matched. AWS lists Chinese among Contact Lens's languages (admin guide,
 * *Languages supported by Amazon Connect features*: `zh-CN` has post-call, real-time and
 * chat analytics, and no "Pattern match rules"; Connect's list of language codes holds
 * `ja-JP` too, below) and documents no word rule of
 * its own for them; a contact-centre engineer expects `返金` to match
 * "返金をお願いします". Node 20 and 22 ship full ICU, whose word segmenter knows these
 * languages by dictionary; its words stand in for the space-separated ones, in an
 * item and in an operand alike (a pattern's PLAIN value too: pattern.ts). Pattern match
 * is offered in these languages: AWS's API reference (*OnRealTimeCallAnalysisAvailable*,
 * pattern match) lists `PatternMatchLanguageFilter` "Data": "EN"|"ES"|"AR"|"DE"|"FR"|
 * "HI"|"IT"|"PT"|"KO"|"JA"|"ZH", which the feature table's older row is read under.
 */

import { romanceExactForms, type ExactForms } from './romance-plural.ts';

export interface WordLanguage {
  /** The primary subtag, lower case (`en` for `en-US`, and for a contact that does not say). */
  readonly code: string;
  /** Whether an exact-match word matches its regular English plural and singular. */
  readonly plurals: boolean;
  /** Not English: the forms an exact-match word or phrase takes (its regular plural and singular), where the language has such rules. */
  readonly exactForms?: ExactForms;
  /** For a language written without spaces: what finds its words (tokenize.ts `segmentWithOffsets`). */
  readonly segmenter?: Intl.Segmenter;
}

/**
 * The rules for a contact whose language is English or not told: one object for both, so
 * that the transcripts prepared for either are one (prepare.ts keys them by language).
 */
export const ENGLISH_WORDS: WordLanguage = { code: 'en', plurals: true };

/**
 * Primary subtags of languages written without spaces between words, which ICU segments
 * by dictionary. Checked against AWS's lists: Connect's language codes (admin guide,
 * *Languages supported by Amazon Connect features*; the Customer Profiles common type
 * `languageCode` lists the same) hold `ja-JP`, `th-TH`, `zh-CN`, `zh-HK` ("Chinese -
 * Cantonese (Hong Kong)") and `zh-TW`, and Amazon Transcribe's *Supported languages*
 * writes Cantonese "zh-HK (yue-HK)". Every other code AWS lists is a language written
 * with spaces (`ko-KR`, `vi-VN`...), split by tokenize.ts.
 *
 * | subtag | why |
 * | --- | --- |
 * | `ja`, `zh`, `th` | AWS's codes (`ja-JP`, `zh-CN`/`zh-HK`/`zh-TW`, `th-TH`) |
 * | `yue` | Transcribe's other name for `zh-HK` (`yue-HK`) |
 * | `cmn`, `wuu`, `hak`, `nan`, `gan`, `hsn` | not AWS's: ISO 639-3 codes of Chinese varieties (Mandarin, Wu, Hakka, Min Nan, Gan, Xiang) that other tools write (`cmn-Hans-CN`); their transcripts are Han characters, segmented as Chinese |
 * | `lo`, `km`, `my` | not AWS's: Lao, Khmer, Burmese, which ICU segments by dictionary, for transcripts from elsewhere (`connect-rules eval` on a file made by hand) |
 */
const CHINESE_VARIETIES = new Set(['yue', 'cmn', 'wuu', 'hak', 'nan', 'gan', 'hsn']);
const UNSPACED = new Set(['ja', 'zh', 'th', ...CHINESE_VARIETIES, 'lo', 'km', 'my']);

/**
 * The `PatternMatchLanguageFilter` value (`EN`, `ZH`...) a contact's `LanguageCode` is
 * in: its primary subtag in capitals, and `ZH` for a Chinese variety's ISO 639-3 code
 * (`yue-HK`, `cmn-CN`), which the words are split as (UNSPACED).
 */
export function patternLanguageOf(languageCode: string): string {
  const primary = languageCode.split(/[-_]/, 1)[0].toLowerCase();
  return (CHINESE_VARIETIES.has(primary) ? 'zh' : primary).toUpperCase();
}

const known = new Map<string, WordLanguage>([['en', ENGLISH_WORDS]]);
let lastCode: unknown;
let lastLanguage: WordLanguage = ENGLISH_WORDS;

/**
 * The rules of a contact's `LanguageCode` (`ja-JP`, `en_US`...; anything not a
 * non-empty string is English). One object per primary subtag; the map holds only the subtags met (2 or 3 letters: bounded whatever the events say).
 */
export function wordLanguageOf(languageCode: unknown): WordLanguage {
  if (languageCode === lastCode) return lastLanguage;
  let language = ENGLISH_WORDS;
  if (typeof languageCode === 'string') {
    const code = languageCode.split(/[-_]/, 1)[0].toLowerCase();
    if (/^[a-z]{2,3}$/.test(code)) {
      language = known.get(code) ?? makeLanguage(code);
    }
  }
  lastCode = languageCode;
  lastLanguage = language;
  return language;
}

function makeLanguage(code: string): WordLanguage {
  const language: WordLanguage = UNSPACED.has(code)
    ? { code, plurals: false, segmenter: new Intl.Segmenter(code, { granularity: 'word' }) }
    : { code, plurals: false, exactForms: romanceExactForms(code) };
  known.set(code, language);
  return language;
}
