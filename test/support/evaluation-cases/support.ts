/**
 * The shape of an evaluation case and the few builders the case tables share.
 *
 * A case is a condition (a leaf, or a compound `AND` group), a canonical trigger
 * event (docs/canonical-events.md) and the verdict a contact-centre supervisor
 * expects, written by hand from the documented conditions and
 * docs/canonical-events.md. evaluate.test.ts wraps the condition in a root `AND`,
 * validates, compiles and evaluates it. Metric cases give the whole function.
 *
 * The builders only spell JSON; none of them decides a verdict.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { buildTriggerEvent } from '../../../engine/context/index.ts';
import { BODY_AT, fixture } from '../fixtures.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface EvalCase {
  readonly source: EventSourceName;
  readonly name: string;
  /** The leaf or compound group, wrapped in `{"Operator":"AND","Operands":[condition]}` at the root. */
  readonly condition?: JsonObject;
  /** OnMetricDataUpdate: the whole `{Version, RuleFunction}` document. */
  readonly function?: JsonObject;
  /** The canonical trigger event, envelope included. */
  readonly event: JsonObject;
  readonly expected: boolean;
  /**
   * Why `loadCanonicalEvent` refuses this event (a missing-value case the canonical
   * format itself rules out); absent: the event must load, and give the same verdict loaded.
   */
  readonly notCanonical?: string;
}

