/**
 * Canonical trigger events (docs/canonical-events.md), for every source: the
 * engine's own JSON, used by fixtures and by the events the engine emits itself
 * (SLA breaches of the sweeper, evaluations submitted through the local API).
 * Invoked directly (one event or a list), through EventBridge (the event as
 * `detail`; EventId defaults to the EventBridge id) or SQS. Amazon Connect contact
 * events (`aws.connect` `Amazon Connect Contact Event`) are read here too: they give
 * real-time rules the contact's queue and agent before its contact trace record.
 */
import { createEventBridgeHandler, type EventBridgeIngestor } from './ingest-eventbridge.ts';
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { canonicalIngestor } from './ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';

export const createCanonicalHandler = (rt: IngestRuntime<EventBridgeIngestor>) => createEventBridgeHandler(rt);

export const handler = lazyHandler((context) => createCanonicalHandler(createIngestRuntime(accountOverride(context), canonicalIngestor)));
