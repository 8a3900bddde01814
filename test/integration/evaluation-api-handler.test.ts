/**
 * The evaluation API's Lambda handler alone: API Gateway HTTP API (v2) events in,
 * responses out, on the evaluations and contacts tables of DynamoDB Local, with the
 * EventBridge client mocked so the PutEvents of a submission is asserted exactly.
 * Then that event, as the engine bus delivers it, through the canonical-events
 * handler (the deployed ingestCanonical): its OnContactEvaluationSubmit rule fires.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalContacts } from '../../engine/actions/local/contacts.ts';
import { FORM } from '../support/evaluation-form.ts';
import { evaluationApiRoutes } from '../../deploy/serverless.ts';
import { createTables, dynamoDbClient, freshTables, tableNames } from '../support/dynamodb.ts';
import { CONTEXT, INSTANCE, pipelineHarness } from '../support/pipeline-harness.ts';
import { actionRules } from '../support/action-rules.ts';
import { EVALUATION_API_ROUTES } from '../support/api-routes.ts';
import { lambdaContext } from '../support/http-api.ts';
import { createEvaluationApiHandler, EVALUATION_SUBMITTED_DETAIL_TYPE } from '../../functions/evaluation-api-handler.ts';
import { createCanonicalHandler } from '../../functions/ingest-canonical.ts';
import type { HttpApiEvent, HttpApiResult } from '../../functions/http/event.ts';

const BUS = 'connect-rules-ci';
const SOURCE = 'connect-rules';
const CALLER = 'arn:aws:iam::111122223333:user/qa-lead';
const TABLE_NAMES = tableNames(['contacts', 'evaluations', 'cases', 'outbox', 'users', 'ledger']);

const eventBridge = mockClient(EventBridgeClient);
const logger = new Logger({ serviceName: 'evaluation-api-test', logLevel: 'SILENT' });
let dynamoDb: DynamoDBClient;
let call: (e: HttpApiEvent) => Promise<HttpApiResult>;

const context = lambdaContext('connect-rules-ci-evaluationApi');

const parts = () => ({
  dynamoDb,
  eventBridge: new EventBridgeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
  config: { tables: TABLE_NAMES, eventBusName: BUS, eventSource: SOURCE, region: 'us-east-1', accountId: '111122223333' },
});

beforeAll(async () => {
  dynamoDb = dynamoDbClient();
  await createTables(dynamoDb, ['evaluations', 'contacts']);
  const handler = createEvaluationApiHandler({ parts: parts(), logger });
  call = (e) => handler(e, context as never) as Promise<HttpApiResult>;
}, 120_000);

afterAll(async () => {
  eventBridge.restore();
  dynamoDb?.destroy();
});

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
  vi.restoreAllMocks();
});

const DEPLOYED = evaluationApiRoutes();
/** The route keys the requests of this file matched. */
const used = new Set<string>();

