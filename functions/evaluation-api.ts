/**
 * The evaluation-form and contact-evaluation operations of Amazon Connect on their
 * REST paths (the Connect API model), served by the local evaluation service; the
 * real `@aws-sdk/client-connect` talks to them like to Connect:
 *
 *   PUT    /evaluation-forms/{InstanceId}                               CreateEvaluationForm
 *   GET    /evaluation-forms/{InstanceId}                               ListEvaluationForms ?maxResults&nextToken
 *   GET    /evaluation-forms/{InstanceId}/{EvaluationFormId}            DescribeEvaluationForm ?version
 *   PUT    /evaluation-forms/{InstanceId}/{EvaluationFormId}            UpdateEvaluationForm
 *   DELETE /evaluation-forms/{InstanceId}/{EvaluationFormId}            DeleteEvaluationForm ?version
 *   GET    /evaluation-forms/{InstanceId}/{EvaluationFormId}/versions   ListEvaluationFormVersions
 *   POST   /evaluation-forms/{InstanceId}/{EvaluationFormId}/activate   ActivateEvaluationForm
 *   POST   /evaluation-forms/{InstanceId}/{EvaluationFormId}/deactivate DeactivateEvaluationForm
 *   PUT    /contact-evaluations/{InstanceId}                            StartContactEvaluation
 *   GET    /contact-evaluations/{InstanceId}                            ListContactEvaluations ?contactId&nextToken
 *   GET    /contact-evaluations/{InstanceId}/{EvaluationId}             DescribeContactEvaluation
 *   POST   /contact-evaluations/{InstanceId}/{EvaluationId}             UpdateContactEvaluation
 *   POST   /contact-evaluations/{InstanceId}/{EvaluationId}/submit      SubmitContactEvaluation
 *   DELETE /contact-evaluations/{InstanceId}/{EvaluationId}             DeleteContactEvaluation
 *
 * Errors as Connect sends them: status, `x-amzn-ErrorType` and `{"Message"}`.
 */
import { randomUUID } from 'node:crypto';
import type { LocalEvaluationService } from '../engine/actions/evaluation/service.ts';
import { ApiError, InvalidParameterException } from '../engine/api/errors.ts';
import { callerArn, toWire, type HttpApiEvent, type HttpApiResult } from './rules-api.ts';

type Op = (s: LocalEvaluationService, p: { ids: string[]; body: () => unknown; query: Record<string, string>; caller: string }) => Promise<unknown>;

/** `[method, root, number of path ids, suffix]` → operation. */
const ROUTES: readonly { method: string; root: string; ids: number; suffix?: string; name: string; op: Op }[] = [
  { method: 'PUT', root: 'evaluation-forms', ids: 1, name: 'CreateEvaluationForm', op: (s, p) => s.createEvaluationForm(p.ids[0]!, p.body(), p.caller) },
  { method: 'GET', root: 'evaluation-forms', ids: 1, name: 'ListEvaluationForms', op: (s, p) => s.listEvaluationForms(p.ids[0]!, p.query) },
  { method: 'GET', root: 'evaluation-forms', ids: 2, name: 'DescribeEvaluationForm', op: (s, p) => s.describeEvaluationForm(p.ids[0]!, p.ids[1]!, p.query.version) },
  { method: 'PUT', root: 'evaluation-forms', ids: 2, name: 'UpdateEvaluationForm', op: (s, p) => s.updateEvaluationForm(p.ids[0]!, p.ids[1]!, p.body(), p.caller) },
  { method: 'DELETE', root: 'evaluation-forms', ids: 2, name: 'DeleteEvaluationForm', op: (s, p) => s.deleteEvaluationForm(p.ids[0]!, p.ids[1]!, p.query.version) },
  { method: 'GET', root: 'evaluation-forms', ids: 2, suffix: 'versions', name: 'ListEvaluationFormVersions', op: (s, p) => s.listEvaluationFormVersions(p.ids[0]!, p.ids[1]!, p.query) },
  { method: 'POST', root: 'evaluation-forms', ids: 2, suffix: 'activate', name: 'ActivateEvaluationForm', op: (s, p) => s.activateEvaluationForm(p.ids[0]!, p.ids[1]!, p.body(), p.caller) },
  { method: 'POST', root: 'evaluation-forms', ids: 2, suffix: 'deactivate', name: 'DeactivateEvaluationForm', op: (s, p) => s.deactivateEvaluationForm(p.ids[0]!, p.ids[1]!, p.body(), p.caller) },
  { method: 'PUT', root: 'contact-evaluations', ids: 1, name: 'StartContactEvaluation', op: (s, p) => s.startContactEvaluation(p.ids[0]!, p.body(), p.caller) },
  { method: 'GET', root: 'contact-evaluations', ids: 1, name: 'ListContactEvaluations', op: (s, p) => s.listContactEvaluations(p.ids[0]!, p.query) },
  { method: 'GET', root: 'contact-evaluations', ids: 2, name: 'DescribeContactEvaluation', op: (s, p) => s.describeContactEvaluation(p.ids[0]!, p.ids[1]!) },
  { method: 'POST', root: 'contact-evaluations', ids: 2, name: 'UpdateContactEvaluation', op: (s, p) => s.updateContactEvaluation(p.ids[0]!, p.ids[1]!, p.body(), p.caller) },
  { method: 'POST', root: 'contact-evaluations', ids: 2, suffix: 'submit', name: 'SubmitContactEvaluation', op: (s, p) => s.submitContactEvaluation(p.ids[0]!, p.ids[1]!, p.body(), p.caller) },
  { method: 'DELETE', root: 'contact-evaluations', ids: 2, name: 'DeleteContactEvaluation', op: (s, p) => s.deleteContactEvaluation(p.ids[0]!, p.ids[1]!) },
];

