/**
 * The REPL's dot-commands, as a table: name, arguments, one line of help, and
 * what it does to the session. Each returns the text to print.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CATALOGUE, TEMPLATE_KEY, type ConditionSpec, type EventSourceName } from '../../grammar/catalogue/index.ts';
import { listConditionPaths } from '../../grammar/validate.ts';
import { printFunction } from '../../grammar/print.ts';
import { aliasOfPath, familyOfSource, printText, type FunctionForm } from '../../grammar/text/index.ts';
import { hint } from '../../grammar/text/hints.ts';
import { parseSourceOption } from '../source-option.ts';
import { displayValue, shorten } from '../../engine/compile/trace.ts';
import { ContextInputError } from '../../engine/context/errors.ts';
import { loadRules, RuleInputError, sourceOf, type RuleInput } from '../../engine/rulefiles/load.ts';
import { readJson, UsageError } from '../io.ts';
import { misplacedInput } from '../commands/eval-hints.ts';
import { filtersOf } from '../commands/eval-filters.ts';
import { describePreEvaluationFilters } from '../../engine/rules/pre-evaluation.ts';
import type { PreEvaluationFilters } from '../../engine/rules/model.ts';
import type { FunctionDocument } from '../../grammar/ast.ts';
import { UserError } from '../../grammar/errors.ts';
import type { Style } from './colour.ts';

/** What reading the event file and the contact file warned of, each apart. */
export interface RebuildWarnings {
  readonly event: readonly string[];
  readonly contact: readonly string[];
}

/** What the commands see of the REPL session (`session.ts` implements it and runs the commands). */
export interface CommandSession {
  readonly style: Style;
  readonly current?: { readonly document: FunctionDocument; readonly form: FunctionForm };
  readonly effectiveSource: EventSourceName | undefined;
  source?: EventSourceName;
  eventFile?: string;
  contactFile?: string;
  readonly event?: { readonly EventSourceName: string } & Record<string, unknown>;
  explain: boolean;
  failures: number;
  exited: boolean;
  /** Whether lines of a function not finished yet are held. */
  readonly pending: boolean;
  /** Drops the lines of a function not finished yet. */
  discard(): void;
  /** Rebuilds the event from its files; the warnings of reading each (a key written twice: the last is read). */
  rebuildEvent(): RebuildWarnings;
  rerun(): string;
  /** Evaluates a function (either form), making it the current one with `filters` (a loaded rule's PreEvaluationFilters; none when typed). */
  evaluate(text: string, filters?: PreEvaluationFilters): string;
  /** Back to the start: no event, contact, source, function or pending lines. */
  reset(): void;
}
type ReplSession = CommandSession;

/**
 * The function of a rule input (engine/rulefiles/load.ts) in `arg` (`file` or
 * `file NAME`); undefined when the file is not one (an event).
 */
