/**
 * The rule `Function` of CreateRule/UpdateRule, checked by the language itself
 * (grammar/parse.ts + grammar/validate.ts): every located problem becomes a line
 * `Function:<line>:<col>: <message>` of the InvalidRequestException message.
 */
import { parseFunction } from '../../grammar/parse.ts';
import { conditionCountingFor, validateFunction } from '../../grammar/validate.ts';
import type { EventSourceName } from './model.ts';
import type { FunctionChecker } from './validate-request.ts';

/** At most this many located problems are reported (the message stays readable). */
export const MAX_FUNCTION_PROBLEMS = 50;

export const checkRuleFunction: FunctionChecker = (text: string, source: EventSourceName): string[] => {
  const parsed = parseFunction(text, conditionCountingFor(source));
  const errors = parsed.document ? validateFunction(parsed.document, source) : parsed.errors;
  const lines = errors.slice(0, MAX_FUNCTION_PROBLEMS).map((e) => e.format('Function'));
  if (errors.length > MAX_FUNCTION_PROBLEMS) lines.push(`Function: ${errors.length - MAX_FUNCTION_PROBLEMS} more problems not shown`);
  return lines;
};
