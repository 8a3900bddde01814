// TypeScript: compiled by tsc against the package's declarations (strict), then run.
import {
  buildTriggerEvent,
  compileRuleSet,
  formatTrace,
  InvalidRuleFunctionError,
  type CompiledFunction,
  type EventSourceName,
  type ExplainResult,
  type CompiledRuleSet,
  type TriggerEvent,
} from 'connect-rules';
import { ANALYSIS, CONTACT, RULES } from './rules.mjs';

const event: TriggerEvent = buildTriggerEvent({ event: ANALYSIS, contact: CONTACT });
const source: EventSourceName = 'OnPostCallAnalysisAvailable';
const set: CompiledRuleSet = compileRuleSet(RULES.map((r) => ({ ...r, source: r.source as EventSourceName })));
const matched: string[] = set.match(event);
const why: ExplainResult = set.explain('cancellation', event);

// The declarations are precise, not `any`: each line below must fail to compile.
// @ts-expect-error: not an event source
const wrong: EventSourceName = 'OnSomethingElse';
// @ts-expect-error: match returns names, not booleans
const flags: boolean[] = set.match(event);
const check = (f: CompiledFunction): CompiledRuleSet =>
  // @ts-expect-error: a rule needs a source
  compileRuleSet([{ name: 'x', function: '{}', matches: f.matches(event) }]);

// A rule set's error names the rule of each problem.
const rulesOf = (e: InvalidRuleFunctionError): readonly string[] => e.where;

console.log(JSON.stringify({ source, matched, trace: formatTrace(why.trace).split('\n')[0], unused: [wrong, flags, check, rulesOf].length }));
