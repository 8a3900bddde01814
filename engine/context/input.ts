/**
 * What `buildTriggerEvent` (index.ts) and its entries for one input form
 * (analysis-input.ts) are given, and what they share of reading it.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { normaliseContactRecord, type ContactFacts, type ContactFactsCache } from './contact-record.ts';
import { SourceMismatchError } from './errors.ts';

export interface BuildTriggerEventInput {
  /**
   * The parsed JSON of the event input. The event reads it again when a member built on
   * first read is read (the transcript's texts are the payload's own strings): do not
   * change it after building the event.
   */
  readonly event: unknown;
  /** The parsed JSON of the contact record (CTR or DescribeContact response), if any; the event may share its members (`Attributes`): do not change it afterwards. */
  readonly contact?: unknown;
  /** Where `contact` may be normalised already (a backtest's contact is read by several readers). */
  readonly contactFacts?: ContactFactsCache;
  /** The source the caller expects; required when the input cannot tell (an analysis file without `Channel`). */
  readonly source?: EventSourceName;
  /** Labels used in error messages, e.g. the file names (default `event`, `contact`). */
  readonly eventFile?: string;
  readonly contactFile?: string;
}

/** What every input form reads of an input besides its event: the labels and the contact record's facts. */
export interface InputRead {
  /** `eventFile`, default `event`. */
  readonly file: string;
  /** `contactFile`, default `contact`. */
  readonly contactFile: string;
  /** The contact record's facts, if the input has one (normalised once where `contactFacts` is given). */
  readonly contact: ContactFacts | undefined;
}

export function readInput(input: BuildTriggerEventInput): InputRead {
  const file = input.eventFile ?? 'event';
  const contactFile = input.contactFile ?? 'contact';
  if (input.contact === undefined || input.contact === null) return { file, contactFile, contact: undefined };
  const contact = input.contactFacts ? input.contactFacts.of(input.contact, contactFile) : normaliseContactRecord(input.contact, contactFile);
  return { file, contactFile, contact };
}

/** Throws SourceMismatchError when the caller expected another source than the input's. */
export function agree(file: string, detected: EventSourceName, requested: EventSourceName | undefined, what: string): void {
  if (requested !== undefined && requested !== detected) throw new SourceMismatchError(file, detected, requested, what);
}
