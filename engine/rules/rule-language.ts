/**
 * What compiling stored rules takes: the language's parser and validator
 * (Chevrotain) and the rule-set compiler. published-rules.ts loads this module
 * with the first rules it compiles, not at import (see there).
 */
export { requireValidFunction } from '../../grammar/index.ts';
export { compileRuleSet } from '../ruleset/index.ts';
