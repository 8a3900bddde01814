/**
 * The engine events of the functions that make them themselves, with the `local`
 * stage's configuration (deploy/local-stage.ts: `CONNECT_RULES_ENGINE_EVENTS=outbox`):
 * the deployed SLA sweeper entry point, in an environment that is the local stage's
 * `slaSweeper` environment, puts its breach events in the outbox on DynamoDB Local,
 * each once, where `connect-rules outbox --lambda-event` finds them as the EventBridge
 * event ingestCanonical takes. (The evaluation API's: test/integration/serverless-local.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalActionRuntime } from '../../engine/actions/local/backend.ts';
import { detectPayload } from '../../engine/ingest/detect.ts';
import { buildDeployment, checkParams } from '../../deploy/serverless.ts';
import { lambdaEventOf } from '../../cli/commands/outbox.ts';
import { SLA_BREACH_DETAIL_TYPE, sweepFromEnvironment } from '../../functions/sla-sweeper.ts';
import { runCliAsync } from '../support/cli.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const INSTANCE = 'sla-local-instance';
const dynamoDb = dynamoDbClient();
beforeAll(async () => {
  await createTables(dynamoDb);
});
afterAll(() => {
  vi.unstubAllEnvs();
  dynamoDb.destroy();
});

/** The `local` stage's environment of a function, for this file's tables and the shared DynamoDB Local. */
function localStageEnvironment(fn: string): Record<string, string> {
  const params = checkParams({
    connectInstanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    analysisBucket: 'amazon-connect-local',
    analysisPrefix: 'Analysis/',
    evaluationsPrefix: 'Evaluations/',
    ctrStreamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr',
    realtimeStreamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-rtca-segments',
    eventSource: 'connect-rules',
    actionsBackend: 'local',
    logLevel: 'INFO',
  });
  const env = { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDb().endpoint };
  return (buildDeployment({ service: 'connect-rules', stage: 'local', params, env }).functions[fn] as { environment: Record<string, string> }).environment;
}

describe('the SLA sweeper on the local stage', () => {
  it('puts each breach in the outbox once, as an event ingestCanonical takes', async () => {
    const environment = localStageEnvironment('slaSweeper');
    expect(environment.CONNECT_RULES_ENGINE_EVENTS).toBe('outbox');
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');

    const runtime = createLocalActionRuntime({ dynamoDb });
    const hourAgo = new Date(Date.now() - 3600_000);
    const { caseId } = await runtime.cases!.createCase({ templateId: 't-1', fields: [], clientToken: 'sla-local-case', now: hourAgo, instanceId: INSTANCE });
    const sla = await runtime.cases!.assignSla({ caseId, name: 'firstReply', targetSlaMinutes: 5, now: hourAgo, clientToken: 'sla-local', instanceId: INSTANCE });

    expect(await sweepFromEnvironment({}, undefined)).toEqual({ breached: 1 });
    expect(await sweepFromEnvironment({}, undefined)).toEqual({ breached: 0 });

    const events = await runtime.outbox.events(INSTANCE);
    expect(events.map((e) => [e.Id, e.Source, e.DetailType])).toEqual([[`sla-breach-${sla.RelatedItemId}`, 'connect-rules', SLA_BREACH_DETAIL_TYPE]]);
    expect(events[0]!.Detail).toMatchObject({
      EventSourceName: 'OnSlaBreach',
      InstanceId: INSTANCE,
      EventId: `sla-breach-${sla.RelatedItemId}`,
      RelatedItem: { CaseId: caseId, SlaConfiguration: { Name: 'firstReply', Status: 'Overdue' } },
    });
    const delivered = lambdaEventOf(events[0]!, {});
    expect(delivered).toMatchObject({ version: '0', 'detail-type': SLA_BREACH_DETAIL_TYPE, source: 'connect-rules', account: '111122223333', region: 'us-east-1', detail: events[0]!.Detail });
    expect(detectPayload(delivered)).toBe('eventbridge-event');

    // An id that is not there: an input not there (README: exit 2); the command names the ones that are.
    const missing = await runCliAsync(['outbox', '--endpoint', sharedDynamoDb().endpoint, '--instance', INSTANCE, '--lambda-event', 'sla-breach-nope']);
    expect([missing.status, missing.stdout, missing.stderr]).toEqual([
      2,
      '',
      `connect-rules outbox: no event sla-breach-nope in the outbox of instance ${INSTANCE}; its events: sla-breach-${sla.RelatedItemId}\n`,
    ]);
  });
});
