/**
 * Validation of CreateRule / UpdateRule / ListRules requests, table-driven: every shape is a `Spec` value, every action type a
 * row of `ACTIONS` (its member, its shape, the event sources that allow it), and the
 * per-source rules (`REQUIRED_ACTIONS`, `RENAMEABLE_SOURCES`, integration
 * association) are data too.
 *
 * Every problem is one line naming the field, `Actions[2].TaskAction.Name: length
 * 600 exceeds 512`; the service joins them into the InvalidRequestException
 * message. Validation returns a clean copy holding only the fields of the model, so
 * nothing but validated data is ever stored.
 */
import { InvalidRequestException } from '../api/errors.ts';
import { absent, check, clip, describeValue, EMPTY, isObject, oneOf, opt, req, str, struct, type Spec } from '../schema/check.ts';
import { injectionProblems, RECIPIENT_TOKEN, RECIPIENT_TOKEN_SOURCES } from '../actions/injection.ts';
import {
  ACTION_TYPES,
  EVENT_SOURCE_NAMES,
  PUBLISH_STATUSES,
  REFERENCE_TYPES,
  type ActionType,
  type CreateRuleRequest,
  type EventSourceName,
  type ListRulesQuery,
  type PreEvaluationFilters,
  type RuleAction,
  type UpdateRuleRequest,
} from './model.ts';

// ---------------------------------------------------------------------------
// Shape specs
// ---------------------------------------------------------------------------

/** Rule name: 1-200, `^[0-9a-zA-Z._-]+$` (Smithy/CFN; anchored, so no spaces). */
export const NAME_PATTERN = /^[0-9a-zA-Z._-]+$/;
/** Tag keys (current model): no `aws:` prefix; letters, spaces, numbers and `_.:/=+-@`. */
const TAG_KEY_PATTERN = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** EventBridge action name (the pattern of the CloudFormation `AWS::Connect::Rule` schema). */
const EVENTBRIDGE_NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;
/** SLA name: must not end with white space. */
const SLA_NAME_PATTERN = /^.*\S$/s;

const FIELD_VALUE_UNION: Spec = {
  kind: 'struct',
  union: true,
  fields: {
    BooleanValue: opt({ kind: 'boolean' }),
    DoubleValue: opt({ kind: 'number' }),
    EmptyValue: opt(EMPTY),
    StringValue: opt(str(0, 500)),
  },
};

const FIELDS: Spec = {
  kind: 'list',
  min: 1,
  max: 100,
  items: struct({ Id: req(str(1, 500)), Value: req(FIELD_VALUE_UNION) }),
};

const RECIPIENT: Spec = struct({
  UserTags: opt({ kind: 'map', key: { kind: 'string', min: 1, max: 128 }, value: str(0, 256) }),
  UserIds: opt({ kind: 'list', items: str(1, 256) }),
});

const TAGS: Spec = {
  kind: 'map',
  min: 1,
  max: 50,
  key: { kind: 'string', min: 1, max: 128, pattern: TAG_KEY_PATTERN },
  value: str(0, 256),
};

const PRE_EVALUATION_FILTERS: Spec = struct({
  AndConditions: opt({
    kind: 'list',
    items: struct({
      ResourceType: req(oneOf(['CONTACT'])),
      FilterType: req(oneOf(['TAG'])),
      FilterKey: req(str(1, 128)),
      FilterValue: req(str(0, 256)),
      Operator: req(oneOf(['EQUALS'])),
    }),
  }),
});

// ---------------------------------------------------------------------------
// Actions and event sources, as data
// ---------------------------------------------------------------------------

/** The four Contact Lens sources whose rules must assign a contact category. */
export const CONTACT_LENS_SOURCES = [
  'OnPostCallAnalysisAvailable',
  'OnRealTimeCallAnalysisAvailable',
  'OnRealTimeChatAnalysisAvailable',
  'OnPostChatAnalysisAvailable',
] as const satisfies readonly EventSourceName[];

