/**
 * The repositories of the pipeline state, each made on the state table by a maker
 * that a handler hands its store (`PipelineStateStore.use`): the contact join, the
 * real-time segments and the contact events add theirs when built, and the IngestCore
 * of an ingestor that evaluates real-time events the firings its gate reads (given by
 * functions/ingestors.ts), so a Lambda bundle holds only those its handlers use (the
 * Cases, metrics and third-party functions none).
 */
import { ContactRecords } from './contact-records.ts';
import { Firings } from './firings.ts';
import { RealtimeStates } from './realtime.ts';
import { Subjects } from './subjects.ts';
import type { StateTable } from './table.ts';

export interface StateRepositories {
  readonly records?: ContactRecords;
  readonly subjects?: Subjects;
  readonly realtime?: RealtimeStates;
  readonly firings?: Firings;
}

/** Makes repositories on the state table; `leaseMs` is how long a claim holds. */
export type StateRepositoryMaker = (table: StateTable, leaseMs: number) => StateRepositories;

/** Contact records and the contact events merged into them. */
export const contactRecordsState: StateRepositoryMaker = (table) => ({ records: new ContactRecords(table) });
/** Analyses and evaluations waiting for their contact record. */
export const subjectsState: StateRepositoryMaker = (table, leaseMs) => ({ subjects: new Subjects(table, leaseMs) });
/** Real-time contact state. */
export const realtimeState: StateRepositoryMaker = (table) => ({ realtime: new RealtimeStates(table) });
/** Real-time rules fired, once per contact. */
export const firingsState: StateRepositoryMaker = (table, leaseMs) => ({ firings: new Firings(table, leaseMs) });
