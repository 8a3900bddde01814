/**
 * Random rule functions as plain JSON objects, for the property test of the text
 * form. Generalises the arbitraries of grammar/parse.fuzz.test.ts: besides random
 * strings it draws real catalogue paths (so the names of every family are
 * exercised), the readable filter shapes of every family (roles, First/Last/Past,
 * languages, AI agent filters, metric dimensions, thresholds, the root grouping)
 * next to arbitrary filter data, PatternMatch operands in canonical and other key
 * orders, and `Negate` written or not on groups.
 */
import fc from 'fast-check';
import { LEAF_OPERATORS } from '../../grammar/ast.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES, TEMPLATE_KEY } from '../../grammar/catalogue/index.ts';
import { DIMENSION_FILTERS, FAMILIES } from '../../grammar/text/aliases.ts';
import { hardText, normalisedJson, number, patternTokens } from './arbitrary-functions.ts';

/** Short strings with what is hard to write (quotes, backslashes, controls, lone surrogates), and keywords. */
export const text = fc.oneof(
  hardText([' ', '.', '$']),
  fc.constantFrom('and', 'or', 'not', 'in', 'ANY', 'AND', 'NEGATIVE', 'customer', 'pattern', 'logic', 'true', 'null', 'constructor', '__proto__'),
);

const { token: basicToken } = patternTokens(text);
const patternToken = fc.oneof(
  basicToken,
  // Keys in another order, or extra keys: must print in a form that keeps them.
  fc.record({ Value: text, Type: fc.constant('PLAIN') }),
  fc.record({ Type: fc.constant('PROXIMITY'), Value: fc.record({ IsWithin: fc.boolean(), Distance: fc.nat(10) }) }),
);
const json = normalisedJson;
const operand = fc.oneof(text, number, fc.array(patternToken, { minLength: 1, maxLength: 4 }), json);

/** Every documented path, template keys filled in, plus paths no catalogue has. */
const CATALOGUE_PATHS = [
  ...new Set(EVENT_SOURCE_NAMES.flatMap((s) => CATALOGUE[s].conditions.map((c) => c.path))),
];
const path = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...CATALOGUE_PATHS), fc.oneof(fc.constantFrom('Tier', 'a.b', 'x y'), text)).map(([p, key]) => p.replace(TEMPLATE_KEY, key)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FAMILIES.map((f) => f.prefix)), text).map(([prefix, rest]) => `${prefix}.${rest}`) },
  { weight: 1, arbitrary: text },
);

const seconds = fc.oneof(fc.integer({ min: -5, max: 90_000 }), number);
/** Filters in the shapes the readable phrases produce, and anything else. */
const filter = fc.oneof(
  fc.record({ Type: fc.constant('ParticipantRole'), Data: fc.oneof(fc.constantFrom('CUSTOMER', 'AGENT', 'ANY'), json) }),
  fc.record({
    Type: fc.constantFrom('PostCallContactPeriodSeconds', 'PostChatContactPeriodSeconds'),
    Data: fc.oneof(fc.record({ First: seconds }), fc.record({ Last: seconds }), json),
  }),
  fc.record({
    Type: fc.constantFrom('RealTimeCallContactPeriodSeconds', 'MetricDataDurationSeconds', 'MetricDataPeriodSeconds', 'AgentActivityDurationSeconds'),
    Data: fc.oneof(fc.record({ Past: seconds }), json),
  }),
  fc.record({ Type: fc.constant('PatternMatchLanguageFilter'), Data: fc.oneof(fc.constantFrom('EN', 'ES', 'en', 'not'), text) }),
  fc.record({ Type: fc.constant('AiAgentUseCase'), Data: fc.oneof(fc.record({ Value: fc.oneof(fc.constantFrom('SelfService', 'AgentAssistance'), text) }), json) }),
  fc.record({ Type: fc.constant('AiAgentEscalatedToHuman'), Data: fc.oneof(fc.constantFrom('TRUE', 'FALSE'), json) }),
  fc.record({
    Type: fc.constant('MetricDataThresholdSeconds'),
    Data: fc.oneof(fc.record({ Comparison: fc.constantFrom('LT', 'GT'), ThresholdValue: seconds }), json),
  }),
  fc.record({ Type: fc.constantFrom(...Object.values(DIMENSION_FILTERS)), Data: fc.oneof(fc.array(fc.oneof(text, fc.constantFrom('VOICE', 'CHAT'))), json) }),
  fc.record({ Type: fc.oneof(text, fc.constantFrom('logic', 'customer', 'first')), Data: json }),
);
const filterClause = fc.record({
  LogicOperator: fc.oneof({ weight: 5, arbitrary: fc.constant('AND') }, { weight: 1, arbitrary: text }),
  Filters: fc.array(filter, { maxLength: 3 }),
});
const rootClause = fc.oneof(
  fc.record({ LogicOperator: fc.constant('AND'), Filters: fc.constantFrom('AGENT', 'QUEUE', 'ROUTING_PROFILE', 'FLOW').map((g) => [{ Type: 'MetricDataGrouping', Data: [g] }]) }),
  filterClause,
);

const node = (depth: number): fc.Arbitrary<unknown> => {
  const condition = fc.record(
    {
      Operator: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LEAF_OPERATORS) }, { weight: 1, arbitrary: text }),
      Operands: fc.array(operand, { maxLength: 4 }),
      ComparisonValue: path,
      FilterClause: filterClause,
      Negate: fc.boolean(),
    },
    { requiredKeys: ['Operator', 'Operands', 'ComparisonValue'] },
  );
  if (depth <= 0) return condition;
  return fc.oneof({ weight: 3, arbitrary: condition }, { weight: 1, arbitrary: group(depth - 1, filterClause) });
};

const group = (depth: number, clause: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.record(
    {
      Operator: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('AND', 'OR') }, { weight: 1, arbitrary: text }),
      Operands: fc.array(node(depth), { maxLength: 4 }),
      FilterClause: clause,
      Negate: fc.boolean(),
    },
    { requiredKeys: ['Operator', 'Operands'] },
  );

/** A plain `{Version, RuleFunction}` object. */
export const plainFunction = fc.record({
  Version: fc.oneof({ weight: 5, arbitrary: fc.constant('2022-11-25') }, { weight: 1, arbitrary: text }),
  RuleFunction: group(3, rootClause),
});
