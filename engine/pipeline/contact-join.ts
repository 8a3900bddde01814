/**
 * The contact join: contact trace records are stored per contact (contact events are
 * merged into the same state by contact-events.ts), and the post-contact analyses and evaluation exports that need them wait for them.
 * An analysis whose contact has no stored record is kept PENDING; the record's
 * arrival evaluates the pending analyses of its contact; the sweep evaluates those
 * still pending after the grace period with whatever is known then
 * (docs/pipeline.md "Contact records and analyses").
 *
 * Each role is a module of join/ (record.ts, arrival.ts, sweep.ts, over the shared
 * subjects.ts), so that a function holds only the roles it runs
 * (their handlers, functions/ingest-*.ts); ContactJoin runs them all (replay, serve).
 */
import type { IngestCore } from './ingest-core.ts';
import { arrivalRole } from './join/arrival.ts';
import { recordRole } from './join/record.ts';
import { SubjectEvaluator, type SubjectReaders } from './join/subjects.ts';
import { sweepRole } from './join/sweep.ts';

export { analysisFileReader, bothReaders, contactKey, evaluationExportReader, subjectEvent, subjectInfo } from './join/subjects.ts';
export type { SubjectEventInput, SubjectInfo, SubjectReaders } from './join/subjects.ts';

export type ContactJoin = ReturnType<typeof recordRole> & ReturnType<typeof arrivalRole> & ReturnType<typeof sweepRole>;

/** Every role over one evaluator with `readers`. */
export function contactJoin(core: IngestCore, readers: SubjectReaders): ContactJoin {
  const join = new SubjectEvaluator(core, readers);
  return { ...recordRole(join), ...arrivalRole(join), ...sweepRole(join) };
}
