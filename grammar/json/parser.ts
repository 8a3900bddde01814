/**
 * The JSON parser: tokens → located JSON tree, with Chevrotain's error recovery.
 *
 * The grammar is deliberately looser than JSON where a mistake has an obvious
 * intent: inside `{}` and `[]` it accepts any sequence of commas and members /
 * values, and the actions report a missing comma, a doubled comma or a trailing
 * comma themselves. Such an error leaves the tree as the user meant it, so the
 * caller can still check its structure. Anything else is left to Chevrotain's
 * recovery (token insertion / deletion, re-sync), which keeps parsing and
 * reporting but may leave holes (`invalid` nodes) in the tree.
 */
import {
  EmbeddedActionsParser,
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
} from 'chevrotain';
import { RuleSyntaxError, type SourceSpan } from '../errors.ts';
import {
  Colon,
  Comma,
  False,
  jsonTokenVocabulary,
  LCurly,
  lexJson,
  LSquare,
  Null,
  NumberLike,
  quoteImage,
  RCurly,
  RSquare,
  StringLike,
  True,
  Word,
} from './lexer.ts';
import { LineIndex } from './positions.ts';
import type { JsonMember, JsonNode } from './tree.ts';

/** Deeper nesting is refused before parsing: a rule function is a few levels deep, and recursion must not blow the stack. */
export const MAX_JSON_DEPTH = 128;

export interface JsonParseResult {
  /** The tree; absent only when the text was refused before parsing (too deep). */
  readonly value?: JsonNode;
  /** Lexical and syntax errors, in text order. */
  readonly errors: readonly RuleSyntaxError[];
  /**
   * True when the tree is complete and says what the text meant, i.e. every error
   * (if any) was one whose intent is clear: a missing or trailing comma, a bad
   * escape, single quotes... False when recovery had to drop or invent something.
   */
  readonly intact: boolean;
  readonly lines: LineIndex;
}

const describeToken = (token: IToken): string => (token.tokenType === EOF ? 'the end of the text' : quoteImage(token.image));

/** Where we are inside `{}` / `[]`: just after the opening bracket, a comma, or an item. */
type ListState = 'open' | 'comma' | 'item';
type ListExpectations = Readonly<Record<ListState, string>>;
/** What may come next in each state, said the way a user thinks of it. */
const OBJECT_EXPECTS: ListExpectations = { open: "a string key or '}'", comma: 'a string key', item: "',' or '}'" };
const ARRAY_EXPECTS: ListExpectations = { open: "a value or ']'", comma: 'a value', item: "',' or ']'" };
const TRAILING_COMMA = 'trailing comma is not allowed in JSON';

