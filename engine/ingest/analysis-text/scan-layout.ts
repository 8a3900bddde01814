/**
 * What scan-assembly.ts's module writes and read.ts reads: the columns of a transcript's
 * items in the module's memory.
 */

/** The members an item may have on the fast path, by field number (1 …); 0 is none. */
export const FIELD_NAMES = ['', 'Content', 'ParticipantId', 'Sentiment', 'Id', 'BeginOffsetMillis', 'EndOffsetMillis', 'LoudnessScore', 'ParticipantRole', ''] as const;
export const CONTENT = 1;
export const PARTICIPANT_ID = 2;
export const SENTIMENT = 3;
export const ID = 4;
export const BEGIN = 5;
export const END = 6;
export const LOUDNESS = 7;
export const PARTICIPANT_ROLE = 8;
/**
 * One member of any other name per item (IssuesDetected, Redaction: real files with issue
 * detection have it): its value's text [from, to) is skipped (strings and brackets matched,
 * its grammar left to JSON.parse of that slice), its key's span at OTHER_KEY_AT.
 */
export const OTHER = 9;
/** Fields whose value is a string. */
export const isStringField = (field: number): boolean => field < BEGIN || field === PARTICIPANT_ROLE;

/**
 * Per item: per field f, two 4-byte words at (f − 1) × 8: a string's contents [from, to)
 * and a LoudnessScore's text [from, to) as byte offsets in memory; an offset's value in
 * the first. Then at ORDER_AT the fields in the order written, 4 bits each from the lowest.
 */
export const OTHER_KEY_AT = 72;
export const ORDER_AT = 80;
export const ITEM_BYTES = 84;
/**
 * Where the module leaves the position after the array's `]` (the memory is the word scan's,
 * whose results are there too: each is read as soon as its module returns).
 */
export const RESULT = 0;
