/**
 * Whether a function needs transcript matching: whether any source it evaluates (its
 * own and those its actions' events cascade to) has a transcript condition in the
 * catalogue. Packaging leaves transcript matching out of the others
 * (engine/compile/transcript-packaged.ts).
 */
import { catalogueFor } from '../grammar/catalogue/index.ts';
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { TRANSCRIPT_READERS } from '../engine/compile/transcript-leaves.ts';
import { cascadedSources } from './actions.ts';

/** The catalogue's value kinds that read the transcript (build-time code: importing the readers costs no bundle). */
const TRANSCRIPT_KINDS = new Set<string>(Object.keys(TRANSCRIPT_READERS));

export function needsTranscript(sources: readonly EventSourceName[]): boolean {
  return cascadedSources(sources).some((source) => catalogueFor(source).conditions.some((c) => TRANSCRIPT_KINDS.has(c.value.kind)));
}

/** esbuild `define` for a function evaluating `sources`: transcript matching left out when none needs it. */
export function packagedTranscriptDefine(sources: readonly EventSourceName[]): Record<string, string> {
  return needsTranscript(sources) ? {} : { 'process.env.CONNECT_RULES_PACKAGED_TRANSCRIPT': JSON.stringify('no') };
}
