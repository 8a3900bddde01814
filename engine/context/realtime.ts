/**
 * Contact Lens real-time analysis segments folded into one
 * per-contact state, and that state as the canonical trigger event of
 * `OnRealTimeCallAnalysisAvailable` (`ContactLens.RealTimeCall`) or
 * `OnRealTimeChatAnalysisAvailable` (`ContactLens.RealTimeChat`).
 *
 * `applySegments` is a pure fold: it never changes its arguments (unless the caller gives
 * its state up, `owned`: then its lists grow in place, so a long chat folded record by
 * record costs work linear in its segments, not a copy of the transcript per record) and
 * the state is plain JSON (stored between invocations by the caller). Records may arrive
 * duplicated or out of order (Kinesis retries): transcript items are keyed by `Id`
 * (a later copy replaces an earlier one, except that a `Redacted` chat copy never
 * replaces the `Raw` one, so matching sees the raw words when both are streamed)
 * and kept sorted by time (voice: `BeginOffsetMillis`; chat: `Time.AbsoluteTime`).
 * Partial voice `Utterance`s are not evaluated: rules match final turns only
 * (undocumented by AWS; chosen because a partial is revised, often retracted, by the
 * final `Transcript` of the same turn). The latest partials are kept aside
 * (`PartialUtterances`, at most 50) so that the explain trace can say a word was said
 * only in a partial utterance. Category
 * segments are cumulative snapshots; the state keeps the union of matched names.
 */
import type { EventSourceName, SessionFact } from '../../grammar/catalogue/types.ts';
import { contactBody, type ContactFacts } from './contact-record.ts';
import { compact, instantMillis, isObject, Reader, type JsonObject } from './json.ts';
import { assemble, defer } from './lazy.ts';
import { contactStart, lastEnd } from './offsets.ts';
import type { ContactAnalysisBody, TranscriptItem, TriggerEvent } from './types.ts';

// ---- input records (members optional: real records omit some) ----

export type SegmentEventType = 'STARTED' | 'SEGMENTS' | 'COMPLETED' | 'FAILED';

export interface CharacterOffsets {
  readonly BeginOffsetChar?: number;
  readonly EndOffsetChar?: number;
}

export interface PostContactSummarySegment {
  readonly Content?: string;
  readonly Status?: 'FAILED' | 'COMPLETED' | string;
  readonly FailureCode?: string;
}

export interface VoiceSegmentEvent {
  readonly Version?: string;
  readonly Channel?: 'VOICE';
  readonly AccountId?: string;
  readonly InstanceId?: string;
  readonly ContactId?: string;
  readonly LanguageCode?: string;
  readonly EventType?: SegmentEventType;
  readonly Segments?: readonly {
    readonly Utterance?: {
      readonly Id?: string;
      readonly TranscriptId?: string;
      readonly ParticipantId?: string;
      readonly ParticipantRole?: string;
      readonly PartialContent?: string;
      readonly BeginOffsetMillis?: number;
      readonly EndOffsetMillis?: number;
    };
    readonly Transcript?: {
      readonly Id?: string;
      readonly ParticipantId?: string;
      readonly ParticipantRole?: string;
      readonly Content?: string;
      readonly BeginOffsetMillis?: number;
      readonly EndOffsetMillis?: number;
      readonly Sentiment?: string;
      readonly IssuesDetected?: readonly { readonly CharacterOffsets?: CharacterOffsets }[];
    };
    readonly Categories?: {
      readonly MatchedCategories?: readonly string[];
      readonly MatchedDetails?: { readonly [name: string]: unknown };
    };
    readonly PostContactSummary?: PostContactSummarySegment;
  }[];
}

