/**
 * `--source`, as every command that takes it reads it (eval, validate, fmt, repl), and
 * the REPL's `.source`.
 */
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../grammar/catalogue/types.ts';
import { familyByWord, FAMILIES } from '../grammar/text/aliases.ts';
import { hint } from '../grammar/text/hints.ts';
import type { RuleInput } from '../engine/rulefiles/load.ts';
import { UsageError } from './io.ts';

/**
 * `--source`: an EventSourceName, or the short name the text form's `on` line uses
 * (`post-call`), both case-insensitive; a short name of several sources (`case`) names
 * them; an unknown name gets the closest one, else the list.
 */
export function parseSourceOption(value: string | undefined): EventSourceName | undefined {
  if (value === undefined) return undefined;
  const exact = EVENT_SOURCE_NAMES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  const family = familyByWord(value);
  if (family?.sources.length === 1) return family.sources[0];
  if (family) throw new UsageError(`event source "${value}" names ${family.sources.length} sources; one of: ${family.sources.join(', ')}`);
  const shortNames = FAMILIES.filter((f) => f.sources.length === 1).map((f) => f.name);
  const closest = hint(value, [...EVENT_SOURCE_NAMES, ...shortNames]);
  throw new UsageError(`unknown event source "${value}"${closest || `; one of: ${shortNames.join(', ')} or an EventSourceName: ${EVENT_SOURCE_NAMES.join(', ')}`}`);
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
