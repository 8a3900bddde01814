/**
 * DescribeContact and SearchContacts over the contacts the pipeline stored
 * (README "Find what the rules did"): their CTRs, the contact events of contacts
 * without one yet, the task contacts rules created. A search reads the instance's
 * contacts from the ByInstance indexes (a key range for an INITIATION_TIMESTAMP time range),
 * the contacts of each category from ByCategory, filters the rest in memory (a
 * table of predicates, cheapest first; transcripts last, read from the analysis
 * files of the contacts still in), sorts, and pages with a cursor bound to the query.
 */
import { createHash } from 'node:crypto';
import { InternalServiceException, InvalidParameterException, ResourceNotFoundException } from '../api/errors.ts';
import { decodeCursor, encodeCursor } from '../dynamo/cursor.ts';
import { describeShape, summaryShape, viewOf, type ContactView } from './model.ts';
import { combined } from './match-type.ts';
import { parseSearchRequest, type SearchQuery } from './request.ts';
import { AnalysisUnreadableError, TooManyContactsError, type ContactsStore, type StoredContact } from './store.ts';

type Json = Record<string, unknown>;

/** The transcript criteria's matching, loaded by the first search that names one (transcript-search.ts says why). */
const transcriptSearch = () => import('./transcript-search.ts');
const inList = (list: readonly string[] | undefined, value: string | undefined): boolean => list === undefined || (value !== undefined && list.includes(value));

/** A transcript search reads the analysis files of at most this many contacts (those the other criteria kept): work per request is bounded. */
export const MAX_TRANSCRIPT_CONTACTS = 1_000;

/** The in-memory criteria of a query: each is skipped when the query does not name it. */
const PREDICATES: readonly ((q: SearchQuery, c: ContactView) => boolean)[] = [
  (q, c) => {
    const t = c.times[q.time.type];
    return t !== undefined && t >= q.time.start && t <= q.time.end;
  },
  (q, c) => inList(q.channels, c.channel),
  (q, c) => inList(q.initiationMethods, c.initiationMethod),
  (q, c) => inList(q.queueIds, c.queueId),
  (q, c) => inList(q.agentIds, c.agentId),
  (q, c) => (q.hierarchy ?? []).every((ids, level) => inList(ids, c.hierarchy[level])),
  (q, c) =>
    !q.attributes ||
    combined(
      q.attributes.match,
      q.attributes.criteria.map((k) => inList(k.values, c.attributes[k.key])),
    ),
];

/** The sort keys: a timestamp (contacts without one last) or a name. */
function sortKey(field: SearchQuery['sort']['field'], c: ContactView): number | string | undefined {
  if (field === 'CHANNEL') return c.channel;
  if (field === 'INITIATION_METHOD') return c.initiationMethod;
  return c.times[field];
}

function compare(q: SearchQuery): (a: ContactView, b: ContactView) => number {
  const sign = q.sort.order === 'ASCENDING' ? 1 : -1;
  return (a, b) => {
    const x = sortKey(q.sort.field, a);
    const y = sortKey(q.sort.field, b);
    if (x !== y) {
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    // A stable order between equal keys, so pages never repeat or skip a contact.
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** The query's identity for its cursors: a token of another query is refused. */
const queryId = (q: SearchQuery): string => createHash('sha256').update(JSON.stringify({ ...q, nextToken: undefined, maxResults: undefined })).digest('base64url').slice(0, 22);

export interface ContactsServiceOptions {
  readonly region: string;
  readonly accountId: string;
}

export class ContactsService {
  constructor(
    private readonly store: ContactsStore,
    private readonly options: ContactsServiceOptions,
  ) {}

  private instanceArn(instanceId: string): string {
    return `arn:aws:connect:${this.options.region}:${this.options.accountId}:instance/${instanceId}`;
  }

  async describeContact(instanceId: string, contactId: string): Promise<{ Contact: Json }> {
    const stored = await this.store.contact(instanceId, contactId);
    if (!stored) throw new ResourceNotFoundException(`Contact ${contactId} not found in instance ${instanceId}`);
    return { Contact: describeShape(this.view(instanceId, stored)) };
  }

  private view(instanceId: string, stored: StoredContact): ContactView {
    return viewOf({ InstanceARN: this.instanceArn(instanceId), ...stored.record }, stored.contactId);
  }

  /** A contact's analysis files; one that cannot be read fails the search as Connect fails one it cannot answer (500), naming the file. */
  private async analyses(instanceId: string, contactId: string, parse: (text: string, label: string) => unknown): Promise<unknown[]> {
    try {
      return await this.store.analyses(instanceId, contactId, parse);
    } catch (err) {
      if (err instanceof AnalysisUnreadableError) throw new InternalServiceException(`SearchContacts ${err.message}`, err);
      throw err;
    }
  }

  async searchContacts(body: unknown): Promise<{ Contacts: Json[]; TotalCount: number; NextToken?: string }> {
    const q = parseSearchRequest(body);
    const id = queryId(q);
    let offset = 0;
    if (q.nextToken !== undefined) {
      const cursor = decodeCursor(q.nextToken, id);
      if (!cursor.ok || typeof cursor.key.offset !== 'number') {
        throw new InvalidParameterException(
          cursor.ok || cursor.problem === 'malformed' ? 'NextToken is not a token this API returned' : 'NextToken belongs to a search with other criteria',
        );
      }
      offset = cursor.key.offset;
    }
    let stored;
    try {
      stored = await this.store.contactsOf(q.instanceId, q.time.type === 'INITIATION_TIMESTAMP' ? q.time : undefined);
    } catch (err) {
      if (err instanceof TooManyContactsError) throw new InvalidParameterException(err.message);
      throw err;
    }
    let views = stored.map((s) => this.view(q.instanceId, s)).filter((c) => PREDICATES.every((p) => p(q, c)));
    if (q.categories) {
      const sets = await Promise.all(q.categories.names.map((name) => this.store.contactsWithCategory(q.instanceId, name)));
      views = views.filter((c) => combined(q.categories!.match, sets.map((s) => s.has(c.id))));
    }
    if (q.transcript) {
      if (views.length > MAX_TRANSCRIPT_CONTACTS) {
        throw new InvalidParameterException(
          `SearchCriteria.ContactAnalysis.Transcript would read the analysis files of ${views.length} contacts (at most ${MAX_TRANSCRIPT_CONTACTS}): narrow the TimeRange or add other criteria`,
        );
      }
      const search = await transcriptSearch();
      views = await search.keptByTranscript(views, q.transcript, (contactId) => this.analyses(q.instanceId, contactId, search.parseAnalysisFile));
    }
    views.sort(compare(q));
    const page = views.slice(offset, offset + q.maxResults);
    const next = offset + q.maxResults;
    return {
      Contacts: page.map(summaryShape),
      TotalCount: views.length,
      ...(next < views.length ? { NextToken: encodeCursor(id, { offset: next }) } : {}),
    };
  }
}
