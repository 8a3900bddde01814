/**
 * A Contact Lens post-contact analysis file, voice or chat,
 * with the contact record of the same contact when there is one, becomes the body
 * of `OnPostCallAnalysisAvailable` (`ContactLens.PostCall`) or
 * `OnPostChatAnalysisAvailable` (`ContactLens.PostChat`), value by value as
 * docs/canonical-events.md says. Shapes are read, never the `Version`; key order does not
 * matter; a member that is missing stays missing.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { contactBody, percent, type ContactFacts } from './contact-record.ts';
import { at, compact, describe, isObject, nonEmpty, Reader, setMember, type JsonObject } from './json.ts';
import { assemble, defer } from './lazy.ts';
import { contactStart, lastEnd } from './offsets.ts';
import type { ContactAnalysisBody, RoleMap, SentimentState, TranscriptItem, TriggerEvent } from './types.ts';
import type { UnbuiltTranscript } from '../transcript/types.ts';

export type AnalysisChannel = 'VOICE' | 'CHAT';

export const ANALYSIS_SOURCES: Readonly<Record<AnalysisChannel, EventSourceName>> = {
  VOICE: 'OnPostCallAnalysisAvailable',
  CHAT: 'OnPostChatAnalysisAvailable',
};

/** Whether `v` has the members of an analysis file: `Transcript` and `ConversationCharacteristics` or `CustomerMetadata`. */
export function looksLikeAnalysisFile(v: unknown): boolean {
  return isObject(v) && 'Transcript' in v && ('ConversationCharacteristics' in v || 'CustomerMetadata' in v);
}

/** Post-contact sentiment state of an overall score: `POSITIVE` ≥ 1, `NEGATIVE` ≤ −1, else `NEUTRAL`. */
export function sentimentState(score: number): SentimentState {
  return score >= 1 ? 'POSITIVE' : score <= -1 ? 'NEGATIVE' : 'NEUTRAL';
}

export function sentimentStates(scores: RoleMap<number> | undefined): RoleMap<SentimentState> | undefined {
  if (!scores) return undefined;
  const out: Record<string, SentimentState> = {};
  for (const [role, score] of Object.entries(scores)) setMember(out, role, sentimentState(score));
  return nonEmpty(out);
}

const div1000 = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** The numbers of a role-keyed object (`{AGENT: 1.4, CUSTOMER: 1.7}`); undefined when there are none. */
function roleNumbers(r: Reader, v: unknown, pointer: string): Record<string, number> | undefined {
  const obj = r.object(v, pointer);
  if (!obj) return undefined;
  const out: Record<string, number> = {};
  for (const role in obj) {
    const value = obj[role];
    if (isObject(value) || !Object.hasOwn(obj, role)) continue; // e.g. DetailsByParticipantRole next to the roles
    const n = r.number(value, at(pointer, role));
    if (n !== undefined) setMember(out, role, n);
  }
  return nonEmpty(out);
}

/**
 * `pick(r, value of role, pointer, arg)` over each role of a role-keyed object. The picks
 * are module-level functions given `arg`, not closures: the closures and spreads made per
 * event here cost about as much as the rest of a call's event (9-12 µs on Node 20).
 */
function perRole<A>(
  r: Reader,
  v: unknown,
  pointer: string,
  pick: (r: Reader, value: unknown, pointer: string, arg: A) => number | undefined,
  arg: A,
): Record<string, number> | undefined {
  const obj = r.object(v, pointer);
  if (!obj) return undefined;
  const out: Record<string, number> = {};
  for (const role in obj) {
    // own members only, as Object.entries: a library caller's object may inherit enumerable ones
    if (!Object.hasOwn(obj, role)) continue;
    const n = pick(r, obj[role], at(pointer, role), arg);
    if (n !== undefined) setMember(out, role, n);
  }
  return nonEmpty(out);
}

/** A participant's talk time in seconds (`{TotalTimeMillis}`). */
const talkSecsOf = (r: Reader, value: unknown, pointer: string): number | undefined =>
  div1000(r.number(r.object(value, pointer)?.TotalTimeMillis, `${pointer}/TotalTimeMillis`));

/** Whether some entry of `details` (keyed by participant) is `role`'s. */
function entersRole(a: Analysis, details: JsonObject, role: string): boolean {
  for (const id in details) if (Object.hasOwn(details, id) && (a.roles.get(id) ?? id) === role) return true;
  return false;
}

