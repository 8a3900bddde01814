/**
 * Tokens of the readable text form. Keywords are lower case and whole words
 * (`android` is a word, not `and` + `roid`); everything else that looks like a
 * word (`queue`, `transcript.exact`, `post-call`, `NEGATIVE`) is a `Word`, read by
 * the parser through the alias tables. Strings and numbers are JSON's own.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
/** `# ...` to the end of the line. Comments are not kept: JSON has none. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: Lexer.SKIPPED });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  label: 'a string',
  pattern: /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/,
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/,
});
/** A bare JSON path: `$.ContactLens.PostCall.Queue.QueueId`. */
export const PathLiteral = createToken({ name: 'PathLiteral', label: 'a path', pattern: /\$(?:\.[A-Za-z0-9_-]+)+/ });
export const Word = createToken({
  name: 'Word',
  label: 'a name',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*/,
});

const keyword = (word: string): TokenType =>
  createToken({ name: word[0].toUpperCase() + word.slice(1), label: `\`${word}\``, pattern: new RegExp(word), longer_alt: Word });

export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const In = keyword('in');
export const Contains = keyword('contains');
export const Matches = keyword('matches');
export const Any = keyword('any');
export const All = keyword('all');
export const Of = keyword('of');
export const Is = keyword('is');
export const No = keyword('no');
export const On = keyword('on');
export const Version = keyword('version');
export const For = keyword('for');
export const With = keyword('with');
export const Negate = keyword('negate');
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');
export const Operator = keyword('operator');
export const Group = keyword('group');
export const Path = keyword('path');
export const Pattern = keyword('pattern');

export const KEYWORDS = [
  And, Or, Not, In, Contains, Matches, Any, All, Of, Is, No, On, Version, For, With, Negate, True, False, Null, Operator, Group, Path, Pattern,
] as const;
/** The keyword spellings, for "did you mean" and completion. */
export const KEYWORD_WORDS: readonly string[] = KEYWORDS.map((k) => (k.PATTERN as RegExp).source);

export const GreaterEq = createToken({ name: 'GreaterEq', label: '`>=`', pattern: />=|≥/ });
export const LessEq = createToken({ name: 'LessEq', label: '`<=`', pattern: /<=|≤/ });
export const Equals = createToken({ name: 'Equals', label: '`=`', pattern: /=/ });
export const LParen = createToken({ name: 'LParen', label: '`(`', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', label: '`)`', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', label: '`[`', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', label: '`]`', pattern: /]/ });
export const LBrace = createToken({ name: 'LBrace', label: '`{`', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', label: '`}`', pattern: /}/ });
export const Colon = createToken({ name: 'Colon', label: '`:`', pattern: /:/ });
export const Comma = createToken({ name: 'Comma', label: '`,`', pattern: /,/ });

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  NumberLiteral,
  PathLiteral,
  ...KEYWORDS,
  Word,
  GreaterEq,
  LessEq,
  Equals,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Colon,
  Comma,
];

let lexer: Lexer | undefined;

/** The lexer, built on first use (see textGrammar). */
export const newTextLexer = (checked = false): Lexer =>
  new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !checked });

/** The lexer, built on first use (see textGrammar), its checks skipped (see TextGrammar). */
export const textLexer = (): Lexer => (lexer ??= newTextLexer());
