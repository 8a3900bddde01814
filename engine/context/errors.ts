/**
 * What can be wrong with the input of the context builders, one class per kind.
 * Messages start with the input's label (a file name when the CLI knows it) so a
 * user sees which file to fix: `event.json: not a Contact Lens analysis file nor a
 * canonical trigger event: missing Channel`.
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { UserError } from '../../grammar/errors.ts';

export abstract class ContextInputError extends UserError {
  abstract readonly kind: 'input-format' | 'source-mismatch';

  constructor(
    /** The input's label: a file name (`event.json`) or a role (`event`, `contact`). */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/**
 * The input is not the format it should be. `pointer` is a JSON-pointer-like
 * location of what is wrong (`/Transcript/3/Content`; `''` for the whole document).
 */
export class InputFormatError extends ContextInputError {
  readonly kind = 'input-format' as const;

  constructor(
    file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(file, pointer ? `${problem} (at ${pointer})` : problem);
  }
}

/** The caller named an event source that the input is not. */
export class SourceMismatchError extends ContextInputError {
  readonly kind = 'source-mismatch' as const;

  constructor(
    file: string,
    readonly detected: EventSourceName,
    readonly requested: EventSourceName,
    what: string,
  ) {
    super(file, `the input is ${what}, which feeds ${detected}, not ${requested}`);
  }
}
