/** How a SearchContacts MatchType combines its criteria's results (request.ts `answered`: MATCH_NONE read by its name, MATCH_EXACT refused). */
import type { AnsweredMatchType } from './request.ts';

const COMBINE: Readonly<Record<AnsweredMatchType, (tests: readonly boolean[]) => boolean>> = {
  MATCH_ALL: (tests) => tests.every(Boolean),
  MATCH_ANY: (tests) => tests.some(Boolean),
  MATCH_NONE: (tests) => !tests.some(Boolean),
};

export const combined = (match: AnsweredMatchType, tests: readonly boolean[]): boolean => COMBINE[match](tests);