/** The third-party sources: they need an IntegrationAssociationId and a CREATE_TASK action, and may be renamed. */
export const THIRD_PARTY_SOURCES = [
  'OnZendeskTicketCreate',
  'OnZendeskTicketStatusUpdate',
  'OnSalesforceCaseCreate',
] as const satisfies readonly EventSourceName[];

/** Sources whose rules may be renamed by UpdateRule; for the others the name is the contact category. */
export const RENAMEABLE_SOURCES: readonly EventSourceName[] = THIRD_PARTY_SOURCES;

/** IntegrationAssociationId: required for these... */
export const INTEGRATION_REQUIRED_SOURCES: readonly EventSourceName[] = THIRD_PARTY_SOURCES;
/** ...accepted (optional) for these, refused for every other source (INTERPRETATION). */
export const INTEGRATION_OPTIONAL_SOURCES: readonly EventSourceName[] = ['OnContactEvaluationSubmit', 'OnMetricDataUpdate'];

export interface ActionRow {
  /** The RuleAction member that goes with the type. */
  readonly member: keyof RuleAction & string;
  readonly spec: Spec;
  /** Empty-struct actions: the member may be left out (it is stored as `{}`). */
  readonly memberOptional?: boolean;
  /** Event sources whose rules may carry the action. */
  readonly sources: readonly EventSourceName[];
  /** Sources AWS says in so many words the action is not for: its sentence, quoted in the refusal. */
  readonly refusedBecause?: Readonly<Partial<Record<EventSourceName, string>>>;
}

const CL = CONTACT_LENS_SOURCES;
const TP = THIRD_PARTY_SOURCES;
/**
 * Email rules and SLA-breach rules go beyond AWS's RuleAction lists on purpose (docs/rules-api.md,
 * "Actions per source"): AWS, API reference RuleAction, "Supported only for TriggerEventSource values:
 * OnCaseCreate | OnCaseUpdate" (UpdateCaseAction), and lists for the category, EventBridge and
 * notification actions that name neither source. Followed to the letter they leave OnSlaBreach and
 * OnEmailAnalysisAvailable, sources AWS documents conditions for, no action at all, while a rule must
 * have one; the lists name no source added after 2023 (the 2024-2025 actions SubmitAutoEvaluation and
 * AssignSla have no list), so they are read as not kept up to date rather than as a refusal.
 */
const EMAIL = 'OnEmailAnalysisAvailable' as const;