function ruleFunctionIn(arg: string): RuleInput | undefined {
  const split = /^(.*\S)\s+(\S+)$/.exec(arg);
  const [file, name] = existsSync(arg) || !split ? [arg, undefined] : [split[1]!, split[2]];
  let rules: RuleInput[];
  try {
    rules = loadRules(file).rules;
  } catch (err) {
    if (err instanceof RuleInputError) return undefined;
    throw err;
  }
  // What loads as a text-form function from a file that is not a text file is an event that is not JSON: the event reader says why.
  const sure = rules.filter((r) => (r.origin.shape !== 'text' || /\.(txt|rule)$/i.test(file)) && (r.origin.shape !== 'function' || isJson(r.function)));
  if (sure.length === 0) return undefined;
  if (name === undefined && sure.length === 1) return sure[0];
  const chosen = sure.filter((r) => r.name === name);
  if (chosen.length === 1) return chosen[0];
  const names = sure.map((r) => r.name ?? '(a bare function)').join(', ');
  throw new UsageError(name === undefined ? `${file} holds ${sure.length} rules (${names}): .load ${file} <rule name>` : `${file}: no rule named ${name}; it holds ${names}`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface ReplCommand {
  readonly name: string;
  readonly args?: string;
  readonly help: string;
  run(session: ReplSession, arg: string): string;
}

const need = (arg: string, what: string): string => {
  if (!arg) throw new UsageError(`expected ${what}`);
  return arg;
};

/** The function in a form: JSON (canonical, indented) or text. */
function render(session: ReplSession, form: FunctionForm): string {
  const current = session.current;
  if (!current) throw new UsageError('no function yet: type one first');
  return form === 'json' ? `${printFunction(current.document, { indent: 2 })}\n` : printText(current.document, { source: session.effectiveSource });
}

/** `warning <message>` lines, as eval prints them on standard error: the event file's, then the contact file's. */
const warningLines = (session: ReplSession, warnings: RebuildWarnings): string =>
  [...warnings.event, ...warnings.contact].map((w) => `${session.style.yellow('warning')} ${w}\n`).join('');

/** Sets an input of the event and rebuilds it; when that fails, the input is put back. */
function rebuildWith<K extends 'eventFile' | 'contactFile' | 'source'>(session: ReplSession, key: K, value: ReplSession[K]): RebuildWarnings {
  const previous = session[key];
  session[key] = value;
  try {
    return session.rebuildEvent();
  } catch (err) {
    session[key] = previous;
    throw err;
  }
}

/**
 * `.load` of an event: with a contact record of another contact loaded, the record
 * is let go (with a notice) rather than the new event refused, so a user can go from
 * call to call. Returns the notice, if any.
 */
function loadEvent(session: ReplSession, file: string): string {
  try {
    return warningLines(session, rebuildWith(session, 'eventFile', file));
  } catch (err) {
    const contact = session.contactFile;
    // A problem of the contact record with this event (another contact): the event alone.
    if (contact === undefined || !(err instanceof ContextInputError) || err.file !== contact) throw err;
    session.contactFile = undefined;
    let warnings: RebuildWarnings;
    try {
      warnings = rebuildWith(session, 'eventFile', file);
    } catch (again) {
      session.contactFile = contact;
      throw again;
    }
    return `${session.style.yellow('notice')} contact ${contact} no longer used: ${err.message.slice(contact.length + 2)} (.contact <file> for this one)\n${warningLines(session, warnings)}`;
  }
}

/** Where the REPL takes each input, for a file given in the other's place (eval says `--event`, `--contact`). */
const GIVE = { contact: '.contact <file>', event: '.load <file>' };

export const COMMANDS: readonly ReplCommand[] = [
  {
    name: 'load',
    args: '<event or rule> [rule name]',
    help: 'load an event (any eval reads: an analysis file, real-time segments, a canonical trigger event, a Cases, Zendesk or Salesforce event with repl --instance-id, an evaluation export, a metric snapshot) or the function of a rule (a Function file, CreateRule body, DescribeRule response, CloudFormation template...)',
    run(session, arg) {
      need(arg, 'the event or rule file: .load <file>');
      const rule = ruleFunctionIn(arg);
      if (rule) {
        // The rule's own source, unless one is already chosen (an event, .source).
        const named = sourceOf(rule);
        if (!session.effectiveSource && named) session.source = named;
        const what = rule.name ? `rule ${rule.name}` : 'function';
        // Checked against another source than its own: said, so an error or a verdict is not read as the rule's own.
        const against = session.effectiveSource;
        const other = named && against !== named ? `; checked against ${against} (${session.source ? '.source' : "the event's"}), not its own source` : '';
        const filters = filtersOf(rule.body, rule.label);
        const filtered = filters ? `; PreEvaluationFilters ${describePreEvaluationFilters(filters)}` : '';
        return `${session.style.dim(`loaded ${what} from ${rule.origin.file}${named ? ` (${named})` : ''}${other}${filtered}`)}\n${session.evaluate(rule.function, filters)}`;
      }
      let cleared: string;
      try {
        cleared = loadEvent(session, arg);
      } catch (err) {
        throw misplacedInput(err, { eventFile: arg, eventJson: () => readJson(arg) }, GIVE) ?? err;
      }
      const source = session.event!.EventSourceName;
      return `${cleared}${session.style.dim(`loaded ${arg}: ${source}`)}\n${session.rerun()}`;
    },
  },
  {
    name: 'contact',
    args: '<file>|none',
    help: 'the contact trace record or DescribeContact response that goes with the event (none: without one)',
    run(session, arg) {
      if (arg === 'none') {
        rebuildWith(session, 'contactFile', undefined);
        return `${session.style.dim('no contact record')}\n${session.rerun()}`;
      }
      let warnings: RebuildWarnings;
      try {
        warnings = rebuildWith(session, 'contactFile', need(arg, 'the contact record file: .contact <file>'));
      } catch (err) {
        throw misplacedInput(err, { contactFile: arg, contactJson: () => readJson(arg) }, GIVE) ?? err;
      }
      // The event file's warnings were said when it was loaded; the contact record's are new.
      return `${warningLines(session, { event: [], contact: warnings.contact })}${session.style.dim(`contact ${arg}${session.eventFile ? '' : ' (used with the next .load)'}`)}\n${session.rerun()}`;
    },
  },
  {
    name: 'source',
    args: '<EventSourceName>',
    help: 'the event source functions are checked for (default: the loaded event\'s)',
    run(session, arg) {
      if (!arg) return `${session.effectiveSource ?? 'no source yet'}\n`;
      // The text form's short names too (`.source post-chat`), as `--source` takes them.
      const source = parseSourceOption(arg)!;
      rebuildWith(session, 'source', source);
      return `${session.style.dim(`source ${source}`)}\n${session.rerun()}`;
    },
  },
  {
    name: 'explain',
    args: 'on|off',
    help: 'show the explain trace under each verdict (on by default)',
    run(session, arg) {
      if (arg !== 'on' && arg !== 'off') throw new UsageError('expected .explain on or .explain off');
      session.explain = arg === 'on';
      return `${session.style.dim(`explain ${arg}`)}\n`;
    },
  },
  {
    name: 'paths',
    help: 'the condition paths of the current source, by name, with the event\'s value of each',
    run: (session) => paths(session),
  },
  { name: 'json', help: 'print the current function as JSON', run: (session) => render(session, 'json') },
  { name: 'text', help: 'print the current function in the readable text form', run: (session) => render(session, 'text') },
  {
    name: 'save',
    args: '<file>',
    help: 'save the current function (.json: JSON; .rule or .txt: text; otherwise the form it was typed in)',
    run(session, arg) {
      const file = need(arg, 'a file name: .save <file>');
      const ext = extname(file).toLowerCase();
      const form: FunctionForm = ext === '.json' ? 'json' : ext === '.rule' || ext === '.txt' ? 'text' : (session.current?.form ?? 'text');
      writeFileSync(file, render(session, form));
      return `${session.style.dim(`saved ${file} (${form})`)}\n`;
    },
  },
  {
    name: 'reset',
    help: 'start again: no event, contact record, source or function',
    run(session) {
      session.reset();
      return `${session.style.dim('reset')}\n`;
    },
  },
  {
    name: 'break',
    help: 'discard the lines of a function not finished yet',
    run(session) {
      if (!session.pending) return '';
      session.discard();
      return `${session.style.dim('(input discarded)')}\n`;
    },
  },
  {
    name: 'exit',
    help: 'leave (or Ctrl+D)',
    run(session) {
      session.exited = true;
      return '';
    },
  },
  { name: 'help', help: 'this list', run: (session) => help(session) },
];

function help(session: ReplSession): string {
  const s = session.style;
  const width = Math.max(...COMMANDS.map((c) => `.${c.name} ${c.args ?? ''}`.length));
  const lines = COMMANDS.map((c) => `  ${s.bold(`.${c.name} ${c.args ?? ''}`.padEnd(width))}  ${c.help}`);
  return [
    'Type a rule function, as JSON or in the text form, and see its verdict on the loaded event:',
    `  ${s.cyan('transcript.exact(customer, first 30s) contains any ("refund", "cancel") and queue in ("q-1")')}`,
    `  ${s.cyan('not attribute "CustomerTier" = "gold" or (holds >= 3 and no queue)')}`,
    'A JSON function ends when its braces balance; a text function at the end of a line, unless it is',
    'unfinished there (after `and`, `or`, `not`, a name, an operator such as `>=` or `in`, `(` or `,`):',
    'then `...>` asks for the rest. An empty line ends any function; `.break` or Ctrl+C drops it. A',
    'dot-command typed meanwhile runs, and the function waits. Tab completes names, operators, filters,',
    'paths and values. docs/text-form.md has the whole language.',
    '',
    ...lines,
    '',
  ].join('\n');
}

/** `.paths`: every documented path of the source with its name in the text form and the event's value. */
function paths(session: ReplSession): string {
  const s = session.style;
  const source = session.effectiveSource;
  if (!source) throw new UsageError('no event source yet: .source <EventSourceName> or .load <event>');
  const family = familyOfSource(source);
  const rows: [string, string, string][] = [];
  for (const path of listConditionPaths(source)) {
    const spec = CATALOGUE[source].conditions.find((c) => c.path === path)!;
    const template = path.includes(TEMPLATE_KEY);
    const named = family ? aliasOfPath(family, template ? path.replace(TEMPLATE_KEY, 'KEY') : path) : undefined;
    const name = named ? (template ? `${named.alias.words} "<KEY>"` : named.alias.words) : `path "${path}"`;
    if (!session.event) {
      rows.push([name, path, '']);
      continue;
    }
    const value = get(session.event, spec.docPath);
    if (template && value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) rows.push([name, path, s.dim('none')]);
      for (const key of keys) {
        rows.push([`${named?.alias.words ?? 'path'} ${JSON.stringify(key)}`, path.replace(TEMPLATE_KEY, key), show((value as Record<string, unknown>)[key])]);
      }
      continue;
    }
    rows.push([name, path, value === undefined || value === null ? s.dim('missing') : describe(spec, value, session)]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  const header = `${source}${session.eventFile ? `, values of ${session.eventFile}` : ' (.load an event to see its values)'}`;
  return `${s.bold(header)}\n${rows.map(([name, path, value]) => `  ${s.cyan(name.padEnd(width))}  ${s.dim(path)}${value ? ` = ${value}` : ''}`).join('\n')}\n`;
}

function get(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** As the explain trace shows a value: derived fractions to 2 decimals (`59.32`, not `59.32203389830509`). */
const show = (value: unknown): string => displayValue(shorten(value)) ?? String(value);

function describe(spec: ConditionSpec, value: unknown, session: ReplSession): string {
  switch (spec.value.kind) {
    case 'transcript':
    case 'semanticPhrase':
    case 'windowedSentiment':
      return Array.isArray(value) ? `${value.length} transcript items` : show(value);
    case 'metric': {
      const metric = spec.value.metric;
      const rows = Array.isArray(value) ? value : [];
      const found = rows.flatMap((row: any) => {
        const m = (row?.Metrics ?? []).find((x: any) => x?.Name === metric);
        return m ? [`${Object.values(row.Dimensions ?? {}).join('/')}: ${show(m.Value)}`] : [];
      });
      return found.length ? found.slice(0, 5).join(', ') + (found.length > 5 ? ` … ${found.length - 5} more` : '') : session.style.dim('missing');
    }
    default:
      return show(value);
  }
}

/** A line that starts with `.` is a dot-command, in the middle of a function too: no token of JSON or the text form starts with one. */
export const isCommandLine = (line: string): boolean => line.trimStart().startsWith('.');

/** Runs a dot-command line; a user error is printed, counted, and the session goes on. */
export function runCommand(session: ReplSession, line: string): string {
  const [word, ...rest] = line.slice(1).split(/\s+/);
  const arg = rest.join(' ').trim();
  const command = COMMANDS.find((c) => c.name === word);
  if (!command) {
    session.failures++;
    return `${session.style.red('error')} unknown command .${word}${hint(word, COMMANDS.map((c) => c.name))}; .help lists them\n`;
  }
  try {
    return command.run(session, arg);
  } catch (err) {
    // Bad input (a file, an event) is shown and the session goes on; anything else is a bug.
    if (!(err instanceof UserError)) throw err;
    session.failures++;
    return `${session.style.red('error')} ${err.message}\n`;
  }
}
