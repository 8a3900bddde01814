/**
 * CreateRule bodies of the actions' end-to-end tests (direct and through replay): a
 * post-call rule that opens a case in the billing queue, one that auto-evaluates the
 * call with a form, and an evaluation rule that coaches the agent when the greeting
 * section scores 80 % or less. With the bundled examples (ACCOUNT_CANCELLATION,
 * BILLING_CASE_SLA, HIGH_PRIORITY_SLA_BREACHED) they make the cascades of the issue.
 */
export const RETENTION_QUEUE = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
export const BILLING_QUEUE = 'e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b';
export const EXAMPLE_RULES = ['post-call-account-cancellation', 'case-created-billing-sla', 'sla-breach-high-priority', 'case-closed-billing'];

const fn = (rule: object) => JSON.stringify({ Version: '2022-11-25', RuleFunction: rule });
const inRetention = { Operator: 'CONTAINS_ANY', Operands: [RETENTION_QUEUE], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false };
const CATEGORY = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };

export function actionRules(formId: string): Record<string, object> {
  return {
    CANCELLATION_CASE: {
      Name: 'CANCELLATION_CASE',
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: fn({ Operator: 'AND', Operands: [inRetention] }),
      PublishStatus: 'PUBLISHED',
      Actions: [
        CATEGORY,
        {
          ActionType: 'CREATE_CASE',
          CreateCaseAction: {
            TemplateId: 'billing-template',
            Fields: [
              { Id: 'title', Value: { StringValue: 'Cancellation request' } },
              { Id: 'assigned_queue', Value: { StringValue: BILLING_QUEUE } },
              { Id: 'case_reason', Value: { StringValue: 'Billing' } },
            ],
          },
        },
      ],
    },
    QA_AUTO_EVALUATION: {
      Name: 'QA_AUTO_EVALUATION',
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: fn({ Operator: 'AND', Operands: [inRetention] }),
      PublishStatus: 'PUBLISHED',
      Actions: [CATEGORY, { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: formId } }],
    },
    LOW_GREETING_SCORE: {
      Name: 'LOW_GREETING_SCORE',
      TriggerEventSource: { EventSourceName: 'OnContactEvaluationSubmit' },
      Function: fn({
        Operator: 'OR',
        Operands: [
          {
            Operator: 'AND',
            Operands: [
              { Operator: 'EQUALS', Operands: [formId], ComparisonValue: '$.ContactLens.ContactEvaluation.Form.FormId', Negate: false },
              { Operator: 'EQUALS', Operands: ['s1'], ComparisonValue: '$.ContactLens.ContactEvaluation.Section.SectionRefId', Negate: false },
              { Operator: 'NumberLessOrEqualTo', Operands: [80], ComparisonValue: '$.ContactLens.ContactEvaluation.Section.Score', Negate: false },
            ],
          },
        ],
      }),
      PublishStatus: 'PUBLISHED',
      Actions: [
        {
          ActionType: 'SEND_NOTIFICATION',
          SendNotificationAction: {
            DeliveryMethod: 'EMAIL',
            ContentType: 'PLAIN_TEXT',
            Subject: 'Coaching: greeting',
            Content: 'Your call was auto-evaluated below 80% on the greeting section.',
            Recipient: { UserIds: ['$.ContactLens.ContactEvaluation.Agent.AgentId'] },
          },
        },
      ],
    },
  };
}
