/**
 * `eval` of real-time segment records judged as a live contact is (fidelity F17): the
 * deployed pipeline, replay and backtest evaluate a contact's real-time rules after
 * each SEGMENTS record, on the state so far, and fire a rule once per contact at the
 * first of them where it holds (engine/pipeline/segments.ts). So a rule true at minute
 * 2 and false at the end has fired; judging the final state alone would say NOT
 * MATCHED. Records are named by their index in the file's list, from 0, as the
 * input's errors name them.
 */
import type { CompiledFunction, ExplainResult } from '../../engine/compile/index.ts';
import type { RealtimeSnapshot, RealtimeStream } from '../../engine/context/index.ts';

/** A rule's verdict over a live contact's records. */
export interface LiveVerdict {
  readonly stream: RealtimeStream;
  /** The first point at which the rule held (where the pipeline fires it), if any. */
  readonly at: RealtimeSnapshot | undefined;
  /** Whether it holds on the state after the last record too. */
  readonly holdsAtEnd: boolean;
}

export function judgeLive(compiled: { matches(event: unknown): boolean }, stream: RealtimeStream): LiveVerdict {
  const at = stream.snapshots.find((s) => compiled.matches(s.event));
  return { stream, at, holdsAtEnd: at !== undefined && compiled.matches(stream.final) };
}

/**
 * A rule's result on `event`, or on a live contact's `stream` as the pipeline judges it: the
 * state it fired at, else the last it evaluated; with no SEGMENTS record it is not matched
 * (the trace, of the event, still shows its conditions). `live` is the verdict over the records.
 */
export function liveJudgement(compiled: CompiledFunction, event: unknown, stream: RealtimeStream | undefined): { live: LiveVerdict | undefined; result: ExplainResult } {
  const live = stream && judgeLive(compiled, stream);
  const judged = live ? judgedState(live)?.event : event;
  const explained = compiled.explain(judged ?? event);
  return { live, result: judged === undefined ? { ...explained, matched: false } : explained };
}

const lastIndex = (live: LiveVerdict): number => live.stream.records - 1;

/** The state the verdict is of: where the rule fired, else the last the pipeline evaluated; undefined when it evaluated none. */
export const judgedState = (live: LiveVerdict): RealtimeSnapshot | undefined => live.at ?? live.stream.snapshots.at(-1);

/** What follows the verdict's subject: where it matched, or that it never did. */
export function liveVerdict(live: LiveVerdict): string {
  const { at, stream } = live;
  const count = stream.snapshots.length;
  if (count === 0) return ' (no SEGMENTS record: the pipeline evaluates no rule on these records)';
  if (!at) return ` after none of its ${count} SEGMENTS record${count === 1 ? '' : 's'}`;
  const of = stream.records === 1 ? '' : ` of 0-${lastIndex(live)}`;
  return ` at record ${at.record}${of} (the first after which it held: the pipeline fires it there${live.holdsAtEnd ? '' : '; it no longer holds after the last record'})`;
}

/** The line before `--explain`'s trace: which state it is of. */
export function liveTraceLine(live: LiveVerdict): string {
  const judged = judgedState(live);
  if (!judged) return `trace after the last record (${lastIndex(live)}), which the pipeline does not evaluate:`;
  return live.at ? `trace after record ${judged.record}:` : `trace after record ${judged.record}, the last SEGMENTS record:`;
}

/** `--json`'s members for a live contact: `matchedAtRecord` (absent when it never held), `segmentsRecords`, `records`, `holdsAtEnd`. */
export function liveJson(live: LiveVerdict): Record<string, unknown> {
  return {
    ...(live.at ? { matchedAtRecord: live.at.record, holdsAtEnd: live.holdsAtEnd } : {}),
    records: live.stream.records,
    segmentsRecords: live.stream.snapshots.length,
  };
}
