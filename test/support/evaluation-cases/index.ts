/** Every evaluation case, by family (one file per family of event sources). */
import type { EvalCase } from './support.ts';
import { POST_CALL_CASES } from './post-call.ts';
import { REAL_TIME_CALL_CASES } from './real-time-call.ts';
import { POST_CHAT_CASES } from './post-chat.ts';
import { REAL_TIME_CHAT_CASES } from './real-time-chat.ts';
import { EMAIL_CASES } from './email.ts';
import { EVALUATION_CASES } from './evaluation.ts';
import { THIRD_PARTY_CASES } from './third-party.ts';
import { CASES_CASES } from './cases.ts';
import { METRIC_CASES } from './metrics.ts';

export type { EvalCase } from './support.ts';

export const CASE_FAMILIES: Readonly<Record<string, readonly EvalCase[]>> = {
  'post-call': POST_CALL_CASES,
  'real-time-call': REAL_TIME_CALL_CASES,
  'post-chat': POST_CHAT_CASES,
  'real-time-chat': REAL_TIME_CHAT_CASES,
  email: EMAIL_CASES,
  evaluation: EVALUATION_CASES,
  'third-party': THIRD_PARTY_CASES,
  cases: CASES_CASES,
  metrics: METRIC_CASES,
};

export const ALL_CASES: readonly EvalCase[] = Object.values(CASE_FAMILIES).flat();