/**
 * `TalkTime.TotalTimeSecs` per role. `DetailsByParticipant` is keyed by participant: each
 * entry counts for its ParticipantId's role in `Participants` (else an id that is itself a
 * role name), as a turn does, so a file with ids such as `p-customer` reads its roles. AWS
 * (admin guide, *Create Contact Lens rules*): talk time "can be used to identify where the
 * customer did not speak at all", so a role listed in `Participants` none of whose
 * participants has an entry, in a file that measured talk time per participant, talked 0 s
 * (missing would make that rule unable to fire). No `DetailsByParticipant`: missing.
 */
function talkTimeSecs(a: Analysis, details: JsonObject | undefined, pointer: string): Record<string, number> | undefined {
  const byParticipant = perRole(a.r, details, pointer, talkSecsOf, undefined);
  if (!details) return byParticipant;
  const out: Record<string, number> = {};
  for (const id in byParticipant) {
    const role = a.roles.get(id) ?? id;
    setMember(out, role, (Object.hasOwn(out, role) ? out[role]! : 0) + byParticipant[id]!);
  }
  // (a role with seconds entered them); hasOwn: a role may be named `toString`
  for (const role of a.roles.values()) if (!Object.hasOwn(out, role) && !entersRole(a, details, role)) setMember(out, role, 0);
  return nonEmpty(out);
}

interface Analysis {
  readonly r: Reader;
  readonly v: JsonObject;
  readonly cc: JsonObject;
  readonly channel: AnalysisChannel;
  /** ParticipantId → ParticipantRole from `Participants` (entries without a role are skipped). */
  readonly roles: ReadonlyMap<string, string>;
}

function participantRoles(r: Reader, v: JsonObject): Map<string, string> {
  const roles = new Map<string, string>();
  (r.array(v.Participants, '/Participants') ?? []).forEach((entry, i) => {
    const p = r.object(entry, `/Participants/${i}`);
    const id = r.string(p?.ParticipantId, `/Participants/${i}/ParticipantId`);
    const role = r.string(p?.ParticipantRole, `/Participants/${i}/ParticipantRole`);
    if (id !== undefined && role !== undefined) roles.set(id, role);
  });
  return roles;
}

// The transcript is checked when the event is built (a member of the wrong type is
// refused then, at its pointer, in the order the items read their members) and its
// items are built on first read (lazy.ts). After the check a member is absent or of
// its type (a number may be a numeric string), so the builders read it without a reader.
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const numeric = (v: unknown): number | undefined => (typeof v === 'number' ? v : v === undefined || v === null ? undefined : Number(v));
const EMPTY: JsonObject = {};
const itemAt = (entries: readonly unknown[], index: number): JsonObject => {
  const entry = entries[index];
  return isObject(entry) ? entry : EMPTY;
};

const TRANSCRIPT = '/Transcript';
const NO_TIMES: readonly (number | undefined)[] = [];

/** The item itself, refused when it is present and not an object. */
function checkItem(a: Analysis, entries: readonly unknown[], index: number): JsonObject {
  return a.r.objectAt(entries[index], TRANSCRIPT, index) ?? EMPTY;
}

/** The members `transcriptItem` reads, checked: Id, the role (ParticipantId only without ParticipantRole), Content, Sentiment. */
function checkBase(a: Analysis, item: JsonObject, index: number): void {
  a.r.stringAt(item.Id, TRANSCRIPT, index, 'Id');
  a.r.stringAt(item.ParticipantRole, TRANSCRIPT, index, 'ParticipantRole');
  if (typeof item.ParticipantRole !== 'string') checkParticipant(a, a.r.stringAt(item.ParticipantId, TRANSCRIPT, index, 'ParticipantId'), index);
  a.r.stringAt(item.Content, TRANSCRIPT, index, 'Content');
  a.r.stringAt(item.Sentiment, TRANSCRIPT, index, 'Sentiment');
}

/**
 * An item without its own role takes its participant's: an id that `Participants` lists
 * none of gives the item no role a rule can read, so it is refused (a file that lists no
 * participants keeps reading a role-named id as the role, `roleOf`).
 */
