/**
 * Every deployed function (`FUNCTIONS`): handler, trigger, tables with access,
 * grants, environment. Adding a handler = one entry here (the packaging test fails
 * when a handler under functions/ is not).
 */
import { CONTACT_ROUTES, EVALUATION_ROUTES, RULES_ROUTES } from '../functions/http/routes.ts';
import { CASES_DETAIL_TYPES } from '../engine/ingest/cases.ts';
import { CONTACT_EVENT_DETAIL_TYPE } from '../engine/ingest/contact-events.ts';
import { CANONICAL_DETAIL_TYPES, METRICS_DETAIL_TYPES } from '../engine/ingest/engine-bus.ts';
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../engine/rules/model.ts';
import { instanceIdOf, splitList, type DeployParams } from './parameters.ts';
import type { FunctionSpec, GrantName, HttpRoute, MetricAlarmSpec } from './spec.ts';
import { ENGINE_BUS_ID } from './event-buses.ts';
import { CONTACT_ATTRIBUTES_VAR } from '../functions/session-attributes.ts';
import { STAGE_ENV_VAR } from '../functions/metric-identity.ts';

/** The HTTP API routes of the rules API function: the route table's rules rows. */
export function rulesApiRoutes(): HttpRoute[] {
  return RULES_ROUTES.map(({ method, path }) => ({ method, path }));
}

/** The HTTP API routes of the evaluation API function: the route table's evaluation rows. */
export function evaluationApiRoutes(): HttpRoute[] {
  return EVALUATION_ROUTES.map(({ method, path }) => ({ method, path }));
}

/** The HTTP API routes of the contacts API function: the route table's contact rows. */
export function contactsApiRoutes(): HttpRoute[] {
  return CONTACT_ROUTES.map(({ method, path }) => ({ method, path }));
}

/** Every deployed function. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    key: 'rulesApi',
    handler: 'functions/rules-api.handler',
    description: 'Amazon Connect rules API: CreateRule, DescribeRule, ListRules, UpdateRule, DeleteRule',
    trigger: { kind: 'http', routes: rulesApiRoutes() },
    tables: { rules: 'readwrite' },
    memorySize: 1024,
    timeout: 10,
  },
  {
    // The evaluations live on the engine's own table (as with `connect-rules serve`); a
    // manual submission's OnContactEvaluationSubmit event goes to the engine bus, where
    // ingestCanonical runs the rules (this function evaluates none).
    key: 'evaluationApi',
    handler: 'functions/evaluation-api-handler.handler',
    description: 'Amazon Connect evaluation-form and contact-evaluation API; a submitted evaluation goes to the engine bus',
    trigger: { kind: 'http', routes: evaluationApiRoutes() },
    tables: { evaluations: 'readwrite', contacts: 'read' },
    grants: ['engineBus:putEvents'],
    environment: { CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`, CONNECT_RULES_EVENT_SOURCE: 'param:eventSource' },
    memorySize: 1024,
    timeout: 10,
  },
  {
    // Reads what the pipeline stored (CTRs, contact events) and the actions wrote (categories,
    // `local` task contacts); transcript search reads the analysis files again.
    key: 'contactsApi',
    handler: 'functions/contacts-api-handler.handler',
    description: 'Amazon Connect DescribeContact and SearchContacts over the contacts the engine stored and the categories and tasks its rules made',
    trigger: { kind: 'http', routes: contactsApiRoutes() },
    tables: { pipelineState: 'read', contacts: 'read' },
    grants: ['analysisFiles:read', 'analysisFiles:list'],
    environment: { CONNECT_INSTANCE_ARN: 'param:connectInstanceArn' },
    memorySize: 1024,
    // A search may read many contacts and analysis files; the HTTP API waits at most 30 s.
    timeout: 29,
  },
  {
    key: 'slaSweeper',
    handler: 'functions/sla-sweeper.sweepFromEnvironment',
    description: "SLA sweeper: overdue SLAs of the cases table become OnSlaBreach events on the engine's bus",
    trigger: { kind: 'schedule', rate: 'rate(1 minute)' },
    tables: { cases: 'readwrite' },
    grants: ['engineBus:putEvents'],
    environment: { CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`, CONNECT_RULES_EVENT_SOURCE: 'param:eventSource' },
    timeout: 50,
  },
  ...ingestionFunctions(),
];

/**
 * What pages an operator about live sessions (docs/pipeline.md "Real-time segments"):
 * each means real-time rules not applying, with nothing else to show it but a count.
 * Not alarmed: `SessionAttributesRead` (asks that worked) and `AgentRowsWithoutQueue`
 * (ingestMetrics: why a queue-filtered AGENT_ACTIVITY rule skips an agent, a fact of the
 * snapshots the poller asks for, not a fault: its INFO line says which).
 */
