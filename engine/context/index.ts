/**
 * From what a user or an upstream system has to the canonical trigger event
 * (docs/canonical-events.md) that rules are evaluated against.
 *
 * `buildTriggerEvent` recognises its input:
 * - a canonical trigger event (has `EventSourceName`), for every source;
 * - a Contact Lens post-contact analysis file (has `Transcript` and
 *   `ConversationCharacteristics` or `CustomerMetadata`; `Channel` picks post-call or
 *   post-chat, or `source` does when the file has no `Channel`);
 * - real-time segment records (one, or an array of them in arrival order), folded
 *   with `applySegments`.
 * `contact` (a CTR or DescribeContact response) adds the contact record's values.
 * The input is checked in full here; members that cost most to build and that many
 * rule sets never read are built on first read (lazy.ts).
 */
import { fromAnalysisFile } from './analysis-input.ts';
import { looksLikeAnalysisFile } from './analysis-file.ts';
import { isCanonicalEvent, loadCanonicalEvent } from './canonical.ts';
import { InputFormatError } from './errors.ts';
import { agree, readInput, type BuildTriggerEventInput, type InputRead } from './input.ts';
import { fromCanonicalEvent } from './join.ts';
import { describeGiven } from '../../grammar/given.ts';
import { describe, isObject } from './json.ts';
import { applySegments, looksLikeSegmentEvent, realtimeTriggerEvent, REALTIME_SOURCES, type RealtimeContactState } from './realtime.ts';
import type { TriggerEvent } from './types.ts';

export type * from './types.ts';
export { InputFormatError, SourceMismatchError, ContextInputError } from './errors.ts';
export { normaliseContactRecord, contactBody, isContactRecord, CONTACT_MEMBERS, ContactFactsCache, type ContactFacts } from './contact-record.ts';
export {
  analysisFileToTriggerEvent,
  looksLikeAnalysisFile,
  sentimentState,
  ANALYSIS_SOURCES,
  type AnalysisChannel,
  type AnalysisFileOptions,
} from './analysis-file.ts';
export { loadCanonicalEvent, isCanonicalEvent, BODY_PATHS } from './canonical.ts';
export type { BuildTriggerEventInput } from './input.ts';
export { analysisFileInputToTriggerEvent } from './analysis-input.ts';
export { joinContactRecord, canonicalInputToTriggerEvent } from './join.ts';
export {
  applySegments,
  realtimeTriggerEvent,
  looksLikeSegmentEvent,
  REALTIME_SOURCES,
  type RealtimeContactState,
  type RealtimeTranscriptEntry,
  type VoiceSegmentEvent,
  type ChatSegmentEvent,
  type SegmentEventType,
} from './realtime.ts';

const ANALYSIS_MEMBERS = ['Channel', 'Transcript', 'ConversationCharacteristics', 'CustomerMetadata', 'Participants'];

/**
 * Folds the records in order, calling `evaluated` with the event after each `SEGMENTS`
 * record (where the deployed pipeline evaluates the contact's rules,
 * engine/pipeline/segments.ts), and returns the event of the final state.
 */
function fromSegments(
  records: readonly unknown[],
  input: BuildTriggerEventInput,
  { file, contactFile, contact }: InputRead,
  evaluated?: (record: number, event: TriggerEvent) => void,
): TriggerEvent {
  let state: RealtimeContactState | undefined;
  records.forEach((record, i) => {
    if (!looksLikeSegmentEvent(record)) {
      throw new InputFormatError(file, `/${i}`, 'not a real-time segment record (expected EventType or StreamingEventType and ContactId)');
    }
    // each state is given up to the next record's fold (owned: its lists grow in place); the events built from it keep their view
    state = applySegments(state, record as never, { file: Array.isArray(input.event) ? `${file} (record ${i})` : file, owned: true });
    if (i === 0) agree(file, REALTIME_SOURCES[state.Channel], input.source, `a ${state.Channel} real-time segment stream`);
    if (evaluated && isSegmentsRecord(record)) evaluated(i, realtimeTriggerEvent(state, contact, { file, contactFile }));
  });
  if (!state) throw new InputFormatError(file, '', 'an empty list of real-time segment records');
  const folded: RealtimeContactState = state;
  return realtimeTriggerEvent(folded, contact, { file, contactFile });
}

