/**
 * OnRealTimeChatAnalysisAvailable: no API reference page; the
 * admin guide's real-time chat rules page documents exact match, pattern match and
 * sentiment – time period, which the catalogue keeps under `$.ContactLens.RealTimeChat`.
 */
import { realTimeCases } from './real-time.ts';
import type { EvalCase } from './support.ts';

export const REAL_TIME_CHAT_CASES: EvalCase[] = realTimeCases('OnRealTimeChatAnalysisAvailable', 'RealTimeChat');
