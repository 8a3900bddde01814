/**
 * `--source`, as every command that takes it reads it (eval, validate, fmt, repl), and
 * the REPL's `.source`.
 */
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../grammar/catalogue/types.ts';
import { familyByWord, FAMILIES } from '../grammar/text/aliases.ts';
import { hint } from '../grammar/text/hints.ts';
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

/**
 * What each problem of a function adds when `--source` wins over the source its rule
 * (or its text's `on` line) names: both sources, so the override is not silent.
 */
export function overriddenSourceNote(given: EventSourceName | undefined, own: EventSourceName | undefined, namedBy: 'rule' | 'text'): string {
  if (given === undefined || own === undefined || given === own) return '';
  return ` (given by --source; ${namedBy === 'rule' ? "the rule's own source is" : 'the `on` line names'} ${own})`;
}
