/**
 * The ingestor of each ingestion function: the handlers of the payloads it reads,
 * on the pipeline's parts (engine/pipeline/parts.ts). A function imports only its
 * own, so its bundle holds only the adapters of its sources: the real-time function
 * no analysis file, contact record join or EventBridge routes; the four EventBridge
 * functions only their own families' routes (the others' events are recognised and
 * ignored), no contact join, and the contact record join only where a family carries
 * contact-based events (`npm run bench`, docs/performance.md "Lambda footprint").
 */
import { ContactEventIngest } from '../engine/pipeline/contact-events.ts';
import { canonicalRoute, casesRoute, contactEventsRoute, metricsRoute, thirdPartyRoute } from '../engine/ingest/eventbridge.ts';
import { metricSnapshotToTriggerEvent } from '../engine/ingest/metrics.ts';
import { EventIngest, joinStoredContact } from '../engine/pipeline/events.ts';
import { IngestCore, type IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { firingsState } from '../engine/pipeline/state/repositories.ts';
import { SegmentIngest } from '../engine/pipeline/segments.ts';

/** Real-time segments (ingestRealtime). */
export const segmentIngestor = (deps: IngestorDeps) => new SegmentIngest(new IngestCore(deps, { firings: firingsState }));

// Each a function, not the result of a call at the top level: esbuild drops an unused
// function, but keeps a call (and all it names) in every bundle that imports this module.

/** Amazon Connect Cases events (ingestCases). */
export const casesIngestor = (deps: IngestorDeps) => new EventIngest(new IngestCore(deps), { routes: { cases: casesRoute } });

/** Zendesk and Salesforce partner events (ingestThirdParty). */
export const thirdPartyIngestor = (deps: IngestorDeps) => new EventIngest(new IngestCore(deps), { routes: { 'third-party': thirdPartyRoute } });

/** Metric snapshots, in EventBridge events or bare (ingestMetrics). */
export const metricsIngestor = (deps: IngestorDeps) =>
  new EventIngest(new IngestCore(deps), { routes: { metrics: metricsRoute }, snapshot: metricSnapshotToTriggerEvent });

/**
 * Canonical events, in EventBridge events or bare, joined with the contact's stored
 * record, and Amazon Connect contact events, stored (ingestCanonical). No contact
 * join: it reads no analysis file or evaluation export.
 */
export const canonicalIngestor = (deps: IngestorDeps) => {
  // real-time canonical events fire once per contact; contact-based ones read their contact's record, the repository ContactEventIngest adds
  const core = new IngestCore(deps, { firings: firingsState });
  return new EventIngest(core, {
    routes: { canonical: canonicalRoute, 'contact-events': contactEventsRoute },
    contacts: joinStoredContact,
    contactEvents: new ContactEventIngest(core),
  });
};
