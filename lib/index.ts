/**
 * The library entry (`import { ... } from 'connect-rules'`): build the canonical
 * trigger event from real inputs, compile rule functions and rule sets, evaluate
 * and explain. Everything here is bundled into dist/lib by build/ with its types;
 * the README's "Use it as a library" section documents it.
 */
export { buildTriggerEvent, type BuildTriggerEventInput, InputFormatError, SourceMismatchError, ContextInputError } from '../engine/context/index.ts';
export type { TriggerEvent } from '../engine/context/types.ts';
export { compileRuleFunction, formatTrace, type CompiledFunction, type ExplainResult, type ExplainTrace } from '../engine/index.ts';
export type { JudgedEntity } from '../engine/compile/judged-entity.ts';
// The rule set of text functions (engine/ruleset compiles validated documents).
export { compileRules as compileRuleSet, type RuleInput as RuleSetRule } from '../engine/index.ts';
export { UnknownRuleError, DuplicateRuleNameError, type CompiledRuleSet, type RuleSetMember, type MatchOptions } from '../engine/ruleset/index.ts';
export { checkFunction, type CheckResult } from '../grammar/index.ts';
export { parseAnyForm, printText, type FunctionForm } from '../grammar/text/index.ts';
export { printFunction } from '../grammar/print.ts';
export type { FunctionDocument } from '../grammar/ast.ts';
export { InvalidRuleFunctionError, RuleLanguageError, type SourcePosition, type SourceSpan } from '../grammar/errors.ts';
export { EVENT_SOURCE_NAMES, type EventSourceName } from '../grammar/catalogue/types.ts';
// Takes the caller's ConnectClient by its shape: neither the bundle nor the declarations name the SDK.
export { withContactCategories, type CategoryCriterion, type ClientWithMiddleware } from '../engine/contacts/client.ts';