function realtimeAlarms(): MetricAlarmSpec[] {
  const sources: EventSourceName[] = ['OnRealTimeCallAnalysisAvailable', 'OnRealTimeChatAnalysisAvailable'];
  return [
    {
      metric: 'RealtimeStateTooLarge',
      sources,
      threshold: 1,
      description: "a contact's real-time state does not fit one DynamoDB item even compressed: the record that passed the limit fails (then its dead-letter queue), each later record of the contact is not folded (logged at WARN 'real-time record not folded', counted, acknowledged) and its real-time rules are no longer evaluated",
    },
    {
      // After two of Connect's failures in a row the function instance stops asking for 30 s: one such record is a page.
      metric: 'SessionAttributesNotAsked',
      sources,
      threshold: 1,
      description: "GetContactAttributes failed twice in a row, so sessions are not asking: real-time rules reading contact attributes do not apply to them (check Connect's health, throttling and the function's connect:GetContactAttributes grant)",
    },
    {
      // A failure now and then (a throttle) is retried by its session after 30 s; five in 5 minutes is not that.
      metric: 'SessionAttributesUnavailable',
      sources,
      threshold: 5,
      description: 'GetContactAttributes calls are failing: sessions are evaluated with their contact attributes not yet known (their conditions do not apply) until an ask works',
    },
  ];
}

/**
 * The trigger ingestion handlers (functions/ingest-*.ts): each evaluates the events
 * of the sources it names in `runsActionsOf` (its role may run only the actions
 * those sources allow), keeps per-contact state and de-duplicates deliveries; the ones that may evaluate
 * an analysis or evaluation file (on arrival, when its contact record arrives, or
 * at the sweep) read those files.
 */
