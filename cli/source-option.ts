/**
 * `--source`, as every command that takes it reads it (eval, validate, fmt, repl), and
 * the REPL's `.source`.
 */
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { readSourceName } from '../grammar/text/source-name.ts';
import type { RuleInput } from '../engine/rulefiles/load.ts';
import { UsageError } from './io.ts';

/** `--source`, read and worded as grammar/text/source-name.ts reads any source a user names. */
export function parseSourceOption(value: string | undefined): EventSourceName | undefined {
  if (value === undefined) return undefined;
  const read = readSourceName(value);
  if (read.problem !== undefined) throw new UsageError(read.problem);
  return read.source;
}

/** The source a rule input names itself, and who named it: the rule (its TriggerEventSource) or its text's `on` line. */
export interface OwnSource {
  readonly source: EventSourceName;
  readonly namedBy: 'rule' | 'text';
}

/**
 * The one answer eval and validate share. `parsed`: the text's parse when the caller
 * already has one (its `source` is the `on` line's whatever source it was checked
 * against), so that it is not parsed twice; else a text form is parsed here, its
 * parser loaded only then.
 */
export async function ownSource(rule: RuleInput, parsed?: { readonly source?: EventSourceName }): Promise<OwnSource | undefined> {
  // Loaded, like the parser, only by the commands that read rules (fmt and the REPL take --source too).
  const named = (await import('../engine/rulefiles/load.ts')).sourceOf(rule);
  if (named) return { source: named, namedBy: 'rule' };
  if (rule.form !== 'text') return undefined;
  const source = (parsed ?? (await import('../grammar/text/index.ts')).parseAnyForm(rule.function)).source;
  return source ? { source, namedBy: 'text' } : undefined;
}

/**
 * When `--source` wins over the source a rule (or its text's `on` line) names, the
 * override is not silent: `note` ends each problem of its function, `warning` is
 * said once when the function is valid against the given source. Both empty otherwise.
 */
export function overriddenSource(given: EventSourceName | undefined, own: OwnSource | undefined): { note: string; warning: string } {
  if (given === undefined || own === undefined || given === own.source) return { note: '', warning: '' };
  const names = `${own.namedBy === 'rule' ? "the rule's own source is" : 'the `on` line names'} ${own.source}`;
  return { note: ` (given by --source; ${names})`, warning: `checked against --source ${given}; ${names}` };
}
