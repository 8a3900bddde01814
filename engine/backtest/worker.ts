/**
 * A backtest worker thread: compiles the rules once (workerData), then answers the
 * pool's tasks (pool.ts): index a file, evaluate a group.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GroupEvaluator, type EvaluatorSetup } from './group.ts';
import { runTask, type Task } from './pool.ts';

const setup = workerData as EvaluatorSetup;
const evaluator = new GroupEvaluator(setup);

parentPort!.on('message', async (task: Task & { id: number }) => {
  try {
    const result = await runTask(task, evaluator, setup);
    parentPort!.postMessage({ id: task.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: task.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
