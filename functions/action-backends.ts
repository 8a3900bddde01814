/**
 * The actions back ends an ingestion function holds. Packaging replaces
 * `process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND` with the stage's
 * `actionsBackend` (serverless.yml `custom.esbuild.define`, deploy/actions.ts
 * `packagedActionsDefine`), so esbuild keeps only the back end the deployment runs:
 * a deployed function carries no local back end (the evaluation service, local
 * cases: about 40 KB), the `local` stage no AWS clients, `none` neither. Unbundled
 * (tests, `serve`) the variable is unset and both are there. The runtime checks that
 * the configured back end is one of them (engine/actions/runtime.ts), and so does
 * functions/lazy-actions.ts at start, by the names of these.
 */
import { awsActionsBackend } from '../engine/actions/aws/backend.ts';
import { localActionsBackend } from '../engine/actions/local/backend.ts';
import type { ActionBackends } from '../engine/actions/runtime.ts';

// Each test reads `process.env.…` itself: esbuild folds a replaced expression, not a variable holding it.
export const PACKAGED_ACTIONS_BACKENDS: ActionBackends =
  process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'aws'
    ? { aws: awsActionsBackend }
    : process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'local'
      ? { local: localActionsBackend }
      : process.env.CONNECT_RULES_PACKAGED_ACTIONS_BACKEND === 'none'
        ? {}
        : { aws: awsActionsBackend, local: localActionsBackend };