export const ACTIONS: Readonly<Record<ActionType, ActionRow>> = {
  ASSIGN_CONTACT_CATEGORY: {
    member: 'AssignContactCategoryAction',
    spec: EMPTY,
    memberOptional: true,
    sources: [...CL, ...TP, EMAIL],
  },
  GENERATE_EVENTBRIDGE_EVENT: {
    member: 'EventBridgeAction',
    spec: struct({ Name: req(str(1, 100, EVENTBRIDGE_NAME_PATTERN)) }),
    sources: [
      ...CL,
      'OnContactEvaluationSubmit',
      'OnMetricDataUpdate',
      EMAIL,
      'OnAfterCallWorkAvailable',
      'OnAfterChatWorkAvailable',
    ],
  },
  CREATE_TASK: {
    member: 'TaskAction',
    spec: struct({
      Name: req(str(1, 512)),
      Description: opt(str(0, 4096)),
      ContactFlowId: req(str(0, 500)),
      References: opt({
        kind: 'map',
        max: 25,
        key: { kind: 'string', min: 1, max: 4096 },
        value: struct({ Value: opt(str(0, 4096)), Type: req(oneOf(REFERENCE_TYPES)) }),
      }),
    }),
    sources: [...TP, ...CL.filter((s) => s !== 'OnRealTimeChatAnalysisAvailable'), EMAIL],
    refusedBecause: {
      OnRealTimeChatAnalysisAvailable: 'AWS, admin guide, Create Contact Lens rules: "Create Task: this option is not available for real-time chat"',
    },
  },
  SEND_NOTIFICATION: {
    member: 'SendNotificationAction',
    spec: struct({
      DeliveryMethod: req(oneOf(['EMAIL'])),
      Subject: opt(str(1, 200)),
      Content: req(str(1, 1024)),
      ContentType: req(oneOf(['PLAIN_TEXT'])),
      Recipient: req(RECIPIENT),
      Exclusion: opt(RECIPIENT),
    }),
    sources: [...CL, 'OnContactEvaluationSubmit', 'OnMetricDataUpdate', EMAIL],
  },
  CREATE_CASE: {
    member: 'CreateCaseAction',
    spec: struct({ TemplateId: req(str(1, 500)), Fields: req(FIELDS) }),
    sources: ['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable'],
  },
  UPDATE_CASE: {
    member: 'UpdateCaseAction',
    spec: struct({ Fields: req(FIELDS) }),
    sources: ['OnCaseCreate', 'OnCaseUpdate', 'OnSlaBreach'],
  },
  END_ASSOCIATED_TASKS: {
    member: 'EndAssociatedTasksAction',
    spec: EMPTY,
    memberOptional: true,
    sources: ['OnCaseUpdate'],
  },
  ASSIGN_SLA: {
    member: 'AssignSlaAction',
    spec: struct({
      SlaAssignmentType: req(oneOf(['CASES'])),
      CaseSlaConfiguration: req(
        struct({
          Name: req(str(1, 500, SLA_NAME_PATTERN)),
          Type: req(oneOf(['CaseField'])),
          FieldId: opt(str(1, 500)),
          TargetFieldValues: opt({ kind: 'list', max: 1, items: FIELD_VALUE_UNION }),
          TargetSlaMinutes: req({ kind: 'number', integer: true, min: 1, max: 1_051_200 }),
        }),
      ),
    }),
    sources: ['OnCaseCreate', 'OnCaseUpdate'],
  },
  SUBMIT_AUTO_EVALUATION: {
    member: 'SubmitAutoEvaluationAction',
    spec: struct({ EvaluationFormId: req(str(1, 256)) }),
    sources: ['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable'],
  },
  EXTRACT_INFORMATION: {
    member: 'ExtractInformationAction',
    spec: struct({
      RulesExtractionDefinitions: req({ kind: 'list', min: 1, items: struct({ Identifier: req(str(1, 500)) }) }),
    }),
    sources: ['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable'],
  },
};

/** Actions a rule of the source must have. */
export const REQUIRED_ACTIONS: Readonly<Partial<Record<EventSourceName, readonly ActionType[]>>> = {
  OnPostCallAnalysisAvailable: ['ASSIGN_CONTACT_CATEGORY'],
  OnRealTimeCallAnalysisAvailable: ['ASSIGN_CONTACT_CATEGORY'],
  OnRealTimeChatAnalysisAvailable: ['ASSIGN_CONTACT_CATEGORY'],
  OnPostChatAnalysisAvailable: ['ASSIGN_CONTACT_CATEGORY'],
  OnZendeskTicketCreate: ['CREATE_TASK'],
  OnZendeskTicketStatusUpdate: ['CREATE_TASK'],
  OnSalesforceCaseCreate: ['CREATE_TASK'],
};

export function actionsAllowedFor(source: EventSourceName): ActionType[] {
  return ACTION_TYPES.filter((t) => ACTIONS[t].sources.includes(source));
}


// ---------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------

const ACTION_MEMBERS = ACTION_TYPES.map((t) => ACTIONS[t].member);

