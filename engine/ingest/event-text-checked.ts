/**
 * `parseEventText` (event-text.ts) and the warning of a key written twice in the text, for
 * backtest, which reads thousands of files and says of those (eval, the REPL, replay and rule
 * tests say it of each file). The transcript array the analysis-file reader read is not scanned
 * again: the reader steps aside for an item with a member written twice (analysis-text/read.ts),
 * so only the rest of the file, a few KB, is (a full scan costs as much as JSON.parse:
 * docs/performance.md, "Duplicate keys in events"). Not on the Lambdas' path: the pipeline
 * reads the last of a duplicate without a word (docs/canonical-events.md).
 */
import { duplicateKeyWarningOf, findDuplicateKey } from '../../grammar/json/duplicate-key.ts';
import { readAnalysisText } from './analysis-text/read.ts';
import { parseJsonText } from './errors.ts';

export function parseEventTextWarning(text: string, label: string): { readonly value: unknown; readonly duplicateKey?: string } {
  const span = { from: -1, to: -1 };
  const value = readAnalysisText(text, span) ?? parseJsonText(text, label);
  const dup = findDuplicateKey(text, span.from >= 0 ? span : undefined);
  return dup ? { value, duplicateKey: duplicateKeyWarningOf(label, text, dup) } : { value };
}
