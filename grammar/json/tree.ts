/**
 * The located JSON tree: what the JSON parser produces and the AST builder reads.
 * Every value carries its span; objects keep their members in source order,
 * duplicates included, so the AST builder can point at the second `"Operator"`.
 */
import type { JsonValue } from '../ast.ts';
import { clip, clipNumber } from '../clip.ts';
import type { SourceSpan } from '../errors.ts';

export interface JsonObjectNode {
  readonly kind: 'object';
  readonly members: readonly JsonMember[];
  readonly span: SourceSpan;
}

export interface JsonMember {
  readonly key: string;
  readonly keySpan: SourceSpan;
  readonly value: JsonNode;
  /** From the key to the end of the value. */
  readonly span: SourceSpan;
}

export interface JsonArrayNode {
  readonly kind: 'array';
  readonly elements: readonly JsonNode[];
  readonly span: SourceSpan;
}

export interface JsonStringNode {
  readonly kind: 'string';
  readonly value: string;
  readonly span: SourceSpan;
}

export interface JsonNumberNode {
  readonly kind: 'number';
  readonly value: number;
  /** The digits as written, e.g. `1.50`. */
  readonly raw: string;
  readonly span: SourceSpan;
}

export interface JsonBooleanNode {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: SourceSpan;
}

export interface JsonNullNode {
  readonly kind: 'null';
  readonly span: SourceSpan;
}

/**
 * Where the parser recovered from a syntax error and has no value. Only ever
 * present in a tree that comes with syntax errors.
 */
export interface JsonInvalidNode {
  readonly kind: 'invalid';
  readonly span: SourceSpan;
}

export type JsonNode =
  | JsonObjectNode
  | JsonArrayNode
  | JsonStringNode
  | JsonNumberNode
  | JsonBooleanNode
  | JsonNullNode
  | JsonInvalidNode;

/** What a user would call the node in a message: `object`, `string "abc"`, `number 3`... */
export function describeJson(node: JsonNode): string {
  switch (node.kind) {
    case 'string':
      return `string ${JSON.stringify(clip(node.value, 40, 37, '...'))}`;
    case 'number':
      return `number ${clipNumber(node.raw)}`;
    case 'boolean':
      return `boolean ${node.value}`;
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'invalid':
      return 'an invalid value';
  }
}

/** The plain value `JSON.parse` would give (the last of duplicate keys wins, as there). */
export function toPlainJson(node: JsonNode): JsonValue {
  switch (node.kind) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const m of node.members) {
        // defineProperty, not assignment: a "__proto__" key must stay an own property.
        Object.defineProperty(out, m.key, { value: toPlainJson(m.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return node.elements.map(toPlainJson);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
    case 'invalid':
      return null;
  }
}
