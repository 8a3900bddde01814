/**
 * OnRealTimeChatAnalysisAvailable: no public page (rules-language.md §5.4); the
 * catalogue mirrors §5.2 under `$.ContactLens.RealTimeChat` (INTERPRETATION).
 */
import { realTimeCases } from './real-time.ts';
import type { EvalCase } from './support.ts';

export const REAL_TIME_CHAT_CASES: EvalCase[] = realTimeCases('OnRealTimeChatAnalysisAvailable', 'RealTimeChat');
