/**
 * The text of an event file or stored object (an S3 object the pipeline reads, a file
 * given to replay or backtest) as JSON: `parseJsonText`'s value and errors, with a
 * Contact Lens analysis file's transcript read without `JSON.parse` where
 * analysis-text/read.ts can (the same value in about half the time: 0.47–0.54× JSON.parse on
 * the bench's 10-minute calls; docs/performance.md, Session 10, review C's findings).
 */
import { readAnalysisText } from './analysis-text/read.ts';
import { parseJsonText } from './errors.ts';

export function parseEventText(text: string, label: string): unknown {
  return readAnalysisText(text) ?? parseJsonText(text, label);
}
