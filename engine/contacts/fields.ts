/**
 * SearchContacts' enum values the CLI's `contacts search` options also list. A leaf
 * module: the CLI reads them at start, and request.ts's request specs are built when
 * it loads.
 */
export const TIME_TYPES = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'ENQUEUE_TIMESTAMP'] as const;
export const SORT_FIELDS = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'INITIATION_METHOD', 'CHANNEL'] as const;
/**
 * SearchContactsMatchType. AWS (API reference, Transcript and TranscriptCriteria, MatchType):
 * "Valid Values: MATCH_ALL | MATCH_ANY | MATCH_EXACT | MATCH_NONE". Any other value is
 * malformed; MATCH_EXACT is well-formed but not answered (request.ts, UNANSWERED_MATCH).
 */
export const SEARCH_CONTACTS_MATCH_TYPES = ['MATCH_ALL', 'MATCH_ANY', 'MATCH_EXACT', 'MATCH_NONE'] as const;
