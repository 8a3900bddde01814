/**
 * The per-contact state of ingestion in memory, for one process that owns it alone
 * (backtest evaluates each contact's inputs in one worker, with a fresh store): the
 * same rules as the DynamoDB store (a CTR never replaces a newer one, a subject is
 * evaluated once, a real-time rule fires once per contact), without the concurrency
 * those conditional writes guard against.
 */
import type { RealtimeContactState } from '../context/realtime.ts';
import type { ObjectRef } from '../ingest/s3.ts';
import { gzipSync } from 'node:zlib';
import type { StoredRealtimeState } from './state/realtime.ts';
import { realtimeStateBody } from './state/realtime-body.ts';
import { chunkWrite } from './state/realtime-chunks.ts';
import { MAX_STATE_BYTES, type RealtimeTooLarge } from './state/realtime-too-large.ts';
import type { RealtimeExpired } from './state/realtime-lost.ts';
import { aiAgentsOf, chooseContactRecord, withAiAgents } from './state/record-choice.ts';
import { contactPk, type ContactKey, type ContactStateStore, type StoredContactRecord, type SubjectItem } from './state-store.ts';

type Facts = { contact: Record<string, unknown>; at: number };

/** Each transcript entry's JSON length in UTF-8 bytes: a fold shares the entries of the state before it, so each is measured once. */
const entryBytes = new WeakMap<object, number>();

/** The UTF-8 length of `JSON.stringify(entries)`, each entry measured once (a whole stringify per record is quadratic in a chat). */
function entriesBytes(entries: readonly object[]): number {
  let bytes = 1 + Math.max(1, entries.length); // the brackets and commas
  for (const e of entries) {
    let b = entryBytes.get(e);
    if (b === undefined) entryBytes.set(e, (b = Buffer.byteLength(JSON.stringify(e))));
    bytes += b;
  }
  return bytes;
}

/** A part of a state as the in-memory store sizes it: the head's state or a chunk's items, and its JSON's length. */
type MemoryBody = { readonly part: RealtimeContactState | readonly object[]; readonly bytes: number };

/** The UTF-8 length of `JSON.stringify(state)`, give or take a byte. */
const jsonBytes = (state: RealtimeContactState): number => Buffer.byteLength(JSON.stringify({ ...state, Transcript: [] })) + entriesBytes(state.Transcript);

export class MemoryStateStore implements ContactStateStore {
  /** Each contact's record, and whether it came from a DescribeContact response (the DynamoDB item's `Origin`). */
  private readonly records = new Map<string, { stored: StoredContactRecord; describeContact: boolean }>();
  private readonly events = new Map<string, Facts>();
  /** The AI agents of each contact's newest DescribeContact response that named any, kept beside its record (as the DynamoDB store's `RECORD#AI_AGENTS`). */
  private readonly aiAgents = new Map<string, { wisdom: unknown; updatedAt: number }>();
  private readonly subjects = new Map<string, SubjectItem>();
  private readonly realtime = new Map<string, StoredRealtimeState>();
  private readonly fired = new Set<string>();
  private tokens = 0;

  /** Holds every kind of state already (the DynamoDB store adds the repositories an ingestor uses). */
  use(): void {}

  async putContactRecord(key: ContactKey, record: unknown, updatedAt: number, _now: Date, describeContact = false): Promise<'stored' | 'stale'> {
    const pk = contactPk(key);
    const wisdom = describeContact ? aiAgentsOf(record) : undefined;
    if (wisdom && !((this.aiAgents.get(pk)?.updatedAt ?? -Infinity) > updatedAt)) this.aiAgents.set(pk, { wisdom, updatedAt });
    const current = this.records.get(pk);
    if (current) {
      // As the DynamoDB store: a CTR is kept over a DescribeContact response, else the newer wins.
      if (describeContact && !current.describeContact) return 'stale';
      if (describeContact === current.describeContact && current.stored.updatedAt > updatedAt) return 'stale';
    }
    this.records.set(pk, { stored: { format: 'ctr', origin: describeContact ? 'describe-contact' : 'ctr', recordStored: true, record, updatedAt }, describeContact });
    return 'stored';
  }

  /** As the DynamoDB store (state/contact-records.ts `readContactRecord`): the record chosen by `chooseContactRecord`, with the AI agents kept beside it. */
  async getContactRecord(key: ContactKey): Promise<StoredContactRecord | undefined> {
    const pk = contactPk(key);
    const ctr = this.records.get(pk)?.stored;
    const facts = this.events.get(pk);
    const events: StoredContactRecord | undefined = facts && { format: 'contact-events', origin: 'contact-events', recordStored: ctr !== undefined, record: { Contact: facts.contact }, updatedAt: facts.at, storedRecord: ctr?.record };
    const chosen = chooseContactRecord(ctr, events);
    const wisdom = this.aiAgents.get(pk)?.wisdom;
    if (!chosen || wisdom === undefined) return chosen;
    return chosen.format === 'ctr'
      ? { ...chosen, record: withAiAgents(chosen.record, wisdom) }
      : { ...chosen, record: { Contact: withAiAgents((chosen.record as { Contact: unknown }).Contact, wisdom) } };
  }

  async mergeContactEvents(key: ContactKey, merge: (stored: Facts | undefined) => Facts): Promise<Facts> {
    const pk = contactPk(key);
    const merged = merge(this.events.get(pk));
    this.events.set(pk, merged);
    return merged;
  }