function checkParticipant(a: Analysis, id: string | undefined, index: number): void {
  if (id === undefined || a.roles.size === 0 || a.roles.has(id)) return;
  const ids = [...a.roles.keys()];
  const listed = ids.length > 3 ? `${ids.slice(0, 3).join(', ')}, …` : ids.join(', ');
  a.r.fail(`${TRANSCRIPT}/${index}/ParticipantId`, `expected the ParticipantId of an entry of /Participants (${listed}), got ${describe(id)}`);
}

/** An item's role: its own `ParticipantRole`, else its participant's, else a `ParticipantId` that is a role name, else `UNKNOWN`. */
function roleOf(a: Analysis, item: JsonObject): string {
  const own = text(item.ParticipantRole);
  if (own !== undefined) return own;
  const id = text(item.ParticipantId);
  if (id !== undefined) {
    const mapped = a.roles.get(id);
    if (mapped !== undefined) return mapped;
    if (/^[A-Z_]+$/.test(id)) return id;
  }
  return 'UNKNOWN';
}

/**
 * The canonical item, members in their documented order; no `Sentiment` member when there is none.
 * Built in one object literal per shape (not from an intermediate object): the transcript is
 * built on first read, on the hot path of every event whose rules read it.
 */
function transcriptItem(a: Analysis, item: JsonObject, index: number, begin: number, end: number): TranscriptItem {
  const Id = text(item.Id) ?? `#${index}`;
  const ParticipantRole = roleOf(a, item);
  const Content = text(item.Content) ?? '';
  const Sentiment = text(item.Sentiment);
  return Sentiment === undefined
    ? { Id, ParticipantRole, Content, BeginOffsetMillis: begin, EndOffsetMillis: end }
    : { Id, ParticipantRole, Content, Sentiment, BeginOffsetMillis: begin, EndOffsetMillis: end };
}

/** What checkVoiceTurns found: some turn has a loudness score (so `Loudness` is present). */
const LOUD = 1;
/**
 * ... every turn is an object with a text (so it can be read unbuilt: VoiceTranscript).
 * Its offsets need no test: `numberAt` refuses any that is not a finite number or a
 * finite numeric string, and an absent one is the turn before's.
 */
const READABLE = 2;

/** What `plainTurn` says of a turn that is not one: the member-by-member check reads it. */
const NOT_PLAIN = -1;

/**
 * A turn as Contact Lens writes it, checked in one pass (each member read once; every
 * turn of a 10-minute call through the checks below cost about half of building its
 * event): an object whose Id, Content and Sentiment (if any) are strings, whose role is
 * its own ParticipantRole or a ParticipantId that `Participants` lists (or any, when it
 * lists none), whose offsets are numbers from 0, the end not before the begin, and whose
 * LoudnessScore (if any) is an array of finite numbers: LOUD when it holds one, else 0.
 * Anything else is NOT_PLAIN, and the checks below accept or word it as before.
 */
function plainTurn(item: unknown, roles: ReadonlyMap<string, string>): number {
  if (!isObject(item)) return NOT_PLAIN;
  const begin = item.BeginOffsetMillis;
  const end = item.EndOffsetMillis;
  const role = item.ParticipantRole;
  const sentiment = item.Sentiment;
  if (
    typeof item.Id !== 'string' ||
    typeof item.Content !== 'string' ||
    (sentiment !== undefined && typeof sentiment !== 'string') ||
    typeof begin !== 'number' ||
    typeof end !== 'number' ||
    !(begin >= 0 && end >= begin && end < Infinity)
  ) {
    return NOT_PLAIN;
  }
  if (typeof role !== 'string') {
    const id = item.ParticipantId;
    if (role !== undefined || typeof id !== 'string' || (roles.size > 0 && !roles.has(id))) return NOT_PLAIN;
  }
  const list = item.LoudnessScore;
  if (list === undefined) return 0;
  if (!Array.isArray(list)) return NOT_PLAIN;
  for (let i = 0; i < list.length; i++) {
    const score = list[i];
    if (typeof score !== 'number' || !Number.isFinite(score)) return NOT_PLAIN;
  }
  return list.length > 0 ? LOUD : 0;
}

