/**
 * The common group joined without the ingestor (direct.ts) gives what the ingestor
 * gives: the same subjects (rules matched, actions previewed), counts and problems,
 * over generated calls, plain and broken in the ways the ingestor checks.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCall, ruleBodies } from '../../bench/calls.ts';
import { GroupEvaluator, type EvaluatorSetup } from './group.ts';
import { loadRuleSet } from './rules.ts';

const OTHER_INSTANCE = 'ffffffff-0000-4000-8000-00000000000f';
const OTHER_CONTACT = '00000000-1111-4222-8333-444444444444';

/** Ways a call can be off the common path, each a change of its two documents. */
const MUTATIONS: Record<string, (call: { ctr: any; analysis: any }) => void> = {
  recordWithoutContactId: (c) => void delete c.ctr.ContactId,
  recordOfAnotherContact: (c) => void (c.ctr.ContactId = OTHER_CONTACT),
  analysisOfAnotherContact: (c) => void (c.analysis.CustomerMetadata.ContactId = OTHER_CONTACT),
  recordInAnotherInstance: (c) => void (c.ctr.InstanceARN = c.ctr.InstanceARN.replace(/instance\/.*$/, `instance/${OTHER_INSTANCE}`)),
  analysisInAnotherInstance: (c) => void (c.analysis.CustomerMetadata.InstanceId = OTHER_INSTANCE),
  analysisWithoutInstance: (c) => void delete c.analysis.CustomerMetadata.InstanceId,
  withoutChannel: (c) => void delete c.analysis.Channel,
  chat: (c) => void (c.analysis.Channel = 'CHAT'),
  badTranscript: (c) => void (c.analysis.Transcript[0].BeginOffsetMillis = 'soon'),
  badInitiation: (c) => void (c.ctr.InitiationTimestamp = 'yesterday'),
  recordNotAnObject: (c) => void (c.ctr.Queue = 'Queue 1'),
  describeContactForm: (c) => void (c.ctr = { Contact: { Id: c.ctr.ContactId, Arn: `${c.ctr.InstanceARN}/contact/${c.ctr.ContactId}`, Channel: 'VOICE', InitiationMethod: 'INBOUND', Tags: { team: 'a' } } }),
};

let dir: string;
let setup: Omit<EvaluatorSetup, 'ingestorOnly'>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtest-direct-'));
  const filtered = {
    ...ruleBodies(1)[0],
    Name: 'TEAM_A_ONLY',
    PreEvaluationFilters: { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'team', FilterValue: 'a', Operator: 'EQUALS' }] },
  };
  const rulesFile = join(dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify([...ruleBodies(25), filtered]));
  // Every action resolved: the previews are compared too.
  setup = { rules: loadRuleSet(rulesFile).rules, directory: { defaultInstanceId: 'a1b2c3d4-0000-4000-8000-000000000001' }, actions: 'all' };
});

describe('the common group without the ingestor', () => {
  it('gives what the ingestor gives, whatever is wrong with the call', async () => {
    let run = 0;
    // Tags (a rule is filtered on one), and none, one or two of the changes.
    const tags = fc.constantFrom(undefined, { team: 'a' }, { team: 'b', n: 5 });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 200 }), tags, fc.oneof(fc.constant([]), fc.subarray(Object.keys(MUTATIONS), { maxLength: 2 })), async (i, tags, mutations) => {
        const call = generateCall(i, 7, 1);
        if (tags) call.ctr.Tags = tags;
        for (const m of mutations) MUTATIONS[m]!({ ctr: call.ctr, analysis: call.analysis } as never);
        const folder = join(dir, String(run++));
        mkdirSync(folder);
        const ctr = join(folder, 'ctr.json');
        const analysis = join(folder, 'analysis.json');
        writeFileSync(ctr, JSON.stringify(call.ctr));
        writeFileSync(analysis, JSON.stringify(call.analysis));
        const group = { group: `c:${call.contactId}`, items: [{ path: ctr, label: ctr, pointer: '' }, { path: analysis, label: analysis, pointer: '' }] };
        const direct = await new GroupEvaluator(setup).evaluateGroups([group]);
        const ingestor = await new GroupEvaluator({ ...setup, ingestorOnly: true }).evaluateGroups([group]);
        expect(direct).toEqual(ingestor);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('takes the plain call, matching rules and previewing their actions', async () => {
    const call = generateCall(3, 7, 1);
    const ctr = call.ctr as { Tags?: unknown; InitiationTimestamp: string; Queue: { Name: string } };
    ctr.Tags = { team: 'a' };
    const folder = join(dir, 'plain');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ctr.json'), JSON.stringify(call.ctr));
    writeFileSync(join(folder, 'analysis.json'), JSON.stringify(call.analysis));
    const items = ['ctr', 'analysis'].map((f) => ({ path: join(folder, `${f}.json`), label: f, pointer: '' }));
    const result = await new GroupEvaluator(setup).evaluateGroups([{ group: `c:${call.contactId}`, items }]);
    expect(result).toMatchObject({ problems: [], duplicates: 0, payloads: 2 });
    const [subject] = result.subjects;
    expect(subject).toMatchObject({ subject: call.contactId, time: new Date(ctr.InitiationTimestamp).toISOString(), queueName: ctr.Queue.Name });
    // The rule filtered on the tag was evaluated (the last by name: TEAM_A_ONLY after RULE_*), and some rule matched with its actions.
    expect(result.evaluated.rules[25]).toBe(1);
    expect(subject!.matched.length).toBeGreaterThan(0);
    expect(subject!.actions.length).toBeGreaterThan(0);
  });
});
