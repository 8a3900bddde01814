/**
 * The JSON lexer (RFC 8259), built on Chevrotain.
 *
 * Besides the tokens of JSON it knows the usual ways people get JSON wrong: an
 * unterminated string or bad escape, single or typographic quotes, `True`, an
 * unquoted word, `01` or `.5`. Each is lexed as a token of its own kind, reported
 * here with a precise message, and handed to the parser as the string / number /
 * literal it was meant to be. The parser then carries on as if the text were
 * right, so one mistake gives one error, not a cascade.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { clip, clipNumber } from '../clip.ts';
import { RuleSyntaxError } from '../errors.ts';
import type { LineIndex } from './positions.ts';

// Categories: the parser consumes "any string" / "any number", well-formed or not.
export const StringLike = createToken({ name: 'StringLike', pattern: Lexer.NA, label: 'a string' });
export const NumberLike = createToken({ name: 'NumberLike', pattern: Lexer.NA, label: 'a number' });

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\n\r]+/, group: Lexer.SKIPPED });
/** Kept aside (not skipped) so a BOM anywhere but at the very start can be reported. */
const ByteOrderMark = createToken({ name: 'ByteOrderMark', pattern: /\uFEFF/, group: 'bom' });

export const LCurly = createToken({ name: 'LCurly', pattern: /{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/, label: "'}'" });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/, label: "'['" });
export const RSquare = createToken({ name: 'RSquare', pattern: /]/, label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/,
  categories: StringLike,
});
/** A double-quoted string with a bad escape, a raw control character, or no closing quote (it stops at the line end). */
const MalformedString = createToken({
  name: 'MalformedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r]?)*"?/,
  categories: StringLike,
});
const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: /'(?:[^'\\\n\r]|\\[^\n\r]?)*'?/,
  categories: StringLike,
});
/** “...” pasted from a word processor or a web page. */
const SmartQuotedString = createToken({
  name: 'SmartQuotedString',
  pattern: /[\u201c\u201d](?:[^\u201c\u201d"\\\n\r]|\\[^\n\r]?)*[\u201c\u201d]/,
  categories: StringLike,
});

/** `01`, `1.`, `.5`, `+1`, `1e`, `12abc`: chosen over NumberLiteral when it matches more text. */
const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /[-+]?(?:\d|\.\d)[\w.]*(?:[eE][+-][\w.]*)?/,
  categories: NumberLike,
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  categories: NumberLike,
  longer_alt: MalformedNumber,
});

/** An unquoted word: `AND`, `True`, `Operator`... (`true` followed by letters is one too). */
export const Word = createToken({ name: 'Word', pattern: /[A-Za-z_$][\w$]*/ });
export const True = createToken({ name: 'True', pattern: /true/, longer_alt: Word, label: "'true'" });
export const False = createToken({ name: 'False', pattern: /false/, longer_alt: Word, label: "'false'" });
export const Null = createToken({ name: 'Null', pattern: /null/, longer_alt: Word, label: "'null'" });

/** Order matters: the first pattern that matches wins (unless its longer_alt matches more). */
const lexerTokens: TokenType[] = [
  WhiteSpace,
  ByteOrderMark,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  Comma,
  Colon,
  StringLiteral,
  MalformedString,
  SingleQuotedString,
  SmartQuotedString,
  NumberLiteral,
  MalformedNumber,
  True,
  False,
  Null,
  Word,
];

/** Everything the parser may see, categories included. */
export const jsonTokenVocabulary: TokenType[] = [StringLike, NumberLike, ...lexerTokens];

// Built once, on first use: lexer construction analyses every pattern, far too slow
// per call, and too slow to pay at import (a Lambda's init, the CLI's start-up).
let jsonLexer: Lexer | undefined;

/**
 * The lexer. Chevrotain's checks of the token definitions run when `checked` (the
 * grammar tests do it, checkJsonGrammar); in use they are skipped, a third of the
 * lexer's and parser's construction, which every CLI start and cold Lambda pays.
 */
export const newJsonLexer = (checked = false): Lexer =>
  new Lexer(lexerTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: !checked });

export interface LexResult {
  readonly tokens: IToken[];
  readonly errors: RuleSyntaxError[];
}

/**
 * Tokenizes `text`. Every string, number and word token gets its decoded value in
 * `payload`; every lexical problem becomes a located RuleSyntaxError.
 */
