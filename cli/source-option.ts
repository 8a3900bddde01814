/**
 * `--source`, as every command that takes it reads it (eval, validate, fmt, repl).
 */
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../grammar/catalogue/types.ts';
import { familyByWord, FAMILIES } from '../grammar/text/aliases.ts';
import { UsageError } from './io.ts';

/**
 * `--source`: an EventSourceName, or the short name the text form's `on` line uses
 * (`post-call`), both case-insensitive; a short name of several sources (`case`) names them.
 */
export function parseSourceOption(value: string | undefined): EventSourceName | undefined {
  if (value === undefined) return undefined;
  const exact = EVENT_SOURCE_NAMES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  const family = familyByWord(value);
  if (family?.sources.length === 1) return family.sources[0];
  if (family) throw new UsageError(`event source "${value}" names ${family.sources.length} sources; one of: ${family.sources.join(', ')}`);
  const shortNames = FAMILIES.filter((f) => f.sources.length === 1).map((f) => f.name);
  throw new UsageError(`unknown event source "${value}"; one of: ${shortNames.join(', ')} or an EventSourceName: ${EVENT_SOURCE_NAMES.join(', ')}`);
}
