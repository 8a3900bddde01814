/**
 * A Contact Lens analysis file to its trigger event: the branch of `buildTriggerEvent`
 * (index.ts) for one, and an entry of its own for a caller that holds only analysis
 * files (the contact join, engine/pipeline/contact-join.ts), which then imports none of
 * the other input forms' readers (real-time segments, canonical events).
 */
import { ANALYSIS_SOURCES, analysisChannel, analysisFileToTriggerEvent, looksLikeAnalysisFile } from './analysis-file.ts';
import { InputFormatError } from './errors.ts';
import { agree, readInput, type BuildTriggerEventInput, type InputRead } from './input.ts';
import type { JsonObject } from './json.ts';
import type { TriggerEvent } from './types.ts';

/** `event` (an analysis file by `looksLikeAnalysisFile`) read as `buildTriggerEvent` reads one. */
export function fromAnalysisFile(event: JsonObject, input: BuildTriggerEventInput, { file, contactFile, contact }: InputRead): TriggerEvent {
  const declared = analysisChannel(event);
  if (declared) {
    agree(file, ANALYSIS_SOURCES[declared], input.source, `a ${declared} Contact Lens analysis file`);
    return analysisFileToTriggerEvent(event, contact, { file, contactFile });
  }
  if (event.Channel === undefined || event.Channel === null) {
    const channel = input.source === ANALYSIS_SOURCES.VOICE ? 'VOICE' : input.source === ANALYSIS_SOURCES.CHAT ? 'CHAT' : undefined;
    if (channel) return analysisFileToTriggerEvent(event, contact, { file, contactFile, channel });
    throw new InputFormatError(
      file,
      '',
      'not a Contact Lens analysis file nor a canonical trigger event: missing Channel ' +
        `(an analysis file without one needs the source: ${ANALYSIS_SOURCES.VOICE} or ${ANALYSIS_SOURCES.CHAT})`,
    );
  }
  return analysisFileToTriggerEvent(event, contact, { file, contactFile });
}

/**
 * The trigger event of `input.event`, an analysis file by `looksLikeAnalysisFile` (the
 * caller's check: it tells analysis files from its other documents): `buildTriggerEvent`
 * for a caller that reads no other form.
 */
export function analysisFileInputToTriggerEvent(input: BuildTriggerEventInput & { readonly event: JsonObject }): TriggerEvent {
  return fromAnalysisFile(input.event, input, readInput(input));
}