export const INSTANCE_ID = '0c9b1f2a-6d3e-4b8a-9f71-2e5c8d4a7b10';
export const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`;
export const CONTACT_ID = '87654321-1234-1234-1234-0a1b2c3d4e5f';

/** A leaf condition, `Negate` always written (as every documented example does). */
export function leaf(
  path: string,
  operator: string,
  operands: Json[],
  opts: { filters?: JsonObject[]; negate?: boolean } = {},
): JsonObject {
  return {
    Operator: operator,
    Operands: operands,
    ComparisonValue: path,
    ...(opts.filters ? { FilterClause: { LogicOperator: 'AND', Filters: opts.filters } } : {}),
    Negate: opts.negate ?? false,
  };
}

/** `c(name, condition, event, expected)`: a case of `source`, its name prefixed with `prefix`. */
export const caseMaker =
  (source: EventSourceName, prefix = '') =>
  (name: string, condition: JsonObject, event: JsonObject, expected: boolean): EvalCase => ({
    source,
    name: `${prefix}${name}`,
    condition,
    event,
    expected,
  });

export const and = (...operands: JsonObject[]): JsonObject => ({ Operator: 'AND', Operands: operands });
export const or = (...operands: JsonObject[]): JsonObject => ({ Operator: 'OR', Operands: operands });
export const negated = (condition: JsonObject): JsonObject => ({ ...condition, Negate: true });

export const filter = (type: string, data: Json): JsonObject => ({ Type: type, Data: data });
export const role = (r: 'AGENT' | 'CUSTOMER' | 'ANY'): JsonObject => filter('ParticipantRole', r);

/** The canonical event of `source` with `body` at its root. */
export function eventOf(source: EventSourceName, body: JsonObject): JsonObject {
  const path = BODY_AT[source];
  if (!path) throw new Error(`no body path for ${source}`);
  let nested: JsonObject = body;
  for (const key of path.split('.').reverse()) nested = { [key]: nested };
  return { EventSourceName: source, InstanceId: INSTANCE_ID, ...nested };
}

const CHANNEL_OF: Partial<Record<EventSourceName, string>> = {
  OnPostCallAnalysisAvailable: 'VOICE',
  OnRealTimeCallAnalysisAvailable: 'VOICE',
  OnPostChatAnalysisAvailable: 'CHAT',
  OnRealTimeChatAnalysisAvailable: 'CHAT',
  OnEmailAnalysisAvailable: 'EMAIL',
};

/** A contact-analysis (or evaluation) event: the contact id and channel, plus `body`. */
export function contactEvent(source: EventSourceName, body: JsonObject = {}): JsonObject {
  const channel = CHANNEL_OF[source];
  return eventOf(source, { ContactId: CONTACT_ID, ...(channel ? { Channel: channel } : {}), ...body });
}

/** A transcript item of the canonical event. */
export function item(
  Id: string,
  ParticipantRole: string,
  Content: string,
  BeginOffsetMillis: number,
  EndOffsetMillis: number,
  Sentiment?: 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED',
): JsonObject {
  return { Id, ParticipantRole, Content, BeginOffsetMillis, EndOffsetMillis, ...(Sentiment ? { Sentiment } : {}) };
}

/** Events of the four verdicts every condition has. */
export interface Quartet {
  /** the value satisfies the condition */
  readonly match: JsonObject;
  /** the value is present and does not */
  readonly noMatch: JsonObject;
  /** the value is absent */
  readonly missing: JsonObject;
}

/**
 * The cases the general semantics give every condition: a
 * matching value → true, another value → false, no value → false; and, where
 * `Negate: true` is documented, each of them flipped (so no value → true).
 */
export function quartet(
  source: EventSourceName,
  name: string,
  condition: JsonObject,
  events: Quartet,
  opts: { negatable: boolean; notCanonical?: string },
): EvalCase[] {
  const missingExtra = opts.notCanonical ? { notCanonical: opts.notCanonical } : {};
  const cases: EvalCase[] = [
    { source, name: `${name}: matching value`, condition, event: events.match, expected: true },
    { source, name: `${name}: other value`, condition, event: events.noMatch, expected: false },
    { source, name: `${name}: value missing`, condition, event: events.missing, expected: false, ...missingExtra },
  ];
  if (opts.negatable) {
    const not = negated(condition);
    cases.push(
      { source, name: `${name}, negated: matching value`, condition: not, event: events.match, expected: false },
      { source, name: `${name}, negated: other value`, condition: not, event: events.noMatch, expected: true },
      { source, name: `${name}, negated: value missing`, condition: not, event: events.missing, expected: true, ...missingExtra },
    );
  }
  return cases;
}

/**
 * The inclusive bounds of a numeric condition: `≥ bound` holds at the bound and not
 * just below it, `≤ bound` at the bound and not just above it, and neither holds
 * when the value is missing (a missing number is not 0). `below`/`above` are written
 * by the caller, so decimals show that nothing is rounded.
 */
export function bounds(
  source: EventSourceName,
  name: string,
  path: string,
  at: (value: number | undefined) => JsonObject,
  values: { bound: number; below: number; above: number },
  filters?: JsonObject[],
): EvalCase[] {
  const ge = leaf(path, 'NumberGreaterOrEqualTo', [values.bound], { filters });
  const le = leaf(path, 'NumberLessOrEqualTo', [values.bound], { filters });
  return [
    { source, name: `${name} ≥ ${values.bound}: exactly ${values.bound}`, condition: ge, event: at(values.bound), expected: true },
    { source, name: `${name} ≥ ${values.bound}: ${values.above}`, condition: ge, event: at(values.above), expected: true },
    { source, name: `${name} ≥ ${values.bound}: ${values.below}`, condition: ge, event: at(values.below), expected: false },
    { source, name: `${name} ≥ ${values.bound}: missing`, condition: ge, event: at(undefined), expected: false },
    { source, name: `${name} ≤ ${values.bound}: exactly ${values.bound}`, condition: le, event: at(values.bound), expected: true },
    { source, name: `${name} ≤ ${values.bound}: ${values.below}`, condition: le, event: at(values.below), expected: true },
    { source, name: `${name} ≤ ${values.bound}: ${values.above}`, condition: le, event: at(values.above), expected: false },
    { source, name: `${name} ≤ ${values.bound}: missing (not 0)`, condition: le, event: at(undefined), expected: false },
  ];
}

/** `{a: {b: value}}` for `['a', 'b']`, or `{}` when the value is undefined. */
export function nest(path: readonly string[], value: Json | undefined): JsonObject {
  if (value === undefined) return {};
  let nested: Json = value;
  for (const key of [...path].reverse()) nested = { [key]: nested };
  return nested as JsonObject;
}

/**
 * The canonical event the engine builds from the project's real-format fixtures
 * (`test/fixtures/<event>`, with the contact record `test/fixtures/<contact>`): the
 * cases that hold a documented AWS point to a whole file, not only to one value.
 */
export function fromFixtures(event: string, contact?: string): JsonObject {
  return JSON.parse(
    JSON.stringify(buildTriggerEvent({ event: fixture(event), contact: contact === undefined ? undefined : fixture(contact) })),
  ) as JsonObject;
}
