/**
 * The HTTP routes of the deployed APIs, written out: the operations of Amazon
 * Connect's rules, evaluation and contact APIs (method and path as the API reference gives
 * them) that users call. Tests compare what is deployed and served with these, not
 * with the route lists of deploy/serverless.ts.
 */
export const RULES_API_ROUTES = [
  'POST /rules/{InstanceId}',
  'GET /rules/{InstanceId}',
  'GET /rules/{InstanceId}/{RuleId}',
  'PUT /rules/{InstanceId}/{RuleId}',
  'DELETE /rules/{InstanceId}/{RuleId}',
] as const;

export const EVALUATION_API_ROUTES = [
  'PUT /evaluation-forms/{InstanceId}',
  'GET /evaluation-forms/{InstanceId}',
  'GET /evaluation-forms/{InstanceId}/{EvaluationFormId}',
  'PUT /evaluation-forms/{InstanceId}/{EvaluationFormId}',
  'DELETE /evaluation-forms/{InstanceId}/{EvaluationFormId}',
  'GET /evaluation-forms/{InstanceId}/{EvaluationFormId}/versions',
  'POST /evaluation-forms/{InstanceId}/{EvaluationFormId}/activate',
  'POST /evaluation-forms/{InstanceId}/{EvaluationFormId}/deactivate',
  'PUT /contact-evaluations/{InstanceId}',
  'GET /contact-evaluations/{InstanceId}',
  'GET /contact-evaluations/{InstanceId}/{EvaluationId}',
  'POST /contact-evaluations/{InstanceId}/{EvaluationId}',
  'POST /contact-evaluations/{InstanceId}/{EvaluationId}/submit',
  'DELETE /contact-evaluations/{InstanceId}/{EvaluationId}',
] as const;

export const CONTACTS_API_ROUTES = ['GET /contacts/{InstanceId}/{ContactId}', 'POST /search-contacts'] as const;
