/**
 * The trigger processor of a backtest: the pipeline's ingestor hands it each joined
 * trigger event as it would hand the real one; it evaluates the rules (and the
 * baseline) without running anything and records one observation per event. The
 * actions a matched rule would run are previews (their resolved requests); a
 * real-time rule's actions are previewed once per contact, as it fires once.
 */
import type { ActionRequest } from '../actions/preview.ts';
import type { TriggerEvent } from '../context/types.ts';
import { contactIdOf, TriggerProcessor, type ProcessOptions, type TriggerResult } from '../pipeline/process.ts';
import { SILENT_LOGGER, Telemetry } from '../pipeline/telemetry.ts';
import { REALTIME_SOURCES } from '../context/realtime.ts';
import type { RuleExplain, RuleSetEvaluator } from './evaluator.ts';

/** What one evaluated trigger event tells the report. */
export interface EventObservation {
  /** The contact, or `event:<key>` for events about no contact (cases, tickets, metrics). */
  readonly subject: string;
  readonly source: string;
  readonly instanceId: string;
  readonly contactId?: string;
  /** ISO-8601, when the event says (EventTime). */
  readonly time?: string;
  readonly queueId?: string;
  /** Positions in the rules' `names` (and the baseline's). */
  readonly evaluated: readonly number[];
  readonly matched: readonly number[];
  readonly baseline?: { readonly evaluated: readonly number[]; readonly matched: readonly number[] };
  /** Actions of rules that fire on this event, per rule. */
  readonly actions: readonly ActionRequest[];
  readonly errors: readonly { readonly rule: string; readonly message: string }[];
  /** For the contact chosen with --explain: every rule's trace and the transcript. */
  readonly explain?: EventExplain;
}

/** The traces of one evaluation of the explained contact, with what tells it from the contact's others: its source, input and time. */
export interface EventExplain {
  readonly source: string;
  /** The input as the ingestor names it (a file, a record of it). */
  readonly label?: string;
  /** ISO-8601, when the event says (EventTime). */
  readonly time?: string;
  readonly rules: readonly RuleExplain[];
  readonly baseline?: readonly RuleExplain[];
  readonly transcript: readonly TranscriptLine[];
}

export interface TranscriptLine {
  readonly id: string;
  readonly role: string;
  readonly content: string;
  readonly beginOffsetMillis: number;
}

export interface BacktestProcessorOptions {
  readonly rules: RuleSetEvaluator;
  readonly baseline?: RuleSetEvaluator;
  /** Explain every event of this contact (`*`: every event). */
  readonly explainContact?: string;
  readonly region: string;
  readonly accountId: string;
  readonly observe: (observation: EventObservation) => void;
  /** Whether the requests of a rule's actions are wanted for this subject (default: always); resolving them costs. */
  readonly wantActions?: (rule: string, subject: string) => boolean;
}

const REALTIME = new Set<string>(Object.values(REALTIME_SOURCES));

/** The contact body of a contact-based event (its Transcript and Queue). */
function bodyOf(event: TriggerEvent): Record<string, any> | undefined {
  const lens = event.ContactLens as Record<string, unknown> | undefined;
  return lens ? (Object.values(lens)[0] as Record<string, any> | undefined) : undefined;
}

function transcriptOf(event: TriggerEvent): TranscriptLine[] {
  const items = bodyOf(event)?.Transcript;
  if (!Array.isArray(items)) return [];
  return items.map((i: any) => ({ id: String(i.Id), role: String(i.ParticipantRole), content: String(i.Content), beginOffsetMillis: Number(i.BeginOffsetMillis) }));
}

export class BacktestProcessor extends TriggerProcessor {
  /** Real-time rules that fired, per contact: their actions are previewed once. */
  private readonly fired = new Set<string>();

  constructor(private readonly options: BacktestProcessorOptions) {
    super({
      // Never asked: processTriggerEvent below evaluates the rule sets it was given.
      rules: { ruleSetFor: () => Promise.reject(new Error('backtest: no stored rules')) },
      runner: { run: async () => [] },
      telemetry: new Telemetry(SILENT_LOGGER),
      now: () => new Date(0),
      region: options.region,
      accountId: options.accountId,
    });
  }

  override async processTriggerEvent(event: TriggerEvent, options: ProcessOptions): Promise<TriggerResult> {
    const { rules, baseline } = this.options;
    const contactId = contactIdOf(event);
    const outcome = rules.evaluatePositions(event, options.contactTags);
    const base = baseline?.evaluatePositions(event, options.contactTags);
    const instanceArn = this.instanceArn(event);
    const firing: string[] = [];
    const alreadyFired: string[] = [];
    for (const position of outcome.matched) {
      const name = rules.names[position]!;
      const key = `${contactId}\u0000${name}`;
      if (contactId && REALTIME.has(event.EventSourceName)) {
        if (this.fired.has(key)) {
          alreadyFired.push(name);
          continue;
        }
        this.fired.add(key);
      }
      firing.push(name);
    }
    const subject = contactId ?? `event:${event.EventId ?? options.eventKey}`;
    const want = this.options.wantActions;
    const actions = firing.flatMap((name) => (want && !want(name, subject) ? [] : rules.actions(name, event, instanceArn)));
    const explainThis = this.options.explainContact !== undefined && (this.options.explainContact === '*' || this.options.explainContact === contactId);
    const body = bodyOf(event);
    this.options.observe({
      subject,
      source: event.EventSourceName,
      instanceId: event.InstanceId,
      ...(contactId ? { contactId } : {}),
      ...(event.EventTime ? { time: event.EventTime } : {}),
      ...(typeof body?.Queue?.QueueId === 'string' ? { queueId: body.Queue.QueueId } : {}),
      evaluated: outcome.evaluated,
      matched: outcome.matched,
      ...(base ? { baseline: { evaluated: base.evaluated, matched: base.matched } } : {}),
      actions,
      errors: [...outcome.errors, ...(base?.errors ?? [])],
      ...(explainThis
        ? {
            explain: {
              source: event.EventSourceName,
              ...(options.label ? { label: options.label } : {}),
              ...(event.EventTime ? { time: event.EventTime } : {}),
              rules: rules.explain(event),
              ...(baseline ? { baseline: baseline.explain(event) } : {}),
              transcript: transcriptOf(event),
            },
          }
        : {}),
    });
    return {
      source: event.EventSourceName,
      instanceId: event.InstanceId,
      ...(contactId !== undefined ? { contactId } : {}),
      eventKey: options.eventKey,
      depth: options.depth ?? 0,
      rulesEvaluated: outcome.evaluated.length,
      matchedRules: firing,
      alreadyFired,
      // backtest runs past contacts through today's rules: the new-contacts rule never applies (engine/rules/new-contacts.ts)
      beganBeforePublished: [],
      outcomes: [],
      actions: actions.map((a) => ({ rule: a.rule, ruleId: rules.rule(a.rule)?.RuleId ?? '', type: a.type, status: 'RECORDED', detail: 'backtest: not run', request: a.request })),
      cascaded: [],
      cascadeDropped: 0,
    };
  }
}
