/**
 * How deep a text nests, read from its tokens before parsing: the Chevrotain parser
 * (and the AST builder after it) recurse once per bracket and once per `not`, so a
 * text past the shared limit (grammar/depth.ts) is refused here, located, rather
 * than overflowing the stack (about 500 parentheses or 2,000 `not`s did).
 */
import type { IToken, TokenType } from 'chevrotain';
import { MAX_NESTING_DEPTH } from '../depth.ts';
import * as T from './lexer.ts';

const OPENS: ReadonlySet<TokenType> = new Set([T.LParen, T.LBracket, T.LBrace]);
const CLOSES: ReadonlySet<TokenType> = new Set([T.RParen, T.RBracket, T.RBrace]);
/** Tokens that end an operand: the `not`s written before it no longer nest what follows. */
const SEPARATORS: ReadonlySet<TokenType> = new Set([T.And, T.Or, T.Comma]);

const PREFIXES: ReadonlySet<TokenType> = new Set([T.Not, T.Negate]);

/**
 * The first token that opens a level past MAX_NESTING_DEPTH, if any. A level is a
 * bracket still open or a `not` (`negate <flag>`) of the run written last at that
 * bracket level, whose operand may still be being read. A run begins again after any
 * other token (a `not` in a pattern or a filter is a word, one per run), so the count
 * errs on the side of deeper, never shallower, than the parser's recursion.
 */
export function firstTooDeep(tokens: readonly IToken[]): IToken | undefined {
  // Per open bracket (and the top level): the `not`s of its latest run.
  const runs: number[] = [0];
  let depth = 0;
  let previous: TokenType | undefined;
  let previousWasFlag = false;
  for (const token of tokens) {
    const type = token.tokenType;
    const flag = previous === T.Negate && (type === T.True || type === T.False);
    if (OPENS.has(type)) {
      runs.push(0);
      if (++depth > MAX_NESTING_DEPTH) return token;
    } else if (CLOSES.has(type)) {
      if (runs.length > 1) depth -= 1 + runs.pop()!;
    } else if (SEPARATORS.has(type)) {
      depth -= runs[runs.length - 1]!;
      runs[runs.length - 1] = 0;
    } else if (PREFIXES.has(type)) {
      const continues = previous !== undefined && (PREFIXES.has(previous) || previousWasFlag);
      if (!continues) {
        depth -= runs[runs.length - 1]!;
        runs[runs.length - 1] = 0;
      }
      runs[runs.length - 1]!++;
      if (++depth > MAX_NESTING_DEPTH) return token;
    }
    previousWasFlag = flag;
    previous = type;
  }
  return undefined;
}
