/**
 * Row builders for the conditions on the contact record that every contact-based
 * source shares (PostCall, PostChat, RealTimeCall, RealTimeChat, Email,
 * ContactEvaluation): agent, queue, hierarchy, routing profile, initiation method,
 * disconnect reason, attributes. Each builder takes the source's context (its
 * prefix and enums) and returns the row; differences between sources (which
 * `Negate` is documented, whether "no queue" exists) are options, not branches.
 */
import {
  CONTACT_DISCONNECT_REASONS,
  CONTACT_INITIATION_METHODS,
  INT_MIN_0,
  INT_MIN_1,
  LIMIT_GROUPS,
  NO_VALUE,
  TEMPLATE_KEY,
  compare,
  containsAny,
  equals,
  ids,
  row,
  strings,
} from './rows.ts';
import type { ConditionSpec, OperatorForm } from './types.ts';

export interface ContactContext {
  /** `$.ContactLens.PostCall` etc. */
  readonly prefix: string;
  readonly initiationMethods: readonly string[];
  readonly disconnectReasons: readonly string[];
}

export type RowBuilder = (c: ContactContext) => ConditionSpec;

export const contactContext = (
  prefix: string,
  enums: Partial<Pick<ContactContext, 'initiationMethods' | 'disconnectReasons'>> = {},
): ContactContext => ({
  prefix,
  initiationMethods: enums.initiationMethods ?? CONTACT_INITIATION_METHODS,
  disconnectReasons: enums.disconnectReasons ?? CONTACT_DISCONNECT_REASONS,
});

export const agentHierarchy: RowBuilder = (c) =>
  row('Agent hierarchy', `${c.prefix}.Agent.HierarchyGroup.ARN`, containsAny(strings()), { value: { kind: 'list' } });

export const initiationMethod: RowBuilder = (c) =>
  row('Initiation method', `${c.prefix}.InitiationMethod`, containsAny(strings(undefined, c.initiationMethods)));

export const disconnectReason: RowBuilder = (c) =>
  row('Disconnect reason', `${c.prefix}.DisconnectReason`, containsAny(strings(undefined, c.disconnectReasons)));

export const afterContactWork: RowBuilder = (c) =>
  row('After contact work duration', `${c.prefix}.Agent.AfterContactWorkDurationSecs`, compare(INT_MIN_0));

export const routingProfile: RowBuilder = (c) =>
  row('Routing profile', `${c.prefix}.Agent.RoutingProfile`, containsAny(strings()));

/** Values are "a validated enum" the docs never list (UNCONFIRMED): any string. `EQUALS` with no value = no issue. */
export const potentialDisconnectIssue: RowBuilder = (c) =>
  row('Potential disconnect issue', `${c.prefix}.PotentialDisconnectIssue`, [
    ...containsAny(strings()),
    ...equals(NO_VALUE),
  ]);

export const segmentAttribute =
  (negatable: boolean): RowBuilder =>
  (c) =>
    row(
      'Custom segment attribute',
      `${c.prefix}.SegmentAttributes.UserDefined.${TEMPLATE_KEY}`,
      containsAny(strings()),
      { negatable },
    );

export const agent: RowBuilder = (c) => row('Agent', `${c.prefix}.Agent.AgentId`, containsAny(ids('agent')));

/**
 * Queue: `CONTAINS_ANY` queue IDs and, where documented, the "no queue" form
 * (`EQUALS` with no value) on the same path, so one row with two forms.
 */
export const queue =
  (opts: { negatable: boolean; noQueue: boolean; noQueueOnly?: boolean }): RowBuilder =>
  (c) => {
    if (opts.noQueueOnly) return row('No queue', `${c.prefix}.Queue.QueueId`, equals(NO_VALUE), { negatable: false });
    const forms: OperatorForm[] = [...containsAny(ids('queue')), ...(opts.noQueue ? equals(NO_VALUE) : [])];
    return row(opts.noQueue ? 'Queue / no queue' : 'Queue', `${c.prefix}.Queue.QueueId`, forms, {
      negatable: opts.negatable,
    });
  };

export const contactAttribute: RowBuilder = (c) =>
  row('Contact attribute', `${c.prefix}.ContactAttribute.${TEMPLATE_KEY}`, equals(), {
    negatable: true,
    limitGroup: LIMIT_GROUPS.contactAttribute,
  });

export const agentInteractionDuration: RowBuilder = (c) =>
  row('Agent interaction duration', `${c.prefix}.Agent.AgentInteractionDurationSecs`, compare(INT_MIN_1));

export const build = (c: ContactContext, builders: readonly RowBuilder[]): ConditionSpec[] => builders.map((b) => b(c));
