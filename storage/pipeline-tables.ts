/**
 * The tables of trigger ingestion (docs/pipeline.md), as data like storage/tables.ts.
 *
 * Pipeline state table: the per-contact state ingestion keeps between invocations
 * (the actions' own `contacts` table, storage/action-tables.ts, is another concern).
 *
 * | item                    | PK                              | SK                     | Pending index (sparse)                  |
 * |-------------------------|---------------------------------|------------------------|-----------------------------------------|
 * | contact trace record    | CONTACT#<instanceId>#<contactId> | RECORD#CTR            | - (ByInstance: CONTACTS#<instanceId> / <InitiationTimestamp>#<contactId>) |
 * | contact events (merged) | CONTACT#<instanceId>#<contactId> | RECORD#EVENTS         | - (ByInstance, as the CTR)              |
 * | AI agents of a response | CONTACT#<instanceId>#<contactId> | RECORD#AI_AGENTS      | -                                       |
 * | analysis of a source    | CONTACT#<instanceId>#<contactId> | ANALYSIS#<source>     | PENDING / <dueAt>#<pk>#<sk> until DONE  |
 * | submitted evaluation    | CONTACT#<instanceId>#<contactId> | EVALUATION#<id>       | PENDING / <dueAt>#<pk>#<sk> until DONE  |
 * | real-time state         | CONTACT#<instanceId>#<contactId> | REALTIME#<channel>    | -                                       |
 * | real-time chunk k       | CONTACT#<instanceId>#<contactId> | REALTIME#<channel>#<k, 5 digits> | - (engine/pipeline/state/realtime.ts) |
 * | real-time rule fired    | CONTACT#<instanceId>#<contactId> | FIRED#<ruleId>        | -                                       |
 *
 * ByInstance (sparse: contact trace records and the merged facts of contact events)
 * is what SearchContacts reads (engine/contacts/): an instance's contacts in
 * initiation-time order, so a TimeRange on INITIATION_TIMESTAMP is a key condition,
 * not a scan. A contact with both has two entries there; its CTR wins.
 *
 * Idempotency table: the Powertools idempotency records (key `id`, TTL `expiration`),
 * one per delivery (S3 object version, Kinesis record, EventBridge id, canonical EventId).
 */
import { S, gsi, keys, type TableDefinition } from './table-schema.ts';

/** Key attribute and index names of the pipeline state table, used by the repositories of engine/pipeline/state/. */
export const STATE_KEYS = {
  pk: 'PK',
  sk: 'SK',
  pendingIndex: 'Pending',
  pendingPk: 'PendingPK',
  pendingSk: 'PendingSK',
  ttl: 'ExpiresAt',
  byInstanceIndex: 'ByInstance',
  byInstancePk: 'ContactsPK',
  byInstanceSk: 'ContactsSK',
} as const;

export const PIPELINE_STATE_TABLE: TableDefinition = {
  key: 'pipelineState',
  logicalId: 'PipelineStateTable',
  envVar: 'PIPELINE_STATE_TABLE',
  defaultName: 'connect-rules-local-pipeline-state',
  keySchema: keys(STATE_KEYS.pk, STATE_KEYS.sk),
  attributeDefinitions: [
    S(STATE_KEYS.pk),
    S(STATE_KEYS.sk),
    S(STATE_KEYS.pendingPk),
    S(STATE_KEYS.pendingSk),
    S(STATE_KEYS.byInstancePk),
    S(STATE_KEYS.byInstanceSk),
  ],
  globalSecondaryIndexes: [
    gsi(STATE_KEYS.pendingIndex, STATE_KEYS.pendingPk, STATE_KEYS.pendingSk),
    gsi(STATE_KEYS.byInstanceIndex, STATE_KEYS.byInstancePk, STATE_KEYS.byInstanceSk),
  ],
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: STATE_KEYS.ttl,
};

/** The attribute names Powertools' DynamoDBPersistenceLayer uses by default. */
export const IDEMPOTENCY_KEYS = { pk: 'id', ttl: 'expiration' } as const;

export const IDEMPOTENCY_TABLE: TableDefinition = {
  key: 'idempotency',
  logicalId: 'IdempotencyTable',
  envVar: 'IDEMPOTENCY_TABLE',
  defaultName: 'connect-rules-local-idempotency',
  keySchema: keys(IDEMPOTENCY_KEYS.pk),
  attributeDefinitions: [S(IDEMPOTENCY_KEYS.pk)],
  globalSecondaryIndexes: [],
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: IDEMPOTENCY_KEYS.ttl,
};

/** The pipeline's tables, by key (registered in storage/tables.ts `TABLES`). */
export const PIPELINE_TABLES: Readonly<Record<string, TableDefinition>> = {
  [PIPELINE_STATE_TABLE.key]: PIPELINE_STATE_TABLE,
  [IDEMPOTENCY_TABLE.key]: IDEMPOTENCY_TABLE,
};
