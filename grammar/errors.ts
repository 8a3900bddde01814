/**
 * Every problem with a rule function is reported as a located diagnostic, so a
 * user can go straight to the line and column. One class per kind of problem.
 */

import { UserError } from '../errors/user-error.ts';

/** The base of every user error (errors/user-error.ts), given here too: the language's errors are where callers look for it. */
export { UserError };

/** A position in the source text. `line` and `column` are 1-based, `offset` 0-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** The span of a node in the source text: where it starts and where it ends (exclusive). */
export interface SourceSpan {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

export const UNKNOWN_SPAN: SourceSpan = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

export type DiagnosticKind = 'syntax' | 'structure' | 'validation';

/** Base class: a message about one place of a rule function (the user's to fix: a UserError). */
export abstract class RuleLanguageError extends UserError {
  abstract readonly kind: DiagnosticKind;

  constructor(
    message: string,
    readonly span: SourceSpan,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get line(): number {
    return this.span.start.line;
  }

  get column(): number {
    return this.span.start.column;
  }

  /** `file:line:col: message`, the form every CLI command prints. */
  format(file = '<function>'): string {
    return `${file}:${this.line}:${this.column}: ${this.message}`;
  }

  toJSON(): { kind: DiagnosticKind; message: string; line: number; column: number; offset: number } {
    return { kind: this.kind, message: this.message, line: this.line, column: this.column, offset: this.span.start.offset };
  }
}

/** The text is not well-formed JSON (or not well-formed readable text). */
export class RuleSyntaxError extends RuleLanguageError {
  readonly kind = 'syntax' as const;
}

/** Well-formed JSON that is not the shape of a rule function (missing `Operator`, `Operands` not an array...). */
export class RuleStructureError extends RuleLanguageError {
  readonly kind = 'structure' as const;
}

/** A well-shaped function that the catalogue of the event source refuses (unknown path, wrong operand...). */
export class RuleValidationError extends RuleLanguageError {
  readonly kind = 'validation' as const;
}

/** The problems of one function of several, and what names it in messages (`rule NAME`). */
export interface FunctionProblems {
  readonly where: string;
  readonly errors: readonly RuleLanguageError[];
}

/**
 * Thrown by the convenience entry points when a function has one or more problems,
 * or (`ofFunctions`) when functions of a rule set do: every problem of every one.
 */
export class InvalidRuleFunctionError extends UserError {
  /** What names the function of each of `errors`: `file` for one function, `rule NAME` in a rule set. */
  readonly where: readonly string[];

  constructor(
    readonly errors: readonly RuleLanguageError[],
    readonly file = '<function>',
    where: readonly string[] = errors.map(() => file),
  ) {
    super(errors.map((e, i) => e.format(where[i])).join('\n'));
    this.where = where;
  }

  /** Every problem of several functions, each named by its own `where`; `file` is the first's. */
  static ofFunctions(functions: readonly FunctionProblems[]): InvalidRuleFunctionError {
    const each = functions.flatMap((f) => f.errors.map((error) => ({ error, where: f.where })));
    return new InvalidRuleFunctionError(
      each.map((e) => e.error),
      functions[0]?.where,
      each.map((e) => e.where),
    );
  }
}
