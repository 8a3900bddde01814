/**
 * A YAML file's syntax error as every located message of the project reads:
 * `file:line:col: not valid YAML: <reason>`, one line. The yaml package (with its
 * default `prettyErrors`) gives the place in `linePos` and also appends it to its
 * message in its own words (" at line 6, column 3:") with an excerpt of the text
 * below: both dropped, the place said once, first.
 */
import { type DocumentOptions, LineCounter, parseDocument, type ParseOptions, type SchemaOptions, visit, type YAMLError } from 'yaml';
import type { ProblemPlace } from '../../grammar/json/parse-error.ts';

const ITS_OWN_PLACE = / at line \d+, column \d+:?$/;

export function yamlSyntaxProblem(label: string, error: YAMLError): string {
  const at = error.linePos?.[0];
  const reason = error.message.split('\n')[0]!.replace(ITS_OWN_PLACE, '');
  return `${label}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${reason}`;
}

const placeOf = (at: { line: number; col: number } | undefined): ProblemPlace | undefined => (at ? { line: at.line, column: at.col } : undefined);

/**
 * The value of YAML `text` (parsed with `options`), or its first problem as a located
 * line: a syntax error, a warning (an unknown tag such as `!!js/function`, which the
 * yaml package would print on stderr with a stack: `logLevel: 'error'` is for the
 * parse), or an alias bomb (its ReferenceError past `maxAliasCount`), placed at the
 * first alias by the parse's own LineCounter, as yaml places its errors.
 */
export function yamlValue(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
  label: string,
  problem: (message: string, at?: ProblemPlace) => Error,
): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...options, lineCounter: lines });
  const first = doc.errors[0] ?? doc.warnings[0];
  if (first) throw problem(yamlSyntaxProblem(label, first), placeOf(first.linePos?.[0]));
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let offset: number | undefined;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const at = offset === undefined ? undefined : lines.linePos(offset);
    throw problem(`${label}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: too many aliases (${err.message})`, placeOf(at));
  }
}
