/**
 * The action runner of an ingestion function: the actions runtime loaded from its own
 * chunk (actions-chunk.ts) on the first delivery whose rules act, not at every cold
 * start (engine/actions/lazy-runner.ts). The Lambda bundles are built with esbuild's
 * code splitting (serverless.yml `custom.esbuild.splitting`, build/lambda-chunks.ts),
 * so the chunk is tree-shaken as the function itself is.
 *
 * The configured back end is checked here, at start, as createActionRuntimeOn
 * checks it: a function packaged for another back end still refuses to start.
 */
import { LazyActionRunner } from '../engine/actions/lazy-runner.ts';
import { ActionsBackendUnavailableError } from '../engine/actions/backend-unavailable.ts';
import type { ActionRuntimeOptions } from '../engine/actions/runtime.ts';
import { actionsConfigFromEnv, type ActionsBackend } from '../engine/actions/settings.ts';
import type { ActionRunner } from '../engine/actions/types.ts';

/**
 * The names of action-backends.ts `PACKAGED_ACTIONS_BACKENDS`, by the same test of the
 * same variable: that module imports the back ends, so importing it here would put
 * them in the function's own chunk (esbuild splits by whole modules).
 */
export const PACKAGED_ACTIONS_BACKEND_NAMES: readonly ActionsBackend[] =
  process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'aws'
    ? ['aws']
    : process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'local'
      ? ['local']
      : process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'none'
        ? []
        : ['aws', 'local'];

export function lazyPackagedActionRunner(options: ActionRuntimeOptions): ActionRunner {
  const { backend } = actionsConfigFromEnv(process.env, options.config);
  if (!PACKAGED_ACTIONS_BACKEND_NAMES.includes(backend)) throw new ActionsBackendUnavailableError(backend, PACKAGED_ACTIONS_BACKEND_NAMES);
  return new LazyActionRunner(() => import('./actions-chunk.ts').then((chunk) => chunk.packagedActionRunner(options)), {
    // the local back end mirrors the case of every aws.cases event (engine/actions/runtime.ts `observe`)
    observes: backend === 'local',
  });
}
