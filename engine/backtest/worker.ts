/**
 * A backtest worker thread: started before its rules are known (pool.ts), it is sent
 * them first and compiles them once, then answers the pool's tasks: index files,
 * evaluate groups.
 */
import { parentPort } from 'node:worker_threads';
import { GroupEvaluator, type EvaluatorSetup } from './group.ts';
import { runTask, type Task } from './pool.ts';

let setup: EvaluatorSetup | undefined;
let evaluator: GroupEvaluator | undefined;

parentPort!.on('message', async (message: (Task & { id: number }) | { type: 'setup'; setup: EvaluatorSetup }) => {
  if (message.type === 'setup') {
    setup = message.setup;
    evaluator = new GroupEvaluator(setup);
    return;
  }
  try {
    if (!evaluator || !setup) throw new Error('a task before the rules');
    const result = await runTask(message, evaluator, setup);
    parentPort!.postMessage({ id: message.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
