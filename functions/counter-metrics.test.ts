import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIngestMetrics } from './counter-metrics.ts';

/** The EMF documents a count published through these Metrics writes (Powertools prints them in dev mode). */
function published(env: Record<string, string | undefined>): { dimensions: string[]; doc: Record<string, unknown> }[] {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const metrics = createIngestMetrics(env);
    metrics.addDimension('Source', 'OnCaseCreate');
    metrics.addMetric('RuleErrors', 'Count', 1);
    metrics.publishStoredMetrics();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l)).map((doc) => ({ dimensions: doc._aws.CloudWatchMetrics[0].Dimensions[0], doc }));
}

describe('createIngestMetrics', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("publishes each counter under the deployed stage, so two stages in one account keep apart series", () => {
    const [prod] = published({ CONNECT_RULES_STAGE: 'prod' });
    const [dev] = published({ CONNECT_RULES_STAGE: 'dev' });
    expect(prod!.dimensions.sort()).toEqual(['Source', 'Stage', 'service']);
    expect(prod!.doc).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'ConnectRules' }] }, service: 'connect-rules-ingest', Stage: 'prod', Source: 'OnCaseCreate', RuleErrors: 1 });
    expect(dev!.doc).toMatchObject({ Stage: 'dev', RuleErrors: 1 });
  });

  it('adds no Stage dimension where no stage is set (serve, replay, a function run by hand)', () => {
    for (const env of [{}, { CONNECT_RULES_STAGE: '' }]) {
      const [doc] = published(env);
      expect(doc!.dimensions.sort()).toEqual(['Source', 'service']);
      expect(doc!.doc).not.toHaveProperty('Stage');
    }
  });
});
