/**
 * The tables of the action executors (docs/actions.md "Tables"), defined once as data
 * like storage/tables.ts and registered in its `TABLES`.
 *
 * | table | items (PK / SK) | indexes |
 * |---|---|---|
 * | contacts | contact facts and task contacts `INSTANCE#i#CONTACT#c` / `CONTACT`; categories `.../CATEGORY#<name>`; task counter `.../TASKS` | ByCategory (`INSTANCE#i#CATEGORY#<name>` / contact id), ByPrevious (`INSTANCE#i#PREVIOUS#<contact>` / task id), ByInstance (sparse, task contacts: `INSTANCE#i#TASKS` / `<InitiationTimestamp>#<task id>`, what SearchContacts reads) |
 * | cases | case `DOMAIN#d#CASE#c` / `CASE`; related items `.../RELATED#<id>` | SlaDue (sparse: `SLA#ACTIVE` / `<target time>#<case>#<item>`), ByDomain (`DOMAIN#d` / `<created>#<case>`) |
 * | outbox | emails `INSTANCE#i` / `EMAIL#<id>`; events `EVENT#<id>` (ids derived from (event, rule, action): a take-over writes the same item); daily email counter `QUOTA#EMAIL#<day>` | - |
 * | users | `INSTANCE#i` / `USER#<id>` | - |
 * | evaluations | forms `INSTANCE#i` / `FORM#<f>`, versions `FORMVERSION#<f>#<v>`, evaluations `EVALUATION#<e>` | ByContact (`INSTANCE#i#CONTACT#c` / evaluation id) |
 * | ledger | `KEY` = `<eventKey>|<ruleId>|<actionIndex>` | - (TTL) |
 */
import { S, gsi, keys, type TableDefinition } from './table-schema.ts';

/** The contacts table's index of task contacts per instance in initiation-time order (SearchContacts, engine/contacts). */
export const CONTACTS_KEYS = { byInstanceIndex: 'ByInstance', byInstancePk: 'GSI3PK', byInstanceSk: 'GSI3SK' } as const;

export const CONTACTS_TABLE: TableDefinition = {
  key: 'contacts',
  logicalId: 'ContactsTable',
  envVar: 'CONTACTS_TABLE',
  defaultName: 'connect-rules-local-contacts',
  keySchema: keys('PK', 'SK'),
  attributeDefinitions: [S('PK'), S('SK'), S('GSI1PK'), S('GSI1SK'), S('GSI2PK'), S('GSI2SK'), S(CONTACTS_KEYS.byInstancePk), S(CONTACTS_KEYS.byInstanceSk)],
  globalSecondaryIndexes: [
    gsi('ByCategory', 'GSI1PK', 'GSI1SK'),
    gsi('ByPrevious', 'GSI2PK', 'GSI2SK'),
    gsi(CONTACTS_KEYS.byInstanceIndex, CONTACTS_KEYS.byInstancePk, CONTACTS_KEYS.byInstanceSk),
  ],
  billingMode: 'PAY_PER_REQUEST',
};

export const CASES_TABLE: TableDefinition = {
  key: 'cases',
  logicalId: 'CasesTable',
  envVar: 'CASES_TABLE',
  defaultName: 'connect-rules-local-cases',
  keySchema: keys('PK', 'SK'),
  attributeDefinitions: [S('PK'), S('SK'), S('GSI1PK'), S('GSI1SK'), S('GSI2PK'), S('GSI2SK')],
  globalSecondaryIndexes: [gsi('SlaDue', 'GSI1PK', 'GSI1SK'), gsi('ByDomain', 'GSI2PK', 'GSI2SK')],
  billingMode: 'PAY_PER_REQUEST',
};

export const OUTBOX_TABLE: TableDefinition = {
  key: 'outbox',
  logicalId: 'OutboxTable',
  envVar: 'OUTBOX_TABLE',
  defaultName: 'connect-rules-local-outbox',
  keySchema: keys('PK', 'SK'),
  attributeDefinitions: [S('PK'), S('SK')],
  globalSecondaryIndexes: [],
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: 'ExpiresAt',
};

export const USERS_TABLE: TableDefinition = {
  key: 'users',
  logicalId: 'UsersTable',
  envVar: 'USERS_TABLE',
  defaultName: 'connect-rules-local-users',
  keySchema: keys('PK', 'SK'),
  attributeDefinitions: [S('PK'), S('SK')],
  globalSecondaryIndexes: [],
  billingMode: 'PAY_PER_REQUEST',
};

export const EVALUATIONS_TABLE: TableDefinition = {
  key: 'evaluations',
  logicalId: 'EvaluationsTable',
  envVar: 'EVALUATIONS_TABLE',
  defaultName: 'connect-rules-local-evaluations',
  keySchema: keys('PK', 'SK'),
  attributeDefinitions: [S('PK'), S('SK'), S('GSI1PK'), S('GSI1SK')],
  globalSecondaryIndexes: [gsi('ByContact', 'GSI1PK', 'GSI1SK')],
  billingMode: 'PAY_PER_REQUEST',
};

export const LEDGER_TABLE: TableDefinition = {
  key: 'ledger',
  logicalId: 'ActionLedgerTable',
  envVar: 'ACTION_LEDGER_TABLE',
  defaultName: 'connect-rules-local-action-ledger',
  keySchema: keys('KEY'),
  attributeDefinitions: [S('KEY')],
  globalSecondaryIndexes: [],
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: 'ExpiresAt',
};

/** The action tables by key, for `TABLES`. */
export const ACTION_TABLES: Readonly<Record<string, TableDefinition>> = Object.fromEntries(
  [CONTACTS_TABLE, CASES_TABLE, OUTBOX_TABLE, USERS_TABLE, EVALUATIONS_TABLE, LEDGER_TABLE].map((t) => [t.key, t]),
);

export const ACTION_TABLE_KEYS = Object.keys(ACTION_TABLES);
