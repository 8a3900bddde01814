/**
 * The actions end to end through `connect-rules replay` (the real binary) on a
 * persistent DynamoDB Local (`--endpoint`), twice:
 *
 * 1. `--clock 2025-03-11T15:00Z`: the voice-cancellation analysis file and its contact
 *    record. ACCOUNT_CANCELLATION creates a task linked to the call; CANCELLATION_CASE
 *    opens a case → OnCaseCreate → BILLING_CASE_SLA assigns a 24 h SLA;
 *    QA_AUTO_EVALUATION evaluates the call → OnContactEvaluationSubmit →
 *    LOW_GREETING_SCORE emails the agent.
 * 2. `--clock` 25 hours later: the sweeper finds the SLA overdue → OnSlaBreach →
 *    HIGH_PRIORITY_SLA_BREACHED updates the case. Deterministic: the run's clock,
 *    not the wall clock, decides the breach.
 */
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalActionRuntime, type LocalActionRuntime } from '../../engine/actions/local/backend.ts';
import { FORM } from '../support/evaluation-form.ts';
import { actionRules, EXAMPLE_RULES } from '../support/action-rules.ts';
import { runCliAsync, scratch, type CliResult } from '../support/cli.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CONTACT = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';

/** The binary's replay on this file's tables (its environment names them). */
const replay = (args: readonly string[]): Promise<CliResult> => runCliAsync(['replay', ...args]);

interface Entry {
  file: string;
  source?: string;
  depth?: number;
  matchedRules: string[];
  actions: { rule: string; type: string; status: string; detail: string }[];
}

let client: DynamoDBClient;
let rt: LocalActionRuntime;
let rulesDir: (name: string) => string;
let first: { run: CliResult; events: Entry[] };
let second: { run: CliResult; events: Entry[] };

const action = (events: Entry[], rule: string, type: string) => events.flatMap((e) => e.actions).find((a) => a.rule === rule && a.type === type);

beforeAll(async () => {
  client = dynamoDbClient();
  await createTables(client);
  rt = createLocalActionRuntime({ dynamoDb: client });
  const form = await rt.evaluations.createEvaluationForm(INSTANCE, { Title: 'Retention QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy, ClientToken: 'replay-e2e' }, 'arn:user');
  await rt.evaluations.activateEvaluationForm(INSTANCE, form.EvaluationFormId, { EvaluationFormVersion: 1 }, 'arn:user');
  const files: Record<string, unknown> = {};
  for (const name of EXAMPLE_RULES) files[`${name}.json`] = readFileSync(`examples/rules/${name}.json`, 'utf8');
  for (const [name, body] of Object.entries(actionRules(form.EvaluationFormId))) files[`${name}.json`] = body;
  rulesDir = scratch(files);
  const common = ['--rules', rulesDir('.'), '--users', 'examples/users.json', '--endpoint', sharedDynamoDb().endpoint, '--json'];
  const run1 = await replay(['test/fixtures/analysis/voice-cancellation.json', 'test/fixtures/contact/ctr-voice-cancellation.json', ...common, '--clock', '2025-03-11T15:00:00Z']);
  first = { run: run1, events: JSON.parse(run1.stdout || '{"events":[]}').events };
  const run2 = await replay(['test/fixtures/contact/ctr-voice-cancellation.json', ...common, '--clock', '2025-03-12T16:00:00Z']);
  second = { run: run2, events: JSON.parse(run2.stdout || '{"events":[]}').events };
}, 120_000);

afterAll(async () => {
  client?.destroy();
});

describe('replay runs the actions of the matched rules', () => {
  it('the first run exits 0', () => {
    expect(first.run.status).toBe(0);
  });

  it('ACCOUNT_CANCELLATION creates a task linked to the call', async () => {
    expect(action(first.events, 'ACCOUNT_CANCELLATION', 'CREATE_TASK')).toMatchObject({ status: 'SUCCEEDED' });
    const tasks = await rt.contacts.tasksOf(INSTANCE, CONTACT);
    expect(tasks).toEqual([expect.objectContaining({ Name: `Retention follow-up ${CONTACT}`, PreviousContactId: CONTACT, InitiationTimestamp: '2025-03-11T15:00:00.000Z' })]);
  });

  it('the auto evaluation is submitted and its rule emails the evaluated agent', async () => {
    expect(action(first.events, 'QA_AUTO_EVALUATION', 'SUBMIT_AUTO_EVALUATION')).toMatchObject({ status: 'SUCCEEDED' });
    const submitted = first.events.find((e) => e.source === 'OnContactEvaluationSubmit')!;
    expect(submitted.depth).toBe(1);
    expect(submitted.actions).toEqual([expect.objectContaining({ rule: 'LOW_GREETING_SCORE', type: 'SEND_NOTIFICATION', status: 'SUCCEEDED' })]);
    const emails = await rt.outbox.emails(INSTANCE);
    expect(emails.filter((e) => e.RuleName === 'LOW_GREETING_SCORE').map((e) => e.To)).toEqual(['jordan.lee@example.com']);
  });

  it('the case gets an SLA, which breaches in the second run at a later clock and updates the case', async () => {
    expect(action(first.events, 'BILLING_CASE_SLA', 'ASSIGN_SLA')).toMatchObject({ status: 'SUCCEEDED', detail: expect.stringContaining('target 2025-03-12T15:00:00.000Z') });
    expect(first.events.some((e) => e.source === 'OnSlaBreach')).toBe(false);
    expect(second.run.status).toBe(0);
    const breach = second.events.find((e) => e.source === 'OnSlaBreach')!;
    expect(breach.actions).toEqual([expect.objectContaining({ rule: 'HIGH_PRIORITY_SLA_BREACHED', type: 'UPDATE_CASE', status: 'SUCCEEDED' })]);
    const cases = rt.cases;
    const [created] = await cases.listCases();
    expect(created!.Fields).toMatchObject({ case_reason: 'Escalated', assigned_queue: expect.any(String) });
    const [sla] = await cases.slas(created!.CaseId);
    expect(sla!.SlaConfiguration.Status).toBe('Overdue');
    // Nothing ran twice: one task, one case.
    expect(await rt.contacts.tasksOf(INSTANCE, CONTACT)).toHaveLength(1);
    expect(await cases.listCases()).toHaveLength(1);
  });
});

