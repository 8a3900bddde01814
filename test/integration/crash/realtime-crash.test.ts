/**
 * The real-time state under a killed process, on DynamoDB Local: a real child process
 * running the chats' batch through the real-time handler (realtime-child.ts) is SIGKILLed
 * at a TransactWriteItems that writes a filled chunk with its head, before it is sent or
 * once it is written; the batch is then redelivered as Lambda would (the dead
 * invocation's idempotency records have expired). In the end each chat's state holds
 * each message once, in order, readable (every chunk at the version its head names), and
 * the chat rule's actions (a category, an EventBridge event) had their effect once per
 * chat, fired before the crash or after it.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createRulesService } from '../../../engine/rules/factory.ts';
import { createRealtimeHandler } from '../../../functions/ingest-realtime.ts';
import { readFileSync } from 'node:fs';
import { sharedDynamoDb, tablePrefix } from '../../support/dynamodb.ts';
import { chatBatch, CHATS, messageId, PER_RECORD, RECORDS } from './realtime-chats.ts';
import { CONTEXT, contactId, countEffects, INSTANCE, LEASE_MS, ROOT, setUpWorld, T0, world } from './world.ts';

const CHILD = resolve(import.meta.dirname, 'realtime-child.ts');

/** The longest the child may take to reach its crash point (a minute or less on a loaded machine) before it is taken as hung. */
const CRASH_POINT_MS = 150_000;

/** Runs the child until its crash point, then SIGKILLs it; a child that hangs or fails is killed too, not left running past the test. */
async function killAtCrashPoint(args: { prefix: string; crashAt: number; when: 'before' | 'after' }): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ endpoint: sharedDynamoDb().endpoint, ...args })], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const line = await new Promise<string>((done) => {
      const hung = setTimeout(() => done('HUNG'), CRASH_POINT_MS);
      const end = (l: string) => (clearTimeout(hung), done(l));
      createInterface({ input: child.stdout }).on('line', (l) => (l === 'CRASH-POINT' || l.startsWith('DONE')) && end(l));
      void exited.then(() => end('EXITED'));
    });
    if (line === 'CRASH-POINT') child.kill('SIGKILL');
    expect(line, `the child never reached its crash point: ${stderr}`).toBe('CRASH-POINT');
    expect(await exited).toBe('SIGKILL');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

describe('a real-time Lambda SIGKILLed while it writes a chunk of a chat', () => {
  for (const when of ['before', 'after'] as const) {
    it(`${when} the transaction is written: redelivered, each chat holds each message once, in order, and its rule's actions had their effect once`, { timeout: 240_000 }, async () => {
      const prefix = `${tablePrefix()}-rtcrash-${when}`;
      const w = world({ endpoint: sharedDynamoDb().endpoint, prefix, clock: () => T0 + LEASE_MS + 60_000 });
      await setUpWorld(w, prefix);
      const { service } = await createRulesService({ dynamoDb: w.client, config: { rulesTable: `${prefix}-rules` } });
      await service.createRule(INSTANCE, JSON.parse(readFileSync(resolve(ROOT, 'examples/rules/real-time-chat-late-fee.json'), 'utf8')), 'arn:aws:iam::111122223333:user/test');

      // The 4th transaction: the 2nd chunk of the first chat (its 5th record), after every chat's rule fired.
      await killAtCrashPoint({ prefix, crashAt: 4, when });
      const afterCrash = await countEffects(w, prefix);
      expect([...afterCrash.perContact.values()], 'the rules fired before the crash').toEqual(Array(CHATS).fill({ tasks: 0, emails: 0, events: 1, categories: 1 }));
      const first = await w.rt.pipeline.store.getRealtime({ instanceId: INSTANCE, contactId: contactId(0) }, 'CHAT');
      expect(first?.state.Transcript, 'the crash came mid-chat').toHaveLength(when === 'after' ? 5 * PER_RECORD : 4 * PER_RECORD);

      // Kinesis delivers the batch again, from the record the dead invocation did not acknowledge (here: all of it).
      const handler = createRealtimeHandler(w.rt);
      expect((await handler(chatBatch() as never, CONTEXT as never)).batchItemFailures).toEqual([]);
      for (let c = 0; c < CHATS; c++) {
        const stored = await w.rt.pipeline.store.getRealtime({ instanceId: INSTANCE, contactId: contactId(c) }, 'CHAT');
        expect(stored?.state.Transcript.map((e) => e.Id)).toEqual(Array.from({ length: RECORDS * PER_RECORD }, (_, i) => messageId(c, i)));
        expect(stored?.chunks).toHaveLength(2);
      }
      const end = await countEffects(w, prefix);
      expect(end.perContact).toEqual(afterCrash.perContact);
      expect(end.failureEvents).toBe(0);
      expect(end.running).toBe(0);
    });
  }
});
