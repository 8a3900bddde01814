/**
 * What can be wrong with a delivered payload. Bad input is never a crash of a
 * batch: the Lambda handlers log it with its context, count it, and report the
 * record as failed (so it is retried alone and ends in the dead-letter queue);
 * replay reports it and goes on (docs/pipeline.md "Bad input").
 */
import { UserError } from '../../grammar/errors.ts';
import { parseJsonOr } from '../../grammar/json/parse-error.ts';
import { ContextInputError } from '../context/errors.ts';

export type BadInputReason =
  /** The bytes are not JSON. */
  | 'malformed-json'
  /** JSON, but none of the formats the handler accepts. */
  | 'unknown-format'
  /** An object named like a Contact Lens output file that is not one. */
  | 'not-an-analysis-file'
  /** An event for an instance this engine does not serve. */
  | 'unknown-instance'
  /** A member of a known format is missing or of the wrong type. */
  | 'invalid-payload';

export class BadInputError extends UserError {
  constructor(
    readonly reason: BadInputReason,
    message: string,
    /** Where, when known: a JSON pointer into the payload. */
    readonly pointer?: string,
  ) {
    super(message);
  }
}

/** Bad input (this module's or the context builders' typed errors), as opposed to a failure worth retrying. */
export function isBadInput(err: unknown): err is BadInputError | ContextInputError {
  return err instanceof BadInputError || err instanceof ContextInputError;
}

/** The reason of a bad-input error, for logs and reports. */
export function badInputReason(err: BadInputError | ContextInputError): BadInputReason {
  if (err instanceof BadInputError) return err.reason;
  return 'invalid-payload';
}

/** Parses JSON text; BadInputError('malformed-json') naming `label` otherwise. */
export function parseJsonText(text: string, label: string): unknown {
  return parseJsonOr(text, label, (problem) => new BadInputError('malformed-json', problem));
}
