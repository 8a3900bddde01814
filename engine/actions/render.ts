/**
 * Rendering the templates of variable injection (injection.ts) for one trigger
 * event: each distinct token resolved once, by a lookup of its dotted path.
 *
 * Not jsonpath-plus: the validator admits only fixed dotted paths (`$.A.B.C`,
 * injection.ts), and the library was 24 KB of every acting Lambda's code for that
 * lookup (docs/actions.md). The lookup answers as jsonpath-plus did with script
 * evaluation off and results unwrapped (render.test.ts compares the two).
 */
import type { Template } from './injection.ts';

/** Token values of one event, each token resolved at most once (per invocation). */
export class TokenResolver {
  private readonly values = new Map<string, string | undefined>();
  /** Tokens that had no value in the event (rendered as empty text). */
  readonly missing = new Set<string>();

  constructor(private readonly event: unknown) {}

  value(token: string): string | undefined {
    if (this.values.has(token)) return this.values.get(token);
    const found = resolvePath(this.event, token);
    const text = found === undefined || found === null ? undefined : typeof found === 'object' ? JSON.stringify(found) : String(found);
    if (text === undefined) this.missing.add(token);
    this.values.set(token, text);
    return text;
  }
}

/**
 * The value at a dotted path of `json`; undefined when nothing is there. Only own
 * properties are followed (an own `__proto__` is data like any key; an inherited
 * `toString` is nothing), and of any truthy value: a text's own `length` is found, as
 * jsonpath-plus found it. `path` is one of the admitted tokens (injection.ts TEXT_TOKENS,
 * RECIPIENT_TOKEN), the only ones compileTemplate and the recipient lookup emit; each is
 * a dotted path of the validator's token grammar (render.test.ts checks them all).
 */
export function resolvePath(json: unknown, path: string): unknown {
  if (json === null || typeof json !== 'object') return undefined;
  let node: unknown = json;
  for (const key of path.slice(2).split('.')) {
    if (!node || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function renderTemplate(template: Template, resolver: TokenResolver): string {
  if (template.tokens.length === 0) return template.parts.map((p) => ('literal' in p ? p.literal : '')).join('');
  let out = '';
  for (const part of template.parts) out += 'literal' in part ? part.literal : (resolver.value(part.token) ?? '');
  return out;
}