/** The routes without their operations: what infra/serverless.ts puts on the HTTP API. */
export const EVALUATION_API_ROUTES: readonly { method: string; root: string; ids: number; suffix?: string; name: string }[] = ROUTES.map(({ op: _op, ...r }) => r);

const ROOTS = new Set(ROUTES.map((r) => r.root));

function result(statusCode: number, body: string, requestId: string, errorType?: string): HttpApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
    body,
  };
}

export interface EvaluationRoutesOptions {
  readonly accountId: string;
  readonly onError?: (operation: string, error: unknown) => void;
}

/**
 * A handler for the evaluation routes: the result, or undefined when the path is not
 * an evaluation route (so it can sit in front of another handler).
 */
export function evaluationRoutes(service: LocalEvaluationService, options: EvaluationRoutesOptions) {
  return async (event: HttpApiEvent): Promise<HttpApiResult | undefined> => {
    const path = (event.rawPath || event.requestContext.http.path || '/').replace(/\/+$/, '');
    const raw = path.split('/').slice(1);
    if (!ROOTS.has(raw[0] ?? '')) return undefined;
    const method = event.requestContext.http.method.toUpperCase();
    const requestId = event.requestContext.requestId ?? randomUUID();
    let segments: string[];
    try {
      segments = raw.map((s) => decodeURIComponent(s));
    } catch {
      return result(400, JSON.stringify({ Message: 'The path is not correctly URL-encoded' }), requestId, 'InvalidParameterException');
    }
    const rest = segments.slice(1);
    const route = ROUTES.find(
      (r) =>
        r.method === method &&
        r.root === segments[0] &&
        (r.suffix ? rest.length === r.ids + 1 && rest[r.ids] === r.suffix : rest.length === r.ids),
    );
    if (!route) return result(404, JSON.stringify({ Message: `No operation matches ${method} ${path}` }), requestId, 'UnknownOperationException');
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(event.rawQueryString ?? '')) query[k] ??= v;
    const body = () => {
      const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new InvalidParameterException(`Request body is not valid JSON: ${(err as Error).message}`);
      }
    };
    try {
      const output = await route.op(service, { ids: rest.slice(0, route.ids), body, query, caller: callerArn(event, options.accountId) });
      const empty = !output || (typeof output === 'object' && Object.keys(output).length === 0);
      return result(200, empty ? '{}' : JSON.stringify(toWire(output)), requestId);
    } catch (err) {
      if (err instanceof ApiError) return result(err.statusCode, JSON.stringify({ Message: err.message }), requestId, err.errorType);
      options.onError?.(route.name, err);
      return result(500, JSON.stringify({ Message: 'The service encountered an internal error.' }), requestId, 'InternalServiceException');
    }
  };
}

/** `handler` with the evaluation routes in front of it. */
export function withEvaluationRoutes<C>(
  handler: (event: HttpApiEvent, context: C) => Promise<HttpApiResult>,
  routes: (event: HttpApiEvent) => Promise<HttpApiResult | undefined>,
): (event: HttpApiEvent, context: C) => Promise<HttpApiResult> {
  return async (event, context) => (await routes(event)) ?? handler(event, context);
}
