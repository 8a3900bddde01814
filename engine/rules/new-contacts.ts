/**
 * Rules apply to the contacts that begin after them. AWS (Administrator Guide, the
 * *Review and save* step of each conversational analytics rule page): "After you add rules, they are applied to new contacts
 * that occur after the rule was added. Rules are applied when Contact Lens analyzes
 * conversations. You cannot apply rules to past, stored conversations." The deployed
 * pipeline asks this of every rule of a conversational analytics event whose
 * contact's start is known (engine/pipeline/process.ts); replay and serve only when
 * CONNECT_RULES_NEW_CONTACTS_ONLY=true; backtest, eval and the REPL never: running
 * rules over past contacts is what they are for. What the log and replay's report say
 * of a rule held back is in began-before-published.ts.
 */
import { instantMillis } from '../schema/check.ts';
import type { EventSourceName, StoredRule } from './model.ts';

/**
 * The sources the sentence speaks of: rules "applied when Contact Lens analyzes
 * conversations" (it closes each conversational analytics rule page of the admin
 * guide). Not the others: an evaluation submitted, a case changed, a metric snapshot,
 * a partner ticket is new when it happens, whenever its contact began.
 */
const CONVERSATIONAL_ANALYTICS_SOURCES: ReadonlySet<EventSourceName> = new Set<EventSourceName>([
  'OnPostCallAnalysisAvailable',
  'OnRealTimeCallAnalysisAvailable',
  'OnPostChatAnalysisAvailable',
  'OnRealTimeChatAnalysisAvailable',
  'OnEmailAnalysisAvailable',
]);

/** Whether the rules of a source apply only to the contacts that begin after them. */
export const forNewContactsOnly = (source: EventSourceName): boolean => CONVERSATIONAL_ANALYTICS_SOURCES.has(source);

/** Whether a contact that began at `contactStartMillis` began before the rule was published (a rule with no such time: no). */
export function beganBeforePublished(rule: Pick<StoredRule, 'PublishedSince'>, contactStartMillis: number): boolean {
  const since = rule.PublishedSince;
  return since !== undefined && contactStartMillis < since.getTime();
}

/**
 * When a contact began, from its stored record: a CTR's `InitiationTimestamp`, a
 * DescribeContact response's or the contact events' `Contact.InitiationTimestamp`
 * (ISO or epoch); undefined when none says it.
 */
export function contactStartMillis(record: unknown): number | undefined {
  const r = record as { InitiationTimestamp?: unknown; Contact?: { InitiationTimestamp?: unknown } } | null | undefined;
  return instantMillis(r?.InitiationTimestamp) ?? instantMillis(typeof r?.Contact === 'object' ? r.Contact?.InitiationTimestamp : undefined);
}
