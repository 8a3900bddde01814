/**
 * Rendering the templates of variable injection (injection.ts) for one trigger
 * event: each distinct token resolved once, with jsonpath-plus (script evaluation
 * disabled).
 */
import { JSONPath } from 'jsonpath-plus';
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

/** One JSONPath lookup with script evaluation disabled; undefined when nothing matches. */
export function resolvePath(json: unknown, path: string): unknown {
  if (json === null || typeof json !== 'object') return undefined;
  // Autostart off: JSONPath started by its call as a function returns a scalar by throwing it
  // wrapped in an Error (a stack captured per lookup, most of a previewed action's cost).
  return JSONPath({ path, json: json as object, eval: false, wrap: false, autostart: false }).evaluate(path, json as object, undefined, undefined);
}

export function renderTemplate(template: Template, resolver: TokenResolver): string {
  if (template.tokens.length === 0) return template.parts.map((p) => ('literal' in p ? p.literal : '')).join('');
  let out = '';
  for (const part of template.parts) out += 'literal' in part ? part.literal : (resolver.value(part.token) ?? '');
  return out;
}
