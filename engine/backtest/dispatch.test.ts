/**
 * The order in which backtest hands work to its threads: every file of a run goes to
 * the index pass before the main thread loads the rules (it loads them synchronously,
 * so whatever is not on its way by then waits for them), and the rules follow. The
 * threads are stand-ins that log what they are sent and run it on this thread, as
 * worker.ts does, one message at a time.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { generateCall, ruleBodies } from '../../bench/calls.ts';
import { GroupEvaluator, type EvaluatorSetup } from './group.ts';
import { runTask, type SetupMessage, type Task } from './pool.ts';
import { loadRuleSet } from './rules.ts';
import { INDEX_BATCH, runBacktest } from './run.ts';
import type { StartedThreads } from './threads.ts';

/** A worker thread's stand-in: answers each message after the one before, off the caller's stack. */
class LoggingWorker extends EventEmitter {
  private evaluator: GroupEvaluator | undefined;
  private queue = Promise.resolve();

  constructor(private readonly log: string[]) {
    super();
  }

  postMessage(message: (Task & { id: number }) | SetupMessage): void {
    this.log.push(message.type);
    this.queue = this.queue.then(async () => {
      await new Promise((done) => setImmediate(done));
      if (message.type === 'setup') this.evaluator = new GroupEvaluator(deserialize(message.bytes) as EvaluatorSetup);
      else this.emit('message', { id: message.id, result: await runTask(message, this.evaluator) });
    });
  }
}

describe('backtest dispatch', () => {
  it('sends every file to the index pass before loading the rules, then the rules, then the groups', async () => {
    // More index tasks than the evaluation pass keeps in flight (four a worker): those used to wait for the rules.
    const calls = 10 * INDEX_BATCH;
    const dir = mkdtempSync(join(tmpdir(), 'backtest-dispatch-'));
    mkdirSync(join(dir, 'calls', 'analysis'), { recursive: true });
    mkdirSync(join(dir, 'calls', 'ctr'), { recursive: true });
    for (let i = 0; i < calls; i++) {
      const call = generateCall(i, 3, 1);
      writeFileSync(join(dir, 'calls', 'analysis', `${call.contactId}_analysis.json`), JSON.stringify(call.analysis));
      writeFileSync(join(dir, 'calls', 'ctr', `${call.contactId}.json`), JSON.stringify(call.ctr));
    }
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(ruleBodies(5)));

    const log: string[] = [];
    const threads = { workers: [new LoggingWorker(log), new LoggingWorker(log)], early: new Map(), close: async () => {} } as unknown as StartedThreads;
    let sentBeforeRules: string[] = [];
    const report = await runBacktest({
      paths: [join(dir, 'calls')],
      rules: () => {
        sentBeforeRules = [...log];
        return { rules: loadRuleSet(rulesFile) };
      },
      threads,
    });

    const indexTasks = Math.ceil((2 * calls) / INDEX_BATCH);
    expect(sentBeforeRules).toEqual(Array(indexTasks).fill('index'));
    expect(log.slice(indexTasks, indexTasks + 2)).toEqual(['setup', 'setup']);
    expect(new Set(log.slice(indexTasks + 2))).toEqual(new Set(['groups']));
    expect(report.summary).toMatchObject({ contacts: calls, files: 2 * calls, skipped: 0, workers: 2 });
  }, 120_000);
});
