/**
 * What compiling stored rules takes: the language's reader and validator (for
 * functions the rules API checked already: no Chevrotain, grammar/stored.ts) and the
 * rule-set compiler. published-rules.ts loads this module with the first rules it
 * compiles, not at import (see there).
 */
export { requireStoredFunction } from '../../grammar/stored.ts';
export { compileRuleSet } from '../ruleset/index.ts';