export interface ChatSegmentEvent {
  readonly Version?: string;
  readonly Channel?: 'CHAT';
  readonly AccountId?: string;
  readonly InstanceId?: string;
  readonly ContactId?: string;
  readonly StreamingEventType?: SegmentEventType;
  readonly StreamingSettings?: { readonly LanguageCode?: string; readonly Output?: string };
  /** The COMPLETED/FAILED samples spell the settings this way. */
  readonly StreamingEventSettings?: { readonly LanguageCode?: string; readonly Output?: string };
  readonly OutputType?: 'Raw' | 'Redacted';
  readonly Segments?: readonly {
    readonly Transcript?: {
      readonly Id?: string;
      readonly ParticipantId?: string;
      readonly ParticipantRole?: string;
      readonly DisplayName?: string;
      readonly Content?: string;
      readonly ContentType?: string;
      readonly Time?: { readonly AbsoluteTime?: string };
      readonly Redaction?: { readonly CharacterOffsets?: readonly CharacterOffsets[] };
      readonly Sentiment?: string;
    };
    readonly Categories?: { readonly MatchedDetails?: { readonly [name: string]: unknown } };
    readonly Issues?: {
      readonly IssuesDetected?: readonly {
        readonly TranscriptItems?: readonly { readonly Id?: string; readonly Content?: string; readonly CharacterOffsets?: CharacterOffsets }[];
      }[];
    };
    readonly Event?: {
      readonly Id?: string;
      readonly ParticipantId?: string;
      readonly ParticipantRole?: string;
      readonly DisplayName?: string;
      readonly EventType?: string;
      readonly Time?: { readonly AbsoluteTime?: string };
    };
    readonly Attachments?: {
      readonly Id?: string;
      readonly ParticipantId?: string;
      readonly ParticipantRole?: string;
      readonly DisplayName?: string;
      readonly Attachments?: readonly { readonly AttachmentName?: string; readonly AttachmentId?: string; readonly ContentType?: string; readonly Status?: string }[];
      readonly Time?: { readonly AbsoluteTime?: string };
    };
    readonly PostContactSummary?: PostContactSummarySegment;
  }[];
}

// ---- state (plain JSON) ----

export interface RealtimeTranscriptEntry {
  readonly Id: string;
  readonly ParticipantRole: string;
  readonly ParticipantId?: string;
  readonly Content: string;
  /** Voice: offsets from the contact start. */
  readonly BeginOffsetMillis?: number;
  readonly EndOffsetMillis?: number;
  /** Chat: when the message was sent (ISO-8601). */
  readonly AbsoluteTime?: string;
  readonly Sentiment?: string;
  /** Chat: this copy came from a `Redacted` output. */
  readonly Redacted?: boolean;
}

export interface RealtimeContactState {
  /** Version of this state's layout, for whoever stores it. */
  readonly StateVersion: 1;
  readonly Channel: 'VOICE' | 'CHAT';
  readonly ContactId: string;
  readonly InstanceId?: string;
  readonly AccountId?: string;
  readonly LanguageCode?: string;
  /** `STARTED`, then `IN_PROGRESS` once segments arrive; `COMPLETED` / `FAILED` are final. */
  readonly Status: 'STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  /** Final transcript items, one per `Id`, in time order. */
  readonly Transcript: readonly RealtimeTranscriptEntry[];
  /** Names of the categories matched so far. */
  readonly MatchedCategories: readonly string[];
  /** Issues detected so far: the item and, where known, the highlighted text. */
  readonly Issues: readonly { readonly ItemId: string; readonly Text?: string }[];
  /** Chat events (participant joined/left, chat ended), one per `Id`. */
  readonly Events: readonly { readonly Id: string; readonly EventType?: string; readonly ParticipantRole?: string; readonly AbsoluteTime?: string }[];
  /**
   * Chat: when the agent and the customer first joined (the `AbsoluteTime` of each role's
   * first `participant.joined` event): where a sentiment time period's presence starts
   * (`joinedOffsets`). Only these two roles (the ones a sentiment condition reads), so the
   * state stays bounded whatever the records say.
   */
  readonly Joined?: { readonly AGENT?: string; readonly CUSTOMER?: string };
  /** Chat attachments, one per segment `Id`. */
  readonly Attachments: readonly { readonly Id: string; readonly ParticipantRole?: string; readonly Names: readonly string[]; readonly AbsoluteTime?: string }[];
  readonly PostContactSummary?: { readonly Status?: string; readonly Content?: string; readonly FailureCode?: string };
  /**
   * The contact attributes as they were when the session first saw the contact record:
   * what real-time rules read for the whole session (see `withSessionAttributes`).
   */
  readonly SessionAttributes?: { readonly [key: string]: string };
  /**
   * When Connect last failed to give the attributes (ISO instant; deployed, while none is
   * frozen): the session does not ask again before a back-off (engine/pipeline/connect-asks.ts).
   */
  readonly SessionAttributesFailedAt?: string;
  /** The latest partial voice utterances (not evaluated; kept for the explain trace), one per `Id`. */
  readonly PartialUtterances?: readonly PartialUtterance[];
  /** How many records were folded in. */
  readonly RecordsApplied: number;
}

