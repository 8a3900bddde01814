/**
 * OnRealTimeChatAnalysisAvailable: no public page; the
 * catalogue mirrors the real-time call rows under `$.ContactLens.RealTimeChat` (INTERPRETATION).
 */
import { realTimeCases } from './real-time.ts';
import type { EvalCase } from './support.ts';

export const REAL_TIME_CHAT_CASES: EvalCase[] = realTimeCases('OnRealTimeChatAnalysisAvailable', 'RealTimeChat');
