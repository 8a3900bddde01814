/**
 * An action runner loaded on first use. The ingestion functions hand the pipeline
 * this one: the actions runtime (executors, back end and its AWS clients) sits in a
 * chunk of its own that a Lambda imports only when a rule acts (most deliveries match
 * no rule that does), so parsing it is not part of every cold start
 * (functions/lazy-actions.ts; README "Start-up and Lambda footprint").
 *
 * A load that fails rejects the `run` that asked for it: the pipeline gives back its
 * claims and the delivery fails (retried, then dead-lettered), so no action is
 * dropped. The next call loads again.
 */
import type { TriggerEvent } from '../context/types.ts';
import type { ActionInvocation, ActionOutcome, ActionRunner } from './types.ts';

/** The actions runtime could not be loaded (its chunk missing or failing): the delivery that needed it fails. */
export class ActionsRuntimeLoadError extends Error {
  constructor(cause: unknown) {
    super(`the actions runtime could not be loaded (${cause instanceof Error ? cause.message : String(cause)}): the delivery fails and is retried, its actions are not dropped`, { cause });
    this.name = new.target.name;
  }
}

export interface LazyActionRunnerOptions {
  /**
   * Load for `observe` too: a back end that mirrors what every event describes
   * (the local one mirrors the cases of aws.cases events) must see each event
   * before its rules run, acted on or not.
   */
  readonly observes: boolean;
}

export class LazyActionRunner implements ActionRunner {
  private loading?: Promise<ActionRunner>;
  private loaded?: ActionRunner;
  private context: unknown;

  constructor(
    private readonly load: () => Promise<ActionRunner>,
    private readonly options: LazyActionRunnerOptions,
  ) {}

  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    return (await this.runner()).run(invocations);
  }

  async observe(event: TriggerEvent): Promise<void> {
    if (!this.options.observes && !this.loaded) return;
    await (await this.runner()).observe?.(event);
  }

  /** Kept until the runner is loaded, then handed on (a claim's lease ends with the invocation that took it). */
  registerLambdaContext(context: unknown): void {
    this.context = context;
    this.loaded?.registerLambdaContext?.(context);
  }

  private runner(): Promise<ActionRunner> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().then(
      (runner) => {
        // none registered hands on undefined, which ExecutorRunner takes as no deadline
        runner.registerLambdaContext?.(this.context);
        this.loaded = runner;
        return runner;
      },
      (err: unknown) => {
        // not cached: the next delivery (Lambda's retry, in this container or another) loads again
        this.loading = undefined;
        throw new ActionsRuntimeLoadError(err);
      },
    );
    return this.loading;
  }
}