export interface PartialUtterance {
  readonly Id: string;
  readonly ParticipantRole: string;
  readonly Content: string;
  readonly BeginOffsetMillis: number;
  readonly EndOffsetMillis: number;
}

/** Partial utterances kept per contact, and characters kept of each: bounded state. */
const PARTIALS_KEPT = 50;
const PARTIAL_CHARS_KEPT = 1000;

const FINAL = new Set(['COMPLETED', 'FAILED']);

/** A chat event's `EventType` when a participant joins (AWS's chat segment samples). */
const PARTICIPANT_JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
type JoinedRoles = { AGENT?: string; CUSTOMER?: string };

/** `joined` with the event counted when it is an agent's or customer's join earlier than the one known: O(1). */
function withJoin(joined: JoinedRoles, event: RealtimeContactState['Events'][number]): void {
  const role = event.ParticipantRole;
  if (event.EventType !== PARTICIPANT_JOINED || (role !== 'AGENT' && role !== 'CUSTOMER')) return;
  const at = instantMillis(event.AbsoluteTime);
  if (at === undefined) return;
  const known = instantMillis(joined[role]);
  if (known === undefined || at < known) joined[role] = event.AbsoluteTime;
}

function channelOf(record: JsonObject): 'VOICE' | 'CHAT' | undefined {
  if (record.Channel === 'VOICE' || record.Channel === 'CHAT') return record.Channel;
  if ('StreamingEventType' in record) return 'CHAT';
  if ('EventType' in record) return 'VOICE';
  return undefined;
}

/** Whether `v` looks like one real-time segment record (voice 1.0.0 or chat 2.0.0). */
export function looksLikeSegmentEvent(v: unknown): boolean {
  return isObject(v) && ('EventType' in v || 'StreamingEventType' in v) && 'ContactId' in v;
}

function sortKey(entry: RealtimeTranscriptEntry): number {
  return entry.BeginOffsetMillis ?? instantMillis(entry.AbsoluteTime) ?? Number.MAX_SAFE_INTEGER;
}

/**
 * A list of the state that `applySegments` extends, with its members by key. Only a list
 * the caller gives up (`owned`) keeps a key map, beside it in `KEYS`, so the next fold
 * extends it with no pass over it; a state not given up (the pipeline's: a copy read back
 * from the store per record) is copied and searched, as before: a map built per record
 * would serve one search and be dropped (docs/performance.md, session 11). A fold that
 * searches it more than SCANS times (a record of many segments) builds the map then:
 * 100 segments on 25,000 messages were 2.5 M comparisons a record.
 */
interface Growing<T> {
  list: T[];
  keys: Map<string, T> | undefined;
  readonly keyOf: (e: T) => string;
  /** Searches of a list without a map so far in this fold. */
  scans: number;
  /** Whether the list is the caller's to give up, so its map is kept beside it (`KEYS`). */
  readonly owned: boolean;
}
const KEYS = new WeakMap<readonly unknown[], Map<string, unknown>>();

function growing<T>(list: readonly T[] | undefined, owned: boolean, keyOf: (e: T) => string): Growing<T> {
  if (!owned) return { list: [...(list ?? [])], keys: undefined, keyOf, scans: 0, owned };
  const known = list ? (KEYS.get(list) as Map<string, T> | undefined) : undefined;
  if (known) return { list: list as T[], keys: known, keyOf, scans: 0, owned };
  const own = (list as T[] | undefined) ?? [];
  const keys = keysOf(own, keyOf);
  KEYS.set(own, keys);
  return { list: own, keys, keyOf, scans: 0, owned };
}

/**
 * Searches of a list without a map in one fold before one is built: a map of a list read
 * back from JSON costs about what 20 searches of it do (its keys hashed one by one;
 * bench/realtime-fold.ts S=10 N=5000: 10 searches 0.5 ms, a map at the second 1.3 ms).
 */
const SCANS = 16;

function keysOf<T>(list: readonly T[], keyOf: (e: T) => string): Map<string, T> {
  const keys = new Map<string, T>();
  for (const e of list) keys.set(keyOf(e), e);
  return keys;
}

/**
 * The member of `g` whose key is `key`, if any: by its map, else searched from the end (a
 * record delivered again is most often a recent one) once a fold, then by a map built for
 * the rest of the fold (not kept with the list: the state is not the caller's to give up).
 */
