/**
 * The groups and conditions of a text-form function, read from its tokens before the
 * parser builds a CST (grammar/condition-limit.ts says why). A condition starts where
 * an operand may start (after `and`, `or`, `not`, `(`, a group's `,`, or the headers)
 * with a name, a path or `no`, and runs to the next `and`, `or`, `,` or closing
 * bracket of its level; `( … )` there groups (one operand alone is no group), `of ( … )`
 * is a group of its comma-separated operands; any other bracket (filters, values,
 * patterns, JSON) is read past. Whatever the tokens, it returns a shape: a text the
 * parser will refuse may be counted loosely, never with a stack.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { GroupShape, NodeShape } from '../condition-limit.ts';
import * as T from './lexer.ts';

/** What starts a condition where an operand may start. */
const CONDITION_STARTS: ReadonlySet<TokenType> = new Set([T.Word, T.Path, T.PathLiteral, T.No]);
const OPENS: ReadonlySet<TokenType> = new Set([T.LParen, T.LBracket, T.LBrace]);
const CLOSES: ReadonlySet<TokenType> = new Set([T.RParen, T.RBracket, T.RBrace]);
/** What an operand may start with. */
const OPERAND_STARTS: ReadonlySet<TokenType> = new Set([...CONDITION_STARTS, T.Not, T.Negate, T.All, T.Any, T.Group, T.LParen]);
/** After these an operand may start (and after a `negate` flag). */
const BEFORE_OPERAND: ReadonlySet<TokenType> = new Set([T.And, T.Or, T.Not]);
/** A header and how many tokens follow its keyword (`with` is followed by a bracket, read past). */
const HEADERS: ReadonlyMap<TokenType, number> = new Map([
  [T.On, 1],
  [T.Version, 1],
  [T.For, 2],
]);

interface Level {
  /** `paren`: `( … )` in an expression; `of`: a group's `( … )`; `other`: a bracket read past. */
  readonly kind: 'root' | 'paren' | 'of' | 'other';
  readonly start: number;
  /** The operands of the expression being read (joined by `and` / `or`). */
  operands: NodeShape[];
  /** `of`: the expressions before the last `,`. */
  readonly items: NodeShape[];
  /** Where the operand being read started (at its `not`, `all`, `(` or name). */
  operandStart?: number;
  /** The condition being read: where it started. */
  condition?: number;
  /** Where the last token read at this level (or a bracket inside it) ended. */
  lastEnd: number;
  operandMayStart: boolean;
}

const level = (kind: Level['kind'], start: number): Level => ({ kind, start, operands: [], items: [], lastEnd: start, operandMayStart: kind !== 'other' });

/** One expression's operands as one operand: itself when alone, else their group. */
const asOperand = (operands: NodeShape[], start: number, end: number): NodeShape | undefined =>
  operands.length <= 1 ? operands[0] : { kind: 'group', start, end, operands };

export function textShape(tokens: readonly IToken[]): GroupShape {
  const end = (t: IToken): number => t.startOffset + t.image.length;
  const levels: Level[] = [level('root', 0)];
  let skip = 0;
  let previous: TokenType | undefined;

  const endCondition = (l: Level): void => {
    if (l.condition === undefined) return;
    l.operands.push({ kind: 'condition', start: l.condition, end: l.lastEnd });
    l.condition = undefined;
  };
  const endItem = (l: Level): void => {
    endCondition(l);
    const item = asOperand(l.operands, l.operands[0]?.start ?? l.start, l.lastEnd);
    if (item) l.items.push(item);
    l.operands = [];
  };

  for (const token of tokens) {
    const type = token.tokenType;
    const l = levels[levels.length - 1]!;
    const flag = previous === T.Negate && (type === T.True || type === T.False);
    if (skip === 0 && l.kind !== 'other' && l.operandMayStart && l.operandStart === undefined && OPERAND_STARTS.has(type) && previous !== T.With) {
      l.operandStart = token.startOffset;
    }
    if (skip > 0) {
      skip--;
    } else if (l.kind === 'other') {
      if (OPENS.has(type)) levels.push(level('other', token.startOffset));
      else if (CLOSES.has(type)) {
        levels.pop();
        levels[levels.length - 1]!.lastEnd = end(token);
      }
    } else if (HEADERS.has(type) && l.kind === 'root' && l.operands.length === 0 && l.condition === undefined) {
      skip = HEADERS.get(type)!;
    } else if (type === T.With && l.condition === undefined) {
      // A header's or a group's filters: `with ( … )`, read past.
      l.operandMayStart = l.kind === 'root' && l.operands.length === 0;
    } else if (OPENS.has(type)) {
      const kind = type !== T.LParen || previous === T.With ? 'other' : previous === T.Of ? 'of' : l.operandMayStart ? 'paren' : 'other';
      levels.push(level(kind, kind === 'other' ? token.startOffset : (l.operandStart ?? token.startOffset)));
      if (kind !== 'other') {
        l.operandMayStart = false;
        l.operandStart = undefined;
      }
    } else if (CLOSES.has(type) && levels.length > 1) {
      levels.pop();
      const parent = levels[levels.length - 1]!;
      parent.lastEnd = end(token);
      if (l.kind === 'of') {
        endItem(l);
        if (l.items.length > 0) parent.operands.push({ kind: 'group', start: l.start, end: end(token), operands: l.items });
      } else {
        endCondition(l);
        const inner = asOperand(l.operands, l.start, end(token));
        if (inner) parent.operands.push(inner);
      }
    } else if (type === T.Comma && l.kind === 'of') {
      endItem(l);
      l.operandMayStart = true;
    } else if (type === T.And || type === T.Or) {
      endCondition(l);
    } else if (l.operandMayStart && CONDITION_STARTS.has(type)) {
      l.condition = l.operandStart ?? token.startOffset;
      l.operandMayStart = false;
      l.operandStart = undefined;
    }
    if (l.kind !== 'other' && levels[levels.length - 1] === l) {
      l.lastEnd = skip > 0 || type === T.With ? l.lastEnd : end(token);
      if (BEFORE_OPERAND.has(type) || flag) l.operandMayStart = true;
    }
    previous = type;
  }
  // An unfinished text: close what is open, as if it ended there.
  while (levels.length > 1) {
    const l = levels.pop()!;
    const parent = levels[levels.length - 1]!;
    if (l.kind === 'of') endItem(l);
    else endCondition(l);
    const inner = l.kind === 'of' ? asOperand(l.items, l.start, l.lastEnd) : asOperand(l.operands, l.start, l.lastEnd);
    if (inner) parent.operands.push(inner);
    parent.lastEnd = l.lastEnd;
  }
  const root = levels[0]!;
  endCondition(root);
  return { kind: 'group', start: 0, end: root.lastEnd, operands: root.operands };
}
