/**
 * The Rules API data model, as the service stores and
 * returns it. Field names are the API's, so a value can go to and from the wire as is.
 */
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../../grammar/catalogue/types.ts';

export { EVENT_SOURCE_NAMES, type EventSourceName };

export const PUBLISH_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];

export const ACTION_TYPES = [
  'ASSIGN_CONTACT_CATEGORY',
  'GENERATE_EVENTBRIDGE_EVENT',
  'CREATE_TASK',
  'SEND_NOTIFICATION',
  'CREATE_CASE',
  'UPDATE_CASE',
  'END_ASSOCIATED_TASKS',
  'ASSIGN_SLA',
  'SUBMIT_AUTO_EVALUATION',
  'EXTRACT_INFORMATION',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const REFERENCE_TYPES = [
  'URL',
  'ATTACHMENT',
  'CONTACT_ANALYSIS',
  'NUMBER',
  'STRING',
  'DATE',
  'EMAIL',
  'EMAIL_MESSAGE',
  'EMAIL_MESSAGE_PLAIN_TEXT',
  'EMAIL_MESSAGE_PLAIN_TEXT_REDACTED',
  'EMAIL_MESSAGE_REDACTED',
] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

export interface RuleTriggerEventSource {
  EventSourceName: EventSourceName;
  IntegrationAssociationId?: string;
}

export interface Reference {
  Value?: string;
  Type: ReferenceType;
}

export interface TaskActionDefinition {
  Name: string;
  Description?: string;
  ContactFlowId: string;
  References?: Record<string, Reference>;
}

export interface EventBridgeActionDefinition {
  Name: string;
}

export interface NotificationRecipientType {
  UserTags?: Record<string, string>;
  UserIds?: string[];
}

export interface SendNotificationActionDefinition {
  DeliveryMethod: 'EMAIL';
  Subject?: string;
  Content: string;
  ContentType: 'PLAIN_TEXT';
  Recipient: NotificationRecipientType;
  Exclusion?: NotificationRecipientType;
}

export interface FieldValueUnion {
  BooleanValue?: boolean;
  DoubleValue?: number;
  EmptyValue?: Record<string, never>;
  StringValue?: string;
}

export interface FieldValue {
  Id: string;
  Value: FieldValueUnion;
}

export interface CreateCaseActionDefinition {
  TemplateId: string;
  Fields: FieldValue[];
}

export interface UpdateCaseActionDefinition {
  Fields: FieldValue[];
}

export interface CaseSlaConfiguration {
  Name: string;
  Type: 'CaseField';
  FieldId?: string;
  TargetFieldValues?: FieldValueUnion[];
  TargetSlaMinutes: number;
}

export interface AssignSlaActionDefinition {
  SlaAssignmentType: 'CASES';
  CaseSlaConfiguration: CaseSlaConfiguration;
}

export interface SubmitAutoEvaluationActionDefinition {
  EvaluationFormId: string;
}

export interface ExtractInformationActionDefinition {
  RulesExtractionDefinitions: { Identifier: string }[];
}

export interface RuleAction {
  ActionType: ActionType;
  AssignContactCategoryAction?: Record<string, never>;
  EventBridgeAction?: EventBridgeActionDefinition;
  TaskAction?: TaskActionDefinition;
  SendNotificationAction?: SendNotificationActionDefinition;
  CreateCaseAction?: CreateCaseActionDefinition;
  UpdateCaseAction?: UpdateCaseActionDefinition;
  EndAssociatedTasksAction?: Record<string, never>;
  AssignSlaAction?: AssignSlaActionDefinition;
  SubmitAutoEvaluationAction?: SubmitAutoEvaluationActionDefinition;
  ExtractInformationAction?: ExtractInformationActionDefinition;
}

export interface PreEvaluationFilter {
  ResourceType: 'CONTACT';
  FilterType: 'TAG';
  FilterKey: string;
  FilterValue: string;
  Operator: 'EQUALS';
}

export interface PreEvaluationFilters {
  AndConditions?: PreEvaluationFilter[];
}

/** A stored rule, as DescribeRule returns it (timestamps as `Date`). */
export interface Rule {
  Name: string;
  RuleId: string;
  RuleArn: string;
  TriggerEventSource: RuleTriggerEventSource;
  Function: string;
  Actions: RuleAction[];
  PublishStatus: PublishStatus;
  CreatedTime: Date;
  LastUpdatedTime: Date;
  LastUpdatedBy: string;
  Tags?: Record<string, string>;
  PreEvaluationFilters?: PreEvaluationFilters;
}

/** A stored rule plus what the store and the engine need beyond the API shape. */
export interface StoredRule extends Rule {
  InstanceId: string;
  /** 1 on create, +1 on every update: the cache key of compiled functions (with RuleId). */
  Version: number;
  /**
   * Since when the rule has been PUBLISHED without a break (set when it becomes
   * PUBLISHED, kept by edits while it stays so, cleared when it goes back to DRAFT).
   * The deployed pipeline does not evaluate it for a contact that began before
   * (engine/rules/new-contacts.ts). Internal: no AWS response has it (API reference
   * *Rule*), so toApiRule leaves it out.
   */
  PublishedSince?: Date;
}

export interface RuleSummary {
  Name: string;
  RuleId: string;
  RuleArn: string;
  EventSourceName: EventSourceName;
  PublishStatus: PublishStatus;
  ActionSummaries: { ActionType: ActionType }[];
  CreatedTime: Date;
  LastUpdatedTime: Date;
}

/** CreateRule body (the path gives InstanceId). */
export interface CreateRuleRequest {
  Name: string;
  TriggerEventSource: RuleTriggerEventSource;
  Function: string;
  Actions: RuleAction[];
  PublishStatus: PublishStatus;
  ClientToken?: string;
  Tags?: Record<string, string>;
  PreEvaluationFilters?: PreEvaluationFilters;
}

/** UpdateRule body (TriggerEventSource can't change). */
export interface UpdateRuleRequest {
  Name: string;
  Function: string;
  Actions: RuleAction[];
  PublishStatus: PublishStatus;
  PreEvaluationFilters?: PreEvaluationFilters;
}

export interface ListRulesQuery {
  publishStatus?: PublishStatus;
  eventSourceName?: EventSourceName;
  maxResults?: number;
  nextToken?: string;
}

/** `arn:aws:connect:<region>:<account>:instance/<instanceId>/rule/<ruleId>` (CFN attribute pattern). */
export function ruleArn(region: string, account: string, instanceId: string, ruleId: string): string {
  return `arn:aws:connect:${region}:${account}:instance/${instanceId}/rule/${ruleId}`;
}

export function toSummary(rule: Rule): RuleSummary {
  return {
    Name: rule.Name,
    RuleId: rule.RuleId,
    RuleArn: rule.RuleArn,
    EventSourceName: rule.TriggerEventSource.EventSourceName,
    PublishStatus: rule.PublishStatus,
    ActionSummaries: rule.Actions.map((a) => ({ ActionType: a.ActionType })),
    CreatedTime: rule.CreatedTime,
    LastUpdatedTime: rule.LastUpdatedTime,
  };
}
