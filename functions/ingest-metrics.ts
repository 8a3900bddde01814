/**
 * Metric snapshots (engine/ingest/metrics.ts: the responses of GetCurrentMetricData,
 * GetMetricDataV2 and GetCurrentUserData with the instance and snapshot time) →
 * `OnMetricDataUpdate`. Invoked directly by a poller, or through EventBridge (the
 * snapshot as `detail`) or SQS.
 */
import { createEventBridgeHandler, type EventBridgeIngestor } from './ingest-eventbridge.ts';
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { metricsIngestor } from './ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';

export const createMetricsHandler = (rt: IngestRuntime<EventBridgeIngestor>) => createEventBridgeHandler(rt);

export const handler = lazyHandler((context) => createMetricsHandler(createIngestRuntime(accountOverride(context), metricsIngestor)));
