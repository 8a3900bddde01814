/**
 * Which of the `aws` back end's services a packaged function holds. Packaging sets
 * one variable per service (build/packaged-action-services.ts, from the actions the
 * function's sources allow: deploy/actions.ts `ACTION_SERVICES`), so esbuild drops
 * the clients of the others: an ingestion function whose sources allow no case action
 * carries no Connect Cases client. Unbundled (tests, `serve`) none is set and every
 * service is there.
 */
import { ActionError } from '../backends.ts';

/** The services of the `aws` back end (aws/backend.ts), as the executors name them (ActionDeps). */
export const AWS_ACTION_SERVICES = ['tasks', 'users', 'evaluations', 'cases', 'email', 'bus'] as const;
export type AwsActionService = (typeof AWS_ACTION_SERVICES)[number];

/** The variable packaging replaces for `service` ('no': not packaged). */
export const packagedServiceVar = (service: AwsActionService) => `CONNECT_RULES_PACKAGED_AWS_${service.toUpperCase()}`;

/**
 * An action called a service its function was packaged without. Its sources allow no
 * action that calls it, so only a rule stored against the catalogue's word reaches
 * this; the runner reports it as the action's failure (not retried).
 */
export class ServiceNotPackagedError extends ActionError {
  constructor(readonly service: AwsActionService) {
    super(
      'ServiceNotPackaged',
      `this function was packaged without the '${service}' service of the aws actions back end: the actions its event sources allow do not call it (deploy/actions.ts ACTION_SERVICES)`,
    );
  }
}

/**
 * A stand-in whose every method fails with ServiceNotPackagedError. A proxy, so a
 * method added to the service later fails the same way with no list of names to
 * keep; `then` (and any symbol) reads as absent, so awaiting or returning it from an
 * async function does not take it for a promise.
 */
export function notPackaged<T extends object>(service: AwsActionService): T {
  const fail = () => Promise.reject(new ServiceNotPackagedError(service));
  return new Proxy({}, { get: (_, key) => (key === 'then' || typeof key === 'symbol' ? undefined : fail) }) as T;
}
