/**
 * Zendesk and Salesforce events from their EventBridge partner event sources →
 * `OnZendeskTicketCreate`, `OnZendeskTicketStatusUpdate`, `OnSalesforceCaseCreate`
 * (engine/ingest/third-party.ts).
 */
import { createEventBridgeHandler } from './ingest-eventbridge.ts';
import { createIngestRuntime, lazyHandler, type IngestRuntime } from './ingest-runtime.ts';

export const createThirdPartyHandler = (rt: IngestRuntime) => createEventBridgeHandler(rt, ['third-party']);

export const handler = lazyHandler(() => createThirdPartyHandler(createIngestRuntime()));