function ingestionFunctions(): FunctionSpec[] {
  const tables = { rules: 'read', pipelineState: 'readwrite', idempotency: 'readwrite' } as const;
  const environment = {
    CONNECT_INSTANCE_ID: (p: DeployParams) => instanceIdOf(p.connectInstanceArn),
    // aws.cases events name their domain: it is the instance's.
    CONNECT_RULES_CASES_DOMAINS: (p: DeployParams) => (p.casesDomainId ? `${p.casesDomainId}=${instanceIdOf(p.connectInstanceArn)}` : ''),
    // the counters' Stage dimension (functions/counter-metrics.ts), which the stage's alarms watch
    [STAGE_ENV_VAR]: (_: DeployParams, stage: string) => stage,
  };
  const files: GrantName[] = ['analysisFiles:read', 'evaluationFiles:read'];
  const common = { tables, environment, memorySize: 1024 } as const;
  const postContact = ['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable'] as const;
  return [
    {
      ...common,
      key: 'ingestAnalysis',
      runsActionsOf: [...postContact],
      handler: 'functions/ingest-analysis.handler',
      description: 'Contact Lens analysis files (S3) → OnPostCallAnalysisAvailable / OnPostChatAnalysisAvailable',
      trigger: { kind: 's3', prefixParam: 'analysisPrefix', suffix: '.json' },
      grants: ['analysisFiles:read'],
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestEvaluations',
      runsActionsOf: ['OnContactEvaluationSubmit'],
      handler: 'functions/ingest-evaluations.handler',
      description: 'Contact evaluation export files (S3) → OnContactEvaluationSubmit',
      trigger: { kind: 's3', prefixParam: 'evaluationsPrefix', suffix: '.json' },
      grants: ['evaluationFiles:read'],
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestContactRecords',
      runsActionsOf: [...postContact, 'OnContactEvaluationSubmit'],
      handler: 'functions/ingest-contact-records.handler',
      description: 'Contact trace records (Kinesis): stored per contact, waiting analyses evaluated',
      trigger: { kind: 'kinesis', streamParam: 'ctrStreamArn', batchSize: 100, batchWindow: 1 },
      grants: files,
      timeout: 120,
    },
    {
      ...common,
      key: 'ingestRealtime',
      runsActionsOf: ['OnRealTimeCallAnalysisAvailable', 'OnRealTimeChatAnalysisAvailable'],
      handler: 'functions/ingest-realtime.handler',
      description: 'Real-time contact analysis segments (Kinesis) → OnRealTimeCallAnalysisAvailable / OnRealTimeChatAnalysisAvailable',
      trigger: { kind: 'kinesis', streamParam: 'realtimeStreamArn', batchSize: 100, batchWindow: 0 },
      // a live session's attributes from Connect when no stored record tells them (the local stage sets none: local-stage.ts)
      grants: ['connect:getContactAttributes'],
      environment: { ...environment, [CONTACT_ATTRIBUTES_VAR]: 'connect' },
      metricAlarms: realtimeAlarms(),
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestCases',
      runsActionsOf: ['OnCaseCreate', 'OnCaseUpdate', 'OnSlaBreach'],
      handler: 'functions/ingest-cases.handler',
      description: 'Amazon Connect Cases events (default bus) → OnCaseCreate, OnCaseUpdate, OnSlaBreach',
      trigger: { kind: 'eventbridge', rules: [{ bus: 'default', pattern: { source: ['aws.cases'], 'detail-type': [...CASES_DETAIL_TYPES] } }] },
    },
    {
      ...common,
      key: 'ingestCanonical',
      // Any canonical trigger event may be put on the engine bus: every source.
      runsActionsOf: EVENT_SOURCE_NAMES,
      handler: 'functions/ingest-canonical.handler',
      description: "Canonical trigger events (the engine's bus) and the instance's contact events (default bus)",
      trigger: {
        kind: 'eventbridge',
        rules: [
          { bus: 'engine', pattern: { 'detail-type': [...CANONICAL_DETAIL_TYPES] } },
          {
            bus: 'default',
            pattern: (p) => ({ source: ['aws.connect'], 'detail-type': [CONTACT_EVENT_DETAIL_TYPE], detail: { instanceArn: [p.connectInstanceArn] } }),
          },
        ],
      },
    },
    {
      ...common,
      key: 'ingestMetrics',
      runsActionsOf: ['OnMetricDataUpdate'],
      handler: 'functions/ingest-metrics.handler',
      description: "Metric snapshots put on the engine's bus → OnMetricDataUpdate",
      trigger: { kind: 'eventbridge', rules: [{ bus: 'engine', pattern: { 'detail-type': [...METRICS_DETAIL_TYPES] } }] },
    },
    {
      ...common,
      key: 'ingestThirdParty',
      runsActionsOf: ['OnZendeskTicketCreate', 'OnZendeskTicketStatusUpdate', 'OnSalesforceCaseCreate'],
      handler: 'functions/ingest-third-party.handler',
      description: 'Zendesk and Salesforce partner events → OnZendeskTicket*, OnSalesforceCaseCreate',
      trigger: {
        kind: 'eventbridge',
        rules: (p) => splitList(p.partnerEventBusArns).map((arn) => ({ bus: { arn }, pattern: { source: [{ prefix: 'aws.partner/' }] } })),
      },
    },
    {
      ...common,
      key: 'ingestSweep',
      runsActionsOf: [...postContact, 'OnContactEvaluationSubmit'],
      handler: 'functions/ingest-sweep.handler',
      description: 'Analyses still waiting for their contact record after the grace period are evaluated',
      trigger: { kind: 'schedule', rate: 'rate(1 minute)' },
      grants: files,
      timeout: 50,
    },
  ];
}
