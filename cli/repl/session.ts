/**
 * The REPL's state and what each line of input does, with no terminal in sight:
 * the interactive front end (readline) and the piped one feed it lines and print
 * what it returns. A function may span several lines (JSON until its braces
 * balance, text until it stops needing more); a blank line ends it anyway.
 */
import type { FunctionDocument } from '../../grammar/ast.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import type { RuleLanguageError } from '../../grammar/errors.ts';
import { checkAnyForm, familyOfSource, parseAnyForm, type FunctionForm } from '../../grammar/text/index.ts';
import { compileRuleSet } from '../../engine/ruleset/index.ts';
import { formatTrace } from '../../engine/compile/trace.ts';
import { entityLabel } from '../../engine/compile/judged-entity.ts';
import { triggerEventOf } from '../commands/eval-event.ts';
import { preEvaluation, preEvaluationLine } from '../commands/eval-filters.ts';
import { liveJudgement, liveTraceLine, liveVerdict } from '../commands/eval-live.ts';
import type { RealtimeStream } from '../../engine/context/index.ts';
import type { PreEvaluationFilters } from '../../engine/rules/model.ts';
// Loaded with the session (repl imports this module only when it starts), so `.load` of a Cases, Zendesk or Salesforce event answers at once.
import { routeEventBridgeEvent } from '../../engine/ingest/eventbridge.ts';
import { readJson } from '../io.ts';
import { colourTrace, type Style } from './colour.ts';
import { excerptAround } from './excerpt.ts';
import { isCommandLine, runCommand, type CommandSession, type RebuildWarnings } from './commands.ts';

export interface CurrentFunction {
  readonly document: FunctionDocument;
  readonly form: FunctionForm;
  readonly text: string;
  /** The PreEvaluationFilters of the rule `.load` read it from; a function typed has none. Kept with the function so they never judge another. */
  readonly filters?: PreEvaluationFilters;
}

/** A next line that carries on the function above it (`and ...`, `or ...`, `)`): piped input can look ahead. */
const CONTINUATION = /^\s*(?:and|or)(?:\s|\(|$)|^\s*[),]/;

export class ReplSession implements CommandSession {
  /** The source set by `--source` or `.source`; otherwise the loaded event's. */
  source?: EventSourceName;
  eventFile?: string;
  contactFile?: string;
  /** `--instance-id`: the instance of an event that names none (Cases, Zendesk, Salesforce, an evaluation export). */
  instanceId?: string;
  event?: { readonly EventSourceName: string } & Record<string, unknown>;
  /** Whether the loaded event's source reads a contact record (its tags decide PreEvaluationFilters). */
  private readsContact = false;
  /** The contact record the event was built with (rebuildEvent): read once, not again for every function typed. */
  private contact: unknown;
  /** Real-time segment records: the points the pipeline judges a live contact at (eval's judging, F17); `event` is their final state. */
  private stream?: RealtimeStream;
  explain = true;
  current?: CurrentFunction;
  /** Functions that were invalid and commands that failed, for the exit code of piped input. */
  failures = 0;
  exited = false;
  private buffer: string[] = [];

  constructor(readonly style: Style) {}

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  get effectiveSource(): EventSourceName | undefined {
    return this.source ?? (this.event?.EventSourceName as EventSourceName | undefined);
  }

  /** The prompt: the family of the current source, `...` while a function is pending. */
  prompt(): string {
    const name = familyOfSource(this.effectiveSource)?.name ?? 'rules';
    return this.pending ? `${' '.repeat(Math.max(0, name.length - 3))}...> ` : `${name}> `;
  }

  /**
   * One line of input; `next` is the line after it when known (piped input). Returns what to print.
   * A dot-command runs whenever it is typed: in the middle of a function too, which stays pending
   * (`.break` drops it).
   */
  line(raw: string, next?: string): string {
    const trimmed = raw.trim();
    // A dot-command answers for its own failures (runCommand: a user error is printed, anything else is a bug) and leaves the function pending.
    if (isCommandLine(trimmed)) return runCommand(this, trimmed);
    if (trimmed === '') return this.flush();
    this.buffer.push(raw);
    return this.guarded(() => (this.waitsForMore(next) ? '' : this.flush()));
  }

  /** Whether the pending function needs more lines: incomplete, or the next line carries it on. */
  private waitsForMore(next?: string): boolean {
    if (parseAnyForm(this.buffer.join('\n'), { source: this.effectiveSource }).incomplete) return true;
    return next !== undefined && CONTINUATION.test(next);
  }

  /** Evaluates what is pending (end of input, a blank line). */
  flush(): string {
    if (!this.pending) return '';
    const text = this.buffer.join('\n');
    this.buffer = [];
    return this.guarded(() => this.evaluate(text));
  }

