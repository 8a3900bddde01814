/**
 * The actions runtime of an ingestion function, in a chunk of its own: the one module
 * functions/lazy-actions.ts imports with `import()`, on the first delivery whose rules
 * act. One export, so the chunk holds only what it reaches (esbuild keeps every export
 * of a lazily imported module): the runtime on the back ends the function was packaged
 * with (action-backends.ts), their executors and clients.
 */
import { createActionRuntimeOn, type ActionRuntimeOptions } from '../engine/actions/runtime.ts';
import type { ActionRunner } from '../engine/actions/types.ts';
import { PACKAGED_ACTIONS_BACKENDS } from './action-backends.ts';

export const packagedActionRunner = (options: ActionRuntimeOptions): ActionRunner => createActionRuntimeOn(PACKAGED_ACTIONS_BACKENDS, options).runner;