/** Checks the voice turns (see above); LOUD and READABLE. */
function checkVoiceTurns(a: Analysis, entries: readonly unknown[]): number {
  let loud = false;
  let readable = true;
  for (let index = 0; index < entries.length; index++) {
    const plain = plainTurn(entries[index], a.roles);
    if (plain !== NOT_PLAIN) {
      if (plain === LOUD) loud = true;
      continue;
    }
    const item = checkItem(a, entries, index);
    checkBase(a, item, index);
    const begin = a.r.offsetAt(item.BeginOffsetMillis, TRANSCRIPT, index, 'BeginOffsetMillis');
    a.r.spanAt(begin, a.r.offsetAt(item.EndOffsetMillis, TRANSCRIPT, index, 'EndOffsetMillis'), item.EndOffsetMillis, TRANSCRIPT, index);
    // (false for a missing item, EMPTY, or Content; checkBase refused any other Content than a string)
    readable &&= typeof item.Content === 'string';
    const list = a.r.arrayAt(item.LoudnessScore, TRANSCRIPT, index, 'LoudnessScore');
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      if (a.r.numberAt(list[i], TRANSCRIPT, index, 'LoudnessScore', i) !== undefined) loud = true;
    }
  }
  return (loud ? LOUD : 0) | (readable ? READABLE : 0);
}

/** A voice turn's begin: from the file; a turn without one takes the previous turn's (`previous`). */
const turnBegin = (item: JsonObject, previous: number): number => numeric(item.BeginOffsetMillis) ?? previous;
/** A voice turn's end: from the file; a turn without one ends where it begins. */
const turnEnd = (item: JsonObject, begin: number): number => numeric(item.EndOffsetMillis) ?? begin;

/** Calls `each` with each voice turn and its offsets (turnBegin, turnEnd). */
function eachVoiceTurn(entries: readonly unknown[], each: (index: number, item: JsonObject, begin: number, end: number) => void): void {
  let previous = 0;
  for (let index = 0; index < entries.length; index++) {
    const item = itemAt(entries, index);
    const begin = turnBegin(item, previous);
    const end = turnEnd(item, begin);
    previous = begin;
    each(index, item, begin, end);
  }
}

function voiceItems(a: Analysis, entries: readonly unknown[]): TranscriptItem[] {
  const items: TranscriptItem[] = new Array(entries.length);
  eachVoiceTurn(entries, (index, item, begin, end) => {
    items[index] = transcriptItem(a, item, index, begin, end);
  });
  return items;
}

/**
 * A voice transcript read without building its items (the rule set's phrase index:
 * exact match needs only each item's text, role and offsets), for turns that are
 * READABLE: the texts are the file's turns themselves, whose `Content` is the item's.
 */
class VoiceTranscript implements UnbuiltTranscript {
  constructor(
    private readonly a: Analysis,
    readonly texts: readonly { readonly Content: string }[],
  ) {}

  /**
   * eachVoiceTurn's offsets and roleOf's roles, in a loop of its own (once per event at
   * 500 rules: no call per turn); a turn without its own ParticipantRole takes the role
   * of its ParticipantId, remembered for the last two ids met (the turns alternate
   * between two participants: one Map lookup of a fresh string per turn otherwise).
   */
  columns(beginOf: Float64Array, endOf: Float64Array, roles: string[]): void {
    const a = this.a;
    const texts = this.texts;
    let previous = 0;
    let id0: string | undefined;
    let id1: string | undefined;
    let role0 = '';
    let role1 = '';
    // (a new id replaces the older of the two remembered)
    let fillFirst = true;
    for (let index = 0; index < texts.length; index++) {
      const item = itemAt(texts, index);
      const begin = turnBegin(item, previous);
      beginOf[index] = begin;
      endOf[index] = turnEnd(item, begin);
      previous = begin;
      const own = item.ParticipantRole;
      if (typeof own === 'string') {
        roles[index] = own;
        continue;
      }
      // (roleOf of a turn without its own role depends on its ParticipantId alone)
      const id = item.ParticipantId;
      if (typeof id !== 'string') roles[index] = roleOf(a, item);
      else if (id === id0) roles[index] = role0;
      else if (id === id1) roles[index] = role1;
      else if (fillFirst) {
        id0 = id;
        roles[index] = role0 = roleOf(a, item);
        fillFirst = false;
      } else {
        id1 = id;
        roles[index] = role1 = roleOf(a, item);
        fillFirst = true;
      }
    }
  }
}

