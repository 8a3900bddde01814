/**
 * The plan by rule Name: what counts as a change (canonical functions, actions as
 * a set), replacement when the event source changes, pruning, and the readable diff
 * that names changed conditions and actions.
 */
import { describe, expect, it } from 'vitest';
import { clientTokenFor, computePlan, formatPlan, planSummary } from './plan.ts';

const fn = (...queues: string[]) =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        { Operator: 'NumberGreaterOrEqualTo', Operands: [2], ComparisonValue: '$.ContactLens.PostCall.Agent.NumberOfHolds', Negate: false },
        { Operator: 'CONTAINS_ANY', Operands: queues, ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false },
      ],
    },
  });
const CATEGORY = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };
const EVENT = { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'ESCALATE' } };
const rule = (name: string, extra: object = {}) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: fn('q-1'),
  Actions: [CATEGORY, EVENT],
  PublishStatus: 'PUBLISHED',
  ...extra,
});
const remote = (name: string, extra: object = {}) => ({ ruleId: `id-${name}`, body: rule(name, extra) });
const local = (name: string, extra: object = {}) => ({ body: rule(name, extra), where: `rules/${name}.json` });

describe('computePlan', () => {
  it('ignores spacing of the function and the order of actions; sees every other change', () => {
    const plan = computePlan(
      [
        local('SAME', { Function: JSON.stringify(JSON.parse(fn('q-1')), null, 4), Actions: [EVENT, CATEGORY] }),
        local('EDITED', { Function: fn('q-1', 'q-2'), Actions: [CATEGORY], PublishStatus: 'DRAFT' }),
        local('MOVED', { TriggerEventSource: { EventSourceName: 'OnPostChatAnalysisAvailable' } }),
        local('NEW'),
      ],
      [remote('SAME'), remote('EDITED'), remote('MOVED'), remote('GONE')],
      { prune: false },
    );
    expect(planSummary(plan)).toEqual({ create: ['NEW'], update: ['EDITED', 'MOVED'], delete: [], unchanged: ['SAME'] });
    expect(plan.kept).toEqual(['GONE']);
    expect(plan.update[0]!.changed).toEqual(['Function', 'Actions', 'PublishStatus']);
    expect(plan.update[1]).toMatchObject({ replace: true, changed: ['TriggerEventSource'] });
    expect(planSummary(computePlan([], [remote('GONE')], { prune: true })).delete).toEqual(['GONE']);
  });

  it("names the file a change is in: a Function read from NAME.txt beside NAME.json is the .txt's change", () => {
    const paired = (name: string, extra: object = {}) => ({ ...local(name, extra), functionWhere: `rules/${name}.txt` });
    const plan = computePlan(
      [paired('FN', { Function: fn('q-2') }), paired('STATUS', { PublishStatus: 'DRAFT' }), paired('BOTH', { Function: fn('q-2'), PublishStatus: 'DRAFT' }), paired('NEW')],
      [remote('FN'), remote('STATUS'), remote('BOTH')],
      { prune: false },
    );
    expect(plan.update.map((c) => [c.name, c.where])).toEqual([
      ['FN', 'rules/FN.txt'],
      ['STATUS', 'rules/STATUS.json'],
      ['BOTH', 'rules/BOTH.json, rules/BOTH.txt'],
    ]);
    expect(plan.create.map((c) => c.where)).toEqual(['rules/NEW.json, rules/NEW.txt']);
    expect(formatPlan(plan, 'Plan')).toContain('~ update FN  (rules/FN.txt)\n');
  });

  it('prints the changed conditions and actions, not whole blobs', () => {
    const plan = computePlan([local('EDITED', { Function: fn('q-1', 'q-2'), Actions: [CATEGORY], PublishStatus: 'DRAFT' })], [remote('EDITED')], { prune: false });
    expect(formatPlan(plan, 'Plan for i-1')).toBe(
      [
        'Plan for i-1',
        '',
        '~ update EDITED  (rules/EDITED.json)',
        '    function:',
        '        holds >= 2 and',
        '      - queue in ("q-1")',
        '      + queue in ("q-1", "q-2")',
        '    actions:',
        '      - GENERATE_EVENTBRIDGE_EVENT {"Name":"ESCALATE"}',
        '    PublishStatus: PUBLISHED → DRAFT',
        '',
        'Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged.',
        '',
      ].join('\n'),
    );
  });
});

describe('clientTokenFor', () => {
  it('lists Tags that differ as not pushed, and never says the instance matches the files over them', () => {
    const TEAM = { Tags: { team: 'retention' } };
    const only = computePlan([local('TAGGED', TEAM), local('SAME', { Tags: {} })], [remote('TAGGED'), remote('SAME')], { prune: false });
    expect(planSummary(only)).toEqual({ create: [], update: [], delete: [], unchanged: ['TAGGED', 'SAME'], tagsNotPushed: ['TAGGED'] });
    const text = formatPlan(only, 'Plan');
    expect(text).not.toContain('matches the files');
    expect(text).toContain('! tags differ on TAGGED  (rules/TAGGED.json; not pushed: tags are set when a rule is created)\n    Tags: {} → {"team":"retention"}\n');
    expect(text).toMatch(/\nNothing to push \(2 rules\), but the Tags of 1 rule differ \(not pushed: tags are set when a rule is created\)\.\n$/);
    const withUpdate = formatPlan(computePlan([local('TAGGED', { ...TEAM, PublishStatus: 'DRAFT' })], [remote('TAGGED')], { prune: false }), 'Plan');
    expect(withUpdate).toMatch(/\nPlan: 0 to create, 1 to update, 0 to delete, 0 unchanged; the Tags of 1 rule differ \(not pushed: .*\)\.\n$/);
    // No difference, no word of tags (and --json keeps its four keys).
    expect(planSummary(computePlan([local('SAME')], [remote('SAME', { Tags: {} })], { prune: false }))).not.toHaveProperty('tagsNotPushed');
  });

  it('is the same for the same rule in the same instance, and differs otherwise', () => {
    // a file's own ClientToken is not the plan's: the token is made from the content
    const [created] = computePlan([{ body: { ...rule('A'), ClientToken: 'from-the-file' }, where: 'A.json' }], [], { prune: false }).create;
    expect(created!.local).toEqual(rule('A'));
    expect(clientTokenFor('i-1', created!.local!)).toBe(clientTokenFor('i-1', rule('A')));
    expect(clientTokenFor('i-1', rule('A'))).not.toBe(clientTokenFor('i-2', rule('A')));
    expect(clientTokenFor('i-1', rule('A'))).not.toBe(clientTokenFor('i-1', rule('A', { PublishStatus: 'DRAFT' })));
  });
});
