/**
 * The Lambda the crash test SIGKILLs: it runs one batch through the real handler
 * (world.ts) on DynamoDB Local and, when `crashAfter` actions have had their effect,
 * prints CRASH-POINT and stops in the middle of that action (its effect written, its
 * ledger item RUNNING), the rest of the batch wherever it is, until the test kills it.
 *
 * Arguments: one JSON object { endpoint, prefix, mode, n, crashAfter }.
 */
import type { ActionExecutor } from '../../../engine/actions/types.ts';
import { batch, CONTEXT, T0, world, type Mode } from './world.ts';

const args = JSON.parse(process.argv[2]!) as { endpoint: string; prefix: string; mode: Mode; n: number; crashAfter: number };

let effects = 0;
const wrap = (executor: ActionExecutor): ActionExecutor => ({
  ...executor,
  async execute(inv) {
    const outcome = await executor.execute(inv);
    effects += 1;
    if (effects === args.crashAfter) {
      process.stdout.write('CRASH-POINT\n');
      await new Promise(() => undefined); // the action never returns: the process dies here
    }
    return outcome;
  },
});

// The idempotency records of this invocation expire at once, as they have by the time
// Lambda redelivers the batch of an invocation that died (at its deadline).
const w = world({ endpoint: args.endpoint, prefix: args.prefix, clock: () => T0, wrap, inProgressMs: 1 });
const response = await w.handler(args.mode, batch(args.mode, args.n), CONTEXT);
process.stdout.write(`DONE ${JSON.stringify(response)}\n`);
