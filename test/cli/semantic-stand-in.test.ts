/**
 * Semantic match is judged by a lexical stand-in (engine/transcript/semantic.ts), not
 * Contact Lens's model, and says so where a user looks: --explain names the matcher
 * with its description, and eval and backtest print one warning a run when a semantic
 * condition took part in a verdict. AWS's own documented pairs (admin guide, Add
 * rules, "Semantic Match": "upset" can match "not happy", "hardly acceptable" can match
 * "unacceptable", "unsubscribe" can match "cancel subscription", "thank you so much
 * for helping me out" / "thanks a lot and this is so helpful") are the kind of match
 * the stand-in cannot make: each is NOT MATCHED, and the warning is what tells the user.
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

/** AWS's documented pairs: the operand, what the customer said. */
const AWS_PAIRS: readonly (readonly [string, string])[] = [
  ['upset', 'I am not happy with this'],
  ['unacceptable', 'that is hardly acceptable'],
  ['cancel subscription', 'I want to unsubscribe'],
  ['unsubscribe', 'please cancel my subscription'],
  ['thank you so much for helping me out', 'thanks a lot and this is so helpful'],
];

const fn = (path: string, operand: string) =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [{ Operator: 'CONTAINS_ANY', Operands: [operand], ComparisonValue: path, FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'ANY' }] }, Negate: false }],
    },
  });

const call = (contact: string, said: string) => ({
  EventSourceName: 'OnPostCallAnalysisAvailable',
  InstanceId: 'inst-1',
  ContactLens: {
    PostCall: {
      ContactId: contact,
      Channel: 'VOICE',
      LanguageCode: 'en-US',
      TotalConversationDurationMillis: 1000,
      Transcript: [{ Id: 'item-0', ParticipantRole: 'CUSTOMER', Content: said, BeginOffsetMillis: 0, EndOffsetMillis: 1000 }],
    },
  },
});

const rule = (name: string, path: string, operand: string) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: fn(path, operand),
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
});

const SEMANTIC = '$.ContactLens.PostCall.SemanticMatch.Transcript';
const EXACT = '$.ContactLens.PostCall.ExactMatch.Transcript';
const WARNING = /^warning: semantic match conditions were judged by lemma-overlap, a lexical stand-in, not Contact Lens's semantic model/;

/** The calls alone in a folder, for backtest. */
const callFile = scratch(Object.fromEntries(AWS_PAIRS.map(([, said], i) => [`call-${i}.json`, call(`c-${i}`, said)])));
const CALLS = dirname(callFile('call-0.json'));
const file = scratch({
  ...Object.fromEntries(AWS_PAIRS.map(([operand], i) => [`fn-${i}.json`, fn(SEMANTIC, operand)])),
  'exact.json': fn(EXACT, 'unsubscribe'),
  'semantic-rule.json': rule('UNSUBSCRIBE', SEMANTIC, 'unsubscribe'),
  'exact-rule.json': rule('UNSUBSCRIBE_EXACT', EXACT, 'unsubscribe'),
});
const warnings = (stderr: string) => stderr.split('\n').filter((l) => WARNING.test(l));

describe('semantic match says it is a lexical stand-in', () => {
  it.each(AWS_PAIRS.map((pair, i) => [i, ...pair] as const))('eval, AWS pair %i (%s / "%s"): NOT MATCHED, one warning, --explain names the matcher and what it is', (i) => {
    const r = runCli(['eval', '--function', file(`fn-${i}.json`), '--event', callFile(`call-${i}.json`), '--explain']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^NOT MATCHED: /);
    expect(r.stdout).toContain('semantic matcher: lemma-overlap: Built-in lexical stand-in for the Contact Lens semantic model');
    expect(warnings(r.stderr)).toHaveLength(1);
  });

  it('eval of a function without a semantic condition prints no such warning', () => {
    expect(warnings(runCli(['eval', '--function', file('exact.json'), '--event', callFile('call-3.json')]).stderr)).toEqual([]);
  });

  it('backtest warns once for the run, not per event, when a semantic rule was evaluated; not for an exact-match rule', () => {
    const semantic = runCli(['backtest', CALLS, '--rules', file('semantic-rule.json'), '--workers', '0']);
    expect(semantic.status).toBe(0);
    expect(warnings(semantic.stderr)).toHaveLength(1);
    const exact = runCli(['backtest', CALLS, '--rules', file('exact-rule.json'), '--workers', '0']);
    expect(exact.status).toBe(0);
    expect(warnings(exact.stderr)).toEqual([]);
  });
});
