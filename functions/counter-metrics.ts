/**
 * The ingestion functions' Powertools Metrics: the namespace and `service` of
 * metric-identity.ts, and the deployment's stage (CONNECT_RULES_STAGE) as a default
 * dimension, so two stages in one account and region do not add into each other's series
 * and alarms (deploy/alarms.ts watches the same three). Unset (serve, replay, tests by
 * hand), there is no `Stage` dimension.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME, STAGE_DIMENSION, STAGE_ENV_VAR } from './metric-identity.ts';

export function createIngestMetrics(env: Readonly<Record<string, string | undefined>> = process.env): Metrics {
  const stage = env[STAGE_ENV_VAR];
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, defaultDimensions: stage ? { [STAGE_DIMENSION]: stage } : {} });
}
