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
 * by memory-state-store.ts for backtest). It holds the repositories its ingestor adds
 * (`use`, state/repositories.ts), so a Lambda bundle holds only those its handlers use.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo/document.ts';
import type { ContactRecords } from './state/contact-records.ts';
import type { Firings } from './state/firings.ts';
import type { RealtimeStates } from './state/realtime.ts';
import type { StateRepositories, StateRepositoryMaker } from './state/repositories.ts';
import type { Subjects } from './state/subjects.ts';
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
  | 'discardSubject'
  | 'getRealtime'
  | 'putRealtime'
  | 'markRealtimeTooLarge'
  | 'markRealtimeExpired'
  | 'claimFiring'
  | 'firingElsewhere'
  | 'markFired'
  | 'releaseFiring'
  | 'use'
>;

export class PipelineStateStore {
  private readonly table: StateTable;
  private readonly leaseMs: number;
  private repositories: StateRepositories = {};

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, options: PipelineStateStoreOptions) {
    this.table = new StateTable(documentClient(client), options.tableName, options.stateTtlSeconds ?? 14 * 24 * 3600);
    this.leaseMs = options.claimLeaseMs ?? 5 * 60_000;
  }

  /**
   * Adds the repositories `makers` make (state/repositories.ts), keeping those it has:
   * each ingestor adds those its handlers use, so a Lambda bundle holds only them.
   */
  use(...makers: readonly StateRepositoryMaker[]): void {
    for (const make of makers) this.repositories = { ...make(this.table, this.leaseMs), ...this.repositories };
  }

  private repository<K extends keyof StateRepositories>(kind: K): NonNullable<StateRepositories[K]> {
    const repository = this.repositories[kind];
    if (!repository) throw new Error(`the pipeline state has no ${kind} repository: the ingestor did not add it (functions/ingestors.ts)`);
    return repository as NonNullable<StateRepositories[K]>;
  }

  readonly putContactRecord: ContactRecords['put'] = (...a) => this.repository('records').put(...a);
  readonly getContactRecord: ContactRecords['get'] = (...a) => this.repository('records').get(...a);
  readonly mergeContactEvents: ContactRecords['mergeEvents'] = (...a) => this.repository('records').mergeEvents(...a);

  readonly registerSubject: Subjects['register'] = (...a) => this.repository('subjects').register(...a);
  readonly openSubjects: Subjects['open'] = (...a) => this.repository('subjects').open(...a);
  readonly dueSubjects: Subjects['due'] = (...a) => this.repository('subjects').due(...a);
  readonly claimSubject: Subjects['claim'] = (...a) => this.repository('subjects').claim(...a);
  readonly completeSubject: Subjects['complete'] = (...a) => this.repository('subjects').complete(...a);
  readonly releaseSubject: Subjects['release'] = (...a) => this.repository('subjects').release(...a);
  readonly discardSubject: Subjects['discard'] = (...a) => this.repository('subjects').discard(...a);

  readonly getRealtime: RealtimeStates['get'] = (...a) => this.repository('realtime').get(...a);
  readonly putRealtime: RealtimeStates['put'] = (...a) => this.repository('realtime').put(...a);
  readonly markRealtimeTooLarge: RealtimeStates['markTooLarge'] = (...a) => this.repository('realtime').markTooLarge(...a);
  readonly markRealtimeExpired: RealtimeStates['markExpired'] = (...a) => this.repository('realtime').markExpired(...a);

  readonly claimFiring: Firings['claim'] = (...a) => this.repository('firings').claim(...a);
  readonly firingElsewhere: Firings['elsewhere'] = (...a) => this.repository('firings').elsewhere(...a);
  readonly markFired: Firings['markFired'] = (...a) => this.repository('firings').markFired(...a);
  readonly releaseFiring: Firings['release'] = (...a) => this.repository('firings').release(...a);
}
