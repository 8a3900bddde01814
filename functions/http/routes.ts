/**
 * Every HTTP route this project serves, as Amazon Connect's rest-json paths: one
 * row per operation (method, path template, operation, what it calls). The
 * handlers, the local server and the deployment (the HTTP API's routes) all read
 * this table; adding an operation is adding its row. The services are imported as
 * types only, so reading the table loads no engine code.
 */
import type { RulesService } from '../../engine/rules/service.ts';
import type { LocalEvaluationService } from '../../engine/actions/evaluation/service.ts';
import type { ContactsService } from '../../engine/contacts/service.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What an operation gets of its request. */
export interface Request {
  /** The path parameters by their template names (`InstanceId`), URL-decoded. */
  readonly path: Readonly<Record<string, string>>;
  /** The query parameters (the first value of a repeated one). */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body, parsed on demand (errors as the API's own InvalidRequest/InvalidParameter). */
  body(): unknown;
  /** The caller's ARN (LastUpdatedBy, CreatedBy). */
  readonly caller: string;
}

export interface Route<S> {
  readonly method: HttpMethod;
  /** A path template: literal segments and `{Name}` parameters. */
  readonly path: string;
  readonly operation: string;
  readonly call: (service: S, request: Request) => Promise<unknown>;
}

/** The rules API. */
export const RULES_ROUTES: readonly Route<RulesService>[] = [
  { method: 'POST', path: '/rules/{InstanceId}', operation: 'CreateRule', call: (s, r) => s.createRule(r.path.InstanceId!, r.body(), r.caller) },
  // ?publishStatus&eventSourceName&maxResults&nextToken
  { method: 'GET', path: '/rules/{InstanceId}', operation: 'ListRules', call: (s, r) => s.listRules(r.path.InstanceId!, r.query) },
  { method: 'GET', path: '/rules/{InstanceId}/{RuleId}', operation: 'DescribeRule', call: (s, r) => s.describeRule(r.path.InstanceId!, r.path.RuleId!) },
  { method: 'PUT', path: '/rules/{InstanceId}/{RuleId}', operation: 'UpdateRule', call: (s, r) => s.updateRule(r.path.InstanceId!, r.path.RuleId!, r.body(), r.caller) },
  { method: 'DELETE', path: '/rules/{InstanceId}/{RuleId}', operation: 'DeleteRule', call: (s, r) => s.deleteRule(r.path.InstanceId!, r.path.RuleId!) },
];

const FORMS = '/evaluation-forms/{InstanceId}';
const FORM = `${FORMS}/{EvaluationFormId}`;
const EVALUATIONS = '/contact-evaluations/{InstanceId}';
const EVALUATION = `${EVALUATIONS}/{EvaluationId}`;

/** The evaluation-form and contact-evaluation operations. */
export const EVALUATION_ROUTES: readonly Route<LocalEvaluationService>[] = [
  { method: 'PUT', path: FORMS, operation: 'CreateEvaluationForm', call: (s, r) => s.createEvaluationForm(r.path.InstanceId!, r.body(), r.caller) },
  // ?maxResults&nextToken
  { method: 'GET', path: FORMS, operation: 'ListEvaluationForms', call: (s, r) => s.listEvaluationForms(r.path.InstanceId!, r.query) },
  // ?version
  { method: 'GET', path: FORM, operation: 'DescribeEvaluationForm', call: (s, r) => s.describeEvaluationForm(r.path.InstanceId!, r.path.EvaluationFormId!, r.query.version) },
  { method: 'PUT', path: FORM, operation: 'UpdateEvaluationForm', call: (s, r) => s.updateEvaluationForm(r.path.InstanceId!, r.path.EvaluationFormId!, r.body(), r.caller) },
  // ?version
  { method: 'DELETE', path: FORM, operation: 'DeleteEvaluationForm', call: (s, r) => s.deleteEvaluationForm(r.path.InstanceId!, r.path.EvaluationFormId!, r.query.version) },
  { method: 'GET', path: `${FORM}/versions`, operation: 'ListEvaluationFormVersions', call: (s, r) => s.listEvaluationFormVersions(r.path.InstanceId!, r.path.EvaluationFormId!, r.query) },
  { method: 'POST', path: `${FORM}/activate`, operation: 'ActivateEvaluationForm', call: (s, r) => s.activateEvaluationForm(r.path.InstanceId!, r.path.EvaluationFormId!, r.body(), r.caller) },
  { method: 'POST', path: `${FORM}/deactivate`, operation: 'DeactivateEvaluationForm', call: (s, r) => s.deactivateEvaluationForm(r.path.InstanceId!, r.path.EvaluationFormId!, r.body(), r.caller) },
  { method: 'PUT', path: EVALUATIONS, operation: 'StartContactEvaluation', call: (s, r) => s.startContactEvaluation(r.path.InstanceId!, r.body(), r.caller) },
  // ?contactId&nextToken
  { method: 'GET', path: EVALUATIONS, operation: 'ListContactEvaluations', call: (s, r) => s.listContactEvaluations(r.path.InstanceId!, r.query) },
  { method: 'GET', path: EVALUATION, operation: 'DescribeContactEvaluation', call: (s, r) => s.describeContactEvaluation(r.path.InstanceId!, r.path.EvaluationId!) },
  { method: 'POST', path: EVALUATION, operation: 'UpdateContactEvaluation', call: (s, r) => s.updateContactEvaluation(r.path.InstanceId!, r.path.EvaluationId!, r.body(), r.caller) },
  { method: 'POST', path: `${EVALUATION}/submit`, operation: 'SubmitContactEvaluation', call: (s, r) => s.submitContactEvaluation(r.path.InstanceId!, r.path.EvaluationId!, r.body(), r.caller) },
  { method: 'DELETE', path: EVALUATION, operation: 'DeleteContactEvaluation', call: (s, r) => s.deleteContactEvaluation(r.path.InstanceId!, r.path.EvaluationId!) },
];

/** The contact queries over what the pipeline stored (engine/contacts). */
export const CONTACT_ROUTES: readonly Route<ContactsService>[] = [
  { method: 'GET', path: '/contacts/{InstanceId}/{ContactId}', operation: 'DescribeContact', call: (s, r) => s.describeContact(r.path.InstanceId!, r.path.ContactId!) },
  // InstanceId is in the body
  { method: 'POST', path: '/search-contacts', operation: 'SearchContacts', call: (s, r) => s.searchContacts(r.body()) },
];
