/**
 * Which of a contact's stored records speaks for it: the one rule of the pipeline's
 * join and DescribeContact (contact-records.ts `readContactRecord`), SearchContacts
 * (engine/contacts/store.ts) and the backtest's memory store (memory-state-store.ts).
 * Pure, with the shape of what they hand each other, so each applies it to its own items.
 */
import { isObject } from '../../context/json.ts';
import { instantMillis } from '../../schema/check.ts';

/**
 * Which item a contact's record is: its CTR or a DescribeContact response (both the
 * `RECORD#CTR` item, in the CTR's shape, `Origin: DescribeContact` marking a response),
 * or the merged facts of its contact events (`RECORD#EVENTS`).
 */
export type RecordOrigin = 'ctr' | 'describe-contact' | 'contact-events';

/** A contact record as stored: the CTR-shaped record, or the DescribeContact-shaped facts of contact events. */
export interface StoredContactRecord {
  /** The shape of `record`: a CTR's (a CTR or a DescribeContact response), or `{Contact: {...}}` (contact events). */
  readonly format: 'ctr' | 'contact-events';
  readonly origin: RecordOrigin;
  /**
   * A CTR or DescribeContact response is stored for the contact, though newer contact
   * events may speak for it: what the contact join waits for before it evaluates an analysis.
   */
  readonly recordStored: boolean;
  /** CTR JSON, or `{Contact: {...}}`. */
  readonly record: unknown;
  /**
   * When newer contact events speak for the contact over its stored DescribeContact
   * response (`recordStored`), that response (CTR-shaped): its attributes are still the
   * ones a real-time session freezes (pipeline/segments.ts), which contact events never carry.
   */
  readonly storedRecord?: unknown;
  /**
   * Epoch ms when Amazon Connect last changed what the record says: a CTR's or response's
   * LastUpdateTimestamp (else its disconnect, else initiation time), or the newest contact event's `time`.
   */
  readonly updatedAt: number;
}

/**
 * When Amazon Connect last changed a CTR-shaped record (a CTR, or a DescribeContact
 * response in its shape), epoch ms: its LastUpdateTimestamp, else its disconnect, else
 * its initiation time, else 0 (unknown). What the writer stores as `UpdatedAt` and
 * `contacts reindex` gives a response it rewrites, so both compute it here; what
 * `chooseContactRecord` compares with the contact events' time. Both were checked on
 * arrival (a record's instants by context/contact-record.ts, an event's `time` by
 * ingest/contact-events.ts: no date, or one outside 2000–9999, is refused there), so
 * no such value is compared here.
 */
export function recordUpdatedAt(record: unknown): number {
  const r = (record ?? {}) as { LastUpdateTimestamp?: unknown; DisconnectTimestamp?: unknown; InitiationTimestamp?: unknown };
  return instantMillis(r.LastUpdateTimestamp) ?? instantMillis(r.DisconnectTimestamp) ?? instantMillis(r.InitiationTimestamp) ?? 0;
}

/** A time that says something: 0 (or less, or not a number) is what an item without one stores. */
const known = (ms: number): boolean => Number.isFinite(ms) && ms > 0;

/**
 * Of a contact's `RECORD#CTR` item (`record`) and its merged contact events (`events`),
 * the one that speaks for the contact:
 * - a CTR always: Connect's own record once the contact is over, holding more than any other;
 * - a DescribeContact response unless the events are newer. Newer by `updatedAt`, the
 *   times Amazon Connect gives for the state each holds: the response's
 *   `LastUpdateTimestamp` (AWS API reference, *Contact*: "The timestamp when contact was
 *   last updated.") and the newest event's `time` (EventBridge User Guide, *Amazon
 *   EventBridge events*: "The event timestamp, which can be specified by the service
 *   originating the event."). Not when this engine stored either (`StoredAt`): a late
 *   delivery or a replay would make an old snapshot look new. On a tie, or when either
 *   time is unknown, the events are not known to be newer and the response, which
 *   holds more (attributes, disconnect reason), stays.
 */
export function chooseContactRecord<T extends { readonly origin: RecordOrigin; readonly updatedAt: number }>(record: T | undefined, events: T | undefined): T | undefined {
  if (!record) return events;
  if (!events || record.origin === 'ctr') return record;
  return known(record.updatedAt) && known(events.updatedAt) && events.updatedAt > record.updatedAt ? events : record;
}

/**
 * The `WisdomInfo` of a DescribeContact response stored in the CTR's shape when it
 * names AI agents (`WisdomInfo.AiAgents`, AWS API reference *WisdomInfo*), else
 * undefined: what the stores keep beside the contact's record (contact-records.ts
 * `AI_AGENTS_SK`), so that a CTR, which replaces the response and has no AI agents,
 * does not lose them.
 */
export function aiAgentsOf(record: unknown): { readonly AiAgents: readonly unknown[] } | undefined {
  const wisdom = isObject(record) && isObject(record.WisdomInfo) ? record.WisdomInfo : undefined;
  return wisdom && Array.isArray(wisdom.AiAgents) && wisdom.AiAgents.length > 0 ? { AiAgents: wisdom.AiAgents } : undefined;
}

/**
 * A contact's record (CTR-shaped, or the `Contact` of its contact events) with the
 * stored AI agents (`aiAgentsOf`) when it names none of its own: a CTR and contact
 * events never carry them, and a DescribeContact response stored since that names
 * none (a `WisdomInfo` with only its `SessionArn`) does not make them untrue; its
 * other `WisdomInfo` members are kept. A copy when they are added; the record itself otherwise.
 */
export function withAiAgents(record: unknown, wisdom: unknown): unknown {
  if (!isObject(wisdom) || !isObject(record) || aiAgentsOf(record) !== undefined) return record;
  return { ...record, WisdomInfo: isObject(record.WisdomInfo) ? { ...record.WisdomInfo, ...wisdom } : wisdom };
}
