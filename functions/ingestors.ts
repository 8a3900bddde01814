/**
 * The ingestor of each ingestion function: the handlers of the payloads it reads,
 * on the pipeline's parts (engine/pipeline/parts.ts). A function imports only its
 * own, so its bundle holds only the adapters of its sources: the real-time function
 * no analysis file, contact record join or EventBridge routes, the Cases, metrics and
 * third-party functions no contact join, the canonical-events function only the
 * storing of contact events (`npm run bench`, README "Start-up and Lambda footprint").
 */
import { ContactEventIngest } from '../engine/pipeline/contact-events.ts';
import { ContactJoin } from '../engine/pipeline/contact-join.ts';
import { EventIngest } from '../engine/pipeline/events.ts';
import { IngestCore, type IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { SegmentIngest } from '../engine/pipeline/segments.ts';

/** Real-time segments (ingestRealtime). */
export const segmentIngestor = (deps: IngestorDeps) => new SegmentIngest(new IngestCore(deps));

/** Contact records, the analyses and evaluations waiting for them, the sweep (ingestContactRecords, ingestAnalysis, ingestEvaluations, ingestSweep). */
export const contactIngestor = (deps: IngestorDeps) => new ContactJoin(new IngestCore(deps));

/** EventBridge events whose families carry trigger events only (ingestCases, ingestMetrics, ingestThirdParty). */
export const eventIngestor = (deps: IngestorDeps) => new EventIngest(new IngestCore(deps));

/**
 * EventBridge events that may concern contacts: canonical events (joined with the
 * contact's stored record) and Amazon Connect contact events (stored), ingestCanonical.
 * No contact join: it reads no analysis file or evaluation export.
 */
export const eventAndContactIngestor = (deps: IngestorDeps) => {
  const core = new IngestCore(deps);
  return new EventIngest(core, { contactEvents: new ContactEventIngest(core) });
};
