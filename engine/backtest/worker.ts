/**
 * A backtest worker thread: started before its rules are known (pool.ts), it answers
 * the pool's tasks: index files (no rules needed: the first are sent while the main
 * thread loads the rules), and evaluate groups, with the rules it is sent meanwhile
 * and compiles once.
 */
import { deserialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { GroupEvaluator, type EvaluatorSetup } from './group.ts';
import { runTask, type SetupMessage, type Task } from './pool.ts';

let evaluator: GroupEvaluator | undefined;

parentPort!.on('message', async (message: (Task & { id: number }) | SetupMessage) => {
  if (message.type === 'setup') {
    evaluator = new GroupEvaluator(deserialize(message.bytes) as EvaluatorSetup);
    return;
  }
  try {
    const result = await runTask(message, evaluator);
    parentPort!.postMessage({ id: message.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
