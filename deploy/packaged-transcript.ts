/**
 * Whether a function needs transcript matching: whether any source it evaluates (its
 * own and those its actions' events cascade to: deploy/actions.ts `cascadedSources`)
 * has a transcript condition in the catalogue. Packaging leaves transcript matching
 * out of the others (deploy/actions.ts `packagedFunctionDefine`,
 * engine/compile/transcript-packaged.ts).
 */
import { catalogueFor } from '../grammar/catalogue/index.ts';
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { TRANSCRIPT_READERS } from '../engine/compile/transcript-leaves.ts';

/** The catalogue's value kinds that read the transcript (build-time code: importing the readers costs no bundle). */
const TRANSCRIPT_KINDS = new Set<string>(Object.keys(TRANSCRIPT_READERS));

/** `evaluated`: the sources a function evaluates, cascades included (actions.ts imports this module, so it cannot cascade them here). */
export function needsTranscript(evaluated: readonly EventSourceName[]): boolean {
  return evaluated.some((source) => catalogueFor(source).conditions.some((c) => TRANSCRIPT_KINDS.has(c.value.kind)));
}
