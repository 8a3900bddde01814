/**
 * The contact join's role in ingestSweep: the analyses and evaluations still waiting
 * for their contact record after the grace period are evaluated with what is known then.
 */
import { describeRef } from '../../ingest/s3.ts';
import { errorInfo, type IngestResult } from '../ingest-result.ts';
import { GONE, type SubjectEvaluator } from './subjects.ts';

/**
 * Evaluates the analyses whose grace period ended (`'all'`: every pending one,
 * replay's end of run), with the contact record if it arrived meanwhile. One
 * result per subject; a failure is reported and the subject stays pending.
 */
export async function sweepPending(join: SubjectEvaluator, at: Date | 'all' = join.core.deps.now(), limit = 100): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const item of await join.core.deps.store.dueSubjects(at, limit)) {
    const base = { kind: 'sweep' as const, label: item.label, deliveryKey: item.eventKey, instanceId: item.instanceId, contactId: item.contactId };
    const trigger = at === 'all' ? 'end of replay: no contact record came' : `grace period ended (${join.core.deps.config.contactRecordGraceSeconds} s)`;
    try {
      const evaluations = await join.evaluateSubject(item, { trigger });
      if (evaluations === GONE) results.push({ ...base, status: 'ignored', detail: `its file ${describeRef(item.ref)} is gone: dropped, never evaluated`, evaluations: [] });
      else if (evaluations) results.push({ ...base, status: 'evaluated', source: evaluations[0]?.source, evaluations });
    } catch (err) {
      join.core.deps.telemetry.count('Failures', 'Sweep');
      join.core.log.error('sweep: pending analysis could not be evaluated (it stays pending)', { label: item.label, subject: item.sk, error: err as Error });
      results.push({ ...base, status: 'error', error: errorInfo(err), detail: (err as Error).message, evaluations: [] });
    }
  }
  return results;
}

/** The sweep role's ingestor over `join` (ingestSweep; ContactJoin composes it). */
export const sweepRole = (join: SubjectEvaluator) => ({
  /** The analyses whose grace period ended (`'all'`: every pending one), evaluated. */
  sweep: (at?: Date | 'all', limit?: number): Promise<IngestResult[]> => sweepPending(join, at, limit),
});
