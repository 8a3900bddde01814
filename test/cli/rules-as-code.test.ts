/**
 * Rules as code against `connect-rules serve` through the real
 * `@aws-sdk/client-connect` (the CLI's own calls, and the test's): pull, edit,
 * plan, push with prune, pull again identical, a second push that changes
 * nothing; an invalid rule that blocks the whole push; a push that stops half-way
 * and converges when run again; CreateRule's ClientToken derived from the content.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectClient, CreateRuleCommand, paginateListRules } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../engine/sync/apply.ts';
import { ConnectCallError, fetchRemoteRules } from '../../engine/sync/connect.ts';
import { computePlan } from '../../engine/sync/plan.ts';
import { runCli } from '../support/cli.ts';
import { sharedDynamoDb } from '../support/dynamodb.ts';
import { writeRuleShapes } from '../support/rule-shapes.ts';
import { STARTUP_LIMITS, watchProgress } from '../support/watched-run.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REGION = 'us-east-1';

// The CLI's SDK finds credentials and the region through the default chain, as a user's would.
process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCAL';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
process.env.AWS_REGION = REGION;
// The SDK warns on Node 20 that its 2027 versions need Node 22: true, and not what these tests look at.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fn = (queue: string) =>
  JSON.stringify({ Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS_ANY', Operands: [queue], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false }] } });
const body = (name: string, queue: string, extra: object = {}) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: fn(queue),
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
  ...extra,
});

let serve: ChildProcess | undefined;
let endpoint = '';
let client: ConnectClient;
let counter = 0;
const newInstance = () => `rac-${process.pid}-${Date.now().toString(36)}-${++counter}`;
const tmp = () => mkdtempSync(join(tmpdir(), 'rules-as-code-'));

beforeAll(async () => {
  const proc = spawn(process.execPath, ['bin/connect-rules.js', 'serve', '--port', '0', '--endpoint', sharedDynamoDb().endpoint, '--sla-sweep-seconds', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve = proc;
  let out = '';
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  endpoint = await new Promise<string>((resolve, reject) => {
    const stopWatching = watchProgress(proc.pid!, STARTUP_LIMITS, (why) => reject(new Error(`serve printed no URL, given up on: ${why}: ${out}`)), () => out.length);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        stopWatching();
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      stopWatching();
      reject(new Error(`serve exited (${code}): ${out}`));
    });
  });
  client = new ConnectClient({ endpoint, region: REGION });
}, STARTUP_LIMITS.wallMs + 60_000);

afterAll(() => {
  client?.destroy();
  if (serve && serve.exitCode === null) serve.kill('SIGTERM');
});

const cli = (...args: string[]) => runCli([...args, '--endpoint', endpoint]);
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const names = async (instanceId: string) => {
  const out: string[] = [];
  for await (const page of paginateListRules({ client }, { InstanceId: instanceId })) out.push(...(page.RuleSummaryList ?? []).map((r) => r.Name!));
  return out.sort();
};

describe('pull, edit, plan, push --prune, pull again', () => {
  it('round-trips through the real SDK, and a second push changes nothing', async () => {
    const instance = newInstance();
    for (const b of [body('KEEP', 'q-keep'), body('EDIT', 'q-1'), body('DROP', 'q-drop', { Tags: { team: 'qa' } })]) {
      await client.send(new CreateRuleCommand({ InstanceId: instance, ...(b as any) }));
    }
    const dir = tmp();
    const pulled = cli('pull', '--instance-id', instance, '--out', dir);
    expect(pulled.stderr).toBe('');
    expect(pulled.status).toBe(0);
    expect(pulled.stdout).toContain(`pulled 3 rules of instance ${instance} into ${dir}`);
    expect(JSON.parse(readFileSync(join(dir, 'DROP.json'), 'utf8'))).toEqual(body('DROP', 'q-drop', { Tags: { team: 'qa' } }));

    // Edit: a condition and the status of one rule, a new rule, one rule removed.
    writeFileSync(join(dir, 'EDIT.json'), JSON.stringify(body('EDIT', 'q-2', { PublishStatus: 'DRAFT' }), null, 2));
    writeFileSync(join(dir, 'NEW.json'), JSON.stringify(body('NEW', 'q-new'), null, 2));
    rmSync(join(dir, 'DROP.json'));

    const planJson = cli('push', '--instance-id', instance, '--rules', dir, '--plan', '--json');
    expect(planJson.status).toBe(0);
    expect(JSON.parse(planJson.stdout)).toEqual({ create: ['NEW'], update: ['EDIT'], delete: [], unchanged: ['KEEP'] });

    const plan = cli('push', '--instance-id', instance, '--rules', dir, '--plan', '--prune');
    expect(plan.status).toBe(0);
    // The diff names the changed condition and field, not whole blobs.
    expect(plan.stdout).toContain(`~ update EDIT  (${join(dir, 'EDIT.json')})\n    function:\n      - queue in ("q-1")\n      + queue in ("q-2")\n    PublishStatus: PUBLISHED → DRAFT`);
    expect(plan.stdout).toContain('+ create NEW');
    expect(plan.stdout).toMatch(/- delete DROP {2}\(rule \S+, not in the files\)/);
    expect(plan.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged.');
    expect(await names(instance)).toEqual(['DROP', 'EDIT', 'KEEP']);

    const pushed = cli('push', '--instance-id', instance, '--rules', dir, '--prune');
    expect(pushed.status).toBe(0);
    expect(pushed.stdout).toMatch(/^CreateRule NEW: rule \S+\nUpdateRule EDIT: rule \S+\nDeleteRule DROP: rule \S+\nDone: 3 calls\.$/m);
    expect(await names(instance)).toEqual(['EDIT', 'KEEP', 'NEW']);

    const again = tmp();
    expect(cli('pull', '--instance-id', instance, '--out', again).status).toBe(0);
    const edited = files(dir);
    const back = files(again);
    expect(Object.keys(back)).toEqual(Object.keys(edited));
    for (const f of Object.keys(back)) expect(JSON.parse(back[f]!)).toEqual(JSON.parse(edited[f]!));

    const second = cli('push', '--instance-id', instance, '--rules', dir, '--prune', '--json');
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ create: [], update: [], delete: [], unchanged: ['EDIT', 'KEEP', 'NEW'] });
  }, 240_000);

  it('pull --format text writes the Function readably beside each body, and push reads the pair back', () => {
    const instance = newInstance();
    const dir = tmp();
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([body('ONE', 'q-1'), body('TWO', 'q-2')]));
    expect(cli('push', '--instance-id', instance, '--rules', join(dir, 'rules.json')).status).toBe(0);
    const out = tmp();
    expect(cli('pull', '--instance-id', instance, '--out', out, '--format', 'text').status).toBe(0);
    expect(readFileSync(join(out, 'ONE.txt'), 'utf8')).toBe('on post-call\nqueue in ("q-1")\n');
    expect(JSON.parse(readFileSync(join(out, 'ONE.json'), 'utf8')).Function).toBeUndefined();
    writeFileSync(join(out, 'TWO.txt'), 'on post-call\nqueue in ("q-3")\n');
    const plan = cli('push', '--instance-id', instance, '--rules', out, '--plan', '--json');
    expect(JSON.parse(plan.stdout)).toEqual({ create: [], update: ['TWO'], delete: [], unchanged: ['ONE'] });
    // The plan names the file the change was made in, as validate and push's errors do.
    const readable = cli('push', '--instance-id', instance, '--rules', out, '--plan');
    expect(readable.stdout).toContain(`~ update TWO  (${join(out, 'TWO.txt')})\n`);
    // A file of a rule the instance does not have is named, and left alone.
    writeFileSync(join(out, 'STALE.json'), JSON.stringify(body('STALE', 'q-9')));
    const again = cli('pull', '--instance-id', instance, '--out', out);
    expect(again.stderr).toBe(`warning: in ${out} but not a rule of the instance (left as they are): ONE.txt, STALE.json, TWO.txt\n`);
    expect(readdirSync(out).sort()).toEqual(['ONE.json', 'ONE.txt', 'STALE.json', 'TWO.json', 'TWO.txt']);
  }, 120_000);
});

describe('connection flags', () => {
  it('--profile: the region and credentials of a named profile of the shared files, nothing in the environment', () => {
    const home = tmp();
    writeFileSync(join(home, 'config'), '[profile rules-ci]\nregion = eu-west-2\n');
    writeFileSync(join(home, 'credentials'), '[rules-ci]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') || k === 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'));
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin/connect-rules.js'), 'pull', '--instance-id', newInstance(), '--out', tmp(), '--endpoint', endpoint, ...extra], {
        encoding: 'utf8',
        env: { ...env, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') },
      });
    const withProfile = run('--profile', 'rules-ci');
    expect(withProfile.stderr).toBe('');
    expect(withProfile.status).toBe(0);
    expect(run('--region', 'eu-west-2', '--profile', 'rules-ci').status).toBe(0);
  }, 60_000);

  it("serve, on this machine or another host, needs no region or credentials (it checks none); AWS's own endpoint: the SDK says what is missing", () => {
    const home = tmp();
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') || k === 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin/connect-rules.js'), ...args], {
        encoding: 'utf8',
        env: { ...env, HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') },
      });
    const instance = newInstance();
    const pulled = run('pull', '--instance-id', instance, '--out', tmp(), '--endpoint', endpoint);
    expect(pulled.stderr).toBe('');
    expect(pulled.stdout).toContain(`pulled 0 rules of instance ${instance}`);
    expect(pulled.status).toBe(0);
    const found = run('contacts', 'search', '--instance-id', instance, '--endpoint', endpoint);
    expect(found.stderr).toBe('');
    expect(found.stdout).toBe('0 of 0 contacts\n');
    // The option values the CLI reads itself (F-e) reach SearchContacts as it takes them, whatever their case.
    const sorted = run('contacts', 'search', '--instance-id', instance, '--endpoint', endpoint, '--sort', 'channel:asc', '--time-type', 'disconnect_timestamp', '--transcript', 'customer:cancel', '--transcript-match', 'ANY', '--attribute', 'tier=gold', '--attributes-match', 'any');
    expect(sorted.stderr).toBe('');
    expect(sorted.stdout).toBe('0 of 0 contacts\n');
    // Another host that is not AWS's own gets the same dummy region and keys: the call goes out (to a host that does not exist).
    const other = run('pull', '--instance-id', instance, '--out', tmp(), '--endpoint', 'https://connect.example.invalid');
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^connect-rules pull: nothing answers at --endpoint https:\/\/connect\.example\.invalid \(ENOTFOUND\)/);
    // AWS's own endpoint: no region in the default chain, the SDK's error, named (before anything is sent).
    const aws = run('pull', '--instance-id', instance, '--out', tmp(), '--endpoint', 'https://connect.eu-west-2.amazonaws.com');
    expect(aws.status).toBe(2);
    expect(aws.stderr).toMatch(/^ListRules: \S+: Region is missing/);
  }, 60_000);
});

describe('push takes every rule input shape', () => {
  it.each(Object.entries(writeRuleShapes()))('%s', (_shape, { path, rules }) => {
    const r = cli('push', '--instance-id', newInstance(), '--rules', path, '--plan', '--json');
    if (rules.length === 0) {
      expect(r.status).toBe(2);
      expect(JSON.parse(r.stdout).errors).toEqual([{ file: path, line: null, column: null, message: expect.stringContaining('a bare Function, not a rule') }]);
      return;
    }
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ create: rules, update: [], delete: [], unchanged: [] });
  });
});

describe('nothing is sent when a rule is invalid', () => {
  it('exits 2 with every located problem, and the instance is as it was', async () => {
    const instance = newInstance();
    await client.send(new CreateRuleCommand({ InstanceId: instance, ...(body('GOOD', 'q-1') as any) }));
    const dir = tmp();
    writeFileSync(join(dir, 'GOOD.json'), JSON.stringify(body('GOOD', 'q-changed')));
    writeFileSync(join(dir, 'NEW.json'), JSON.stringify(body('NEW', 'q-new')));
    writeFileSync(join(dir, 'BAD.json'), JSON.stringify({ ...body('BAD', 'q'), Function: 'on post-call\nqueue contains any ("q") and\n  queu in ("x")\n', PublishStatus: 'LIVE' }));
    const r = cli('push', '--instance-id', instance, '--rules', dir, '--prune');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'BAD.json')} (Function):3:3: `);
    expect(r.stderr).toMatch(new RegExp(`${join(dir, 'BAD.json')} \\(rule BAD\\): PublishStatus: .*LIVE`));
    expect(r.stderr).toContain('push: nothing sent: 2 problems');
    expect(r.stdout).toBe('');
    expect(await names(instance)).toEqual(['GOOD']);
    const { body: stored } = (await fetchRemoteRules(client, instance))[0]!;
    expect(stored.Function).toBe(fn('q-1'));
    // --json (a CI step reading stdout): the problems as validate --json prints them.
    const json = cli('push', '--instance-id', instance, '--rules', dir, '--plan', '--json');
    expect(json.status).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(runCli(['validate', '--json', '--function', dir]).stdout));
    expect(JSON.parse(json.stdout).errors).toContainEqual({ file: `${join(dir, 'BAD.json')} (Function)`, line: 3, column: 3, message: expect.any(String) });
  }, 120_000);
});

describe('a push that stops half-way', () => {
  it('converges when run again; CreateRule with the derived ClientToken never creates twice', async () => {
    const instance = newInstance();
    const dir = tmp();
    const rules = [body('R1', 'q-1'), body('R2', 'q-2'), body('R3', 'q-3')];
    rules.forEach((b) => writeFileSync(join(dir, `${b.Name}.json`), JSON.stringify(b)));

    // The connection drops at the second CreateRule.
    const flaky = new ConnectClient({ endpoint, region: REGION, maxAttempts: 1 });
    let creates = 0;
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'CreateRuleCommand' && ++creates === 2) throw Object.assign(new Error('socket hang up'), { name: 'NetworkingError' });
        return next(args);
      },
      { step: 'build', name: 'dropSecondCreate' },
    );
    const local = rules.map((b) => ({ body: b, where: `${b.Name}.json` }));
    const stale = computePlan(local, await fetchRemoteRules(client, instance), { prune: true });
    const done: string[] = [];
    await expect(applyPlan(flaky, instance, stale, (c) => done.push(c.name))).rejects.toThrow(new ConnectCallError('CreateRule', 'R2', 'NetworkingError', 'socket hang up'));
    flaky.destroy();
    expect(done).toEqual(['R1']);

    // Run again from a listing that missed R1 (a stale plan): R1's CreateRule carries the same ClientToken, so no second R1.
    const r1 = (await fetchRemoteRules(client, instance)).find((r) => r.body.Name === 'R1')!;
    const again = await applyPlan(client, instance, stale);
    expect(again.map((c) => [c.operation, c.name])).toEqual([['CreateRule', 'R1'], ['CreateRule', 'R2'], ['CreateRule', 'R3']]);
    expect(again[0]!.ruleId).toBe(r1.ruleId);
    expect(await names(instance)).toEqual(['R1', 'R2', 'R3']);

    const last = cli('push', '--instance-id', instance, '--rules', dir, '--prune', '--json');
    expect(JSON.parse(last.stdout)).toEqual({ create: [], update: [], delete: [], unchanged: ['R1', 'R2', 'R3'] });
  }, 120_000);

  it('the CLI re-run after a stop carries on from what the instance holds', async () => {
    const instance = newInstance();
    const dir = tmp();
    [body('A1', 'q-1'), body('A2', 'q-2')].forEach((b) => writeFileSync(join(dir, `${b.Name}.json`), JSON.stringify(b)));
    // What a push stopped after its first call leaves: A1 created, A2 not.
    await client.send(new CreateRuleCommand({ InstanceId: instance, ...(body('A1', 'q-1') as any) }));
    const r = cli('push', '--instance-id', instance, '--rules', dir, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ create: ['A2'], update: [], delete: [], unchanged: ['A1'], applied: [{ operation: 'CreateRule', name: 'A2' }] });
    expect(await names(instance)).toEqual(['A1', 'A2']);
  }, 120_000);
});

describe('errors from Connect', () => {
  it('are shown as the SDK names them, with the operation and rule concerned', async () => {
    const instance = newInstance();
    const stale = computePlan([{ body: body('TAKEN', 'q-1'), where: 'TAKEN.json' }], [], { prune: false });
    // Someone else creates the name between the listing and the push.
    await client.send(new CreateRuleCommand({ InstanceId: instance, ...(body('TAKEN', 'q-other') as any) }));
    const err = await applyPlan(client, instance, stale).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectCallError);
    expect((err as Error).message).toMatch(/^CreateRule rule TAKEN: ResourceConflictException: .*TAKEN/);
  });

  it('a Connect that cannot be reached: one line naming the endpoint, exit 2 (every command: invalid-endpoint.test.ts)', () => {
    const instance = newInstance();
    const dir = tmp();
    cpSync(join(repoRoot, 'examples/rules/post-call-account-cancellation.json'), join(dir, 'a.json'));
    const r = runCli(['push', '--instance-id', instance, '--rules', dir, '--endpoint', 'http://127.0.0.1:9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^connect-rules push: nothing answers at --endpoint http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\): /);
  }, 60_000);
});