/** Validates `Actions` for a rule of `source`; returns the clean list (or undefined when invalid). */
export function validateActions(value: unknown, source: EventSourceName | undefined, problems: string[]): RuleAction[] | undefined {
  if (absent(value)) {
    problems.push('Actions: is required');
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.push(`Actions: must be a list, got ${describeValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.push('Actions: at least one action is required');
    return undefined;
  }
  const before = problems.length;
  const out: RuleAction[] = [];
  const seen = new Map<string, number>();
  value.forEach((action, i) => {
    const path = `Actions[${i}]`;
    if (!isObject(action)) {
      problems.push(`${path}: must be an object, got ${describeValue(action)}`);
      return;
    }
    const type = action.ActionType;
    if (absent(type)) {
      problems.push(`${path}.ActionType: is required`);
      return;
    }
    if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
      problems.push(`${path}.ActionType: ${typeof type === 'string' ? `'${clip(type)}'` : describeValue(type)} is not one of ${ACTION_TYPES.join(', ')}`);
      return;
    }
    const row = ACTIONS[type as ActionType];
    const first = seen.get(type);
    if (first !== undefined) {
      problems.push(`${path}.ActionType: ${type} is already used by Actions[${first}] (at most one action of each type)`);
    } else {
      seen.set(type, i);
    }
    if (source && !row.sources.includes(source)) {
      const allowed = actionsAllowedFor(source);
      const because = row.refusedBecause?.[source];
      problems.push(
        `${path}.ActionType: ${type} is not supported for event source ${source} (supported: ${allowed.length > 0 ? allowed.join(', ') : 'none'})${because ? `; ${because}` : ''}`,
      );
    }
    for (const member of ACTION_MEMBERS) {
      if (member !== row.member && !absent(action[member])) {
        problems.push(`${path}.${member}: not allowed when ActionType is ${type} (use ${row.member})`);
      }
    }
    const memberValue = action[row.member];
    if (absent(memberValue)) {
      if (row.memberOptional) {
        out.push({ ActionType: type as ActionType, [row.member]: {} } as RuleAction);
      } else {
        problems.push(`${path}.${row.member}: is required when ActionType is ${type}`);
      }
      return;
    }
    const clean = check(row.spec, memberValue, `${path}.${row.member}`, problems);
    if (clean === undefined) return;
    if (type === 'SEND_NOTIFICATION') checkNotification(clean as Record<string, unknown>, `${path}.${row.member}`, source, problems);
    if (source) problems.push(...injectionProblems({ ActionType: type, [row.member]: clean }, source, path));
    out.push({ ActionType: type as ActionType, [row.member]: clean } as RuleAction);
  });
  if (source) {
    for (const needed of REQUIRED_ACTIONS[source] ?? []) {
      if (!seen.has(needed)) problems.push(`Actions: rules of event source ${source} require ${/^[AEIOU]/.test(needed) ? 'an' : 'a'} ${needed} action`);
    }
  }
  return problems.length === before ? out : undefined;
}

function checkNotification(action: Record<string, unknown>, path: string, source: EventSourceName | undefined, problems: string[]): void {
  const recipient = action.Recipient as { UserTags?: Record<string, string>; UserIds?: string[] };
  const count = Object.keys(recipient.UserTags ?? {}).length + (recipient.UserIds ?? []).length;
  if (count === 0) problems.push(`${path}.Recipient: at least one of UserTags or UserIds must name a recipient`);
  for (const key of ['Recipient', 'Exclusion'] as const) {
    const ids = (action[key] as { UserIds?: string[] } | undefined)?.UserIds ?? [];
    ids.forEach((id, i) => {
      if (!id.startsWith('$.')) return;
      const where = `${path}.${key}.UserIds[${i}]`;
      if (id !== RECIPIENT_TOKEN) {
        problems.push(`${where}: '${clip(id)}' is not a supported variable (only ${RECIPIENT_TOKEN})`);
      } else if (source && !RECIPIENT_TOKEN_SOURCES.includes(source)) {
        problems.push(`${where}: ${RECIPIENT_TOKEN} is only supported for event source ${RECIPIENT_TOKEN_SOURCES.join(', ')}`);
      }
    });
  }
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/**
 * Checks a rule function for an event source: returns located problem lines
 * (`Function:3:17: ...`), empty when valid. Provided by engine/rules/function-check.ts.
 */
export type FunctionChecker = (text: string, source: EventSourceName) => readonly string[];

function field(body: Record<string, unknown>, name: string, spec: Spec, required: boolean, problems: string[]): unknown {
  const v = body[name];
  if (absent(v)) {
    if (required) problems.push(`${name}: is required`);
    return undefined;
  }
  return check(spec, v, name, problems);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new InvalidRequestException('Request body must be a JSON object');
  return body;
}

const NAME_SPEC: Spec = { kind: 'string', min: 1, max: 200, pattern: NAME_PATTERN };
const PUBLISH_STATUS_SPEC: Spec = oneOf(PUBLISH_STATUSES);
const TRIGGER_SPEC: Spec = struct({
  EventSourceName: req(oneOf(EVENT_SOURCE_NAMES)),
  IntegrationAssociationId: opt(str(1, 200)),
});

function checkFunctionField(value: unknown, source: EventSourceName | undefined, checker: FunctionChecker, problems: string[]): string | undefined {
  if (absent(value)) {
    problems.push('Function: is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(`Function: must be a string (the rule function JSON document, serialized), got ${describeValue(value)}`);
    return undefined;
  }
  if (value.trim() === '') {
    problems.push('Function: must not be empty');
    return undefined;
  }
  if (!source) return undefined;
  const found = checker(value, source);
  problems.push(...found);
  return found.length === 0 ? value : undefined;
}

/** Validates a CreateRule body. Throws InvalidRequestException listing every problem. */
export function validateCreateRule(body: unknown, checker: FunctionChecker): CreateRuleRequest {
  const b = requireObject(body);
  const problems: string[] = [];
  const Name = field(b, 'Name', NAME_SPEC, true, problems) as string | undefined;
  const trigger = field(b, 'TriggerEventSource', TRIGGER_SPEC, true, problems) as CreateRuleRequest['TriggerEventSource'] | undefined;
  const source = trigger?.EventSourceName;
  if (trigger && source) {
    const id = trigger.IntegrationAssociationId;
    if (id === undefined && INTEGRATION_REQUIRED_SOURCES.includes(source)) {
      problems.push(`TriggerEventSource.IntegrationAssociationId: is required for event source ${source}`);
    } else if (id !== undefined && !INTEGRATION_REQUIRED_SOURCES.includes(source) && !INTEGRATION_OPTIONAL_SOURCES.includes(source)) {
      problems.push(`TriggerEventSource.IntegrationAssociationId: is not supported for event source ${source}`);
    }
  }
  const ClientToken = field(b, 'ClientToken', str(0, 500), false, problems) as string | undefined;
  const Tags = field(b, 'Tags', TAGS, false, problems) as Record<string, string> | undefined;
  const common = ruleBody(b, source, checker, problems);
  if (problems.length > 0) throw new InvalidRequestException(problems);
  return {
    Name: Name!,
    TriggerEventSource: trigger!,
    ...common,
    ...(ClientToken !== undefined ? { ClientToken } : {}),
    ...(Tags !== undefined ? { Tags } : {}),
  };
}

/**
 * A rule's PreEvaluationFilters checked alone, as CreateRule checks them (for `eval` and
 * `repl`, which read a rule's function and filters, not its actions): the clean filters,
 * or the problems, one line each.
 */
export function checkPreEvaluationFilters(value: unknown): { filters?: PreEvaluationFilters; problems: string[] } {
  const problems: string[] = [];
  const filters = field({ PreEvaluationFilters: value }, 'PreEvaluationFilters', PRE_EVALUATION_FILTERS, false, problems) as PreEvaluationFilters | undefined;
  return problems.length > 0 ? { problems } : { ...(filters !== undefined ? { filters } : {}), problems };
}

/** The fields CreateRule and UpdateRule share: PublishStatus, PreEvaluationFilters, Actions, Function. */
function ruleBody(
  b: Record<string, unknown>,
  source: EventSourceName | undefined,
  checker: FunctionChecker,
  problems: string[],
): Omit<UpdateRuleRequest, 'Name'> {
  const PublishStatus = field(b, 'PublishStatus', PUBLISH_STATUS_SPEC, true, problems) as UpdateRuleRequest['PublishStatus'];
  const PreEvaluationFilters = field(b, 'PreEvaluationFilters', PRE_EVALUATION_FILTERS, false, problems) as
    | UpdateRuleRequest['PreEvaluationFilters']
    | undefined;
  const Actions = validateActions(b.Actions, source, problems) as RuleAction[];
  const Function = checkFunctionField(b.Function, source, checker, problems) as string;
  return { Function, Actions, PublishStatus, ...(PreEvaluationFilters !== undefined ? { PreEvaluationFilters } : {}) };
}

/** What UpdateRule validation needs to know about the stored rule. */
export interface ExistingRule {
  readonly Name: string;
  readonly EventSourceName: EventSourceName;
}

/** Validates an UpdateRule body against the stored rule. Throws InvalidRequestException listing every problem. */
export function validateUpdateRule(body: unknown, existing: ExistingRule, checker: FunctionChecker): UpdateRuleRequest {
  const b = requireObject(body);
  const problems: string[] = [];
  const source = existing.EventSourceName;
  const Name = field(b, 'Name', NAME_SPEC, true, problems) as string | undefined;
  if (Name !== undefined && Name !== existing.Name && !RENAMEABLE_SOURCES.includes(source)) {
    problems.push(
      `Name: rules of event source ${source} can't be renamed (the name is the contact category); ` +
        `only ${RENAMEABLE_SOURCES.join(', ')} rules can (current name '${existing.Name}')`,
    );
  }
  const common = ruleBody(b, source, checker, problems);
  if (problems.length > 0) throw new InvalidRequestException(problems);
  return { Name: Name!, ...common };
}

