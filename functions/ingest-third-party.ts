/**
 * Zendesk and Salesforce events from their EventBridge partner event sources →
 * `OnZendeskTicketCreate`, `OnZendeskTicketStatusUpdate`, `OnSalesforceCaseCreate`
 * (engine/ingest/third-party.ts).
 */
import { createEventBridgeHandler, type EventBridgeIngestor } from './ingest-eventbridge.ts';
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { thirdPartyIngestor } from './ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';

export const createThirdPartyHandler = (rt: IngestRuntime<EventBridgeIngestor>) => createEventBridgeHandler(rt);

export const handler = lazyHandler((context) => createThirdPartyHandler(createIngestRuntime(accountOverride(context), thirdPartyIngestor)));
