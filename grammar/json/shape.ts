/**
 * The groups and conditions of a JSON rule function, read from its text without
 * building the located tree (grammar/condition-limit.ts says why): one pass over the
 * characters, keeping only the `RuleFunction` nodes, each classified as the tree's
 * builder classifies it (`nodeKindOf`). Iterative, so depth costs no stack.
 */
import { nodeKindOf } from '../build-ast.ts';
import type { GroupShape, NodeShape } from '../condition-limit.ts';

/** What a bracket being read is: the document, a rule node, a node's Operands, or anything else. */
type Role = 'document' | 'node' | 'operands' | 'other';

interface Frame {
  readonly object: boolean;
  readonly role: Role;
  readonly start: number;
  /** The member whose value is being read (objects). */
  key?: string;
  /** A node's facts, first member of each name (the builder refuses a repeated key). */
  hasComparisonValue?: boolean;
  operator?: string;
  path?: string;
  operandsSeen?: boolean;
  operands?: NodeShape[];
  operandsAreNodes?: boolean;
  /** An Operands array: its owner. */
  owner?: Frame;
  elements?: number;
  objectsOnly?: boolean;
  /** The document: its RuleFunction. */
  root?: NodeShape;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function roleOf(parent: Frame | undefined, object: boolean): Role {
  if (parent === undefined) return object ? 'document' : 'other';
  if (parent.role === 'document' && parent.key === 'RuleFunction' && object) return 'node';
  if (parent.role === 'node' && parent.key === 'Operands' && !object && !parent.operandsSeen) return 'operands';
  if (parent.role === 'operands' && object) return 'node';
  return 'other';
}

/**
 * The shape of `RuleFunction` when `text` reads as a JSON rule function document,
 * else undefined (malformed JSON, no RuleFunction object): the parser then says why.
 */
export function jsonShape(text: string): GroupShape | undefined {
  const stack: Frame[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let document: Frame | undefined;

  const skipSpace = (): void => {
    while (isSpace(text.charCodeAt(at))) at++;
  };
  /** The string at `at` (a `"`), decoded only when `keep`. Undefined when it does not end. */
  const string = (keep: boolean): string | undefined | false => {
    const start = at++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(at);
      if (Number.isNaN(c) || c < 0x20) return false;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        at += 2;
      } else {
        at++;
      }
    }
    at++;
    if (!keep) return undefined;
    if (!escaped) return text.slice(start + 1, at - 1);
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      return false;
    }
  };
  /** A member's value has been read: note it on the frame that holds it. */
  const noteValue = (holder: Frame | undefined, isObject: boolean, scalar?: string): void => {
    if (holder === undefined) return;
    if (holder.role === 'operands') {
      holder.elements = (holder.elements ?? 0) + 1;
      if (!isObject) holder.objectsOnly = false;
    }
    if (holder.role !== 'node') return;
    if (holder.key === 'ComparisonValue' && holder.hasComparisonValue === undefined) {
      holder.hasComparisonValue = true;
      if (scalar !== undefined) holder.path = scalar;
    } else if (holder.key === 'Operator' && holder.operator === undefined && scalar !== undefined) {
      holder.operator = scalar;
    }
  };
  const close = (frame: Frame, end: number): void => {
    const parent = stack[stack.length - 1];
    if (frame.role === 'operands') {
      const owner = frame.owner!;
      owner.operandsSeen = true;
      owner.operandsAreNodes = (frame.elements ?? 0) > 0 && frame.objectsOnly !== false;
    } else if (frame.role === 'node') {
      const facts = {
        hasComparisonValue: frame.hasComparisonValue === true,
        ...(frame.operator !== undefined ? { operator: frame.operator } : {}),
        operandsAreNodes: frame.operandsAreNodes === true,
      };
      const shape: NodeShape =
        nodeKindOf(facts).kind === 'group'
          ? { kind: 'group', start: frame.start, end, operands: frame.operands ?? [] }
          : { kind: 'condition', start: frame.start, end, ...(frame.path !== undefined ? { path: frame.path } : {}) };
      if (parent?.role === 'operands') (parent.owner!.operands ??= []).push(shape);
      else if (parent?.role === 'document' && parent.root === undefined) parent.root = shape;
    }
    noteValue(parent, frame.object);
  };

  skipSpace();
  for (;;) {
    const frame = stack[stack.length - 1];
    // A value, or (in an object) a key and its value.
    if (frame?.object) {
      if (text.charCodeAt(at) !== 0x22) return undefined;
      const key = string(true);
      if (key === false || key === undefined) return undefined;
      frame.key = key;
      skipSpace();
      if (text.charCodeAt(at) !== 0x3a) return undefined;
      at++;
      skipSpace();
    }
    const c = text.charCodeAt(at);
    if (c === 0x7b || c === 0x5b) {
      const object = c === 0x7b;
      const role = roleOf(frame, object);
      const opened: Frame = { object, role, start: at, ...(role === 'operands' ? { owner: frame } : {}) };
      if (role === 'document') document = opened;
      stack.push(opened);
      at++;
      skipSpace();
      if (text.charCodeAt(at) === (object ? 0x7d : 0x5d)) {
        at++;
        stack.pop();
        close(opened, at);
      } else {
        continue;
      }
    } else if (c === 0x22) {
      const keep = frame?.role === 'node' && (frame.key === 'ComparisonValue' || frame.key === 'Operator');
      const value = string(keep);
      if (value === false) return undefined;
      noteValue(frame, false, value);
    } else {
      // A number or a literal: the parser checks its spelling.
      const start = at;
      while (at < text.length && !isSpace(text.charCodeAt(at)) && !',]}'.includes(text[at]!)) at++;
      if (at === start) return undefined;
      noteValue(frame, false);
    }
    // After a value: a comma, or the end of one or more brackets.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) return at === text.length && document?.root?.kind === 'group' ? document.root : undefined;
      const next = text.charCodeAt(at);
      if (next === 0x2c) {
        at++;
        skipSpace();
        break;
      }
      if (next !== (top.object ? 0x7d : 0x5d)) return undefined;
      at++;
      stack.pop();
      close(top, at);
    }
  }
}