/** Whether the pipeline evaluates the contact's rules after this record: a `SEGMENTS` record (not STARTED, COMPLETED, FAILED). */
const isSegmentsRecord = (record: unknown): boolean => {
  const r = record as { EventType?: unknown; StreamingEventType?: unknown };
  return (r.EventType ?? r.StreamingEventType) === 'SEGMENTS';
};

/** One point of a live contact at which its real-time rules are evaluated. */
export interface RealtimeSnapshot {
  /** The record after which they are: its index in the records (0 for a file of one record), as errors name it. */
  readonly record: number;
  readonly event: TriggerEvent;
}

/** Real-time segment records as the deployed pipeline judges them (`realtimeSnapshots`). */
export interface RealtimeStream {
  /** The event after each SEGMENTS record, in the records' order. */
  readonly snapshots: readonly RealtimeSnapshot[];
  /** The event of the state after the last record (what `buildTriggerEvent` gives). */
  readonly final: TriggerEvent;
  readonly records: number;
}

/**
 * The real-time segment records of `input.event` (one record, or a list in arrival
 * order) as a live contact is judged: the deployed pipeline, replay and backtest
 * evaluate the contact's rules after each SEGMENTS record on the state so far and fire
 * a rule at the first of them where it holds (once per contact), so a rule true at
 * minute 2 and false at the end has fired. `undefined` when the input is not segment
 * records. Checks the input as `buildTriggerEvent` does.
 */
export function realtimeSnapshots(input: BuildTriggerEventInput): RealtimeStream | undefined {
  const records = Array.isArray(input.event) ? input.event : isObject(input.event) && looksLikeSegmentEvent(input.event) ? [input.event] : undefined;
  // a list is segments when its first member is one (buildTriggerEvent reads any list as segments and words the others)
  if (records === undefined || (records.length > 0 && !looksLikeSegmentEvent(records[0]))) return undefined;
  const snapshots: RealtimeSnapshot[] = [];
  const final = fromSegments(records, input, readInput(input), (record, event) => snapshots.push({ record, event }));
  return { snapshots, final, records: records.length };
}

/** The canonical trigger event of `input.event` (see the module comment). Throws ContextInputError subclasses. */
export function buildTriggerEvent(input: BuildTriggerEventInput): TriggerEvent {
  // A plain-JavaScript caller's mistake: say what was given, not a crash reading its members.
  if (!isObject(input)) throw new TypeError(`buildTriggerEvent takes an object { event, contact?, source?, eventFile?, contactFile? }, got ${describeGiven(input)}`);
  const read = readInput(input);
  const { file } = read;
  const event = input.event;

  if (Array.isArray(event)) return fromSegments(event, input, read);
  if (!isObject(event)) {
    throw new InputFormatError(file, '', `not a Contact Lens analysis file nor a canonical trigger event: expected a JSON object, got ${describe(event)}`);
  }
  if (isCanonicalEvent(event)) return fromCanonicalEvent(event, input, read, loadCanonicalEvent);
  if (looksLikeSegmentEvent(event)) return fromSegments([event], input, read);
  if (looksLikeAnalysisFile(event)) return fromAnalysisFile(event, input, read);
  if (ANALYSIS_MEMBERS.some((key) => key in event)) {
    const missing = ['Channel', 'Transcript'].filter((key) => !(key in event));
    if (!('ConversationCharacteristics' in event) && !('CustomerMetadata' in event)) missing.push('ConversationCharacteristics');
    throw new InputFormatError(file, '', `not a Contact Lens analysis file nor a canonical trigger event: missing ${missing.join(', ')}`);
  }
  throw new InputFormatError(
    file,
    '',
    'not a Contact Lens analysis file nor a canonical trigger event: missing EventSourceName (canonical event) ' +
      'or Channel, Transcript and ConversationCharacteristics (analysis file)',
  );
}