  /** Reading a function: a failure of ours on one function must not end the session (its event, its history): say it, drop the function. */
  private guarded(step: () => string): string {
    try {
      return step();
    } catch (error) {
      this.buffer = [];
      this.failures++;
      return `${this.style.red('error')} this function could not be read: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  discard(): void {
    this.buffer = [];
  }

  reset(): void {
    this.buffer = [];
    this.source = undefined;
    this.eventFile = undefined;
    this.contactFile = undefined;
    this.contact = undefined;
    this.event = undefined;
    this.stream = undefined;
    this.current = undefined;
  }

  // -------------------------------------------------------------------------
  // evaluation

  evaluate(text: string, filters?: PreEvaluationFilters): string {
    const s = this.style;
    const parsed = parseAnyForm(text, { source: this.effectiveSource });
    if (!parsed.document) {
      this.failures++;
      return this.showErrors(text, parsed.errors);
    }
    this.current = { document: parsed.document, form: parsed.form, text, ...(filters && { filters }) };
    if (!this.effectiveSource && parsed.source) this.source = parsed.source;
    const source = this.effectiveSource ?? parsed.source;
    if (!source) {
      return `${s.yellow('parsed')}; no event source yet to check it against: ${s.bold('.source <EventSourceName>')} or ${s.bold('.load <event>')}\n`;
    }
    const checked = checkAnyForm(text, source);
    if (checked.errors.length) {
      this.failures++;
      return this.showErrors(text, checked.errors);
    }
    if (!this.event) {
      return `${s.green('valid')} for ${source}; ${s.dim('.load <event> to evaluate it')}\n`;
    }
    const set = compileRuleSet([{ name: 'repl', source, function: parsed.document }]);
    // A live contact is judged as eval and the pipeline judge it: at the first SEGMENTS record after which it held, else the last.
    const { live, result } = liveJudgement(set.rules[0]!.compiled, this.event, this.stream);
    const body = Object.values((this.event as { ContactLens?: Record<string, { ContactId?: string }> }).ContactLens ?? {})[0];
    const subject = body?.ContactId ? ` for contact ${body.ContactId}` : '';
    // The loaded rule's PreEvaluationFilters decide before its conditions, as `eval` and the pipeline do.
    const pre = filters && preEvaluation(filters, { contact: this.contact, readsContact: this.readsContact, source, give: '.contact <file>' });
    const verdict =
      pre?.evaluated === false ? s.bold(s.yellow('NOT EVALUATED')) : result.matched ? s.bold(s.green('MATCHED')) : s.bold(s.red('NOT MATCHED'));
    const why = pre?.evaluated === false ? ` (${pre.reason})` : '';
    const when = live && pre?.evaluated !== false ? liveVerdict(live) : '';
    const lines = [`${verdict}: ${source}${subject}${result.entity ? ` (${entityLabel(result.entity)})` : ''}${when}${why}`];
    if (this.explain && pre) lines.push(preEvaluationLine(pre, result.matched));
    if (this.explain && live) lines.push(liveTraceLine(live));
    if (this.explain) lines.push(colourTrace(formatTrace(result.trace), s));
    return `${lines.join('\n')}\n`;
  }

  /** Each error as `line:col: message`, then the line it is on (the part around the column, when long) with a caret under the column. */
  showErrors(text: string, errors: readonly RuleLanguageError[]): string {
    const s = this.style;
    const lines = text.split(/\r\n|\r|\n/);
    const out: string[] = [];
    for (const e of errors) {
      out.push(`${s.red('error')} ${e.line}:${e.column}: ${e.message}`);
      const source = lines[e.line - 1];
      if (source === undefined) continue;
      const sameLine = e.span.end.line === e.span.start.line;
      const spanWidth = sameLine ? Math.max(1, e.span.end.column - e.span.start.column) : Math.max(1, source.length - e.column + 1);
      const { text: shown, column, width } = excerptAround(source, e.column, spanWidth);
      out.push(`  ${shown}`);
      out.push(`  ${' '.repeat(Math.max(0, column - 1))}${s.red(`^${'~'.repeat(Math.max(0, width - 1))}`)}`);
    }
    return `${out.join('\n')}\n`;
  }

  // -------------------------------------------------------------------------
  // the event

  /** (Re)builds the trigger event from the event and contact files, with the chosen source; what eval would warn of each file. */
  rebuildEvent(): RebuildWarnings {
    if (this.eventFile === undefined) return { event: [], contact: [] };
    const warnings = { event: [] as string[], contact: [] as string[] };
    const event = readJson(this.eventFile, (message) => warnings.event.push(message));
    const contact = this.contactFile === undefined ? undefined : readJson(this.contactFile, (message) => warnings.contact.push(message));
    // eval's reader: every event format eval takes, not a second detector.
    const built = triggerEventOf(
      {
        event,
        contact,
        source: this.source,
        eventFile: this.eventFile,
        contactFile: this.contactFile,
        ...(this.instanceId === undefined ? {} : { instanceId: this.instanceId }),
      },
      routeEventBridgeEvent,
    );
    this.event = built.event as unknown as ReplSession['event'];
    this.stream = built.stream;
    this.readsContact = built.readsContact;
    this.contact = contact;
    return warnings;
  }

  /** The current function again, after the event or the source changed. */
  rerun(): string {
    return this.current ? this.evaluate(this.current.text, this.current.filters) : '';
  }
}