/** The list state a token leaves behind, for Chevrotain's own errors. */
function stateAfter(previous: IToken | undefined): ListState {
  if (previous?.tokenType === LCurly || previous?.tokenType === LSquare) return 'open';
  return previous?.tokenType === Comma ? 'comma' : 'item';
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const found = describeToken(actual);
    if (expected === RCurly) return `expected ${OBJECT_EXPECTS[stateAfter(previous)]} but found ${found}`;
    if (expected === RSquare) return `expected ${ARRAY_EXPECTS[stateAfter(previous)]} but found ${found}`;
    if (expected === Colon) return `expected ':' after the key but found ${found}`;
    return `expected ${expected.LABEL ?? expected.name} but found ${found}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected the end of the text but found ${describeToken(firstRedundant)} (a JSON text holds a single value)`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const what = ruleName === 'member' ? 'a string key' : 'a value';
    return `expected ${what} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ actual }) {
    return `unexpected ${describeToken(actual[0])}`;
  },
};

class JsonParser extends EmbeddedActionsParser {
  private lines = new LineIndex('');
  /** Errors the permissive rules found themselves (the tree stays intact). */
  private softErrors: RuleSyntaxError[] = [];

  constructor() {
    super(jsonTokenVocabulary, { recoveryEnabled: true, errorMessageProvider: errorMessages, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  /** Parses one token vector. Not re-entrant (nor need it be: parsing is synchronous). */
  parseTokens(tokens: IToken[], lines: LineIndex): { value: JsonNode; softErrors: RuleSyntaxError[]; errors: IRecognitionException[] } {
    this.lines = lines;
    this.softErrors = [];
    this.input = tokens;
    const value = this.document();
    return { value, softErrors: this.softErrors, errors: this.errors };
  }

  private soft(message: string, token: IToken): void {
    this.softErrors.push(new RuleSyntaxError(message, this.tokenSpan(token)));
  }

  private tokenSpan(token: IToken) {
    return this.lines.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** What a rule returns when recovery gave up on it: a hole where the offending token is. */
  private invalidAt = (e: IRecognitionException): JsonNode => ({
    kind: 'invalid',
    span: Number.isNaN(e.token.startOffset) ? this.lines.span(this.lines.text.length, this.lines.text.length) : this.tokenSpan(e.token),
  });

  private literal(token: IToken): JsonNode {
    const span = this.tokenSpan(token);
    const value: unknown = token.payload;
    if (typeof value === 'string') return { kind: 'string', value, span };
    if (typeof value === 'number') return { kind: 'number', value, raw: token.image, span };
    if (typeof value === 'boolean') return { kind: 'boolean', value, span };
    return { kind: 'null', span };
  }

  private document = this.RULE('document', (): JsonNode => this.SUBRULE(this.value), { recoveryValueFunc: this.invalidAt });

  private value = this.RULE(
    'value',
    (): JsonNode =>
      this.OR([
        { ALT: () => this.SUBRULE(this.object) },
        { ALT: () => this.SUBRULE(this.array) },
        { ALT: () => this.literalOf(this.CONSUME(StringLike)) },
        { ALT: () => this.literalOf(this.CONSUME(NumberLike)) },
        { ALT: () => this.literalOf(this.CONSUME(True), true) },
        { ALT: () => this.literalOf(this.CONSUME(False), false) },
        { ALT: () => this.literalOf(this.CONSUME(Null), null) },
        // The lexer has reported the unquoted word; read it as the string / literal meant.
        { ALT: () => this.literalOf(this.CONSUME(Word)) },
      ]),
    { recoveryValueFunc: this.invalidAt },
  );

  private literalOf(token: IToken, fixed?: boolean | null): JsonNode {
    return this.ACTION(() => {
      if (fixed !== undefined) token.payload = fixed;
      return this.literal(token);
    });
  }

  /**
   * The inside of `{}` / `[]`, read as any sequence of commas and items: a
   * missing or doubled comma is reported here and the items are kept as meant.
   * Returns the items and the comma that ends the list, if one does.
   */
  private commaSeparated<T>(item: () => T | undefined, expects: ListExpectations): { items: T[]; trailingComma?: IToken } {
    const items: T[] = [];
    let state: ListState = 'open';
    let lastComma: IToken | undefined;
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const comma = this.CONSUME(Comma);
            this.ACTION(() => {
              if (state !== 'item') this.soft(`expected ${expects[state]} but found ','`, comma);
              state = 'comma';
              lastComma = comma;
            });
          },
        },
        {
          ALT: () => {
            const first = this.ACTION(() => this.LA(1));
            const value = item();
            this.ACTION(() => {
              if (state === 'item') this.soft(`expected ${expects.item} but found ${describeToken(first)}`, first);
              if (value !== undefined) items.push(value);
              state = 'item';
            });
          },
        },
      ]),
    );
    return this.ACTION(() => ({ items, trailingComma: state === 'comma' ? lastComma : undefined }));
  }

  private object = this.RULE(
    'object',
    (): JsonNode => {
      const open = this.CONSUME(LCurly);
      const body = this.commaSeparated(() => this.SUBRULE(this.member), OBJECT_EXPECTS);
      const close = this.CONSUME(RCurly);
      return this.ACTION(() => {
        if (body.trailingComma !== undefined) this.soft(TRAILING_COMMA, body.trailingComma);
        return { kind: 'object', members: body.items, span: this.lines.span(open.startOffset, close.startOffset + 1) } as const;
      });
    },
    { recoveryValueFunc: this.invalidAt },
  );

  private member = this.RULE(
    'member',
    (): JsonMember | undefined => {
      const key = this.OR([{ ALT: () => this.CONSUME(StringLike) }, { ALT: () => this.CONSUME(Word) }]);
      // Optional so that `"a" 1` is one clear error and the member is kept as meant.
      const colon = this.OPTION(() => this.CONSUME(Colon));
      const first = this.ACTION(() => this.LA(1));
      const value = this.SUBRULE(this.value);
      return this.ACTION(() => {
        // When the value is missing too, the value rule has said so: one error is enough.
        if (colon === undefined && value.kind !== 'invalid') {
          this.soft(`expected ':' after the key but found ${describeToken(first)}`, first);
        }
        return {
          // A bare word key (`{Operator: ...}`) is reported by the lexer; its text is the key meant.
          key: typeof key.payload === 'string' ? key.payload : key.image,
          keySpan: this.tokenSpan(key),
          value,
          span: this.lines.span(key.startOffset, value.span.end.offset),
        };
      });
    },
    { recoveryValueFunc: () => undefined },
  );

  private array = this.RULE(
    'array',
    (): JsonNode => {
      const open = this.CONSUME(LSquare);
      const body = this.commaSeparated(() => this.SUBRULE(this.value), ARRAY_EXPECTS);
      const close = this.CONSUME(RSquare);
      return this.ACTION(() => {
        if (body.trailingComma !== undefined) this.soft(TRAILING_COMMA, body.trailingComma);
        return { kind: 'array', elements: body.items, span: this.lines.span(open.startOffset, close.startOffset + 1) } as const;
      });
    },
    { recoveryValueFunc: this.invalidAt },
  );
}

// Built once: self-analysis of the grammar is the expensive part.
const jsonParser = new JsonParser();

/** The first '{' / '[' that opens more than MAX_JSON_DEPTH levels, if any. */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LCurly || t.tokenType === LSquare) {
      if (++depth > MAX_JSON_DEPTH) return t;
    } else if (t.tokenType === RCurly || t.tokenType === RSquare) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Lexes and parses `text` into a located JSON tree, reporting every error it can find. */
export function parseJson(text: string): JsonParseResult {
  const lines = new LineIndex(text);
  const lexed = lexJson(text, lines);

  const deep = tooDeep(lexed.tokens);
  if (deep !== undefined) {
    const error = new RuleSyntaxError(
      `nesting is deeper than ${MAX_JSON_DEPTH} levels`,
      lines.span(deep.startOffset, deep.startOffset + 1),
    );
    return { errors: sortByOffset([...lexed.errors, error]), intact: false, lines };
  }

  const parsed = jsonParser.parseTokens(lexed.tokens, lines);
  const parserErrors = parsed.errors.map((e) => {
    // At the end of the text, point just after the last token: that is where something is missing.
    const previous = (e as { previousToken?: IToken }).previousToken;
    const at = e.token.tokenType === EOF ? endOf(previous) : undefined;
    const span =
      at !== undefined ? lines.span(at, at) : lines.span(e.token.startOffset, e.token.startOffset + e.token.image.length);
    return new RuleSyntaxError(e.message, span);
  });
  return {
    value: parsed.value,
    errors: sortByOffset([...lexed.errors, ...parsed.softErrors, ...parserErrors]),
    intact: parserErrors.length === 0,
    lines,
  };
}

function endOf(token: IToken | undefined): number {
  return token === undefined || Number.isNaN(token.startOffset) ? 0 : token.startOffset + token.image.length;
}

export function sortByOffset<T extends { readonly span: SourceSpan }>(errors: T[]): T[] {
  return errors.sort((a, b) => a.span.start.offset - b.span.start.offset);
}
