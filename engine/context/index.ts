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

function fromSegments(records: readonly unknown[], input: BuildTriggerEventInput, { file, contactFile, contact }: InputRead): TriggerEvent {
  let state: RealtimeContactState | undefined;
  records.forEach((record, i) => {
    if (!looksLikeSegmentEvent(record)) {
      throw new InputFormatError(file, `/${i}`, 'not a real-time segment record (expected EventType or StreamingEventType and ContactId)');
    }
    state = applySegments(state, record as never, { file: Array.isArray(input.event) ? `${file} (record ${i})` : file });
  });
  if (!state) throw new InputFormatError(file, '', 'an empty list of real-time segment records');
  const folded: RealtimeContactState = state;
  agree(file, REALTIME_SOURCES[folded.Channel], input.source, `a ${folded.Channel} real-time segment stream`);
  return realtimeTriggerEvent(folded, contact, { file, contactFile });
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
