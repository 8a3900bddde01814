/**
 * Where the ingestion functions' counters go in CloudWatch: the namespace and the
 * Powertools `service` and `Stage` dimensions each EMF document carries (with `Source`,
 * engine/pipeline/telemetry.ts). The deployment's alarms on these counters name the
 * same (deploy/alarms.ts), so both read them from here.
 */
export const SERVICE_NAME = 'connect-rules-ingest';
export const METRICS_NAMESPACE = 'ConnectRules';
/**
 * The deployment's stage, a default dimension of every counter (functions/counter-metrics.ts):
 * two stages in one account and region publish apart, and each stage's alarms watch only its own.
 */
export const STAGE_DIMENSION = 'Stage';
/** The variable the deployment sets to its stage (deploy/functions.ts) and the functions read it from. */
export const STAGE_ENV_VAR = 'CONNECT_RULES_STAGE';
