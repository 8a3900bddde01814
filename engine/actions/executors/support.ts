/**
 * What the executors share: their dependencies (one interface per service), the
 * contact of a trigger event, Connect ARNs, compiled injection templates cached per
 * action object (a rule version's actions live as long as the compiled rule), and
 * the post-injection limits.
 */
import type { ContactAnalysisBody, ContactBody, TriggerEvent } from '../../context/types.ts';
import type { CasesService, CategoryStore, ContactFacts, EmailQuota, EmailService, EventBus, TaskService, UserDirectory } from '../backends.ts';
import type { AutoEvaluator } from '../evaluation/auto.ts';
import { compileTemplate, textTokensFor, type Template } from '../injection.ts';
import { renderTemplate, type TokenResolver } from '../render.ts';
import type { ActionInvocation, ActionOutcome } from '../types.ts';

export interface ActionDeps {
  readonly region: string;
  readonly accountId: string;
  /** `source` of the rules-matched events (`aws.` sources are AWS's own). */
  readonly eventSource: string;
  readonly categories: CategoryStore;
  readonly tasks: TaskService;
  readonly bus: EventBus;
  readonly email: EmailService;
  readonly emailQuota: EmailQuota;
  readonly emailsPerDay: number;
  readonly users: UserDirectory;
  readonly cases: CasesService;
  readonly evaluations: AutoEvaluator;
}

const CONTACT_ROOTS = ['PostCall', 'PostChat', 'RealTimeCall', 'RealTimeChat', 'Email', 'ContactEvaluation'] as const;

/** The contact-analysis (or evaluation) body of a Contact Lens event, if the event has one. */
export function contactBody(event: TriggerEvent): (ContactAnalysisBody & ContactBody) | undefined {
  const lens = event.ContactLens;
  if (!lens) return undefined;
  for (const root of CONTACT_ROOTS) {
    const body = lens[root];
    if (body) return body as ContactAnalysisBody;
  }
  return undefined;
}

/** The facts worth remembering of a contact (no transcript). */
export function factsOf(body: ContactBody): ContactFacts {
  const { ContactId, Channel, InitiationMethod, Agent, Queue, ContactAttribute } = body;
  return JSON.parse(JSON.stringify({ ContactId, Channel, InitiationMethod, Agent, Queue, ContactAttribute })) as ContactFacts;
}

export const contactArn = (instanceArn: string, contactId: string) => `${instanceArn}/contact/${contactId}`;
export const agentArn = (instanceArn: string, agentId: string) => `${instanceArn}/agent/${agentId}`;
export const queueArn = (instanceArn: string, queueId: string) => `${instanceArn}/queue/${queueId}`;
/** The contact id at the end of a contact ARN (or the id itself). */
export const contactIdOf = (arnOrId: string) => arnOrId.slice(arnOrId.lastIndexOf('/') + 1);

/**
 * Compiled templates by (rule, version, action, field): the rules store returns fresh
 * objects on every Query, so the key is the rule version, not the object. Bounded: the
 * map starts over past `TEMPLATE_CACHE_LIMIT` entries.
 */
const templates = new Map<string, Template>();
export const TEMPLATE_CACHE_LIMIT = 10_000;

/** The compiled template of one injectable text of the invocation's action (compiled once per rule version). */
export function template(inv: Pick<ActionInvocation, 'rule' | 'actionIndex'>, field: string, text: string): Template {
  const key = `${inv.rule.InstanceId}\u0000${inv.rule.RuleId}\u0000${inv.rule.Version}\u0000${inv.actionIndex}\u0000${field}`;
  let t = templates.get(key);
  if (!t) {
    if (templates.size >= TEMPLATE_CACHE_LIMIT) templates.clear();
    templates.set(key, (t = compileTemplate(text, textTokensFor(inv.rule.TriggerEventSource.EventSourceName))));
  }
  return t;
}

export function inject(inv: ActionInvocation, field: string, text: string, resolver: TokenResolver): string {
  return renderTemplate(template(inv, field, text), resolver);
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `text` cut to `max` code points; `truncated` says whether it was. */
export function truncate(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max || codePointLength(text) <= max) return { text, truncated: false };
  return { text: Array.from(text).slice(0, max).join(''), truncated: true };
}

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** An outcome of the invocation's action. */
export function outcome(inv: ActionInvocation, status: ActionOutcome['status'], detail: string, extra: Partial<ActionOutcome> = {}): ActionOutcome {
  return { type: inv.action.ActionType, ruleName: inv.rule.Name, status, detail, ...extra };
}

/** The case an event is about: `Case.CaseId` (case events) or `RelatedItem.CaseId` (SLA breach). */
export function caseIdOf(event: TriggerEvent): string | undefined {
  return event.Case?.CaseId ?? event.RelatedItem?.CaseId;
}

/** Notes on the injection for a detail line: which variables had no value. */
export function missingNote(resolver: TokenResolver): string {
  return resolver.missing.size > 0 ? `; no value for ${[...resolver.missing].join(', ')} (left empty)` : '';
}