/** The highest loudness score of each role (`Loudness.HighestLoudnessScore`), without building the transcript. */
function highestLoudness(a: Analysis, entries: readonly unknown[]): Record<string, number> {
  const loudness: Record<string, number> = {};
  for (let index = 0; index < entries.length; index++) {
    const item = itemAt(entries, index);
    const scores = item.LoudnessScore;
    if (!Array.isArray(scores)) continue;
    const role = roleOf(a, item);
    for (let i = 0; i < scores.length; i++) {
      const score = numeric(scores[i]);
      if (score === undefined) continue;
      // (typeof: a role `__proto__` not yet set reads Object.prototype)
      const best = loudness[role];
      if (typeof best !== 'number' || score > best) setMember(loudness, role, score);
    }
  }
  return loudness;
}

const EVENT_CONTENT_TYPE = 'application/vnd.amazonaws.connect.event.';

/** Whether a chat item is a message: `Type: "MESSAGE"`, or no `Type` and not an event content type. */
function isMessage(item: JsonObject): boolean {
  const type = text(item.Type);
  return type === undefined ? !text(item.ContentType)?.startsWith(EVENT_CONTENT_TYPE) : type === 'MESSAGE';
}

/** What checkChatItems found: how many items are messages, and each item's time (`AbsoluteTime`, epoch ms). */
interface ChatCheck {
  readonly messages: number;
  readonly times: readonly (number | undefined)[];
}

/**
 * Checks the chat items (see above) in the order `chatItems` reads them, converting each
 * item's time once (chatItems reads them from here). `BeginOffsetMillis` is read, so
 * checked, only for a message without a time.
 */
function checkChatItems(a: Analysis, entries: readonly unknown[], contact: ContactFacts | undefined): ChatCheck {
  for (let index = 0; index < entries.length; index++) checkItem(a, entries, index);
  const times = new Array<number | undefined>(entries.length);
  for (let index = 0; index < entries.length; index++) times[index] = a.r.instantTextAt(itemAt(entries, index).AbsoluteTime, TRANSCRIPT, index, 'AbsoluteTime');
  let start: number | undefined | null = null;
  let messages = 0;
  for (let index = 0; index < entries.length; index++) {
    const item = itemAt(entries, index);
    a.r.stringAt(item.Type, TRANSCRIPT, index, 'Type');
    a.r.stringAt(item.ContentType, TRANSCRIPT, index, 'ContentType');
    if (!isMessage(item)) continue;
    messages++;
    const begin = item.BeginOffsetMillis;
    if (!(typeof begin === 'number' && Number.isFinite(begin)) && begin !== undefined && begin !== null) {
      if (start === null) start = contactStart(contact, () => times);
      if (times[index] === undefined || start === undefined) a.r.numberAt(begin, TRANSCRIPT, index, 'BeginOffsetMillis');
    }
    checkBase(a, item, index);
  }
  return { messages, times };
}

/**
 * Chat messages (`Type: "MESSAGE"`; an item without `Type` counts when it is not an
 * event content type). Offset = `AbsoluteTime` − contact start, where the start is
 * the contact record's `InitiationTimestamp`, else the earliest `AbsoluteTime` of
 * the file; a message without a time takes the previous message's offset. A chat
 * message is an instant: `EndOffsetMillis` = `BeginOffsetMillis`.
 */
function chatItems(a: Analysis, entries: readonly unknown[], contact: ContactFacts | undefined, times: readonly (number | undefined)[]): TranscriptItem[] {
  const start = contactStart(contact, () => times);
  const items: TranscriptItem[] = [];
  let previous = 0;
  for (let index = 0; index < entries.length; index++) {
    const item = itemAt(entries, index);
    if (!isMessage(item)) continue;
    const time = times[index];
    const offset = time !== undefined && start !== undefined ? time - start : (numeric(item.BeginOffsetMillis) ?? previous);
    previous = offset;
    items.push(transcriptItem(a, item, index, offset, offset));
  }
  return items;
}

function matchedCategories(a: Analysis): string[] | undefined {
  const categories = a.r.object(a.v.Categories, '/Categories');
  if (!categories) return undefined;
  const listed = a.r.array(categories.MatchedCategories, '/Categories/MatchedCategories');
  if (listed) return listed.map((name, i) => a.r.string(name, `/Categories/MatchedCategories/${i}`) ?? '').filter(Boolean);
  return Object.keys(a.r.object(categories.MatchedDetails, '/Categories/MatchedDetails') ?? {});
}

