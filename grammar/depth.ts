/**
 * The one nesting limit of both forms of a rule function. A real function is a few
 * levels deep; the parsers recurse, so deeper input is refused (located) before
 * parsing instead of overflowing the stack.
 */
export const MAX_NESTING_DEPTH = 128;

/** The message both forms give, at the first token past the limit. */
export const nestingTooDeep = (): string => `nesting is deeper than ${MAX_NESTING_DEPTH} levels`;
