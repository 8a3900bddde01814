/**
 * The grammar of the readable text form as a Chevrotain CST parser. It only
 * recognises the shape; `parser.ts` turns the CST into the shared AST, reading
 * names and filter phrases through the alias tables.
 *
 *   document  := header* expr
 *   header    := "on" (Word | String) | "version" String | "for" Word Word | "with" filterArgs
 *   expr      := unary (("and" | "or") unary)*
 *   unary     := "not" unary | "negate" ("true" | "false") unary | primary
 *   primary   := "(" expr ")" | group | "no" subject | condition
 *   group     := ("all" | "any" | "group" String) "of" "(" [expr ("," expr)*] ")" ["with" filterArgs]
 *   condition := subject operator operands
 *   subject   := ("path" String | Path | Word+ [String]) [filterArgs]
 *   operator  := "in" | "contains" ["any"] | "matches" "any" | "=" | "is" | ">=" | "<=" | "operator" String
 *   operands  := valueList | value
 *   valueList := "(" [value ("," value)*] ")"
 *   value     := "pattern" "(" patternAtom* ")" | Word | json
 *   filterArgs:= "(" [filterArg ("," filterArg)*] ")"
 *   filterArg := (Word | "not" | "any" | Number | String | "=" json | valueList)+
 *   json      := String | Number | "true" | "false" | "null" | "[" [json ("," json)*] "]" | "{" [String ":" json ("," ...)*] "}"
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.ts';
import { KEYWORD_WORDS } from './lexer.ts';
import { hint } from './hints.ts';

const describeToken = (token: IToken): string => (token.tokenType === EOF ? 'the end of the text' : `\`${token.image}\``);

/** What a rule expects, in words, when none of its alternatives fits. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
  header: '`on <source>`, `version "..."`, `for each <grouping>` or `with (...)`',
  unary: 'a condition (such as `queue in ("q-1")`), `not`, `(`, `all of (...)` or `any of (...)`',
  primary: 'a condition (such as `queue in ("q-1")`), `not`, `(`, `all of (...)` or `any of (...)`',
  group: '`all of (...)`, `any of (...)` or `group "<operator>" of (...)`',
  subject: 'a condition name (such as `queue`), `path "$..."` or a `$.` path',
  operator: 'an operator: `in`, `contains any`, `contains`, `=`, `>=` or `<=`',
  operands: 'a value: a string, a number, a NAME, `pattern(...)` or a list `(...)`',
  value: 'a value: a string, a number, a NAME, `pattern(...)` or a JSON value',
  json: 'a JSON value',
  filterArg: 'a filter such as `customer`, `first 30s`, `language EN` or `Type = <JSON>`',
  patternLiteral: 'a pattern item: a quoted word, `one of (...)`, `within N words`, `number` or `decimal`',
};

const keywordHint = (actual: IToken, expected: readonly TokenType[]): string => {
  if (actual.tokenType !== T.Word) return '';
  const words = expected.filter((t) => T.KEYWORDS.includes(t as never)).map((t) => (t.PATTERN as RegExp).source);
  return hint(actual.image, words.length ? words : KEYWORD_WORDS);
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `expected ${expected.LABEL ?? expected.name} but found ${describeToken(actual)}${keywordHint(actual, [expected])}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `unexpected ${describeToken(firstRedundant)} after the end of a condition` +
    (firstRedundant.tokenType === T.Word ? hint(firstRedundant.image, ['and', 'or']) || '; join conditions with `and` or `or`' : ''),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const firsts = expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])).filter(Boolean);
    const wanted = RULE_EXPECTATIONS[ruleName] ?? [...new Set(firsts.map((t) => t.LABEL ?? t.name))].join(', ');
    return `expected ${wanted} but found ${describeToken(actual[0])}${keywordHint(actual[0], firsts)}`;
  },
  buildEarlyExitMessage: ({ actual, ruleName }) =>
    `expected ${RULE_EXPECTATIONS[ruleName] ?? 'more'} but found ${describeToken(actual[0])}`,
};

export class TextGrammar extends CstParser {
  /** `checked`: with Chevrotain's grammar checks (the tests); skipped in use, as for the JSON parser. */
  constructor(checked = false) {
    super(T.ALL_TOKENS, { maxLookahead: 3, errorMessageProvider: messages, nodeLocationTracking: 'onlyOffset', skipValidations: !checked });
    this.performSelfAnalysis();
  }

  document = this.RULE('document', () => {
    this.MANY(() => this.SUBRULE(this.header, { LABEL: 'headers' }));
    this.SUBRULE(this.expr, { LABEL: 'expr' });
  });

  header = this.RULE('header', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.On, { LABEL: 'keyword' });
          this.OR1([
            { ALT: () => this.CONSUME(T.Word, { LABEL: 'value' }) },
            { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Version, { LABEL: 'keyword' });
          this.CONSUME1(T.StringLiteral, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.For, { LABEL: 'keyword' });
          this.CONSUME1(T.Word, { LABEL: 'each' });
          this.CONSUME2(T.Word, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.With, { LABEL: 'keyword' });
          this.SUBRULE(this.filterArgs, { LABEL: 'filters' });
        },
      },
    ]);
  });

  expr = this.RULE('expr', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.And, { LABEL: 'connectives' }) },
        { ALT: () => this.CONSUME(T.Or, { LABEL: 'connectives' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not, { LABEL: 'not' });
          this.SUBRULE(this.unary, { LABEL: 'inner' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Negate, { LABEL: 'negate' });
          this.OR1([
            { ALT: () => this.CONSUME(T.True, { LABEL: 'flag' }) },
            { ALT: () => this.CONSUME(T.False, { LABEL: 'flag' }) },
          ]);
          this.SUBRULE1(this.unary, { LABEL: 'inner' });
        },
      },
      { ALT: () => this.SUBRULE(this.primary, { LABEL: 'primary' }) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: 'open' });
          this.SUBRULE(this.expr, { LABEL: 'inner' });
          this.CONSUME(T.RParen, { LABEL: 'close' });
        },
      },
      { ALT: () => this.SUBRULE(this.group, { LABEL: 'group' }) },
      {
        ALT: () => {
          this.CONSUME(T.No, { LABEL: 'no' });
          this.SUBRULE(this.subject, { LABEL: 'subject' });
        },
      },
      { ALT: () => this.SUBRULE(this.condition, { LABEL: 'condition' }) },
    ]);
  });

  group = this.RULE('group', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.All, { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(T.Any, { LABEL: 'kind' }) },
      {
        ALT: () => {
          this.CONSUME(T.Group, { LABEL: 'kind' });
          this.CONSUME(T.StringLiteral, { LABEL: 'name' });
        },
      },
    ]);
    this.CONSUME(T.Of, { LABEL: 'of' });
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: 'operands' }) });
    this.CONSUME(T.RParen, { LABEL: 'close' });
    this.OPTION(() => {
      this.CONSUME(T.With, { LABEL: 'with' });
      this.SUBRULE(this.filterArgs, { LABEL: 'filters' });
    });
  });

  condition = this.RULE('condition', () => {
    this.SUBRULE(this.subject, { LABEL: 'subject' });
    this.SUBRULE(this.operator, { LABEL: 'operator' });
    this.SUBRULE(this.operands, { LABEL: 'operands' });
  });

  subject = this.RULE('subject', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Path, { LABEL: 'path' });
          this.CONSUME(T.StringLiteral, { LABEL: 'pathString' });
        },
      },
      { ALT: () => this.CONSUME(T.PathLiteral, { LABEL: 'pathLiteral' }) },
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => this.CONSUME(T.Word, { LABEL: 'words' }));
          this.OPTION(() => this.CONSUME1(T.StringLiteral, { LABEL: 'key' }));
        },
      },
    ]);
    this.OPTION1(() => this.SUBRULE(this.filterArgs, { LABEL: 'filters' }));
  });

  operator = this.RULE('operator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.In, { LABEL: 'op' }) },
      {
        ALT: () => {
          this.CONSUME(T.Contains, { LABEL: 'op' });
          this.OPTION(() => this.CONSUME(T.Any, { LABEL: 'any' }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Matches, { LABEL: 'op' });
          this.CONSUME1(T.Any, { LABEL: 'any' });
        },
      },
      { ALT: () => this.CONSUME(T.Equals, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Is, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
      {
        ALT: () => {
          this.CONSUME(T.Operator, { LABEL: 'op' });
          this.CONSUME(T.StringLiteral, { LABEL: 'name' });
        },
      },
    ]);
  });

  operands = this.RULE('operands', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.valueList, { LABEL: 'list' }) },
      { ALT: () => this.SUBRULE(this.value, { LABEL: 'single' }) },
    ]);
  });

  valueList = this.RULE('valueList', () => {
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.value, { LABEL: 'values' }) });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });

  value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.patternLiteral, { LABEL: 'pattern' }) },
      { ALT: () => this.CONSUME(T.Word, { LABEL: 'word' }) },
      { ALT: () => this.SUBRULE(this.json, { LABEL: 'json' }) },
    ]);
  });

  patternLiteral = this.RULE('patternLiteral', () => {
    this.CONSUME(T.Pattern, { LABEL: 'keyword' });
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.Word, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.Not, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.Of, { LABEL: 'atoms' }) },
        { ALT: () => this.SUBRULE(this.valueList, { LABEL: 'atoms' }) },
        { ALT: () => this.SUBRULE(this.jsonObject, { LABEL: 'atoms' }) },
      ]);
    });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });

  filterArgs = this.RULE('filterArgs', () => {
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.filterArg, { LABEL: 'args' }) });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });

  filterArg = this.RULE('filterArg', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Word, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.Not, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.Any, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'atoms' }) },
        { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'atoms' }) },
        {
          ALT: () => {
            this.CONSUME(T.Equals, { LABEL: 'atoms' });
            this.SUBRULE(this.json, { LABEL: 'atoms' });
          },
        },
        { ALT: () => this.SUBRULE(this.valueList, { LABEL: 'atoms' }) },
      ]);
    });
  });

  json = this.RULE('json', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.Null, { LABEL: 'literal' }) },
      { ALT: () => this.SUBRULE(this.jsonArray, { LABEL: 'array' }) },
      { ALT: () => this.SUBRULE(this.jsonObject, { LABEL: 'object' }) },
    ]);
  });

  jsonArray = this.RULE('jsonArray', () => {
    this.CONSUME(T.LBracket, { LABEL: 'open' });
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.json, { LABEL: 'elements' }) });
    this.CONSUME(T.RBracket, { LABEL: 'close' });
  });

  jsonObject = this.RULE('jsonObject', () => {
    this.CONSUME(T.LBrace, { LABEL: 'open' });
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.CONSUME(T.StringLiteral, { LABEL: 'keys' });
        this.CONSUME(T.Colon);
        this.SUBRULE(this.json, { LABEL: 'values' });
      },
    });
    this.CONSUME(T.RBrace, { LABEL: 'close' });
  });
}

let grammar: TextGrammar | undefined;

/** Builds the lexer and the parser with Chevrotain's checks of the grammar on: throws if they find a problem. */
export function checkTextGrammar(): void {
  T.newTextLexer(true);
  new TextGrammar(true);
}

/**
 * The one parser instance, built on first use: Chevrotain parsers are reusable, and
 * building one is the slow part (too slow to pay at import, in a Lambda that only
 * ever reads JSON functions).
 */
export const textGrammar = (): TextGrammar => (grammar ??= new TextGrammar());
