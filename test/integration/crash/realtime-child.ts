/**
 * The real-time Lambda the real-time crash test SIGKILLs: it runs the chats' batch
 * (realtime-crash.test.ts `chatBatch`) through the real handler on DynamoDB Local and,
 * at the `crashAt`-th TransactWriteItems (a filled chunk written with its head), prints
 * CRASH-POINT and stops there: before sending it (`before`: nothing written) or once
 * DynamoDB has answered (`after`: the chunk and the head written, the record not
 * acknowledged), the rest of the batch wherever it is, until the test kills it.
 *
 * Arguments: one JSON object { endpoint, prefix, crashAt, when }.
 */
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { createRealtimeHandler } from '../../../functions/ingest-realtime.ts';
import { chatBatch } from './realtime-chats.ts';
import { CONTEXT, T0, world } from './world.ts';

const args = JSON.parse(process.argv[2]!) as { endpoint: string; prefix: string; crashAt: number; when: 'before' | 'after' };

const stop = () => {
  process.stdout.write('CRASH-POINT\n');
  return new Promise<never>(() => undefined); // the write never returns: the process dies here
};
let transactions = 0;
const crashPoint: FinalizeRequestMiddleware<object, object> = (next) => async (a) => {
  const target = String((a.request as { headers?: Record<string, string> }).headers?.['x-amz-target'] ?? '');
  if (!target.endsWith('.TransactWriteItems') || ++transactions !== args.crashAt) return next(a);
  if (args.when === 'before') return stop();
  await next(a);
  return stop();
};

// The idempotency records of this invocation expire at once, as they have by the time
// Lambda redelivers the batch of an invocation that died (at its deadline).
const w = world({ endpoint: args.endpoint, prefix: args.prefix, clock: () => T0, inProgressMs: 1 });
w.client.middlewareStack.add(crashPoint as never, { step: 'finalizeRequest', name: 'crashPoint' });
const response = await createRealtimeHandler(w.rt)(chatBatch() as never, CONTEXT as never);
process.stdout.write(`DONE ${JSON.stringify(response)}\n`);
