/**
 * Amazon Connect Cases events (EventBridge `aws.cases`, detail-type `Amazon Connect
 * Cases Change` or the older `Amazon Connect Cases Event`) → `OnCaseCreate`,
 * `OnCaseUpdate`, and `OnSlaBreach` when an SLA related item goes overdue
 * (engine/ingest/cases.ts). The SLA sweeper of the actions emits OnSlaBreach as
 * canonical events (ingest-canonical.ts).
 */
import { createEventBridgeHandler, type EventBridgeIngestor } from './ingest-eventbridge.ts';
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { casesIngestor } from './ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';

export const createCasesHandler = (rt: IngestRuntime<EventBridgeIngestor>) => createEventBridgeHandler(rt);

export const handler = lazyHandler((context) => createCasesHandler(createIngestRuntime(accountOverride(context), casesIngestor)));