function memberOf<T>(g: Growing<T>, key: string): T | undefined {
  if (g.keys) return g.keys.get(key);
  const { list, keyOf } = g;
  if (++g.scans > SCANS) return (g.keys = keysOf(list, keyOf)).get(key);
  for (let i = list.length - 1; i >= 0; i--) if (keyOf(list[i]) === key) return list[i];
  return undefined;
}

/** Adds `e` to the end of `g` (in place: what a list held before is unchanged, so a view of its first n members stays true). */
function append<T>(g: Growing<T>, key: string, e: T): void {
  g.list.push(e);
  g.keys?.set(key, e);
}

/** Whether two transcript entries say the same (a record delivered again). */
function sameEntry(a: RealtimeTranscriptEntry, b: RealtimeTranscriptEntry): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if ((a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  return true;
}

/**
 * The entry put in its place (time order, then Id) in `g`, replacing one of its `Id`
 * (except that a `Redacted` copy never replaces a raw one). An entry that sorts last is
 * appended in place; a replacement or an entry arriving out of order copies the list
 * first (the list given may be viewed by an earlier snapshot: `realtimeTriggerEvent`).
 */
function upsert(g: Growing<RealtimeTranscriptEntry>, entry: RealtimeTranscriptEntry): void {
  const known = memberOf(g, entry.Id);
  if (known !== undefined && ((known.Redacted !== true && entry.Redacted === true) || sameEntry(known, entry))) return;
  const key = sortKey(entry);
  const before = (e: RealtimeTranscriptEntry) => sortKey(e) > key || (sortKey(e) === key && e.Id > entry.Id);
  const list = g.list;
  if (known === undefined && (list.length === 0 || !before(list[list.length - 1]))) return append(g, entry.Id, entry);
  const rest = known === undefined ? [...list] : list.filter((e) => e.Id !== entry.Id);
  let i = rest.length;
  while (i > 0 && before(rest[i - 1])) i--;
  rest.splice(i, 0, entry);
  g.list = rest;
  if (!g.keys) return;
  g.keys.set(entry.Id, entry);
  if (!g.owned) return;
  KEYS.delete(list);
  KEYS.set(rest, g.keys);
}

function roleFrom(role: string | undefined, participantId: string | undefined): string {
  return role ?? (participantId !== undefined && /^[A-Z_]+$/.test(participantId) ? participantId : 'UNKNOWN');
}

function sliceText(content: string, offsets: CharacterOffsets | undefined): string | undefined {
  if (!offsets || offsets.BeginOffsetChar === undefined || offsets.EndOffsetChar === undefined) return undefined;
  return content.slice(offsets.BeginOffsetChar, offsets.EndOffsetChar);
}

/**
 * Folds one segment record into the state of its contact (`undefined` for the first
 * record). Throws InputFormatError when the record is of another contact or channel,
 * or a member has the wrong type.
 */
export function applySegments(
  state: RealtimeContactState | undefined,
  record: VoiceSegmentEvent | ChatSegmentEvent,
  options: {
    file?: string;
    /**
     * The caller gives `state` up (it reads it no more, but may keep events built from it
     * with `realtimeTriggerEvent`, which see the state as it was): its lists are extended
     * in place rather than copied, so folding n records costs work linear in n.
     */
    owned?: boolean;
  } = {},
): RealtimeContactState {
  const r: Reader = new Reader(options.file ?? 'segment');
  const rec = r.object(record, '') ?? r.fail('', 'expected a real-time segment record (a JSON object)');
  const channel = channelOf(rec) ?? r.fail('/Channel', 'missing Channel (VOICE or CHAT)');
  const contactId = r.string(rec.ContactId, '/ContactId') ?? state?.ContactId ?? r.fail('/ContactId', 'missing ContactId');
  if (state && state.ContactId !== contactId) {
    r.fail('/ContactId', `the record is for contact ${contactId}, the state for contact ${state.ContactId}`);
  }
  if (state && state.Channel !== channel) {
    r.fail('/Channel', `the record is a ${channel} record, the state is of a ${state.Channel} contact`);
  }
  const eventType = r.string(channel === 'VOICE' ? rec.EventType : rec.StreamingEventType, channel === 'VOICE' ? '/EventType' : '/StreamingEventType');
  const settings = r.object(rec.StreamingSettings ?? rec.StreamingEventSettings, '/StreamingSettings');
  const redacted = r.string(rec.OutputType, '/OutputType') === 'Redacted';

  const owned = options.owned === true;
  const transcript = growing(state?.Transcript, owned, (e) => e.Id);
  const categories = new Set(state?.MatchedCategories ?? []);
  const issueKey = (ItemId: string, Text: string | undefined) => `${ItemId}\u0000${Text ?? ''}`;
  const issues = growing(state?.Issues, owned, (i) => issueKey(i.ItemId, i.Text));
  const addIssue = (ItemId: string, Text: string | undefined) => {
    const key = issueKey(ItemId, Text);
    if (memberOf(issues, key) === undefined) append(issues, key, compact({ ItemId, Text }));
  };
  const events = growing(state?.Events, owned, (e) => e.Id);
  // a state stored before `Joined` existed: read once from its events
  const joined: JoinedRoles = { ...(state?.Joined ?? {}) };
  if (state && state.Joined === undefined) for (const e of state.Events) withJoin(joined, e);
  const attachments = growing(state?.Attachments, owned, (e) => e.Id);
  let summary = state?.PostContactSummary;
  let partials = [...(state?.PartialUtterances ?? [])];

  /** A segment member's `Time.AbsoluteTime`, kept as its text once checked to be a date-time a contact can have. */
  const timeOf = (v: JsonObject, sp: string): string | undefined => {
    const time = r.object(v.Time, `${sp}/Time`)?.AbsoluteTime;
    return r.instantTextAt(time, `${sp}/Time`, 'AbsoluteTime') === undefined ? undefined : (time as string);
  };
  (r.array(rec.Segments, '/Segments') ?? []).forEach((raw, s) => {
    const p = `/Segments/${s}`;
    const segment = r.object(raw, p) ?? {};
    const t = r.object(segment.Transcript, `${p}/Transcript`);
    if (t) {
      const tp = `${p}/Transcript`;
      const content = r.string(t.Content, `${tp}/Content`) ?? '';
      const participantId = r.string(t.ParticipantId, `${tp}/ParticipantId`);
      const id = r.string(t.Id, `${tp}/Id`) ?? r.fail(`${tp}/Id`, 'missing Id of a transcript segment');
      const begin = r.offsetAt(t.BeginOffsetMillis, p, 'Transcript', 'BeginOffsetMillis');
      const end = r.offsetAt(t.EndOffsetMillis, p, 'Transcript', 'EndOffsetMillis');
      r.spanAt(begin, end, t.EndOffsetMillis, p, 'Transcript');
      const time = timeOf(t, tp);
      upsert(
        transcript,
        compact({
          Id: id,
          ParticipantRole: roleFrom(r.string(t.ParticipantRole, `${tp}/ParticipantRole`), participantId),
          ParticipantId: participantId,
          Content: content,
          BeginOffsetMillis: channel === 'VOICE' ? (begin ?? 0) : undefined,
          EndOffsetMillis: channel === 'VOICE' ? (end ?? begin ?? 0) : undefined,
          AbsoluteTime: channel === 'CHAT' ? time : undefined,
          Sentiment: r.string(t.Sentiment, `${tp}/Sentiment`),
          Redacted: channel === 'CHAT' ? redacted : undefined,
        }),
      );
      (r.array(t.IssuesDetected, `${tp}/IssuesDetected`) ?? []).forEach((issue, i) => {
        const offsets = r.object(r.object(issue, `${tp}/IssuesDetected/${i}`)?.CharacterOffsets, `${tp}/IssuesDetected/${i}/CharacterOffsets`);
        addIssue(id, sliceText(content, offsets as CharacterOffsets | undefined));
      });
    }
    const u = r.object(segment.Utterance, `${p}/Utterance`);
    if (u && channel === 'VOICE') {
      const up = `${p}/Utterance`;
      const begin = r.offsetAt(u.BeginOffsetMillis, p, 'Utterance', 'BeginOffsetMillis') ?? 0;
      const end = r.offsetAt(u.EndOffsetMillis, p, 'Utterance', 'EndOffsetMillis');
      r.spanAt(begin, end, u.EndOffsetMillis, p, 'Utterance');
      const id = r.string(u.Id, `${up}/Id`) ?? `${contactId}#partial${begin}`;
      partials = [
        ...partials.filter((e) => e.Id !== id),
        {
          Id: id,
          ParticipantRole: roleFrom(r.string(u.ParticipantRole, `${up}/ParticipantRole`), r.string(u.ParticipantId, `${up}/ParticipantId`)),
          Content: (r.string(u.PartialContent, `${up}/PartialContent`) ?? '').slice(0, PARTIAL_CHARS_KEPT),
          BeginOffsetMillis: begin,
          EndOffsetMillis: end ?? begin,
        },
      ].slice(-PARTIALS_KEPT);
    }
    const c = r.object(segment.Categories, `${p}/Categories`);
    if (c) {
      (r.array(c.MatchedCategories, `${p}/Categories/MatchedCategories`) ?? []).forEach((name, i) => {
        const n = r.string(name, `${p}/Categories/MatchedCategories/${i}`);
        if (n) categories.add(n);
      });
      for (const name of Object.keys(r.object(c.MatchedDetails, `${p}/Categories/MatchedDetails`) ?? {})) categories.add(name);
    }
    const issuesSegment = r.object(segment.Issues, `${p}/Issues`);
    (r.array(issuesSegment?.IssuesDetected, `${p}/Issues/IssuesDetected`) ?? []).forEach((issue, i) => {
      const ip = `${p}/Issues/IssuesDetected/${i}`;
      (r.array(r.object(issue, ip)?.TranscriptItems, `${ip}/TranscriptItems`) ?? []).forEach((ref, k) => {
        const item = r.object(ref, `${ip}/TranscriptItems/${k}`);
        const itemId = r.string(item?.Id, `${ip}/TranscriptItems/${k}/Id`);
        if (itemId) addIssue(itemId, r.string(item?.Content, `${ip}/TranscriptItems/${k}/Content`));
      });
    });
    /** Adds the `member` segment to `g` unless an entry of its `Id` is there. */
    const once = <T extends { readonly Id: string }>(g: Growing<T>, member: 'Event' | 'Attachments', build: (v: JsonObject, sp: string, id: string) => T) => {
      const sp = `${p}/${member}`;
      const v = r.object(segment[member], sp);
      if (!v) return;
      const id = r.string(v.Id, `${sp}/Id`) ?? `${contactId}#${member}${g.list.length}`;
      if (memberOf(g, id) === undefined) append(g, id, build(v, sp, id));
    };
    const eventsBefore = events.list.length;
    const roleOf = (v: JsonObject, sp: string) => r.string(v.ParticipantRole, `${sp}/ParticipantRole`);
    once(events, 'Event', (v, sp, Id) =>
      compact({ Id, EventType: r.string(v.EventType, `${sp}/EventType`), ParticipantRole: roleOf(v, sp), AbsoluteTime: timeOf(v, sp) }),
    );
    if (events.list.length > eventsBefore) withJoin(joined, events.list[events.list.length - 1]!);
    once(attachments, 'Attachments', (v, sp, Id) =>
      compact({
        Id,
        ParticipantRole: roleOf(v, sp),
        Names: (r.array(v.Attachments, `${sp}/Attachments`) ?? []).map(
          (a, i) => r.string(r.object(a, `${sp}/Attachments/${i}`)?.AttachmentName, `${sp}/Attachments/${i}/AttachmentName`) ?? '',
        ),
        AbsoluteTime: timeOf(v, sp),
      }),
    );
    const pcs = r.object(segment.PostContactSummary, `${p}/PostContactSummary`);
    if (pcs) {
      summary = compact({
        Status: r.string(pcs.Status, `${p}/PostContactSummary/Status`),
        Content: r.string(pcs.Content, `${p}/PostContactSummary/Content`),
        FailureCode: r.string(pcs.FailureCode, `${p}/PostContactSummary/FailureCode`),
      });
    }
  });

  const previous = state?.Status;
  // a final status stays final; a late STARTED does not undo progress
  const status: RealtimeContactState['Status'] =
    previous !== undefined && FINAL.has(previous)
      ? previous
      : eventType === 'COMPLETED' || eventType === 'FAILED'
        ? eventType
        : eventType === 'SEGMENTS'
          ? 'IN_PROGRESS'
          : (previous ?? 'STARTED');

  return compact({
    StateVersion: 1 as const,
    Channel: channel,
    ContactId: contactId,
    InstanceId: r.string(rec.InstanceId, '/InstanceId') ?? state?.InstanceId,
    AccountId: r.string(rec.AccountId, '/AccountId') ?? state?.AccountId,
    LanguageCode: r.string(rec.LanguageCode ?? settings?.LanguageCode, '/LanguageCode') ?? state?.LanguageCode,
    Status: status,
    Transcript: transcript.list,
    MatchedCategories: [...categories],
    Issues: issues.list,
    Events: events.list,
    Joined: joined.AGENT !== undefined || joined.CUSTOMER !== undefined ? joined : undefined,
    Attachments: attachments.list,
    PostContactSummary: summary,
    PartialUtterances: partials.length > 0 ? partials : undefined,
    // frozen at the session's start for the whole session (withSessionAttributes): every later record keeps them
    SessionAttributes: state?.SessionAttributes,
    SessionAttributesFailedAt: state?.SessionAttributesFailedAt,
    RecordsApplied: (state?.RecordsApplied ?? 0) + 1,
  });
}

/**
 * The state with the contact's attributes frozen for the session, if not frozen yet.
 * AWS (admin guide, rules-task-contact-attributes): "Contact attributes are retrieved at
 * the beginning of the real-time contact analysis session and whatever is retrieved at
 * that time is used for rule evaluation during the whole session. Any contact attribute
 * update after the session started isn't be picked up." The engine freezes them the
 * first time it holds both the session's state and the contact's attributes: a contact
 * record that carries them (a CTR, a DescribeContact response; not the facts of contact
 * events, which carry none) or, deployed, Connect's answer to GetContactAttributes at the
 * session's first record when no record tells them (engine/pipeline/segments.ts).
 */
export function withSessionAttributes(state: RealtimeContactState, attributes: { readonly [key: string]: string } | undefined): RealtimeContactState {
  if (state.SessionAttributes !== undefined || attributes === undefined) return state;
  // known now: a failure to ask for them no longer matters
  const { SessionAttributesFailedAt: _failed, ...rest } = state;
  return { ...rest, SessionAttributes: { ...attributes } };
}

/**
 * The contact facts this real-time session does not know yet, whose conditions then do
 * not apply (false whatever Negate says: catalogue `sessionFact`, engine/compile/leaves.ts)
 * instead of reading missing, which would make every `Negate: true` condition true. In
 * Connect they are known: AWS retrieves the attributes "at the beginning of the
 * real-time contact analysis session" (withSessionAttributes), and the queue and agent
 * are the contact's own. A contact record that is final for the engine (a CTR, a
 * DescribeContact response) tells all three, absent ones included; the facts of
 * contact events so far (`soFar`) tell the queue once QUEUED said it and the agent
 * once CONNECTED_TO_AGENT did, and never the attributes.
 */
export function notYetKnown(state: RealtimeContactState, contact: ContactFacts | undefined, soFar: boolean): SessionFact[] {
  const told = contact !== undefined && !soFar;
  const unknown: SessionFact[] = [];
  if (state.SessionAttributes === undefined && !told) unknown.push('ContactAttribute');
  if (!told && contact?.Queue?.Id === undefined) unknown.push('Queue');
  if (!told && contact?.Agent?.Id === undefined) unknown.push('Agent');
  return unknown;
}

export const REALTIME_SOURCES: Readonly<Record<'VOICE' | 'CHAT', EventSourceName>> = {
  VOICE: 'OnRealTimeCallAnalysisAvailable',
  CHAT: 'OnRealTimeChatAnalysisAvailable',
};

/** What a real-time body's members built on first read share: the state (never changed: `applySegments` is pure), the contact, and the items once built. */
interface Folded {
  readonly state: RealtimeContactState;
  /** How many transcript entries and events the state had when the event was built: a state given up to `applySegments` (`owned`) grows in place after. */
  readonly entries: number;
  readonly events: number;
  readonly contact: ContactFacts | undefined;
  items: TranscriptItem[] | undefined;
  /** A chat's start once computed (`null`: none): the items and the joins share it, and it reads every time in the state. */
  start?: number | null;
}

function realtimeItems(f: Folded): TranscriptItem[] {
  if (f.items) return f.items;
  const { state, contact } = f;
  const entries = state.Transcript.slice(0, f.entries);
  if (state.Channel === 'VOICE') {
    return (f.items = entries.map((e) =>
      compact({
        Id: e.Id,
        ParticipantRole: e.ParticipantRole,
        Content: e.Content,
        BeginOffsetMillis: e.BeginOffsetMillis ?? 0,
        EndOffsetMillis: e.EndOffsetMillis ?? e.BeginOffsetMillis ?? 0,
        Sentiment: e.Sentiment,
      }),
    ));
  }
  const start = chatStart(f);
  let previous = 0;
  return (f.items = entries.map((e) => {
    const t = instantMillis(e.AbsoluteTime);
    const offset = t !== undefined && start !== undefined ? t - start : previous;
    previous = offset;
    return compact({ Id: e.Id, ParticipantRole: e.ParticipantRole, Content: e.Content, BeginOffsetMillis: offset, EndOffsetMillis: offset, Sentiment: e.Sentiment });
  }));
}

/** The instant a chat's offsets count from: the contact record's start, else the earliest message or event. */
function chatStart(f: Folded): number | undefined {
  f.start ??= contactStart(f.contact, () => [...f.state.Transcript.slice(0, f.entries), ...f.state.Events.slice(0, f.events)].map((e) => instantMillis(e.AbsoluteTime))) ?? null;
  return f.start ?? undefined;
}

const lastEndOf = (f: Folded): number => lastEnd(realtimeItems(f));

/**
 * Chat: when the agent and the customer joined, in ms from where the items' offsets
 * count. AWS (admin guide, Create Contact Lens rules, "Sentiment - Time period"): "If the
 * participant joined the contact later, the time period set here applies to when
 * participant was present." A chat says when a participant joined (its
 * `participant.joined` event), which may be long before its first message: the
 * sentiment window counts the role present from then (`windowedSentimentState`).
 */
function joinedOffsets(f: Folded): { AGENT?: number; CUSTOMER?: number } {
  const start = chatStart(f) ?? 0;
  const offsets: { AGENT?: number; CUSTOMER?: number } = {};
  for (const role of ['AGENT', 'CUSTOMER'] as const) {
    const at = instantMillis(f.state.Joined?.[role]);
    if (at !== undefined) offsets[role] = at - start;
  }
  return offsets;
}

/**
 * The canonical trigger event of the contact as far as the segments go. Chat
 * offsets are `AbsoluteTime` − contact start (the contact record's
 * `InitiationTimestamp`, else the earliest time of any message or event);
 * `TotalConversationDurationMillis` is the end of the latest item. Both are built on
 * first read (lazy.ts). `contactSoFar`: the contact record is the facts of contact
 * events so far, not a record that tells every fact (`notYetKnown`).
 */
export function realtimeTriggerEvent(
  state: RealtimeContactState,
  contact?: ContactFacts,
  options: { file?: string; contactFile?: string; contactSoFar?: boolean } = {},
): TriggerEvent {
  if (contact?.ContactId !== undefined && contact.ContactId !== state.ContactId) {
    new Reader(options.contactFile ?? 'contact').fail(
      contact.format === 'ctr' ? '/ContactId' : '/Contact/Id',
      `the contact record is for contact ${contact.ContactId}, the segments for contact ${state.ContactId}`,
    );
  }
  const instanceId =
    state.InstanceId ?? contact?.InstanceId ?? new Reader(options.file ?? 'segment').fail('/InstanceId', 'missing InstanceId (and no contact record gives it)');
  const fromContact = contactBody(contact);
  const soFar = options.contactSoFar === true;
  const attributes = state.SessionAttributes ?? (soFar ? undefined : contact?.Attributes);
  const unknown = notYetKnown(state, contact, soFar);
  const folded: Folded = { state, entries: state.Transcript.length, events: state.Events.length, contact, items: undefined, start: undefined };
  // the contact's members first, as `{ ...fromContact, ...}` would place them (assemble: without the spread's cost)
  const body: ContactAnalysisBody = assemble({
    // the attributes of the session's start, not the record's latest (withSessionAttributes); not copied: the state is never changed
    ContactAttribute: attributes && Object.keys(attributes).length > 0 ? attributes : undefined,
    ContactId: state.ContactId,
    Channel: state.Channel,
    LanguageCode: state.LanguageCode,
    TotalConversationDurationMillis: defer(lastEndOf, folded),
    Transcript: defer(realtimeItems, folded),
    JoinedOffsetMillis: state.Joined === undefined ? undefined : defer(joinedOffsets, folded),
    MatchedCategories: [...state.MatchedCategories],
    PartialUtterances: state.PartialUtterances?.length ? [...state.PartialUtterances] : undefined,
    NotYetKnown: unknown.length > 0 ? unknown : undefined,
  }, fromContact);
  const root = state.Channel === 'VOICE' ? 'RealTimeCall' : 'RealTimeChat';
  return compact({
    EventSourceName: REALTIME_SOURCES[state.Channel],
    InstanceId: instanceId,
    InstanceArn: contact?.InstanceId === instanceId ? contact.InstanceArn : undefined,
    AccountId: state.AccountId,
    ContactLens: { [root]: body },
  }) as TriggerEvent;
}