  async registerSubject(
    key: ContactKey,
    subject: string,
    fields: { eventKey: string; ref: ObjectRef; label: string; dueAt: string },
  ): Promise<{ created: true; item: SubjectItem } | { created: false; item: SubjectItem }> {
    const pk = contactPk(key);
    const id = `${pk}\u0000${subject}`;
    const existing = this.subjects.get(id);
    if (existing) return { created: false, item: existing };
    const item: SubjectItem = { pk, sk: subject, instanceId: key.instanceId, contactId: key.contactId, status: 'PENDING', ...fields };
    this.subjects.set(id, item);
    return { created: true, item };
  }

  async openSubjects(key: ContactKey): Promise<SubjectItem[]> {
    const pk = contactPk(key);
    return [...this.subjects.values()].filter((s) => s.pk === pk && s.status !== 'DONE');
  }

  /** Every subject still pending (a backtest run has no clock to wait on). */
  async dueSubjects(_now: Date | 'all', limit = 100): Promise<SubjectItem[]> {
    return [...this.subjects.values()].filter((s) => s.status === 'PENDING').slice(0, limit);
  }

  private update(item: Pick<SubjectItem, 'pk' | 'sk'>, change: Partial<SubjectItem>): void {
    const id = `${item.pk}\u0000${item.sk}`;
    const current = this.subjects.get(id);
    if (current) this.subjects.set(id, { ...current, ...change });
  }

  async claimSubject(item: Pick<SubjectItem, 'pk' | 'sk'>): Promise<string | undefined> {
    if (this.subjects.get(`${item.pk}\u0000${item.sk}`)?.status !== 'PENDING') return undefined;
    const token = `t${++this.tokens}`;
    this.update(item, { status: 'CLAIMED', claimToken: token });
    return token;
  }

  async completeSubject(item: Pick<SubjectItem, 'pk' | 'sk'>, _token: string, contactRecord: string, now: Date): Promise<void> {
    this.update(item, { status: 'DONE', contactRecord, evaluatedAt: now.toISOString() });
  }

  async releaseSubject(item: Pick<SubjectItem, 'pk' | 'sk'>): Promise<void> {
    this.update(item, { status: 'PENDING' });
  }

  async discardSubject(item: Pick<SubjectItem, 'pk' | 'sk'>): Promise<void> {
    this.subjects.delete(`${item.pk}\u0000${item.sk}`);
  }

  async getRealtime(key: ContactKey, channel: string): Promise<StoredRealtimeState | undefined> {
    return this.realtime.get(`${contactPk(key)}\u0000${channel}`);
  }

  /**
   * As the DynamoDB store (state/realtime.ts), by the same `chunkWrite`
   * (state/realtime-chunks.ts): the transcript in chunks of CHUNK_ITEMS beside a head, and
   * a state past a limit refused (RealtimeStateTooLargeError: more chunks than MAX_CHUNKS,
   * a head or a written chunk over an item even compressed, a write over a transaction),
   * so backtest folds no chat a deployment could not store. Each part is measured as JSON
   * and compressed only when that may be over its limit: what fits as JSON fits compressed.
   */
  async putRealtime(key: ContactKey, channel: string, state: RealtimeContactState, current: StoredRealtimeState | undefined): Promise<boolean> {
    const id = `${contactPk(key)}\u0000${channel}`;
    const expected = current?.version ?? 0;
    if ((this.realtime.get(id)?.version ?? 0) !== expected) return false;
    const messages = state.Transcript.length;
    // each part sized by its JSON (entries measured once), compressed only when that may be over a limit
    const { versions } = chunkWrite(key, channel, current, state, {
      head: (head): MemoryBody => {
        const bytes = jsonBytes(head);
        if (bytes > MAX_STATE_BYTES) realtimeStateBody(key, channel, head, MAX_STATE_BYTES, messages);
        return { part: head, bytes };
      },
      chunk: (items): MemoryBody => ({ part: items, bytes: entriesBytes(items) }),
      bytes: (body) => body.bytes,
      exact: ({ part }) => {
        if (Array.isArray(part)) return gzipSync(JSON.stringify(part)).byteLength;
        const body = realtimeStateBody(key, channel, part as RealtimeContactState, undefined, messages);
        return 'State' in body ? Buffer.byteLength(body.State) : body.StateGzip.byteLength;
      },
    });
    this.realtime.set(id, { state, version: expected + 1, chunks: versions });
    return true;
  }

  markRealtimeTooLarge(key: ContactKey, channel: string, marker: RealtimeTooLarge, expected: number): Promise<boolean> {
    return this.markRealtime(key, channel, { tooLarge: marker }, expected);
  }

  /** As the DynamoDB store; never called in a backtest (nothing expires in memory), there for the store's shape. */
  markRealtimeExpired(key: ContactKey, channel: string, marker: RealtimeExpired, expected: number): Promise<boolean> {
    return this.markRealtime(key, channel, { expired: marker }, expected);
  }

  private async markRealtime(key: ContactKey, channel: string, marker: Pick<StoredRealtimeState, 'tooLarge' | 'expired'>, expected: number): Promise<boolean> {
    const id = `${contactPk(key)}\u0000${channel}`;
    const current = this.realtime.get(id);
    if (!current || current.version !== expected) return false;
    this.realtime.set(id, { ...current, version: expected + 1, ...marker });
    return true;
  }

  async claimFiring(key: ContactKey, ruleId: string): Promise<string | undefined> {
    const id = `${contactPk(key)}\u0000${ruleId}`;
    if (this.fired.has(id)) return undefined;
    this.fired.add(id);
    return `t${++this.tokens}`;
  }

  /** One process: a claim is never held by another attempt. */
  async firingElsewhere(): Promise<boolean> {
    return false;
  }

  async markFired(): Promise<void> {}

  async releaseFiring(key: ContactKey, ruleId: string): Promise<void> {
    this.fired.delete(`${contactPk(key)}\u0000${ruleId}`);
  }
}
