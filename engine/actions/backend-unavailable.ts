/**
 * The error of a function run with an actions back end it was not packaged with. A
 * module of its own: functions/lazy-actions.ts throws it at start without importing
 * the runtime (runtime.ts), which loads with the first action.
 */
import type { ActionsBackend } from './settings.ts';

/** The configuration names a back end the bundle does not hold (packaged for another `actionsBackend`). */
export class ActionsBackendUnavailableError extends Error {
  constructor(
    readonly backend: ActionsBackend,
    readonly available: readonly ActionsBackend[],
  ) {
    super(
      `CONNECT_RULES_ACTIONS_BACKEND is '${backend}', but this code holds ${available.length > 0 ? `only the ${available.join(' and ')} back end` : 'no actions back end'}: package it again with actionsBackend: ${backend}`,
    );
    this.name = new.target.name;
  }
}