function sentiment(a: Analysis) {
  const { r, cc } = a;
  const s = r.object(cc.Sentiment, '/ConversationCharacteristics/Sentiment');
  if (!s) return undefined;
  const base = '/ConversationCharacteristics/Sentiment';
  const overall = r.object(s.OverallSentiment, `${base}/OverallSentiment`);
  // chat: {DetailsByParticipantRole: {ROLE: n}}; voice: {ROLE: n}
  const overallScore = isObject(overall?.DetailsByParticipantRole)
    ? roleNumbers(r, overall.DetailsByParticipantRole, `${base}/OverallSentiment/DetailsByParticipantRole`)
    : roleNumbers(r, overall, `${base}/OverallSentiment`);

  const quarterPointer = `${base}/SentimentByPeriod/QUARTER`;
  const quarters = r.object(r.object(s.SentimentByPeriod, `${base}/SentimentByPeriod`)?.QUARTER, quarterPointer);
  const shiftPointer = `${base}/SentimentShift/DetailsByParticipantRole`;
  const shift = r.object(r.object(s.SentimentShift, `${base}/SentimentShift`)?.DetailsByParticipantRole, shiftPointer);
  // voice reads the quarters, chat the shift; the other one fills roles the first lacks
  const voice = a.channel === 'VOICE';
  const beginningQuarter = perRole(r, quarters, quarterPointer, quarterScoreOf, false);
  const beginningShift = perRole(r, shift, shiftPointer, shiftScoreOf, 'BeginScore');
  const endQuarter = perRole(r, quarters, quarterPointer, quarterScoreOf, true);
  const endShift = perRole(r, shift, shiftPointer, shiftScoreOf, 'EndScore');
  return nonEmpty({
    OverallScore: overallScore,
    State: sentimentStates(overallScore),
    Score: nonEmpty({
      Beginning: voice ? overlay(beginningShift, beginningQuarter) : overlay(beginningQuarter, beginningShift),
      End: voice ? overlay(endShift, endQuarter) : overlay(endQuarter, endShift),
    }),
  });
}

/** A role's score of its first (or `last`) quarter. */
function quarterScoreOf(r: Reader, value: unknown, pointer: string, last: boolean): number | undefined {
  const list = r.array(value, pointer) ?? [];
  if (list.length === 0) return undefined;
  const i = last ? list.length - 1 : 0;
  return r.number(r.object(list[i], `${pointer}/${i}`)?.Score, `${pointer}/${i}/Score`);
}

/** A role's sentiment shift score (`BeginScore` or `EndScore`). */
const shiftScoreOf = (r: Reader, value: unknown, pointer: string, key: 'BeginScore' | 'EndScore'): number | undefined =>
  r.number(r.object(value, pointer)?.[key], `${pointer}/${key}`);

/**
 * `{ ...under, ...over }` of two role maps from perRole (each a new map with a number a
 * member, or undefined), without the spread: under's roles first, over's scores winning.
 */
function overlay(under: Record<string, number> | undefined, over: Record<string, number> | undefined): Record<string, number> | undefined {
  if (under === undefined || over === undefined) return under ?? over;
  const out: Record<string, number> = {};
  for (const role in under) setMember(out, role, under[role]!);
  for (const role in over) setMember(out, role, over[role]!);
  return out;
}

function nonTalkTime(a: Analysis): { TotalTimeSecs?: number; LongestTimeSecs?: number } | undefined {
  const base = '/ConversationCharacteristics/NonTalkTime';
  const ntt = a.r.object(a.cc.NonTalkTime, base);
  if (!ntt) return undefined;
  let longest = 0;
  (a.r.array(ntt.Instances, `${base}/Instances`) ?? []).forEach((entry, i) => {
    const p = `${base}/Instances/${i}`;
    const instance = a.r.object(entry, p) ?? {};
    const begin = a.r.offsetAt(instance.BeginOffsetMillis, `${base}/Instances`, i, 'BeginOffsetMillis');
    const end = a.r.offsetAt(instance.EndOffsetMillis, `${base}/Instances`, i, 'EndOffsetMillis');
    a.r.spanAt(begin, end, instance.EndOffsetMillis, `${base}/Instances`, i);
    const duration =
      a.r.number(instance.DurationMillis, `${p}/DurationMillis`) ??
      (begin !== undefined && end !== undefined ? end - begin : 0);
    if (duration > longest) longest = duration;
  });
  return nonEmpty({
    TotalTimeSecs: div1000(a.r.number(ntt.TotalTimeMillis, `${base}/TotalTimeMillis`)),
    LongestTimeSecs: longest / 1000,
  });
}

