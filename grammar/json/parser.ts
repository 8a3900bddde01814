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
import { RuleSyntaxError, UNKNOWN_SPAN, type SourceSpan } from '../errors.ts';
import {
  Colon,
  Comma,
  False,
  jsonTokenVocabulary,
  LCurly,
  lexJson,
  newJsonLexer,
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
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../depth.ts';
import { LineIndex } from './positions.ts';
import type { JsonMember, JsonNode } from './tree.ts';

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

/** One `{}` / `[]` body being read (see JsonParser.list). */
interface ListFrame<T> {
  readonly items: T[];
  readonly expects: ListExpectations;
  state: ListState;
  lastComma?: IToken;
}

/** What rules return while Chevrotain records the grammar (no input then). */
const RECORDING: JsonNode = { kind: 'invalid', span: UNKNOWN_SPAN };

/**
 * The grammar. Every closure handed to Chevrotain (alternatives, loop bodies) is
 * created once, in a field: building them on each call is the classic Chevrotain
 * slowdown, and under tsx each function created also costs a defineProperty.
 * Semantic code is guarded by RECORDING_PHASE rather than wrapped in ACTION for
 * the same reason.
 */
class JsonParser extends EmbeddedActionsParser {
  private lines = new LineIndex('');
  /** Errors the permissive rules found themselves (the tree stays intact). */
  private softErrors: RuleSyntaxError[] = [];
  /** The `{}` / `[]` bodies being read, innermost last. */
  private readonly lists: ListFrame<unknown>[] = [];

  /** `checked`: with Chevrotain's grammar checks (the tests); skipped in use (see newJsonLexer). */
  constructor(checked = false) {
    super(jsonTokenVocabulary, { recoveryEnabled: true, errorMessageProvider: errorMessages, maxLookahead: 2, skipValidations: !checked });
    this.performSelfAnalysis();
  }

  /** Parses one token vector. Not re-entrant (nor need it be: parsing is synchronous). */
  parseTokens(tokens: IToken[], lines: LineIndex): { value: JsonNode; softErrors: RuleSyntaxError[]; errors: IRecognitionException[] } {
    this.lines = lines;
    this.softErrors = [];
    this.lists.length = 0;
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
  private readonly invalidAt = (e: IRecognitionException): JsonNode => ({
    kind: 'invalid',
    span: Number.isNaN(e.token.startOffset) ? this.lines.span(this.lines.text.length, this.lines.text.length) : this.tokenSpan(e.token),
  });

  /** A scalar: the lexer has put its value in the token's payload. */
  private literal(token: IToken): JsonNode {
    if (this.RECORDING_PHASE) return RECORDING;
    const span = this.tokenSpan(token);
    const value: unknown = token.payload;
    if (typeof value === 'string') return { kind: 'string', value, span };
    if (typeof value === 'number') return { kind: 'number', value, raw: token.image, span };
    if (typeof value === 'boolean') return { kind: 'boolean', value, span };
    return { kind: 'null', span };
  }

  private readonly valueAlternatives = [
    { ALT: () => this.SUBRULE(this.object) },
    { ALT: () => this.SUBRULE(this.array) },
    { ALT: () => this.literal(this.CONSUME(StringLike)) },
    { ALT: () => this.literal(this.CONSUME(NumberLike)) },
    { ALT: () => this.literal(this.CONSUME(True)) },
    { ALT: () => this.literal(this.CONSUME(False)) },
    { ALT: () => this.literal(this.CONSUME(Null)) },
    // The lexer has reported the unquoted word; read it as the string / literal meant.
    { ALT: () => this.literal(this.CONSUME(Word)) },
  ];

  private document = this.RULE('document', (): JsonNode => this.SUBRULE(this.value), { recoveryValueFunc: this.invalidAt });

  private value = this.RULE('value', (): JsonNode => this.OR(this.valueAlternatives), { recoveryValueFunc: this.invalidAt });

  /**
   * The inside of `{}` / `[]`, read as any sequence of commas and items: a
   * missing or doubled comma is reported as it is met and the items are kept as
   * meant. The frame says what was read, and whether a comma ends the list.
   */
  private list<T>(items: () => void, expects: ListExpectations): ListFrame<T> {
    const frame: ListFrame<T> = { items: [], expects, state: 'open' };
    this.lists.push(frame);
    try {
      this.MANY(items);
    } finally {
      // Also when recovery unwinds through here to an enclosing rule.
      this.lists.pop();
    }
    return frame;
  }

  private readonly listComma = {
    ALT: () => {
      const comma = this.CONSUME(Comma);
      if (this.RECORDING_PHASE) return;
      const frame = this.lists[this.lists.length - 1];
      if (frame.state !== 'item') this.soft(`expected ${frame.expects[frame.state]} but found ','`, comma);
      frame.state = 'comma';
      frame.lastComma = comma;
    },
  };

  /** Records an item read by a list alternative; `first` is its first token. */
  private listItem(first: IToken, item: unknown): void {
    if (this.RECORDING_PHASE) return;
    const frame = this.lists[this.lists.length - 1];
    if (frame.state === 'item') this.soft(`expected ${frame.expects.item} but found ${describeToken(first)}`, first);
    if (item !== undefined) frame.items.push(item);
    frame.state = 'item';
  }

  private readonly objectAlternatives = [
    this.listComma,
    {
      ALT: () => {
        const first = this.LA(1);
        this.listItem(first, this.SUBRULE(this.member));
      },
    },
  ];
  private readonly objectItems = () => this.OR(this.objectAlternatives);

  private readonly arrayAlternatives = [
    this.listComma,
    {
      ALT: () => {
        const first = this.LA(1);
        this.listItem(first, this.SUBRULE(this.value));
      },
    },
  ];
  private readonly arrayItems = () => this.OR(this.arrayAlternatives);

  /** Reports a comma just before the closing bracket. */
  private closeList(frame: ListFrame<unknown>): void {
    if (frame.state === 'comma' && frame.lastComma !== undefined) this.soft(TRAILING_COMMA, frame.lastComma);
  }

  private object = this.RULE(
    'object',
    (): JsonNode => {
      const open = this.CONSUME(LCurly);
      const body = this.list<JsonMember>(this.objectItems, OBJECT_EXPECTS);
      const close = this.CONSUME(RCurly);
      if (this.RECORDING_PHASE) return RECORDING;
      this.closeList(body);
      return { kind: 'object', members: body.items, span: this.lines.span(open.startOffset, close.startOffset + 1) };
    },
    { recoveryValueFunc: this.invalidAt },
  );

  private readonly keyAlternatives = [{ ALT: () => this.CONSUME(StringLike) }, { ALT: () => this.CONSUME(Word) }];
  private readonly colon = () => this.CONSUME(Colon);

  private member = this.RULE(
    'member',
    (): JsonMember | undefined => {
      const key = this.OR(this.keyAlternatives);
      // Optional so that `"a" 1` is one clear error and the member is kept as meant.
      const colon = this.OPTION(this.colon);
      const first = this.LA(1);
      const value = this.SUBRULE(this.value);
      if (this.RECORDING_PHASE) return undefined;
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
    },
    { recoveryValueFunc: () => undefined },
  );

  private array = this.RULE(
    'array',
    (): JsonNode => {
      const open = this.CONSUME(LSquare);
      const body = this.list<JsonNode>(this.arrayItems, ARRAY_EXPECTS);
      const close = this.CONSUME(RSquare);
      if (this.RECORDING_PHASE) return RECORDING;
      this.closeList(body);
      return { kind: 'array', elements: body.items, span: this.lines.span(open.startOffset, close.startOffset + 1) };
    },
    { recoveryValueFunc: this.invalidAt },
  );
}

// Built once, on first use: self-analysis of the grammar is the expensive part, too
// slow to pay at import (a Lambda's init, the CLI's start-up).
let jsonParser: JsonParser | undefined;

/** The first '{' / '[' that opens more than MAX_NESTING_DEPTH levels, if any. */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LCurly || t.tokenType === LSquare) {
      if (++depth > MAX_NESTING_DEPTH) return t;
    } else if (t.tokenType === RCurly || t.tokenType === RSquare) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Builds the lexer and the parser with Chevrotain's checks of the grammar on: throws if they find a problem. */
export function checkJsonGrammar(): void {
  newJsonLexer(true);
  new JsonParser(true);
}

/** Lexes and parses `text` into a located JSON tree, reporting every error it can find. */
export function parseJson(text: string): JsonParseResult {
  const lines = new LineIndex(text);
  const lexed = lexJson(text, lines);

  const deep = tooDeep(lexed.tokens);
  if (deep !== undefined) {
    const error = new RuleSyntaxError(
      nestingTooDeep(),
      lines.span(deep.startOffset, deep.startOffset + 1),
    );
    return { errors: sortByOffset([...lexed.errors, error]), intact: false, lines };
  }

  jsonParser ??= new JsonParser();
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
