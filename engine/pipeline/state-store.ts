/**
 * The per-contact state of ingestion in DynamoDB (storage/pipeline-tables.ts), one
 * repository per thing stored, in state/: contact records (`contact-records.ts`),
 * post-contact analyses and evaluations waiting for them (`subjects.ts`), real-time
 * state (`realtime.ts`), and real-time rules already fired (`firings.ts`). Every
 * invariant is a conditional write, never a read-then-write: a CTR never replaces a
 * newer one, an analysis is claimed by one evaluator at a time (a lease of the storage
 * kernel, engine/dynamo/lease.ts), a real-time rule fires once per contact.
 *
 * This class is the one door ingestion uses (`ContactStateStore`, also kept in memory
 * by memory-state-store.ts for backtest).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo/document.ts';
import { ContactRecords } from './state/contact-records.ts';
import { Firings } from './state/firings.ts';
import { RealtimeStates } from './state/realtime.ts';
import { Subjects } from './state/subjects.ts';
import { StateTable } from './state/table.ts';

export { contactPk, instanceContactsPk, type ContactKey } from './state/table.ts';
export type { StoredContactRecord } from './state/contact-records.ts';
export type { SubjectItem, SubjectStatus } from './state/subjects.ts';

export interface PipelineStateStoreOptions {
  readonly tableName: string;
  /** How long contact state is kept (DynamoDB TTL), seconds. Default 14 days. */
  readonly stateTtlSeconds?: number;
  /** How long a claim holds before another attempt may take it over (its holder is presumed dead), ms. Default 5 min. */
  readonly claimLeaseMs?: number;
}

/** What ingestion needs of the state: the DynamoDB store here, or memory-state-store.ts for backtest. */
export type ContactStateStore = Pick<
  PipelineStateStore,
  | 'putContactRecord'
  | 'getContactRecord'
  | 'mergeContactEvents'
  | 'registerSubject'
  | 'openSubjects'
  | 'dueSubjects'
  | 'claimSubject'
  | 'completeSubject'
  | 'releaseSubject'
  | 'getRealtime'
  | 'putRealtime'
  | 'claimFiring'
  | 'firingElsewhere'
  | 'markFired'
  | 'releaseFiring'
>;

export class PipelineStateStore {
  readonly records: ContactRecords;
  readonly subjects: Subjects;
  readonly realtime: RealtimeStates;
  readonly firings: Firings;

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, options: PipelineStateStoreOptions) {
    const doc = documentClient(client);
    const table = new StateTable(doc, options.tableName, options.stateTtlSeconds ?? 14 * 24 * 3600);
    const leaseMs = options.claimLeaseMs ?? 5 * 60_000;
    this.records = new ContactRecords(table);
    this.subjects = new Subjects(table, leaseMs);
    this.realtime = new RealtimeStates(table);
    this.firings = new Firings(table, leaseMs);
  }

  readonly putContactRecord: ContactRecords['put'] = (...a) => this.records.put(...a);
  readonly getContactRecord: ContactRecords['get'] = (...a) => this.records.get(...a);
  readonly mergeContactEvents: ContactRecords['mergeEvents'] = (...a) => this.records.mergeEvents(...a);

  readonly registerSubject: Subjects['register'] = (...a) => this.subjects.register(...a);
  readonly openSubjects: Subjects['open'] = (...a) => this.subjects.open(...a);
  readonly dueSubjects: Subjects['due'] = (...a) => this.subjects.due(...a);
  readonly claimSubject: Subjects['claim'] = (...a) => this.subjects.claim(...a);
  readonly completeSubject: Subjects['complete'] = (...a) => this.subjects.complete(...a);
  readonly releaseSubject: Subjects['release'] = (...a) => this.subjects.release(...a);

  readonly getRealtime: RealtimeStates['get'] = (...a) => this.realtime.get(...a);
  readonly putRealtime: RealtimeStates['put'] = (...a) => this.realtime.put(...a);

  readonly claimFiring: Firings['claim'] = (...a) => this.firings.claim(...a);
  readonly firingElsewhere: Firings['elsewhere'] = (...a) => this.firings.elsewhere(...a);
  readonly markFired: Firings['markFired'] = (...a) => this.firings.markFired(...a);
  readonly releaseFiring: Firings['release'] = (...a) => this.firings.release(...a);
}
