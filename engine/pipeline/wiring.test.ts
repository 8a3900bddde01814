/**
 * A Lambda function's ingestor holds only the parts and state repositories its
 * payloads need (functions/ingestors.ts); one wired without a part it then needs
 * fails with an error naming the part, never by ignoring the payload.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixture, INSTANCE } from '../../test/support/fixtures.ts';
import { casesRoute } from '../ingest/eventbridge.ts';
import { analysisFileReader, contactJoin, evaluationExportReader } from './contact-join.ts';
import { EventIngest } from './events.ts';
import { IngestCore, type IngestorDeps } from './ingest-core.ts';
import type { IngestResult } from './ingest-result.ts';
import { PipelineStateStore } from './state-store.ts';
import { contactRecordsState } from './state/repositories.ts';

/** Deps whose every delivery runs, and whose processor and state are never reached. */
const deps = {
  config: { instances: { defaultInstanceId: INSTANCE } },
  dedup: { once: async (_key: string, work: () => Promise<IngestResult>) => ({ result: await work(), ran: true }) },
  telemetry: { count: () => undefined },
} as unknown as IngestorDeps;

describe('an EventIngest built with only some parts', () => {
  const casesOnly = new EventIngest(new IngestCore(deps), { routes: { cases: casesRoute } });

  it('refuses a bare metric snapshot, naming the part it lacks', () => {
    expect(() => casesOnly.metricSnapshot(fixture('metrics/snapshot-billing-backlog.json'), { label: 's.json' })).toThrow(
      'a metric snapshot: this ingestor was built without its snapshot part (functions/ingestors.ts)',
    );
  });

  it('refuses a contact-based event without the stored-contact join, before reading any state', async () => {
    await expect(casesOnly.triggerEvent(fixture('canonical/OnPostCallAnalysisAvailable.json'), { label: 'c.json' })).rejects.toThrow(
      'c.json: an OnPostCallAnalysisAvailable event: this ingestor was built without its contacts part (functions/ingestors.ts)',
    );
  });

  it('refuses a bare S3 notification', async () => {
    await expect(casesOnly.s3Notification({ Records: [] }, { label: 'n' })).rejects.toThrow('an S3 notification: this ingestor was built without its notification part');
  });
});

describe('a ContactJoin built with the readers of some kinds', () => {
  // a store whose every call fails: the refusal comes before any state is read
  const withStore = { ...deps, store: new PipelineStateStore(new DynamoDBClient({ region: 'us-east-1' }), { tableName: 'state' }) } as IngestorDeps;
  const ref = { kind: 'file', path: 'x.json' } as const;

  it('refuses an analysis file in the evaluations function, naming the reader it lacks', async () => {
    const join = contactJoin(new IngestCore(withStore), evaluationExportReader);
    await expect(join.contactDocument(fixture('analysis/voice-cancellation.json'), { label: 'a.json', ref })).rejects.toThrow(
      'a.json: an analysis file: this ingestor was built without its analysis-file reader (its handler, functions/ingest-*.ts)',
    );
  });

  it('refuses an evaluation export in the analysis function', async () => {
    const join = contactJoin(new IngestCore(withStore), analysisFileReader);
    await expect(join.contactDocument(fixture('evaluation/evaluation-voice-cancellation.json'), { label: 'e.json', ref })).rejects.toThrow(
      'e.json: an evaluation export: this ingestor was built without its evaluation-export reader',
    );
  });
});

describe('the pipeline state holds the repositories added to it', () => {
  const key = { instanceId: INSTANCE, contactId: 'c-1' };

  it('a call into one not added fails naming it', () => {
    const store = new PipelineStateStore(new DynamoDBClient({ region: 'us-east-1' }), { tableName: 'state' });
    expect(() => store.getContactRecord(key)).toThrow('the pipeline state has no records repository: the ingestor did not add it (functions/ingestors.ts)');
    store.use(contactRecordsState);
    expect(() => store.getRealtime(key, 'VOICE')).toThrow('the pipeline state has no realtime repository');
    expect(() => store.claimFiring(key, 'rule-1', new Date())).toThrow('the pipeline state has no firings repository');
  });
});