/**
 * The times the agent interrupted the customer: the `AGENT` entries of
 * `InterruptionsByInterrupter`, 0 when there are none. Not `TotalCount`, which counts
 * the customer's interruptions too. AWS (admin guide, build-rules-for-contact-lens):
 * "rules that detect when the agent has interrupted the customer for more than X times".
 */
function interruptions(a: Analysis): number | undefined {
  const base = '/ConversationCharacteristics/Interruptions';
  const i = a.r.object(a.cc.Interruptions, base);
  if (!i) return undefined;
  const byRole = a.r.object(i.InterruptionsByInterrupter, `${base}/InterruptionsByInterrupter`);
  return a.r.array(byRole?.AGENT, `${base}/InterruptionsByInterrupter/AGENT`)?.length ?? 0;
}

function responseTime(a: Analysis) {
  const base = '/ConversationCharacteristics/ResponseTime';
  const rt = a.r.object(a.cc.ResponseTime, base);
  if (!rt) return undefined;
  const agentPointer = `${base}/DetailsByParticipantRole/AGENT`;
  const agent = a.r.object(a.r.object(rt.DetailsByParticipantRole, `${base}/DetailsByParticipantRole`)?.AGENT, agentPointer);
  const millis = (key: 'Average' | 'Maximum') =>
    a.r.number(a.r.object(agent?.[key], `${agentPointer}/${key}`)?.ValueMillis, `${agentPointer}/${key}/ValueMillis`);
  const agentBody = nonEmpty({
    FirstResponseTimeSecs: div1000(a.r.number(rt.AgentGreetingTimeMillis, `${base}/AgentGreetingTimeMillis`)),
    AverageTimeSecs: div1000(millis('Average')),
    LongestTimeSecs: div1000(millis('Maximum')),
  });
  return agentBody ? { Agent: agentBody } : undefined;
}

export interface AnalysisFileOptions {
  /** Label of the analysis file in messages (default `event`). */
  readonly file?: string;
  /** Label of the contact record in messages (default `contact`). */
  readonly contactFile?: string;
  /** The channel, for a file without `Channel`. */
  readonly channel?: AnalysisChannel;
}

/** What an analysis body's members built on first read share: the checked file and contact, and the items once built. */
interface Turns {
  readonly a: Analysis;
  readonly entries: readonly unknown[];
  readonly contact: ContactFacts | undefined;
  items: TranscriptItem[] | undefined;
  /** A chat's item times, converted when checked (checkChatItems). */
  readonly times: readonly (number | undefined)[];
  /** The transcript readable without its items (lazy.ts pendingInput finds it while `Transcript` is not built). */
  readonly unbuilt: UnbuiltTranscript | undefined;
}

function itemsOf(t: Turns): TranscriptItem[] {
  return (t.items ??= t.a.channel === 'VOICE' ? voiceItems(t.a, t.entries) : chatItems(t.a, t.entries, t.contact, t.times));
}

const loudnessOf = (t: Turns) => ({ HighestLoudnessScore: highestLoudness(t.a, t.entries) });

/** A chat lasts until its last message. */
const lastOffsetOf = (t: Turns): number => lastEnd(itemsOf(t));

/** The channel a file declares, or undefined. */
export function analysisChannel(v: JsonObject): AnalysisChannel | undefined {
  return v.Channel === 'VOICE' || v.Channel === 'CHAT' ? v.Channel : undefined;
}

/**
 * The canonical trigger event of an analysis file (and the contact record of the
 * same contact). Throws InputFormatError on a member of the wrong type, a file
 * without a known channel (unless `options.channel`), no instance id anywhere, or a
 * contact record of another contact.
 */
