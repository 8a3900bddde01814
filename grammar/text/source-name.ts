/**
 * An event source as a user names it, and the one wording of a name that is none:
 * the CLI's `--source` and the REPL's `.source` (cli/source-option.ts) and the
 * library's entry points (checkFunction, checkAnyForm, so compileRuleFunction and
 * compileRuleSet), whose plain-JavaScript callers the `EventSourceName` type does not check.
 */
import { RuleValidationError, UNKNOWN_SPAN } from '../errors.ts';
import { EVENT_SOURCE_NAMES, isEventSourceName, type EventSourceName } from '../catalogue/types.ts';
import { familyByWord, FAMILIES } from './aliases.ts';
import { hint } from './hints.ts';

export type SourceNameReading = { readonly source: EventSourceName; readonly problem?: undefined } | { readonly source?: undefined; readonly problem: string };

const unknown = (value: string, tail: string) => `unknown event source "${value}"${tail}`;

/**
 * As `--source` reads it: an EventSourceName, or the short name the text form's `on`
 * line uses (`post-call`), both case-insensitive; a short name of several sources
 * (`case`) names them; an unknown name gets the closest one, else the list.
 */
export function readSourceName(value: string): SourceNameReading {
  const exact = EVENT_SOURCE_NAMES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (exact) return { source: exact };
  const family = familyByWord(value);
  if (family?.sources.length === 1) return { source: family.sources[0]! };
  if (family) return { problem: `event source "${value}" names ${family.sources.length} sources; one of: ${family.sources.join(', ')}` };
  const shortNames = FAMILIES.filter((f) => f.sources.length === 1).map((f) => f.name);
  const closest = hint(value, [...EVENT_SOURCE_NAMES, ...shortNames]);
  return { problem: unknown(value, closest || `; one of: ${shortNames.join(', ')} or an EventSourceName: ${EVENT_SOURCE_NAMES.join(', ')}`) };
}

/**
 * The problem with a source given where only an EventSourceName, exactly, is taken
 * (the library: a rule set keeps the events whose EventSourceName is the rule's);
 * undefined when it is one. A name `--source` would take (`post-call`,
 * `onpostcallanalysisavailable`) is pointed at the EventSourceName it stands for.
 */
function sourceNameProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && isEventSourceName(value)) return undefined;
  const list = `; one of: ${EVENT_SOURCE_NAMES.join(', ')}`;
  if (typeof value !== 'string') return `no event source given (${value === undefined ? 'undefined' : typeof value}): an EventSourceName is wanted${list}`;
  const meant = readSourceName(value).source;
  return unknown(value, meant ? ` (did you mean \`${meant}\`?)` : hint(value, EVENT_SOURCE_NAMES) || list);
}

/** sourceNameProblem as the one problem of a function checked for that source (no catalogue to read it by), at its start. */
export function unknownSourceError(value: unknown): RuleValidationError | undefined {
  const problem = sourceNameProblem(value);
  return problem === undefined ? undefined : new RuleValidationError(problem, UNKNOWN_SPAN);
}
