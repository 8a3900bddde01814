/**
 * A YAML file's syntax error as every located message of the project reads:
 * `file:line:col: not valid YAML: <reason>`, one line. The yaml package (with its
 * default `prettyErrors`) gives the place in `linePos` and also appends it to its
 * message in its own words (" at line 6, column 3:") with an excerpt of the text
 * below: both dropped, the place said once, first.
 */
import type { YAMLError } from 'yaml';

const ITS_OWN_PLACE = / at line \d+, column \d+:?$/;

export function yamlSyntaxProblem(label: string, error: YAMLError): string {
  const at = error.linePos?.[0];
  const reason = error.message.split('\n')[0]!.replace(ITS_OWN_PLACE, '');
  return `${label}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${reason}`;
}
