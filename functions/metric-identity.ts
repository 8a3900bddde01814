/**
 * Where the ingestion functions' counters go in CloudWatch: the namespace and the
 * Powertools `service` dimension each EMF document carries (with `Source`,
 * engine/pipeline/telemetry.ts). The deployment's alarms on these counters name the
 * same (deploy/alarms.ts), so both read them from here.
 */
export const SERVICE_NAME = 'connect-rules-ingest';
export const METRICS_NAMESPACE = 'ConnectRules';
