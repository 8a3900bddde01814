/**
 * SearchContacts' transcript criteria: the contacts whose analysis files hold the
 * searched words. service.ts loads this module with `import()` on the first search that
 * names a transcript, so the search's word splitting (search-words.ts) and the
 * analysis-file reader are not parsed at the contacts API
 * function's init, which DescribeContact and the other searches never need
 * (docs/performance.md, Session 13, Lambda).
 */
import { parseEventText } from '../ingest/event-text.ts';
import type { TranscriptItem } from '../transcript/types.ts';
import { combined } from './match-type.ts';
import type { ContactView } from './model.ts';
import type { SearchQuery, TranscriptQuery } from './request.ts';
import { SearchedText, searchWords } from './search-words.ts';

type Json = Record<string, unknown>;

/** An analysis file's text as JSON (the store reads the files with it: store.ts `analyses`). */
export const parseAnalysisFile = parseEventText;

/** The transcript items of an analysis file with their roles (voice: by ParticipantId; chat: ParticipantRole). */
function transcriptItems(doc: unknown): TranscriptItem[] {
  const d = doc as { Participants?: { ParticipantId?: string; ParticipantRole?: string }[]; Transcript?: Json[] };
  const roles = new Map((d.Participants ?? []).map((p) => [p.ParticipantId, p.ParticipantRole]));
  return (Array.isArray(d.Transcript) ? d.Transcript : []).map((t, i) => ({
    Id: String(t.Id ?? i),
    ParticipantRole: String(t.ParticipantRole ?? roles.get(t.ParticipantId as string) ?? t.ParticipantId ?? 'UNKNOWN'),
    Content: String(t.Content ?? ''),
    BeginOffsetMillis: Number(t.BeginOffsetMillis ?? t.AbsoluteTime ?? 0),
    EndOffsetMillis: Number(t.EndOffsetMillis ?? 0),
  }));
}

/** A transcript criterion with the words of each of its texts, split once per search (not per contact). */
interface CompiledTranscriptQuery {
  readonly query: TranscriptQuery;
  readonly phrases: readonly (readonly string[])[];
}

const compileTranscriptQuery = (query: TranscriptQuery): CompiledTranscriptQuery => ({ query, phrases: query.texts.map(searchWords) });

/** One item of a contact's transcript as a search reads it: its role and its text, split only if a phrase may be there (search-words.ts). */
interface SearchedItem {
  readonly role: string;
  readonly text: SearchedText;
}

/**
 * The items of the roles some criterion names, each split at most once for all the
 * criteria, as OpenSearch's standard analyzer splits them (search-words.ts: AWS's contact
 * search uses it, whatever the contact's language: no plurals, any case).
 */
function searchedItems(items: readonly TranscriptItem[], roles: ReadonlySet<string>): SearchedItem[] {
  return items.filter((i) => roles.has(i.ParticipantRole)).map((i) => ({ role: i.ParticipantRole, text: new SearchedText(i.Content) }));
}

/** Whether one transcript criterion holds: each text's words, in order, in one item said by its role. */
function transcriptMatches(c: CompiledTranscriptQuery, items: readonly SearchedItem[]): boolean {
  const said = items.filter((i) => i.role === c.query.role);
  return combined(
    c.query.match,
    c.phrases.map((phrase) => said.some((i) => i.text.has(phrase))),
  );
}

/**
 * The contacts of `views` that the transcript criteria keep, in order, reading each one's
 * analysis files with `analysesOf`. A contact Contact Lens did not analyse (or whose files
 * are gone) has no transcript to hold a criterion, MATCH_NONE's included.
 */
export async function keptByTranscript(
  views: readonly ContactView[],
  transcript: NonNullable<SearchQuery['transcript']>,
  analysesOf: (contactId: string) => Promise<unknown[]>,
): Promise<ContactView[]> {
  const { criteria, match } = transcript;
  const compiled = criteria.map(compileTranscriptQuery);
  const roles = new Set(criteria.map((t) => t.role));
  const kept: ContactView[] = [];
  for (const c of views) {
    const files = await analysesOf(c.id);
    if (files.length === 0) continue;
    const items = searchedItems(files.flatMap(transcriptItems), roles);
    if (combined(match, compiled.map((t) => transcriptMatches(t, items)))) kept.push(c);
  }
  return kept;
}