/** Path parameters: InstanceId 1-100, RuleId 1-256. */
export function validatePathIds(ids: { InstanceId?: string; RuleId?: string }): void {
  const problems: string[] = [];
  if (ids.InstanceId !== undefined) check(str(1, 100), ids.InstanceId, 'InstanceId', problems);
  if (ids.RuleId !== undefined) check(str(1, 256), ids.RuleId, 'RuleId', problems);
  if (problems.length > 0) throw new InvalidRequestException(problems);
}

/** Validates the ListRules query string (`publishStatus`, `eventSourceName`, `maxResults` 1-200, `nextToken`). */
export function validateListRules(query: Readonly<Record<string, string | undefined>>): ListRulesQuery {
  const problems: string[] = [];
  const out: ListRulesQuery = {};
  const status = query.publishStatus;
  if (status !== undefined && check(PUBLISH_STATUS_SPEC, status, 'publishStatus', problems) !== undefined) {
    out.publishStatus = status as ListRulesQuery['publishStatus'];
  }
  const source = query.eventSourceName;
  if (source !== undefined && check(oneOf(EVENT_SOURCE_NAMES), source, 'eventSourceName', problems) !== undefined) {
    out.eventSourceName = source as EventSourceName;
  }
  const max = query.maxResults;
  if (max !== undefined) {
    const n = /^\s*-?\d+\s*$/.test(max) ? Number(max) : Number.NaN;
    if (Number.isNaN(n)) problems.push(`maxResults: '${clip(max)}' is not a whole number`);
    else if (check({ kind: 'number', integer: true, min: 1, max: 200 }, n, 'maxResults', problems) !== undefined) out.maxResults = n;
  }
  if (query.nextToken !== undefined) {
    if (check(str(1, 4096), query.nextToken, 'nextToken', problems) !== undefined) out.nextToken = query.nextToken;
  }
  if (problems.length > 0) throw new InvalidRequestException(problems);
  return out;
}
