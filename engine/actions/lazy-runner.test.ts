import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../context/types.ts';
import { ActionsRuntimeLoadError, LazyActionRunner } from './lazy-runner.ts';
import type { ActionInvocation, ActionOutcome, ActionRunner } from './types.ts';

/** What the loaded runner was asked: runs, events observed, the Lambda context it was given. */
class Loaded implements ActionRunner {
  runs = 0;
  readonly observed: string[] = [];
  context: unknown;
  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    this.runs++;
    return invocations.map(() => ({ type: 'CREATE_TASK', ruleName: 'r', status: 'SUCCEEDED' as const, detail: 'ran' }));
  }
  async observe(event: TriggerEvent): Promise<void> {
    this.observed.push(event.EventId ?? '');
  }
  registerLambdaContext(context: unknown): void {
    this.context = context;
  }
}

const EVENT = { EventSourceName: 'OnCaseCreate', InstanceId: 'i', EventId: 'e-1' } as TriggerEvent;

function counted(loaded: Loaded, failures = 0) {
  const calls = { loads: 0 };
  const runner = new LazyActionRunner(async () => {
    calls.loads++;
    if (calls.loads <= failures) throw new Error(`chunk missing (load ${calls.loads})`);
    return loaded;
  }, { observes: false });
  return { runner, calls };
}

describe('LazyActionRunner', () => {
  it('loads nothing until the first run, then loads once and hands on the Lambda context of the invocation', async () => {
    const loaded = new Loaded();
    const { runner, calls } = counted(loaded);
    runner.registerLambdaContext({ awsRequestId: 'first' });
    await runner.observe(EVENT);
    expect(calls.loads).toBe(0);

    await Promise.all([runner.run([]), runner.run([])]);
    expect(calls.loads).toBe(1);
    expect(loaded.runs).toBe(2);
    expect(loaded.context).toEqual({ awsRequestId: 'first' });
    runner.registerLambdaContext({ awsRequestId: 'second' });
    expect(loaded.context).toEqual({ awsRequestId: 'second' });
    // once loaded, every event is observed
    await runner.observe(EVENT);
    expect(loaded.observed).toEqual(['e-1']);
  });

  it('fails the run whose load failed, naming the cause, and loads again on the next', async () => {
    const loaded = new Loaded();
    const { runner, calls } = counted(loaded, 1);
    const failed = runner.run([]);
    await expect(failed).rejects.toThrow(ActionsRuntimeLoadError);
    await expect(failed).rejects.toThrow('the actions runtime could not be loaded (chunk missing (load 1)): the delivery fails and is retried, its actions are not dropped');
    expect(loaded.runs).toBe(0);
    await runner.run([]);
    expect(calls.loads).toBe(2);
    expect(loaded.runs).toBe(1);
  });

  it('loads for the first event when its back end observes every event (the local one mirrors cases)', async () => {
    const loaded = new Loaded();
    let loads = 0;
    const runner = new LazyActionRunner(async () => (loads++, loaded), { observes: true });
    await runner.observe(EVENT);
    expect(loads).toBe(1);
    expect(loaded.observed).toEqual(['e-1']);
  });
});
