/**
 * `parseEventText` (event-text.ts) and the warning of a key written twice in the text, for
 * backtest, which reads thousands of files and says of those (eval, the REPL, replay and rule
 * tests say it of each file). The transcript array the analysis-file reader read is not scanned
 * again: the reader steps aside for an item with a member written twice (analysis-text/read.ts),
 * and tells where each item's other member's value is (IssuesDetected, read by JSON.parse), so
 * only those values and the rest of the file, a few KB, are (a full scan costs as much as JSON.parse:
 * docs/performance.md, "Duplicate keys in events"). Not on the Lambdas' path: the pipeline
 * reads the last of a duplicate without a word (docs/canonical-events.md).
 */
import { duplicateKeyWarningOf, findDuplicateKey, type DuplicateKey } from '../../grammar/json/duplicate-key.ts';
import { readAnalysisText, type TranscriptSpan } from './analysis-text/read.ts';
import { parseJsonText } from './errors.ts';

export function parseEventTextWarning(text: string, label: string): { readonly value: unknown; readonly duplicateKey?: string } {
  const span: TranscriptSpan = { from: -1, to: -1 };
  const value = readAnalysisText(text, span) ?? parseJsonText(text, label);
  const outside = findDuplicateKey(text, span.from >= 0 ? span : undefined);
  const inside = span.from >= 0 ? duplicateInItems(text, span) : undefined;
  // the first in the text, as one scan of the whole file would find
  const dup = outside && inside ? (inside.at < outside.at ? inside : outside) : (outside ?? inside);
  return dup ? { value, duplicateKey: duplicateKeyWarningOf(label, text, dup) } : { value };
}

/** The first key written twice in the items' other members' values (IssuesDetected), which the reader read with JSON.parse. */
function duplicateInItems(text: string, span: TranscriptSpan): DuplicateKey | undefined {
  for (const other of span.others ?? []) {
    const dup = findDuplicateKey(text.slice(other.from, other.to));
    if (dup) {
      return { key: dup.key, path: ['Transcript', other.item, other.key, ...dup.path], at: other.from + dup.at, firstAt: other.from + dup.firstAt };
    }
  }
  return undefined;
}
