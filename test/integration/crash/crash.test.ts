/**
 * Crash safety on DynamoDB Local, counted in effects: a real child process running a
 * batch through the ingestion handler is SIGKILLed while actions run; the batch is
 * then redelivered as Lambda would (the dead invocation's idempotency records have
 * expired), first before the claims of the dead attempt have expired (those records
 * must fail, not be acknowledged), then after (the claims are taken over). In the
 * end every action has had its effect exactly once: one task, one category, one
 * EventBridge event and two emails per contact, no failure event, no ledger item
 * left RUNNING. Times are the clocks the test sets, never waits.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { sharedDynamoDb, tablePrefix } from '../../support/dynamodb.ts';
import { batch, CONTEXT, countEffects, failedRecords, LEASE_MS, ONCE, setUpWorld, T0, world, writeAnalyses, type Mode } from './world.ts';

const N = 40;
const CHILD = resolve(import.meta.dirname, 'child.ts');

/** The run's DynamoDB Local (this file's tables have their own prefix). */
const endpoint = () => sharedDynamoDb().endpoint;

/** Runs the child until it reaches its crash point, then SIGKILLs it. */
async function crashChild(args: { prefix: string; mode: Mode; crashAfter: number }): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ endpoint: endpoint(), n: N, ...args })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const line = await new Promise<string>((resolveLine) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => (l === 'CRASH-POINT' || l.startsWith('DONE')) && resolveLine(l));
    void exited.then(() => resolveLine('EXITED'));
  });
  if (line === 'CRASH-POINT') child.kill('SIGKILL');
  const { signal } = await exited;
  expect(line, `the child never reached its crash point: ${stderr}`).toBe('CRASH-POINT');
  expect(signal).toBe('SIGKILL');
}

async function crashAndRedeliver(mode: Mode, crashAfter: number) {
  const prefix = `${tablePrefix()}-crash-${mode}`;
  let now = T0;
  const w = world({ endpoint: endpoint(), prefix, clock: () => now });
  await setUpWorld(w, prefix);
  if (mode === 'ctr') {
    // The analyses arrived first and wait for their contact records.
    for (const [i, path] of writeAnalyses(mkdtempSync(join(tmpdir(), 'crash-')), N).entries()) {
      const r = await w.rt.pipeline.ingestor.contactDocument(JSON.parse(readFileSync(path, 'utf8')), {
        label: `analysis ${i}`,
        ref: { kind: 'file', path },
      });
      expect(r.status).toBe('pending');
    }
  }

  await crashChild({ prefix, mode, crashAfter });
  const afterCrash = await countEffects(w, prefix);
  const done = [...afterCrash.perContact.values()].reduce((s, c) => s + c.tasks + c.emails + c.events + c.categories, 0);
  expect(done, 'the crash came mid-batch').toBeGreaterThan(0);
  expect(done).toBeLessThan(N * 5);
  expect(afterCrash.running, 'the dead attempt left actions RUNNING').toBeGreaterThan(0);

  // Redelivery 1: one minute later, the dead attempt's claims still live.
  now = T0 + 60_000;
  const event = batch(mode, N);
  const early = await w.handler(mode, event, CONTEXT);
  expect(early.batchItemFailures.length, 'records with a claimed action are failed, not acknowledged').toBeGreaterThan(0);
  const midway = await countEffects(w, prefix);
  for (const c of midway.perContact.values()) for (const k of ['tasks', 'events', 'categories'] as const) expect(c[k]).toBeLessThanOrEqual(1);

  // Redeliveries of the failed records after the claims' lease: taken over.
  now = T0 + LEASE_MS + 60_000;
  let pending = failedRecords(event, early);
  for (let round = 0; pending.Records.length > 0; round++) {
    expect(round, 'redeliveries converge').toBeLessThan(3);
    pending = failedRecords(pending, await w.handler(mode, pending, CONTEXT));
  }

  const end = await countEffects(w, prefix);
  expect(end.perContact.size).toBe(N);
  for (const [contact, counts] of end.perContact) expect(counts, contact).toEqual(ONCE);
  expect(end.failureEvents).toBe(0);
  expect(end.running).toBe(0);
  // A further redelivery of the whole batch changes nothing.
  expect((await w.handler(mode, event, CONTEXT)).batchItemFailures).toEqual([]);
  expect((await countEffects(w, prefix)).perContact).toEqual(end.perContact);
}

describe('a Lambda SIGKILLed while actions run', () => {
  it('SQS canonical events: every action has its effect exactly once after the redeliveries', { timeout: 240_000 }, async () => {
    await crashAndRedeliver('sqs', 70);
  });

  it('Kinesis contact records releasing pending analyses: every action exactly once, none left to the sweep', { timeout: 240_000 }, async () => {
    await crashAndRedeliver('ctr', 50);
  });
});
