/**
 * One interface per service the executors talk to. Each has a local implementation on
 * DynamoDB (engine/actions/local/) and, where AWS has the service, one on the AWS SDK
 * (engine/actions/aws/). `engine/actions/runtime.ts` picks them from configuration.
 */
import type { ContactBody } from '../context/types.ts';
import type { FieldValueUnion } from '../rules/model.ts';

/** An error with the name of the downstream exception (`ServiceQuotaExceededException`...), as the failure event reports it. */
export class ActionError extends Error {
  constructor(
    /** The failure event's `reasonCode`. */
    readonly reasonCode: string,
    message: string,
    /** Worth retrying (throttling, a transient server error). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = reasonCode;
  }
}

// ---------------------------------------------------------------------------
// Contacts: categories, contact facts, task contacts (Connect)
// ---------------------------------------------------------------------------

/** What the engine remembers of a contact it acted on (for evaluations submitted later by hand). */
export type ContactFacts = Pick<ContactBody, 'ContactId' | 'Channel' | 'InitiationMethod' | 'Agent' | 'Queue' | 'ContactAttribute'>;

export interface CategoryStore {
  /** Adds `category` to the contact (idempotent); `created` is false when it was already there. */
  assignCategory(input: { instanceId: string; contactId: string; category: string; ruleId: string; now: Date }): Promise<{ created: boolean }>;
  categoriesOf(instanceId: string, contactId: string): Promise<string[]>;
  /** Contact ids carrying the category. */
  contactsWithCategory(instanceId: string, category: string): Promise<string[]>;
  rememberContact(instanceId: string, facts: ContactFacts, now: Date): Promise<void>;
  contactFacts(instanceId: string, contactId: string): Promise<ContactFacts | undefined>;
}

export interface TaskReference {
  readonly Type: string;
  readonly Value: string;
}

export interface StartTaskInput {
  readonly instanceId: string;
  readonly contactFlowId: string;
  readonly name: string;
  readonly description?: string;
  readonly references?: Readonly<Record<string, TaskReference>>;
  readonly previousContactId?: string;
  /** The triggering contact's attributes (copied locally; Connect copies them itself through PreviousContactId). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Idempotency token: the same token gives the same task. */
  readonly clientToken: string;
  readonly now: Date;
  /** The rule that created it (local record only). */
  readonly ruleName?: string;
}

export interface TaskContact {
  readonly ContactId: string;
  readonly Channel: 'TASK';
  readonly InitiationMethod: 'API';
  readonly Name: string;
  readonly Description?: string;
  readonly References?: Record<string, TaskReference>;
  readonly Attributes?: Record<string, string>;
  readonly PreviousContactId?: string;
  readonly ContactFlowId: string;
  readonly Status: 'OPEN' | 'ENDED';
  readonly InitiationTimestamp: string;
  readonly DisconnectTimestamp?: string;
  readonly RuleName?: string;
}

export interface TaskService {
  /** Throws ActionError `ServiceQuotaExceededException` past 12 tasks per previous contact. */
  startTask(input: StartTaskInput): Promise<{ contactId: string; created: boolean }>;
  /** Ends a contact; `stopped` is false when it had already ended (or does not exist). */
  stopContact(instanceId: string, contactId: string, now: Date): Promise<{ stopped: boolean }>;
  /** Local only: the task contacts whose previous contact is `contactId`. */
  tasksOf?(instanceId: string, contactId: string): Promise<TaskContact[]>;
}

/** The most task contacts that may share one PreviousContactId (StartTaskContact). */
export const TASKS_PER_PREVIOUS_CONTACT = 12;

// ---------------------------------------------------------------------------
// EventBridge
// ---------------------------------------------------------------------------

export interface BusEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly resources: readonly string[];
  readonly time: Date;
  /** The instance (local outbox partition). */
  readonly instanceId: string;
  /** Deterministic id (local: the same id is stored once). */
  readonly id: string;
}

export interface EventBus {
  /**
   * Putting the same event id twice has one effect for its consumers: the local outbox
   * stores it once; PutEvents carries the id in `detail.idempotencyKey` (docs/pipeline.md).
   */
  readonly idempotent?: boolean;
  putEvent(event: BusEvent): Promise<{ eventId: string }>;
}

// ---------------------------------------------------------------------------
// Email and users
// ---------------------------------------------------------------------------

export interface User {
  readonly Id: string;
  readonly Username: string;
  readonly Email?: string;
  readonly Tags?: Readonly<Record<string, string>>;
}

export interface UserDirectory {
  usersByIds(instanceId: string, ids: readonly string[]): Promise<User[]>;
  /** Users carrying every tag of `tags`. */
  usersWithTags(instanceId: string, tags: Readonly<Record<string, string>>): Promise<User[]>;
}

export interface EmailMessage {
  readonly instanceId: string;
  /** Deterministic id of this message (one per recipient). */
  readonly id: string;
  readonly to: string;
  readonly userId: string;
  readonly subject: string;
  readonly body: string;
  readonly now: Date;
  readonly ruleName: string;
}

export interface EmailService {
  /** Sending the same message id twice sends it once (the local outbox; SES through its SendLog). */
  readonly idempotent?: boolean;
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** What a SendLog knows of a message id before it is sent. */
export type SendState =
  /** Never tried: this attempt may send it. */
  | { readonly state: 'new' }
  | { readonly state: 'sent'; readonly messageId: string }
  /** An earlier attempt started sending it and never said how it went (it died meanwhile). */
  | { readonly state: 'unknown'; readonly since: string };

/**
 * Remembers the emails sent through a service without idempotency tokens (SES): a
 * message id is marked before the call and after it, so a take-over sends only what
 * was never tried.
 */
export interface SendLog {
  begin(instanceId: string, id: string, now: Date): Promise<SendState>;
  sent(instanceId: string, id: string, messageId: string): Promise<void>;
  /** The call failed with an answer (the message was not accepted): it may be tried again. */
  abandon(instanceId: string, id: string): Promise<void>;
}

/** Default emails per instance and day (Connect rules notifications). */
export const EMAILS_PER_DAY = 500;

export interface EmailQuota {
  /** Reserves `count` emails of the instance's day; false when that would pass the limit. */
  reserve(instanceId: string, day: string, count: number, limit: number): Promise<boolean>;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

/** A case field value as the canonical event holds it (`EmptyValue` removes the field). */
export type CaseFieldValue = string | number | boolean;

export interface CaseRecord {
  readonly CaseId: string;
  readonly TemplateId: string;
  readonly Fields: Record<string, CaseFieldValue>;
}

export type SlaStatus = 'Active' | 'Overdue' | 'Met' | 'NotMet';

export interface SlaConfiguration {
  readonly Name: string;
  readonly Type: 'CaseField';
  readonly Status: SlaStatus;
  readonly FieldId?: string;
  readonly TargetFieldValues?: CaseFieldValue[];
  readonly TargetTime: string;
  readonly CompletionTime?: string;
}

export interface SlaItem {
  readonly RelatedItemId: string;
  readonly CaseId: string;
  readonly SlaConfiguration: SlaConfiguration;
  /** The rules whose actions led to this SLA (cascade loop detection of the breach event). */
  readonly Cascade?: CascadeInfo;
  readonly InstanceId?: string;
}

export interface CascadeInfo {
  readonly Depth: number;
  /** Rule ids that acted in the chain of events so far, oldest first. */
  readonly Rules: readonly string[];
  readonly ParentEventKey?: string;
}

export interface FieldUpdate {
  readonly Id: string;
  readonly Value: FieldValueUnion;
}

export interface CasesService {
  createCase(input: {
    templateId: string;
    fields: readonly FieldUpdate[];
    clientToken: string;
    now: Date;
    instanceId: string;
  }): Promise<{ caseId: string; created: boolean }>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /** Applies the fields; returns the case after the change and the SLAs whose status changed. */
  updateCase(caseId: string, fields: readonly FieldUpdate[], now: Date): Promise<{ case: CaseRecord; slaChanges: SlaItem[] }>;
  /** Links a contact (task or call) to the case. */
  relateContact(caseId: string, contact: { contactArn: string; channel?: string }, now: Date, clientToken: string): Promise<{ relatedItemId: string }>;
  /** The contacts related to the case (`channel` when known). */
  relatedContacts(caseId: string): Promise<{ contactArn: string; channel?: string }[]>;
  assignSla(input: AssignSlaInput): Promise<SlaItem>;
}

export interface AssignSlaInput {
  readonly caseId: string;
  readonly name: string;
  readonly fieldId?: string;
  readonly targetFieldValues?: readonly FieldValueUnion[];
  readonly targetSlaMinutes: number;
  readonly now: Date;
  readonly clientToken: string;
  readonly cascade?: CascadeInfo;
  readonly instanceId: string;
}

/** Rules `FieldValueUnion` → the canonical value; undefined for `EmptyValue`. */
export function fieldValue(v: FieldValueUnion): CaseFieldValue | undefined {
  if (v.StringValue !== undefined) return v.StringValue;
  if (v.DoubleValue !== undefined) return v.DoubleValue;
  if (v.BooleanValue !== undefined) return v.BooleanValue;
  return undefined;
}