export function analysisFileToTriggerEvent(
  input: unknown,
  contact?: ContactFacts,
  options: AnalysisFileOptions = {},
): TriggerEvent {
  const r: Reader = new Reader(options.file ?? 'event');
  const v = r.object(input, '') ?? r.fail('', 'expected a Contact Lens analysis file (a JSON object)');
  const declared = r.string(v.Channel, '/Channel');
  const channel = analysisChannel(v) ?? options.channel;
  if (!channel) {
    r.fail('/Channel', declared === undefined ? 'missing Channel (VOICE or CHAT)' : `unknown Channel ${JSON.stringify(declared)} (VOICE or CHAT)`);
  }
  const a: Analysis = {
    r,
    v,
    cc: r.object(v.ConversationCharacteristics, '/ConversationCharacteristics') ?? {},
    channel,
    roles: participantRoles(r, v),
  };
  const meta = r.object(v.CustomerMetadata, '/CustomerMetadata');
  const contactId = r.string(meta?.ContactId, '/CustomerMetadata/ContactId') ?? contact?.ContactId;
  if (contact?.ContactId !== undefined && contactId !== undefined && contact.ContactId !== contactId) {
    new Reader(options.contactFile ?? 'contact').fail(
      contact.format === 'ctr' ? '/ContactId' : '/Contact/Id',
      `the contact record is for contact ${contact.ContactId}, the analysis file for contact ${contactId}`,
    );
  }
  const instanceId =
    r.string(meta?.InstanceId, '/CustomerMetadata/InstanceId') ??
    contact?.InstanceId ??
    r.fail('/CustomerMetadata/InstanceId', 'missing InstanceId (and no contact record gives it)');

  const totalMillisPointer = '/ConversationCharacteristics/TotalConversationDurationMillis';
  const fileTotalMillis = r.number(a.cc.TotalConversationDurationMillis, totalMillisPointer);
  // the transcript is checked now and built on first read (see checkVoiceTurns, checkChatItems)
  const entries = r.array(v.Transcript, '/Transcript') ?? [];
  const voice = channel === 'VOICE';
  const voiceTurns = voice ? checkVoiceTurns(a, entries) : 0;
  const loud = (voiceTurns & LOUD) !== 0;
  const chat = voice ? undefined : checkChatItems(a, entries, contact);
  const messages = chat?.messages ?? entries.length;
  const unbuilt = (voiceTurns & READABLE) !== 0 ? new VoiceTranscript(a, entries as { Content: string }[]) : undefined;
  const turns: Turns = { a, entries, contact, items: undefined, times: chat?.times ?? NO_TIMES, unbuilt };
  const totalMillis = voice || messages === 0 ? fileTotalMillis : defer(lastOffsetOf, turns);

  const nttPointer = '/ConversationCharacteristics/NonTalkTime';
  const nttMillis = r.number(r.object(a.cc.NonTalkTime, nttPointer)?.TotalTimeMillis, `${nttPointer}/TotalTimeMillis`);
  const nonTalkTimePct = percent(nttMillis, fileTotalMillis);
  const fromContact = contactBody(contact, nonTalkTimePct);
  const talkPointer = '/ConversationCharacteristics/TalkTime/DetailsByParticipant';
  const talkDetails = r.object(r.object(a.cc.TalkTime, '/ConversationCharacteristics/TalkTime')?.DetailsByParticipant, talkPointer);

  // the contact's members first, as `{ ...fromContact, ...}` would place them (assemble: without the spread's cost)
  const body: ContactAnalysisBody = assemble({
    ContactId: contactId,
    Channel: channel,
    LanguageCode: r.string(v.LanguageCode, '/LanguageCode'),
    // the contact's agent with its NonTalkTimePct (contactBody), else the file's alone
    Agent: fromContact.Agent ?? nonEmpty({ NonTalkTimePct: nonTalkTimePct }),
    Sentiment: sentiment(a),
    TalkTime: nonEmpty({ TotalTimeSecs: talkTimeSecs(a, talkDetails, talkPointer) }),
    Loudness: loud ? defer(loudnessOf, turns) : undefined,
    NonTalkTime: nonTalkTime(a),
    Interruptions: nonEmpty({ Instances: interruptions(a) }),
    ResponseTime: responseTime(a),
    TotalConversationDurationMillis: totalMillis,
    Transcript: defer(itemsOf, turns),
    MatchedCategories: matchedCategories(a),
  }, fromContact);
  const root = channel === 'VOICE' ? 'PostCall' : 'PostChat';
  return compact({
    EventSourceName: ANALYSIS_SOURCES[channel],
    InstanceId: instanceId,
    // where actions' events, tasks and cases live: the contact record's instance, else the file's account
    InstanceArn: contact?.InstanceId === instanceId ? contact.InstanceArn : undefined,
    AccountId: r.string(v.AccountId, '/AccountId'),
    ContactLens: { [root]: body },
  }) as TriggerEvent;
}
