/**
 * Which form a rule function is written in, by its first character: a module of its
 * own so that telling the forms apart loads neither parser (Chevrotain).
 */
export type FunctionForm = 'json' | 'text';

/** JSON when the first character that is not white space is `{`; the text form otherwise. */
export function detectForm(text: string): FunctionForm {
  return /^[\s\uFEFF]*\{/.test(text) ? 'json' : 'text';
}
