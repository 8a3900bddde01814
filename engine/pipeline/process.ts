/**
 * One trigger event through the rules: the PUBLISHED rules of its instance and
 * source (one Query, one compiled rule set cached by rule versions), evaluated; the
 * actions of the matched rules handed to the ActionRunner (engine/actions/types.ts);
 * the events those actions emit fed back, one level deeper each time, up to a depth
 * limit.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { DEFAULT_MAX_CASCADE_DEPTH } from '../actions/settings.ts';
import type { ActionInvocation, ActionOutcome, ActionRunner, ActionStatus } from '../actions/types.ts';
import { BODY_PATHS } from '../context/body-paths.ts';
import type { TriggerEvent } from '../context/types.ts';
import type { ActionType, StoredRule } from '../rules/model.ts';
import type { ActiveRule, ActiveRuleSet } from '../rules/published-rules.ts';
import { BEGAN_BEFORE_PUBLISHED } from '../rules/began-before-published.ts';
import { beganBeforePublished, forNewContactsOnly } from '../rules/new-contacts.ts';
import { passesPreEvaluationFilters } from '../rules/pre-evaluation.ts';
import type { Telemetry } from './telemetry.ts';

export interface RuleSource {
  /** The published rules of the instance and source, in name order, as one rule set. */
  ruleSetFor(instanceId: string, source: EventSourceName): Promise<ActiveRuleSet>;
}

/** Decides whether a matched rule runs now (real-time rules: at most once per contact). */
export interface FiringGate {
  /** A token when the rule may fire now; undefined when it already fired for this contact. */
  claim(rule: StoredRule): Promise<string | undefined>;
  /** The actions ran: the rule has fired. */
  done(rule: StoredRule, token: string, eventKey: string): Promise<void>;
  /** The actions failed: give the claim back so the retry can fire the rule. */
  release(rule: StoredRule, token: string): Promise<void>;
}

export interface ActionReport {
  readonly rule: string;
  readonly ruleId: string;
  readonly type: ActionType;
  readonly status: ActionStatus;
  readonly detail: string;
  /** The request the action makes, variables injected (engine/actions/preview.ts). */
  readonly request?: Readonly<Record<string, unknown>>;
}

/** What every evaluated trigger event reports. */
export interface EvaluatedEvent {
  readonly source: EventSourceName;
  readonly instanceId: string;
  /** The contact of a contact-based event (ContactLens bodies). */
  readonly contactId?: string;
  readonly eventKey: string;
  readonly depth: number;
  readonly rulesEvaluated: number;
  /** Rules that matched and fired now (their actions are in `actions`). */
  readonly matchedRules: readonly string[];
}

export interface TriggerResult extends EvaluatedEvent {
  /** Real-time rules that matched but had already fired for the contact. */
  readonly alreadyFired: readonly string[];
  /** Rules not evaluated because the contact began before they were published (`newContactsOnly`). */
  readonly beganBeforePublished: readonly string[];
  readonly outcomes: readonly ActionOutcome[];
  readonly actions: readonly ActionReport[];
  /** Results of the events the actions emitted (depth + 1). */
  readonly cascaded: readonly TriggerResult[];
  /** Emitted events not processed because the depth limit was reached. */
  readonly cascadeDropped: number;
}

export interface TriggerProcessorDeps {
  readonly rules: RuleSource;
  readonly runner: ActionRunner;
  readonly telemetry: Telemetry;
  /** The clock of the run (replay's --clock). */
  readonly now: () => Date;
  readonly region: string;
  readonly accountId: string;
  /** Emitted events are processed up to this depth (upstream events are depth 0). Default 5. */
  readonly maxDepth?: number;
  /**
   * Rules are not evaluated for a contact that began before they were published, as
   * in Connect (engine/rules/new-contacts.ts): the deployed pipeline. Default false
   * (replay, serve, backtest: past contacts through today's rules).
   */
  readonly newContactsOnly?: boolean;
  /**
   * Each action's resolved request, for replay's report (engine/actions/preview.ts
   * `previewAction`). None in the Lambdas: it renders every injected template a second
   * time, for a report nobody reads there, and a function passed in keeps the preview
   * (and the executors and JSONPath rendering it reads) out of their init.
   */
  readonly requestOf?: (invocation: ActionInvocation) => Readonly<Record<string, unknown>>;
}

