/**
 * Verdicts held to AWS's documented examples, through `connect-rules eval` as a user
 * runs it (fidelity findings, session 9). Each input is a project fixture changed the
 * way the documented case needs, so the verdict is AWS's, not a copy of our output.
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';
import { fixture } from '../support/fixtures.ts';

/** A post-call rule function: one condition on `path`, filtered to `role`. */
const postCallRule = (operator: string, path: string, value: number, role: string) => ({
  Version: '2022-11-25',
  RuleFunction: {
    Operator: 'AND',
    Operands: [{ Operator: operator, Operands: [value], ComparisonValue: path, FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: role }] }, Negate: false }],
  },
});

const verdict = (fn: unknown, event: unknown) => {
  const file = scratch({ 'fn.json': fn, 'event.json': event });
  const r = runCli(['eval', '--function', file('fn.json'), '--event', file('event.json')]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split(':')[0];
};

describe('talk time of a participant who never spoke (AWS: "identify where the customer did not speak at all")', () => {
  // the customer is listed in Participants but said nothing: no turns, no TalkTime entry
  const silentCustomer = () => {
    const file = fixture('analysis/voice-customer-interrupts.json');
    file.Transcript = file.Transcript.filter((t: { ParticipantId: string }) => t.ParticipantId !== 'CUSTOMER');
    delete file.ConversationCharacteristics.TalkTime.DetailsByParticipant.CUSTOMER;
    return file;
  };
  const talk = (role: string) => postCallRule('NumberLessOrEqualTo', '$.ContactLens.PostCall.TalkTime.TotalTimeSecs', 5, role);

  it('a listed customer with no TalkTime entry has talked 0 s, so "customer talk time ≤ 5 s" matches', () => {
    expect(verdict(talk('CUSTOMER'), silentCustomer())).toBe('MATCHED');
  });

  it('the agent who did talk still does not match', () => {
    expect(verdict(talk('AGENT'), silentCustomer())).toBe('NOT MATCHED');
  });

  it('a file without per-participant talk time leaves it missing: the rule does not match', () => {
    const file = silentCustomer();
    delete file.ConversationCharacteristics.TalkTime;
    expect(verdict(talk('CUSTOMER'), file)).toBe('NOT MATCHED');
  });
});