/** An API Gateway v2 event as the HTTP API sends it for `method path`: the deployed route it matches, its path parameters, the IAM caller. */
function request(method: string, path: string, body?: unknown, rawQueryString = ''): HttpApiEvent {
  const segments = path.split('/');
  const route = DEPLOYED.find((r) => {
    const t = r.path.split('/');
    return r.method === method && t.length === segments.length && t.every((s, i) => s.startsWith('{') || s === segments[i]);
  });
  const pathParameters: Record<string, string> = {};
  route?.path.split('/').forEach((s, i) => {
    if (s.startsWith('{')) pathParameters[s.slice(1, -1)] = decodeURIComponent(segments[i]!);
  });
  if (route) used.add(`${route.method} ${route.path}`);
  return {
    version: '2.0',
    routeKey: route ? `${route.method} ${route.path}` : '$default',
    rawPath: path,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    ...(route ? { pathParameters } : {}),
    requestContext: {
      accountId: '111122223333',
      apiId: 'api1',
      requestId: `api-${randomUUID()}`,
      stage: '$default',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'aws-sdk-js' },
      authorizer: { iam: { userArn: CALLER, accessKey: 'AKIDQALEAD', accountId: '111122223333' } },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

const json = (r: HttpApiResult) => JSON.parse(r.body) as any;

async function ok(method: string, path: string, body?: unknown, query = ''): Promise<any> {
  const r = await call(request(method, path, body, query));
  expect(r.statusCode, `${method} ${path}: ${r.body}`).toBe(200);
  expect(r.headers['content-type']).toBe('application/json');
  return json(r);
}

const FACTS = { ContactId: 'contact-7', Channel: 'VOICE', InitiationMethod: 'INBOUND', Agent: { AgentId: 'agent-1' }, Queue: { QueueId: 'queue-1' } };
const SUBMIT_ANSWERS = { q2: { Value: { NumericValue: -2 } }, q3: { Value: { StringValue: 'q3-yes' } } };

/** An ACTIVE form and a DRAFT evaluation of contact-7 answered on q1, in `instanceId`. */
async function draftEvaluation(instanceId: string): Promise<{ formId: string; evaluationId: string }> {
  const { EvaluationFormId: formId } = await ok('PUT', `/evaluation-forms/${instanceId}`, { Title: 'QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy });
  await ok('POST', `/evaluation-forms/${instanceId}/${formId}/activate`, { EvaluationFormVersion: 1 });
  const { EvaluationId: evaluationId } = await ok('PUT', `/contact-evaluations/${instanceId}`, { ContactId: 'contact-7', EvaluationFormId: formId });
  await ok('POST', `/contact-evaluations/${instanceId}/${evaluationId}`, { Answers: { q1: { Value: { StringValue: 'q1-yes' } } } });
  return { formId, evaluationId };
}

/** The OnContactEvaluationSubmit event of those answers, as `connect-rules serve` hands it to the pipeline. */
const submitEvent = (instanceId: string, formId: string, evaluationId: string, at: string) => ({
  EventSourceName: 'OnContactEvaluationSubmit',
  InstanceId: instanceId,
  EventId: `evaluation-submitted-${evaluationId}`,
  EventTime: at,
  ContactLens: {
    ContactEvaluation: {
      ...FACTS,
      EvaluationId: evaluationId,
      Form: { FormId: formId, Score: 75 },
      Sections: { s1: { Score: 50 }, s2: { Score: 100 } },
      Questions: { q1: { Answer: { ValueRefId: 'q1-yes' } }, q2: { Answer: { Value: -2 } }, q3: { Answer: { ValueRefId: 'q3-yes' } } },
    },
  },
});

/** LastModifiedTime of an evaluation (epoch seconds on the wire) as ISO. */
const isoOf = (seconds: number) => new Date(Math.round(seconds * 1000)).toISOString();

async function rememberContact(instanceId: string) {
  const contacts = new LocalContacts(DynamoDBDocumentClient.from(dynamoDb), TABLE_NAMES.contacts);
  await contacts.rememberContact(instanceId, FACTS, new Date());
}

describe('evaluation API handler (API Gateway HTTP API v2)', () => {
  it('serves every deployed route; a submission puts its OnContactEvaluationSubmit event on the engine bus, exactly', async () => {
    const I = `inst-${randomUUID()}`;
    await rememberContact(I);

    const created = await ok('PUT', `/evaluation-forms/${I}`, { Title: 'QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy });
    const F = created.EvaluationFormId as string;
    expect(created).toEqual({ EvaluationFormId: F, EvaluationFormArn: `arn:aws:connect:us-east-1:111122223333:instance/${I}/evaluation-form/${F}` });
    expect((await ok('GET', `/evaluation-forms/${I}`)).EvaluationFormSummaryList).toEqual([expect.objectContaining({ EvaluationFormId: F, Title: 'QA', LatestVersion: 1 })]);
    expect(await ok('PUT', `/evaluation-forms/${I}/${F}`, { EvaluationFormVersion: 1, Title: 'QA v1', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy })).toMatchObject({ EvaluationFormVersion: 1 });
    const described = await ok('GET', `/evaluation-forms/${I}/${F}`, undefined, 'version=1');
    expect(described.EvaluationForm).toMatchObject({ Title: 'QA v1', Status: 'DRAFT', CreatedBy: CALLER, LastModifiedBy: CALLER });
    expect(typeof described.EvaluationForm.CreatedTime).toBe('number'); // epoch seconds, as the SDK reads them
    await ok('POST', `/evaluation-forms/${I}/${F}/activate`, { EvaluationFormVersion: 1 });
    expect((await ok('GET', `/evaluation-forms/${I}/${F}/versions`)).EvaluationFormVersionSummaryList.map((v: any) => [v.EvaluationFormVersion, v.Status, v.Locked])).toEqual([[1, 'ACTIVE', true]]);

    const started = await ok('PUT', `/contact-evaluations/${I}`, { ContactId: 'contact-7', EvaluationFormId: F });
    const E = started.EvaluationId as string;
    expect(started.EvaluationArn).toBe(`arn:aws:connect:us-east-1:111122223333:instance/${I}/contact-evaluation/${E}`);
    await ok('POST', `/contact-evaluations/${I}/${E}`, { Answers: { q1: { Value: { StringValue: 'q1-yes' } } }, Notes: { q1: { Value: 'good greeting' } } });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);

    expect(await ok('POST', `/contact-evaluations/${I}/${E}/submit`, { Answers: SUBMIT_ANSWERS })).toEqual({ EvaluationId: E, EvaluationArn: started.EvaluationArn });
    const { Evaluation } = await ok('GET', `/contact-evaluations/${I}/${E}`);
    expect(Evaluation).toMatchObject({ Status: 'SUBMITTED', Metadata: { ContactId: 'contact-7', ContactAgentId: 'agent-1', EvaluatorArn: CALLER, Score: { Percentage: 75 } } });
    const at = isoOf(Evaluation.LastModifiedTime);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      Entries: [{ EventBusName: BUS, Source: SOURCE, DetailType: EVALUATION_SUBMITTED_DETAIL_TYPE, Detail: expect.any(String), Time: new Date(at) }],
    });
    expect(JSON.parse(input.Entries![0]!.Detail!)).toEqual(submitEvent(I, F, E, at));

    expect((await ok('GET', `/contact-evaluations/${I}`, undefined, 'contactId=contact-7')).EvaluationSummaryList).toEqual([
      expect.objectContaining({ EvaluationId: E, EvaluationFormId: F, Status: 'SUBMITTED', EvaluationFormTitle: 'QA v1' }),
    ]);
    expect(await ok('DELETE', `/contact-evaluations/${I}/${E}`)).toEqual({});
    await ok('POST', `/evaluation-forms/${I}/${F}/deactivate`, { EvaluationFormVersion: 1 });
    expect(await ok('DELETE', `/evaluation-forms/${I}/${F}`)).toEqual({});

    const gone = await call(request('GET', `/evaluation-forms/${I}/${F}`));
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(gone.headers['x-amzn-requestid']).toMatch(/^api-/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);

    // The deployed routes are the evaluation API's, and each was requested above.
    expect(DEPLOYED.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...EVALUATION_API_ROUTES].sort());
    expect([...used].sort()).toEqual([...EVALUATION_API_ROUTES].sort());
  });

  it('answers errors as Connect does, and a path outside the evaluation routes as UnknownOperationException', async () => {
    const I = `inst-${randomUUID()}`;
    const invalid = await call({ ...request('PUT', `/evaluation-forms/${I}`), body: '{"Title": ' });
    expect([invalid.statusCode, invalid.headers['x-amzn-errortype']]).toEqual([400, 'InvalidParameterException']);
    expect(json(invalid).Message).toBe('Request body:1:11: not valid JSON: unexpected end of the text');
    // A key written twice: refused at the second, as the rules API refuses it, not the last taken.
    const twice = await call({ ...request('PUT', `/evaluation-forms/${I}`), body: '{"Title": "a",\n "Title": "b", "Items": []}' });
    expect([twice.statusCode, twice.headers['x-amzn-errortype']]).toEqual([400, 'InvalidParameterException']);
    expect(json(twice).Message).toBe('Request body:2:2: duplicate key "Title" (first written at line 1, column 2)');
    const noForm = await call(request('PUT', `/contact-evaluations/${I}`, { ContactId: 'c', EvaluationFormId: 'missing' }));
    expect([noForm.statusCode, noForm.headers['x-amzn-errortype']]).toEqual([404, 'ResourceNotFoundException']);
    const other = await call(request('GET', '/rules/x'));
    expect([other.statusCode, other.headers['x-amzn-errortype'], json(other)]).toEqual([404, 'UnknownOperationException', { Message: 'No operation matches GET /rules/x' }]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('a submission whose event the bus refuses: 500, the evaluation SUBMITTED, the event logged in full to be resent', async () => {
    const I = `inst-${randomUUID()}`;
    await rememberContact(I);
    const errors = vi.spyOn(logger, 'error');
    for (const [failure, code] of [
      [() => eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }), 'InternalFailure'],
      [() => eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })), undefined],
    ] as const) {
      errors.mockClear();
      failure();
      const { formId, evaluationId } = await draftEvaluation(I);
      const r = await call(request('POST', `/contact-evaluations/${I}/${evaluationId}/submit`, { Answers: SUBMIT_ANSWERS }));
      expect([r.statusCode, r.headers['x-amzn-errortype']]).toEqual([500, 'InternalServiceException']);
      const { Evaluation } = await ok('GET', `/contact-evaluations/${I}/${evaluationId}`);
      expect(Evaluation.Status).toBe('SUBMITTED');
      const logged = errors.mock.calls.find(([message]) => String(message).startsWith('OnContactEvaluationSubmit event not delivered'));
      expect(logged?.[1]).toMatchObject({
        eventId: `evaluation-submitted-${evaluationId}`,
        eventBusName: BUS,
        event: submitEvent(I, formId, evaluationId, isoOf(Evaluation.LastModifiedTime)),
        ...(code ? { errorCode: code } : {}),
      });
      // Submitting again cannot resend it: the evaluation is no longer a DRAFT.
      const again = await call(request('POST', `/contact-evaluations/${I}/${evaluationId}/submit`, { Answers: SUBMIT_ANSWERS }));
      expect([again.statusCode, again.headers['x-amzn-errortype']]).toEqual([409, 'ResourceConflictException']);
    }
  });

  it('a failed cold start answers 500 and is tried again on the next request', async () => {
    let attempts = 0;
    const handler = createEvaluationApiHandler({
      parts: () => {
        attempts += 1;
        if (attempts === 1) throw new Error('CONNECT_RULES_MAX_CASCADE_DEPTH must be a whole number');
        return parts();
      },
      logger,
    });
    const first = (await handler(request('GET', `/evaluation-forms/inst-1`), context as never)) as HttpApiResult;
    expect([first.statusCode, first.headers['x-amzn-errortype'], json(first)]).toEqual([500, 'InternalServiceException', { Message: 'The service encountered an internal error.' }]);
    const second = (await handler(request('GET', `/evaluation-forms/inst-1`), context as never)) as HttpApiResult;
    expect([second.statusCode, json(second)]).toEqual([200, { EvaluationFormSummaryList: [] }]);
    expect(attempts).toBe(2);
  });

  it('the event put on the bus is run through the OnContactEvaluationSubmit rules by the canonical-events handler (ingestCanonical)', async () => {
    const h = await pipelineHarness({ exampleRules: false });
    await rememberContact(INSTANCE);
    const { formId, evaluationId } = await draftEvaluation(INSTANCE);
    // Section s1 scores 80 % or less: this submission's 50 % fires it.
    await h.service.createRule(INSTANCE, actionRules(formId).LOW_GREETING_SCORE, CALLER);
    await ok('POST', `/contact-evaluations/${INSTANCE}/${evaluationId}/submit`, { Answers: SUBMIT_ANSWERS });
    const entry: PutEventsRequestEntry = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;

    // As EventBridge delivers it to the function behind the engine bus's rule.
    const delivered = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '111122223333',
      time: entry.Time!.toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(entry.Detail!),
    };
    const canonical = createCanonicalHandler(h.rt);
    expect(await canonical(delivered, CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['LOW_GREETING_SCORE']);
    const fired = h.runner.invocations[0]!;
    expect(fired.eventKey).toBe(`event:evaluation-submitted-${evaluationId}`);
    expect(fired.event).toMatchObject({ EventSourceName: 'OnContactEvaluationSubmit', InstanceId: INSTANCE, ContactLens: { ContactEvaluation: { EvaluationId: evaluationId, Agent: { AgentId: 'agent-1' } } } });

    // A redelivery of the same EventBridge event runs nothing again.
    await canonical(delivered, CONTEXT as never);
    expect(h.runner.rulesRun()).toEqual(['LOW_GREETING_SCORE']);
  });

  it("the README's samples of events/evaluationApi, in order (create a form, activate it, start an evaluation, submit it), make and submit a DRAFT evaluation", async () => {
    // Tables of this test only: the samples' ids are fixed (their ClientTokens), and so is their instance.
    const names = await freshTables(dynamoDb, ['evaluations', 'contacts']);
    const fresh = createEvaluationApiHandler({ parts: { ...parts(), config: { ...parts().config, tables: { ...TABLE_NAMES, ...names } } }, logger });
    const sample = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../events/evaluationApi', `${name}.json`), 'utf8')) as HttpApiEvent;
    const send = async (name: string) => {
      const out = (await fresh(sample(name), context as never)) as HttpApiResult;
      expect(out.statusCode, `${name}: ${out.body}`).toBe(200);
      return JSON.parse(out.body) as Record<string, string>;
    };
    const form = await send('create-evaluation-form');
    expect(await send('activate-evaluation-form')).toMatchObject({ EvaluationFormId: form.EvaluationFormId, EvaluationFormVersion: 1 });
    const started = await send('start-contact-evaluation');
    const submitted = await send('submit-contact-evaluation');
    expect(submitted.EvaluationId).toBe(started.EvaluationId);
    const detail = JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!) as { ContactLens: { ContactEvaluation: Record<string, unknown> } };
    expect(detail.ContactLens.ContactEvaluation).toMatchObject({ EvaluationId: started.EvaluationId, ContactId: 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a', Form: { FormId: form.EvaluationFormId } });
  });
});
