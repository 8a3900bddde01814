/**
 * The text of an event file or stored object (an S3 object the pipeline reads, a file
 * given to replay or backtest) as JSON: `parseJsonText`'s value and errors, with a
 * Contact Lens analysis file's transcript read without `JSON.parse` where
 * analysis-text/read.ts can (the same value, in a third of the time on the bench's calls).
 */
import { readAnalysisText } from './analysis-text/read.ts';
import { parseJsonText } from './errors.ts';

export function parseEventText(text: string, label: string): unknown {
  return readAnalysisText(text) ?? parseJsonText(text, label);
}
