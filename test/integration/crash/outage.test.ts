/**
 * DynamoDB unreachable mid-batch: DynamoDB Local (keeping its data on disk) is stopped
 * while the actions of an SQS batch of canonical events run, and started again on the
 * same port once the batch has returned. The records the batch could not settle are
 * failed (not acknowledged); their redeliveries after the restart complete them; every
 * action has had its effect exactly once and no ledger item is left RUNNING. Counts,
 * not timings: the redeliveries run at a clock past the claims' lease.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionExecutor } from '../../../engine/actions/types.ts';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../storage/local-dynamodb.ts';
import { unusedPort } from '../../support/ports.ts';
import { batch, CONTEXT, countEffects, failedRecords, LEASE_MS, ONCE, setUpWorld, T0, world } from './world.ts';

const N = 40;
let db: LocalDynamoDb | undefined;
afterAll(async () => {
  await db?.stop();
});

describe('DynamoDB unreachable mid-batch', () => {
  it('stopped while actions run and restarted: the unsettled records are retried, every action has its effect exactly once', { timeout: 240_000 }, async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'crash-ddb-'));
    // Restarted on the same port: one the system never hands out for port 0, which another file's server could take meanwhile.
    const port = await unusedPort();
    db = await startLocalDynamoDb({ dbPath, port });
    const prefix = `outage-${process.pid}`;
    let now = T0;
    let effects = 0;
    let outage: Promise<void> | undefined;
    const wrap = (executor: ActionExecutor): ActionExecutor => ({
      ...executor,
      async execute(inv) {
        const outcome = await executor.execute(inv);
        // After 60 effects DynamoDB goes away, in the middle of this action and of the others in flight.
        if (++effects === 60) await (outage = db!.stop());
        return outcome;
      },
    });
    const w = world({ endpoint: db.endpoint, prefix, clock: () => now, wrap, inProgressMs: 1 });
    await setUpWorld(w, prefix);

    const event = batch('sqs', N);
    const first = await w.handler('sqs', event, CONTEXT);
    expect(outage, 'DynamoDB was stopped mid-batch').toBeDefined();
    expect(first.batchItemFailures.length, 'the records DynamoDB left unsettled are failed, not acknowledged').toBeGreaterThan(0);

    db = await startLocalDynamoDb({ port, dbPath });
    now = T0 + LEASE_MS + 60_000;
    let pending = failedRecords(event, first);
    for (let round = 0; pending.Records.length > 0; round++) {
      expect(round, 'redeliveries converge').toBeLessThan(3);
      pending = failedRecords(pending, await w.handler('sqs', pending, CONTEXT));
    }

    const end = await countEffects(w, prefix);
    expect(end.perContact.size).toBe(N);
    for (const [contact, counts] of end.perContact) expect(counts, contact).toEqual(ONCE);
    expect(end.failureEvents).toBe(0);
    expect(end.running).toBe(0);
  });
});
