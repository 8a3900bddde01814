/**
 * The engine's entry for one rule function: validate and compile a `Function`
 * string for an event source, ready to evaluate trigger events many times.
 */
import { requireValidFunction } from '../grammar/index.ts';
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { compileFunction, type CompiledFunction, type CompileOptions } from './compile/index.ts';

export type { CompiledFunction, ExplainResult, ExplainTrace } from './compile/index.ts';
export { formatTrace } from './compile/trace.ts';

/** Throws `InvalidRuleFunctionError` listing every located problem when the function is invalid. */
export function compileRuleFunction(text: string, source: EventSourceName, options?: CompileOptions & { file?: string }): CompiledFunction {
  return compileFunction(requireValidFunction(text, source, options?.file), source, options);
}
