/**
 * The evaluation-form and contact-evaluation operations of Amazon Connect on their
 * REST paths (the evaluation routes of functions/http/routes.ts), served by the
 * local evaluation service; the real `@aws-sdk/client-connect` talks to them like
 * to Connect. A malformed request is InvalidParameterException, as Connect answers
 * these operations; an empty body reads as `{}`.
 */
import type { LocalEvaluationService } from '../engine/actions/evaluation/service.ts';
import { InvalidParameterException } from '../engine/api/errors.ts';
import { bindApi, type BoundApi } from './http/connect-api.ts';
import { EVALUATION_ROUTES } from './http/routes.ts';

export function evaluationApi(service: LocalEvaluationService | (() => LocalEvaluationService)): BoundApi {
  return bindApi({ routes: EVALUATION_ROUTES, service, badRequest: (m) => new InvalidParameterException(m), bodyRequired: false });
}