export interface ProcessOptions {
  /** The exactly-once identity of the event (handed to the actions with the rule and action index). */
  readonly eventKey: string;
  readonly depth?: number;
  /** A gate for the event's rules (real-time: once per contact); cascaded events ask `gateFor`. */
  readonly gate?: FiringGate;
  readonly gateFor?: (event: TriggerEvent) => FiringGate | undefined;
  /** The contact's tags, for rules with PreEvaluationFilters (undefined: unknown). */
  readonly contactTags?: Readonly<Record<string, string>>;
  /** When the contact began, epoch ms (undefined: unknown, and every rule applies). */
  readonly contactStartMillis?: number;
  /** Where the event came from, as the ingestor names it (a file, a record of it): for reports that list evaluations. */
  readonly label?: string;
  /** The rule set of the event's instance and source when the caller has just read it (segments.ts): not read again. */
  readonly ruleSet?: ActiveRuleSet;
}

/** The ContactId of a contact-based event, if any. */
export function contactIdOf(event: TriggerEvent): string | undefined {
  const path = BODY_PATHS[event.EventSourceName];
  if (!path || path[0] !== 'ContactLens') return undefined;
  let body: unknown = event;
  for (const key of path) body = (body as Record<string, unknown> | undefined)?.[key];
  const id = (body as { ContactId?: unknown } | undefined)?.ContactId;
  return typeof id === 'string' ? id : undefined;
}

/** Rule versions whose evaluation failure was logged, kept at most (the oldest forgotten first: it may be logged again). */
const MAX_FAILED_VERSIONS = 1000;

export class TriggerProcessor {
  private readonly maxDepth: number;
  /**
   * The rule versions (`instance/rule@version`) whose evaluation threw and was logged:
   * a rule that throws on every event is logged once per version, as a rule that does
   * not compile is (engine/rules/published-rules.ts), not once per event.
   */
  private readonly failedVersions = new Set<string>();

  constructor(private readonly deps: TriggerProcessorDeps) {
    this.maxDepth = deps.maxDepth ?? DEFAULT_MAX_CASCADE_DEPTH;
  }

  /** Whether this is the first evaluation failure of the rule's version seen (and so to be logged). */
  private firstFailure(rule: StoredRule): boolean {
    const version = `${rule.InstanceId}/${rule.RuleId}@${rule.Version}`;
    if (this.failedVersions.has(version)) return false;
    if (this.failedVersions.size >= MAX_FAILED_VERSIONS) this.failedVersions.delete(this.failedVersions.values().next().value as string);
    this.failedVersions.add(version);
    return true;
  }

  /**
   * The ARN of the event's instance: as an input gave it (a CTR's `InstanceARN`), else
   * built from the input's account (an analysis file's `AccountId`) or the deployment's,
   * and the deployment's region. Emitted events, tasks and cases take their region and
   * account from it, so a us-west-2 contact never yields a us-east-1 ARN.
   */
  instanceArn(event: Pick<TriggerEvent, 'InstanceId' | 'InstanceArn' | 'AccountId'>): string {
    return event.InstanceArn ?? `arn:aws:connect:${this.deps.region}:${event.AccountId ?? this.deps.accountId}:instance/${event.InstanceId}`;
  }

  /** The published rules an event of the instance and source is evaluated against. */
  ruleSetFor(instanceId: string, source: EventSourceName): Promise<ActiveRuleSet> {
    return this.deps.rules.ruleSetFor(instanceId, source);
  }

