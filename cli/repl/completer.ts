/**
 * Tab completion for the REPL: dot-commands and their arguments (sources, files),
 * and in a function the names of the current source's conditions (several words
 * at once: `rout` → `routing profile`), operators, filter phrases, filter types,
 * enum operands and `$.` paths; inside JSON, operators, filter types and paths.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GROUP_OPERATORS, LEAF_OPERATORS } from '../../grammar/ast.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES, type EventSourceName } from '../../grammar/catalogue/index.ts';
import { listConditionPaths } from '../../grammar/validate.ts';
import { FAMILIES, familyOfSource } from '../../grammar/text/index.ts';
import { FILTER_WORDS, subjectPath } from '../../grammar/text/aliases.ts';
import { COMMANDS } from './commands.ts';

export type CompleterResult = [string[], string];

const TEXT_KEYWORDS = ['not', 'all of (', 'any of (', 'no', 'on', 'for each', 'with', 'path', 'pattern('];
/** What may follow a condition's name (or its filters). */
const OPERATORS = ['in', 'contains', 'contains any', 'matches any', 'is', '>=', '<=', '='];
const CONNECTIVES = ['and', 'or'];

/** Enum operands and filter values the catalogue of a source documents. */
function enumValues(source: EventSourceName | undefined): string[] {
  if (!source) return [];
  const out = new Set<string>();
  for (const c of CATALOGUE[source].conditions) {
    for (const f of c.forms) if ('enum' in f.operands && f.operands.enum) f.operands.enum.forEach((v) => out.add(v));
    for (const rule of Object.values(c.filters ?? {})) {
      if ('values' in rule.data) rule.data.values.forEach((v) => out.add(v));
      if (rule.data.kind === 'list' && rule.data.enum) rule.data.enum.forEach((v) => out.add(v));
    }
  }
  return [...out];
}

/**
 * The condition names to offer on `source`: those of its family whose path the
 * source's catalogue has (a keyed name: some row under its prefix). A family's names
 * are shared by several sources (real-time chat has no agent or queue condition),
 * so the catalogue, which the validator also reads, decides. No source: every name.
 */
function conditionNames(source: EventSourceName | undefined): string[] {
  const family = familyOfSource(source);
  if (!family || !source) return FAMILIES.flatMap((f) => f.subjects.map((a) => a.words));
  const paths = listConditionPaths(source);
  return family.subjects
    .filter((a) => (a.keyed ? paths.some((p) => p.startsWith(subjectPath(family, a, ''))) : paths.includes(subjectPath(family, a))))
    .map((a) => (a.keyed ? `${a.words} "` : a.words));
}

function filterTypes(source: EventSourceName | undefined): string[] {
  const sources = source ? [source] : EVENT_SOURCE_NAMES;
  return [...new Set(sources.flatMap((s) => CATALOGUE[s].conditions.flatMap((c) => Object.keys(c.filters ?? {}))))];
}

function files(partial: string): string[] {
  const dir = partial.endsWith('/') ? partial : dirname(partial);
  const stem = partial.endsWith('/') ? '' : basename(partial);
  try {
    return readdirSync(dir === '' ? '.' : dir)
      .filter((f) => f.startsWith(stem))
      .map((f) => {
        const full = dir === '.' && !partial.startsWith('./') ? f : join(dir, f);
        try {
          return statSync(full).isDirectory() ? `${full}/` : full;
        } catch {
          return full;
        }
      });
  } catch {
    return [];
  }
}

const startsWith = (candidates: Iterable<string>, prefix: string): string[] =>
  [...new Set(candidates)].filter((c) => c.startsWith(prefix) && c !== prefix).sort();

/**
 * The candidates for the end of `line`, and the part of the line they replace.
 * The longest tail of the line (starting at a word) that begins some candidate wins,
 * so names of several words complete whole.
 */
export function complete(line: string, source: EventSourceName | undefined): CompleterResult {
  // Dot-commands and their arguments.
  const command = /^\s*\.(\w*)(\s+(.*))?$/.exec(line);
  if (command) {
    if (command[2] === undefined) return [startsWith(COMMANDS.map((c) => `.${c.name}`), `.${command[1]}`), line.trimStart()];
    const arg = command[3] ?? '';
    switch (command[1]) {
      case 'source':
        return [startsWith(EVENT_SOURCE_NAMES, arg), arg];
      case 'explain':
        return [startsWith(['on', 'off'], arg), arg];
      case 'load':
      case 'contact':
      case 'save':
        return [files(arg), arg];
      default:
        return [[], arg];
    }
  }

  const pathsOf = () => (source ? listConditionPaths(source) : EVENT_SOURCE_NAMES.flatMap((s) => listConditionPaths(s)));
  // Inside a JSON string: the value of "Operator", "Type" or "ComparisonValue".
  const jsonString = /"(Operator|Type|ComparisonValue|LogicOperator)"\s*:\s*"([^"]*)$/.exec(line);
  if (jsonString) {
    const [, key, partial] = jsonString;
    const candidates =
      key === 'Operator' ? [...GROUP_OPERATORS, ...LEAF_OPERATORS] : key === 'Type' ? filterTypes(source) : key === 'LogicOperator' ? ['AND'] : pathsOf();
    return [startsWith(candidates, partial), partial];
  }
  const dollar = /\$[^\s"(),]*$/.exec(line);
  if (dollar) return [startsWith(pathsOf(), dollar[0]), dollar[0]];
  if (/^\s*on\s+\S*$/.test(line)) {
    const partial = line.replace(/^\s*on\s+/, '');
    return [startsWith([...FAMILIES.map((f) => f.name), ...EVENT_SOURCE_NAMES], partial), partial];
  }

  const names = conditionNames(source);
  const plainNames = names.map((n) => n.replace(/ "$/, ''));
  const anywhere = [...names, ...TEXT_KEYWORDS, ...FILTER_WORDS, ...enumValues(source), ...filterTypes(source)];
  // Tails that start at a word: after a space, a parenthesis or a comma.
  for (let i = 0; i < line.length; i++) {
    if (i > 0 && !/[\s(,]/.test(line[i - 1])) continue;
    const tail = line.slice(i);
    if (tail === '' || /^\s/.test(tail) || /["()]/.test(tail)) continue;
    // After a name (`queue `) or a closing parenthesis comes an operator or a connective.
    const before = line.slice(0, i).trimEnd();
    const afterName = before !== '' && (/[)"]$|\$[\w.-]+$/.test(before) || plainNames.some((n) => before === n || before.endsWith(` ${n}`) || before.endsWith(`(${n}`)));
    const hits = startsWith(afterName ? [...OPERATORS, ...CONNECTIVES] : anywhere, tail);
    if (hits.length) return [hits, tail];
  }
  return [[], ''];
}