export function lexJson(text: string, lines: LineIndex): LexResult {
  jsonLexer ??= newJsonLexer();
  const result = jsonLexer.tokenize(text);
  const errors: RuleSyntaxError[] = [];
  const report = (message: string, start: number, end: number) => {
    errors.push(new RuleSyntaxError(message, lines.span(start, end)));
  };

  for (const e of result.errors) {
    const chars = text.slice(e.offset, e.offset + e.length);
    report(unexpectedCharactersMessage(chars), e.offset, e.offset + e.length);
  }
  for (const bom of result.groups.bom ?? []) {
    if (bom.startOffset !== 0) report('unexpected byte order mark (U+FEFF) inside the text', bom.startOffset, bom.startOffset + 1);
  }
  for (const token of result.tokens) {
    const start = token.startOffset;
    const end = start + token.image.length;
    switch (token.tokenType) {
      case StringLiteral:
        // Most strings have no escape at all: slicing is much cheaper than JSON.parse.
        token.payload = token.image.includes('\\') ? JSON.parse(token.image) : token.image.slice(1, -1);
        break;
      case MalformedString: {
        const scanned = scanString(token.image);
        token.payload = scanned.value;
        for (const p of scanned.problems) report(p.message, start + p.at, start + p.at + p.length);
        if (!scanned.closed) report('unterminated string (a string must end with " on the same line)', start, end);
        break;
      }
      case SingleQuotedString:
      case SmartQuotedString:
        token.payload = scanString(token.image).value;
        report(`strings must be in straight double quotes ("), not as in ${shorten(token.image)}`, start, end);
        break;
      case True:
      case False:
      case Null:
        token.payload = token.tokenType === Null ? null : token.tokenType === True;
        break;
      case NumberLiteral:
        token.payload = Number(token.image);
        if (!Number.isFinite(token.payload)) report(`number ${clipNumber(token.image)} is out of range`, start, end);
        break;
      case MalformedNumber:
        token.payload = Number.parseFloat(token.image);
        report(malformedNumberMessage(token.image), start, end);
        break;
      case Word: {
        const lower = token.image.toLowerCase();
        if (lower === 'true' || lower === 'false' || lower === 'null') {
          token.payload = lower === 'null' ? null : lower === 'true';
          report(`unexpected '${token.image}' (JSON literals are lowercase: true, false, null)`, start, end);
        } else {
          token.payload = token.image;
          report(`unquoted text ${quoteImage(token.image)} (strings and keys must be in double quotes)`, start, end);
        }
        break;
      }
    }
  }
  return { tokens: result.tokens, errors };
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

interface StringProblem {
  readonly at: number;
  readonly length: number;
  readonly message: string;
}

/**
 * Decodes a quoted string as well as it can, listing every problem in it
 * (offsets relative to the opening quote). Works for any opening quote.
 */
function scanString(image: string): { value: string; closed: boolean; problems: StringProblem[] } {
  const open = image[0];
  const closing = open === '\u201c' || open === '\u201d' ? /[\u201c\u201d]/ : null;
  const problems: StringProblem[] = [];
  let value = '';
  for (let i = 1; i < image.length; i++) {
    const c = image[i];
    if (i === image.length - 1 && (c === open || (closing !== null && closing.test(c)))) {
      return { value, closed: true, problems };
    }
    if (c === '\\') {
      const next = image[i + 1];
      if (next === undefined) {
        problems.push({ at: i, length: 1, message: 'a string cannot end with a lone backslash' });
      } else if (next in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[next];
        i += 1;
      } else if (next === 'u') {
        const hex = image.slice(i + 2, i + 6);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          value += String.fromCharCode(Number.parseInt(hex, 16));
          i += 5;
        } else {
          const bad = image.slice(i, i + 2 + (hex.match(/^[0-9a-fA-F]*/)?.[0].length ?? 0));
          problems.push({ at: i, length: bad.length, message: `invalid unicode escape '${bad}' (expected \\u and 4 hex digits)` });
          i += bad.length - 1;
        }
      } else {
        const hint = next === "'" ? " (a single quote needs no escape)" : ' (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)';
        problems.push({ at: i, length: 2, message: `invalid escape '\\${describeChar(next)}' in a string${hint}` });
        value += next;
        i += 1;
      }
    } else if (c.charCodeAt(0) < 0x20) {
      problems.push({ at: i, length: 1, message: `control character ${codePoint(c)} must be escaped in a string` });
      value += c;
    } else {
      value += c;
    }
  }
  return { value, closed: false, problems };
}

function malformedNumberMessage(image: string): string {
  const why = /^[-+]?0\d/.test(image)
    ? 'leading zeros are not allowed'
    : image.startsWith('+')
      ? "a leading '+' is not allowed"
      : /(^[-+]?\.|\.$|\.[eE])/.test(image)
        ? "a '.' needs digits on both sides"
        : /[eE][-+]?$/.test(image)
          ? 'an exponent needs digits'
          : 'not a JSON number';
  return `invalid number ${quoteImage(image)} (${why})`;
}

function unexpectedCharactersMessage(chars: string): string {
  const first = chars[0];
  if (first === '\u201c' || first === '\u201d' || first === '\u2018' || first === '\u2019') {
    return `unexpected typographic quote '${first}' (JSON strings use straight double quotes ")`;
  }
  const shown = [...clip(chars, 12, 12, '...')].map(describeChar).join('');
  // More than the first character (whole: an astral one is two UTF-16 units).
  const plural = chars.length > String.fromCodePoint(chars.codePointAt(0)!).length;
  return `unexpected character${plural ? 's' : ''} '${shown}'`;
}

function codePoint(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A character as it can be shown in a message: invisible ones as `\uXXXX`. */
function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const invisible = code < 0x20 || (code >= 0x7f && code <= 0xa0) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfeff;
  return invisible ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}

/** A token image for a message, quoted, shortened, invisible characters escaped. */
export function quoteImage(image: string): string {
  return `'${shorten(image)}'`;
}

function shorten(image: string): string {
  return [...clip(image, 40, 37, '...')].map(describeChar).join('');
}
