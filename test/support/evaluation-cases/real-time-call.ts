/** OnRealTimeCallAnalysisAvailable: every condition of the table. */
import { realTimeCases } from './real-time.ts';
import type { EvalCase } from './support.ts';

export const REAL_TIME_CALL_CASES: EvalCase[] = realTimeCases('OnRealTimeCallAnalysisAvailable', 'RealTimeCall');
