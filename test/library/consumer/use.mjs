// Plain Node: `node use.mjs <analysis file> <contact record>` prints what the library says, as JSON.
import { buildTriggerEvent, checkFunction, compileRuleFunction, compileRuleSet, formatTrace, InvalidRuleFunctionError, DuplicateRuleNameError, parseAnyForm, printFunction, printText } from 'connect-rules';
import { ANALYSIS, CONTACT, INVALID, RULES, TEXT_FORM } from './rules.mjs';

const event = buildTriggerEvent({ event: ANALYSIS, contact: CONTACT });
const set = compileRuleSet(RULES);
const one = compileRuleFunction(RULES[0].function, RULES[0].source);
// The readable text form, as compileRuleSet takes it.
const text = compileRuleFunction(TEXT_FORM, 'OnPostCallAnalysisAvailable');
let invalid;
try {
  compileRuleFunction(INVALID, 'OnPostCallAnalysisAvailable');
} catch (err) {
  invalid = { isInvalidRuleFunctionError: err instanceof InvalidRuleFunctionError, name: err.name, errors: err.errors.map((e) => e.toJSON()) };
}
// A rule set with two invalid rules: every problem of both, each naming its rule.
let setInvalid;
try {
  compileRuleSet([
    { name: 'a', source: 'OnPostCallAnalysisAvailable', function: 'queue in (' },
    { name: 'b', source: 'OnPostCallAnalysisAvailable', function: 'holds >= "x"' },
  ]);
} catch (err) {
  setInvalid = { isInvalidRuleFunctionError: err instanceof InvalidRuleFunctionError, message: err.message, where: err.where, lines: err.errors.map((e) => e.line) };
}
// A misspelt event source (no type checks it here): said to be unknown, with the closest one.
let unknownSource;
try {
  compileRuleFunction('queue in ("q")', 'OnPostCall');
} catch (err) {
  unknownSource = { isInvalidRuleFunctionError: err instanceof InvalidRuleFunctionError, message: err.message };
}
// What a JavaScript caller passes by mistake: each refused saying what was given.
const HOLDS = 'on post-call\nholds >= 1';
const NEGATED_STRING_HOLDS = JSON.stringify({
  Version: '2022-11-25',
  RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'NumberGreaterOrEqualTo', Operands: ['x'], ComparisonValue: '$.ContactLens.PostCall.Agent.NumberOfHolds', Negate: true }] },
});
const refusals = {};
for (const [what, call] of Object.entries({
  printTextOfParseResult: () => printText(parseAnyForm(HOLDS)),
  printFunctionOfUndefined: () => printFunction(undefined),
  compileRuleFunctionOfUndefined: () => compileRuleFunction(undefined, 'OnPostCallAnalysisAvailable'),
  compileRuleFunctionOfRule: () => compileRuleFunction({ Name: 'x', Function: HOLDS }, 'OnPostCallAnalysisAvailable'),
  parseAnyFormOfUndefined: () => parseAnyForm(undefined),
  compileRuleSetFunctionNumber: () => compileRuleSet([{ ...RULES[0], function: 42 }]),
  compileRuleSetFunctionRule: () => compileRuleSet([{ ...RULES[0], function: { Name: 'x', Function: HOLDS } }]),
  compileRuleSetTwoOfOneName: () => compileRuleSet([RULES[0], RULES[1], { ...RULES[1], name: RULES[0].name }]),
  compileRuleFunctionNoSource: () => compileRuleFunction(HOLDS),
  compileRuleSetNoSource: () => compileRuleSet([{ name: 'a', function: HOLDS }]),
  compileRuleSetNoName: () => compileRuleSet([{ source: 'OnPostCallAnalysisAvailable', function: HOLDS }]),
  // parseAnyForm does not validate: a document is checked as its text would be.
  // (negated, so a string compared as a number, unchecked, made the rule match every event).
  compileRuleSetInvalidDocument: () => compileRuleSet([{ name: 'doc', source: 'OnPostCallAnalysisAvailable', function: parseAnyForm(NEGATED_STRING_HOLDS).document }]),
  compileRuleSetDocumentOfOtherSource: () => compileRuleSet([{ name: 'chat', source: 'OnPostCallAnalysisAvailable', function: parseAnyForm('on post-chat\nno queue').document }]),
})) {
  try {
    call();
    refusals[what] = 'not refused';
  } catch (err) {
    refusals[what] = { type: err instanceof DuplicateRuleNameError ? 'DuplicateRuleNameError' : err.constructor.name, message: err.message };
  }
}
// A rule of another source than the event's: false, and explain says why on the trace's first line.
// `no queue` holds on a post-call event for a post-chat rule's path (none there), so false here is the source check's.
const chatOnly = compileRuleFunction('no queue', 'OnPostChatAnalysisAvailable');
const firstLine = (result) => formatTrace(result.trace).split('\n')[0];
const otherSource = {
  matches: chatOnly.matches(event),
  explain: { matched: chatOnly.explain(event).matched, firstLine: firstLine(chatOnly.explain(event)) },
  ownSource: compileRuleFunction('no queue', 'OnPostChatAnalysisAvailable').matches({ ...event, EventSourceName: 'OnPostChatAnalysisAvailable' }),
  setExplain: firstLine(set.explain('chat', event)),
  nullEvent: [chatOnly.matches(null), firstLine(chatOnly.explain(null))],
  noSourceEvent: [chatOnly.matches({}), firstLine(chatOnly.explain({}))],
};
const printedText = printText(parseAnyForm(HOLDS).document);
const checkedUnknownSource = checkFunction(RULES[0].function, 'OnPostCal').errors.map((e) => e.message);
console.log(
  JSON.stringify({
    source: event.EventSourceName,
    matched: set.match(event),
    explainDiscount: set.explain('discount', event).matched,
    oneMatches: one.matches(event),
    oneTraceKind: one.explain(event).trace.kind,
    textMatches: text.matches(event),
    textOtherPhrase: compileRuleFunction(TEXT_FORM.replace('cancel my account', 'loyalty discount'), 'OnPostCallAnalysisAvailable').matches(event),
    invalid,
    setInvalid,
    unknownSource,
    checkedUnknownSource,
    refusals,
    otherSource,
    printedText,
  }),
);