  async processTriggerEvent(event: TriggerEvent, options: ProcessOptions): Promise<TriggerResult> {
    const { telemetry } = this.deps;
    const log = telemetry.logger;
    const depth = options.depth ?? 0;
    const source = event.EventSourceName;
    const contactId = contactIdOf(event);
    await this.deps.runner.observe?.(event);
    // In name order, so reports and the order actions run in do not depend on rule ids.
    const { rules, set } = options.ruleSet ?? (await this.ruleSetFor(event.InstanceId, source));
    telemetry.count('TriggerEvents', source);

    // Undefined unless the contact's start is known and asked about: then one comparison per rule.
    const start = this.deps.newContactsOnly && forNewContactsOnly(source) ? options.contactStartMillis : undefined;
    const beforePublished: StoredRule[] = [];
    const eligible = rules.map(({ rule }) => {
      if (start !== undefined && beganBeforePublished(rule, start)) {
        beforePublished.push(rule);
        return false;
      }
      if (passesPreEvaluationFilters(rule, options.contactTags)) return true;
      log.debug('rule skipped by its pre-evaluation filters', { ruleId: rule.RuleId, rule: rule.Name, source });
      return false;
    });
    if (beforePublished.length > 0) {
      // One line per event, not per rule: a re-delivered old contact of a 500-rule source is one line.
      log.info(BEGAN_BEFORE_PUBLISHED, {
        source,
        contactId,
        contactStart: new Date(start!).toISOString(),
        rules: beforePublished.map((rule) => ({ rule: rule.Name, ruleId: rule.RuleId, publishedSince: rule.PublishedSince?.toISOString() })),
      });
    }
    // Every eligible rule counts as evaluated, also one the rule set rules out without reading it.
    const evaluated = eligible.filter(Boolean).length;
    const positions = set.matchPositions(event, {
      include: (i) => eligible[i],
      onError: (i, err) => {
        const { rule } = rules[i];
        telemetry.count('RuleErrors', source);
        if (!this.firstFailure(rule)) return;
        log.error('rule evaluation failed; the rule is treated as not matched (logged once per version, counted on every event)', {
          ruleId: rule.RuleId,
          rule: rule.Name,
          version: rule.Version,
          source,
          error: err as Error,
        });
      },
    });
    const matched: ActiveRule[] = positions.map((i) => rules[i]);
    telemetry.count('RulesEvaluated', source, evaluated);
    telemetry.count('RulesMatched', source, matched.length);

    const gate = options.gate ?? options.gateFor?.(event);
    const firing: { rule: StoredRule; token?: string }[] = [];
    const alreadyFired: string[] = [];
    try {
      for (const { rule } of matched) {
        if (!gate) {
          firing.push({ rule });
          continue;
        }
        const token = await gate.claim(rule);
        if (token === undefined) alreadyFired.push(rule.Name);
        else firing.push({ rule, token });
      }
    } catch (err) {
      // A claim refused with an error (held elsewhere): give back the ones taken so far.
      if (gate) for (const f of firing) if (f.token) await gate.release(f.rule, f.token);
      throw err;
    }

    const now = this.deps.now();
    const instanceArn = this.instanceArn(event);
    const invocations: ActionInvocation[] = firing.flatMap(({ rule }) =>
      rule.Actions.map((action, actionIndex) => ({ event, eventKey: options.eventKey, rule, action, actionIndex, instanceArn, now, depth })),
    );

    let outcomes: readonly ActionOutcome[] = [];
    if (invocations.length > 0) {
      try {
        outcomes = await this.deps.runner.run(invocations);
      } catch (err) {
        if (gate) for (const f of firing) if (f.token) await gate.release(f.rule, f.token);
        throw err;
      }
      if (gate) for (const f of firing) if (f.token) await gate.done(f.rule, f.token, options.eventKey);
    }
    telemetry.count('ActionsRun', source, outcomes.filter((o) => o.status === 'SUCCEEDED').length);
    telemetry.count('ActionsFailed', source, outcomes.filter((o) => o.status === 'FAILED').length);

    const actions: ActionReport[] = outcomes.map((o, i) => ({
      rule: o.ruleName,
      ruleId: invocations[i]?.rule.RuleId ?? '',
      type: o.type,
      status: o.status,
      detail: o.detail,
      ...(this.deps.requestOf && invocations[i] ? { request: this.deps.requestOf(invocations[i]!) } : {}),
    }));

    log.info('trigger event evaluated', {
      source,
      instanceId: event.InstanceId,
      contactId,
      eventKey: options.eventKey,
      depth,
      rulesEvaluated: evaluated,
      matchedRules: firing.map((f) => f.rule.Name),
      alreadyFired,
      ...(beforePublished.length > 0 ? { beganBeforePublished: beforePublished.map((r) => r.Name) } : {}),
      actions: actions.map((a) => `${a.rule}/${a.type}:${a.status}`),
    });

    // Events the actions emitted (case updated, SLA breached...), one level deeper.
    const cascaded: TriggerResult[] = [];
    let cascadeDropped = 0;
    for (const [i, outcome] of outcomes.entries()) {
      for (const [k, emitted] of (outcome.emitted ?? []).entries()) {
        if (depth + 1 > this.maxDepth) {
          cascadeDropped++;
          telemetry.count('CascadeLimitReached', emitted.EventSourceName);
          log.warn('emitted event dropped: cascade depth limit reached', { source: emitted.EventSourceName, depth: depth + 1, maxDepth: this.maxDepth, eventKey: options.eventKey });
          continue;
        }
        const inv = invocations[i]!;
        const key = emitted.EventId ?? `${options.eventKey}/${inv.rule.RuleId}/${inv.actionIndex}/${k}`;
        cascaded.push(await this.processTriggerEvent(emitted, { eventKey: key, depth: depth + 1, gateFor: options.gateFor }));
      }
    }

    return {
      source,
      instanceId: event.InstanceId,
      ...(contactId !== undefined ? { contactId } : {}),
      eventKey: options.eventKey,
      depth,
      rulesEvaluated: evaluated,
      matchedRules: firing.map((f) => f.rule.Name),
      alreadyFired,
      beganBeforePublished: beforePublished.map((r) => r.Name),
      outcomes,
      actions,
      cascaded,
      cascadeDropped,
    };
  }
}
