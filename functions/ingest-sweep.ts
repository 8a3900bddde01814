/**
 * The pending-analysis sweep (scheduled, e.g. every minute): analyses and
 * evaluations still waiting for their contact trace record after the grace period
 * (`CONNECT_RULES_CTR_GRACE_SECONDS`, default 600) are evaluated with what is known
 * then (contact events' facts, or nothing). A failure leaves the item pending for
 * the next sweep; it is logged and counted, never thrown. One whose file is gone is
 * dropped, once, with a warning (engine/pipeline/contact-join.ts `dropGone`).
 */
import { asyncHandler, createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { bothReaders, subjectEvaluator } from '../engine/pipeline/join/subjects.ts';
import { sweepRole } from '../engine/pipeline/join/sweep.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import type { IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import type { Ingestor } from '../engine/pipeline/ingestor.ts';

/** The sweep of the analyses and evaluations still waiting after the grace period: the sweep role alone (ingest-contact-records.ts says why). */
export const sweepIngestor = (deps: IngestorDeps) => sweepRole(subjectEvaluator(deps, bothReaders()));

export function createSweepHandler(rt: IngestRuntime<Pick<Ingestor, 'sweep'>>) {
  return asyncHandler<unknown, Pick<Ingestor, 'sweep'>>(rt, async (rt) => ({ results: await rt.pipeline.ingestor.sweep(), errors: [] }));
}

export const handler = lazyHandler((context) => createSweepHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, sweepIngestor)));
