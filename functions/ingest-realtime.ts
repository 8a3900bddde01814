/**
 * Contact Lens real-time analysis segments from Kinesis (voice `1.0.0`, chat
 * `2.0.0`): each record is folded into the contact's running state in DynamoDB
 * (transcript so far, categories), then the real-time rules are evaluated; a rule
 * fires at most once per contact. Records are processed in order; a bad or failing
 * record is reported alone (`batchItemFailures`). Deployed, a session whose contact has
 * no stored record gets its attributes from Connect's GetContactAttributes at its first
 * record when a published rule reads them, with a back-off after failures
 * (session-attributes.ts, engine/pipeline/connect-asks.ts).
 */
import { createIngestRuntime, kinesisRecordsHandler, type IngestRuntime } from './ingest-runtime.ts';
import { segmentIngestor } from './ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { contactAttributesFromEnv } from './session-attributes.ts';
import type { Ingestor } from '../engine/pipeline/ingestor.ts';

export const createRealtimeHandler = (rt: IngestRuntime<Pick<Ingestor, 'segment'>>) =>
  kinesisRecordsHandler(rt, 'segment', (ingestor, payload, options) => ingestor.segment(payload, options));

export const handler = lazyHandler((context) => {
  // deployed: a live session's attributes are asked of Connect when no stored record tells them (session-attributes.ts)
  const contactAttributes = contactAttributesFromEnv();
  return createRealtimeHandler(createIngestRuntime({ ...accountOverride(context), ...(contactAttributes ? { contactAttributes } : {}) }, segmentIngestor));
});
