/**
 * CreateRule bodies ↔ `AWS::Connect::Rule` resources of a CloudFormation template.
 *
 * The resource (CloudFormation Template Reference, "AWS::Connect::Rule" and
 * "AWS::Connect::Rule Actions") holds the API's fields with three differences:
 * - `Actions` is an object of one list per action type ("AssignContactCategoryActions",
 *   "CreateCaseActions", "EndAssociatedTasksActions", "EventBridgeActions",
 *   "SendNotificationActions", "SubmitAutoEvaluationActions", "TaskActions",
 *   "UpdateCaseActions"), each of at most one item, instead of the API's list of
 *   `{ActionType, <Type>Action}`; so one rule holds at most one action of a type;
 * - resources are named by ARN where the API takes ids: `ContactFlowArn` for
 *   `ContactFlowId`, `Recipient.UserArns` for `UserIds`, `EvaluationFormArn` for
 *   `EvaluationFormId`, `IntegrationAssociationArn` for `IntegrationAssociationId`,
 *   all under the rule's `InstanceArn`;
 * - `Tags` is a list of `{Key, Value}`.
 * The resource has no counterpart of ASSIGN_SLA, EXTRACT_INFORMATION,
 * `SendNotificationAction.Exclusion` or `PreEvaluationFilters`: a rule using one is
 * refused by export, naming it, rather than exported without it.
 */
import { UserError } from '../../grammar/errors.ts';
import { parseUniqueJsonOr } from '../../grammar/json/duplicate-key.ts';
import { isObject } from '../context/json.ts';
import type { ActionType } from '../rules/model.ts';

export const CFN_RULE_TYPE = 'AWS::Connect::Rule';

type Json = Record<string, unknown>;

/** The ARN-named resources of the instance, by the path segment CloudFormation uses. */
const arnUnder = (instanceArn: string, kind: string, id: string) => `${instanceArn}/${kind}/${id}`;

/** The id at the end of an ARN `…/<kind>/<id>`, a bare id as is; undefined for anything else (an intrinsic that cannot be read). */
function idOf(value: unknown, kind: string): string | undefined {
  if (isObject(value) && typeof value['Fn::Sub'] === 'string') value = value['Fn::Sub'];
  if (typeof value !== 'string') return undefined;
  const m = new RegExp(`/${kind}/([^/]+)$`).exec(value);
  if (m) return m[1]!.includes('${') ? undefined : m[1];
  return value.includes('${') || value.startsWith('arn:') ? undefined : value;
}

/** A problem of one rule, located by a path in the rule (`Actions[1].AssignSlaAction`). */
export class CfnMappingProblem {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
  toString(): string {
    return `${this.path}: ${this.message}`;
  }
}

/** Every problem of one rule or more, one line each: `<where>: <path>: <message>`. */
export class CfnMappingError extends UserError {
  readonly lines: readonly string[];
  constructor(where: string, problems: readonly CfnMappingProblem[], more: readonly string[] = []) {
    const lines = [...problems.map((p) => `${where}: ${p}`), ...more];
    super(lines.join('\n'));
    this.name = 'CfnMappingError';
    this.lines = lines;
  }
}

interface Mapping {
  readonly member: string;
  readonly list: string;
  /** API definition → resource definition. */
  readonly toCfn: (def: Json, instanceArn: string, at: string, problems: CfnMappingProblem[]) => Json;
  /** Resource definition → API definition. */
  readonly fromCfn: (def: Json, at: string, problems: CfnMappingProblem[]) => Json;
}

const same = (def: Json): Json => ({ ...def });
const empty = (): Json => ({});

/** A field renamed from id to ARN; the rest of the definition as is. */
function arnField(idField: string, arnFieldName: string, kind: string): Pick<Mapping, 'toCfn' | 'fromCfn'> {
  return {
    toCfn: (def, instanceArn) => {
      const { [idField]: id, ...rest } = def;
      return { ...rest, [arnFieldName]: arnUnder(instanceArn, kind, String(id)) };
    },
    fromCfn: (def, at, problems) => {
      const { [arnFieldName]: arn, ...rest } = def;
      const id = idOf(arn, kind);
      if (id === undefined) problems.push(new CfnMappingProblem(`${at}.${arnFieldName}`, `expected an ARN …/${kind}/<id> or a literal id, not ${JSON.stringify(arn)}`));
      return { ...rest, [idField]: id ?? '' };
    },
  };
}

/** Notification recipients: `UserIds` ↔ `UserArns` (a `$.` injection path stays as it is). */
const userArns = (ids: unknown, instanceArn: string) => (Array.isArray(ids) ? ids.map((id) => (String(id).startsWith('$.') ? id : arnUnder(instanceArn, 'agent', String(id)))) : ids);

const NOTIFICATION: Pick<Mapping, 'toCfn' | 'fromCfn'> = {
  toCfn: (def, instanceArn, at, problems) => {
    const { Exclusion, Recipient, ...rest } = def;
    if (Exclusion !== undefined) problems.push(new CfnMappingProblem(`${at}.Exclusion`, `${CFN_RULE_TYPE} has no Exclusion for notifications`));
    const { UserIds, ...recipient } = isObject(Recipient) ? Recipient : {};
    return { ...rest, Recipient: { ...recipient, ...(UserIds !== undefined ? { UserArns: userArns(UserIds, instanceArn) } : {}) } };
  },
  fromCfn: (def, at, problems) => {
    const { Recipient, ...rest } = def;
    const { UserArns, ...recipient } = isObject(Recipient) ? Recipient : {};
    const ids = Array.isArray(UserArns)
      ? UserArns.map((arn, i) => {
          if (typeof arn === 'string' && arn.startsWith('$.')) return arn;
          const id = idOf(arn, 'agent');
          if (id === undefined) problems.push(new CfnMappingProblem(`${at}.Recipient.UserArns[${i}]`, `expected an ARN …/agent/<id>, not ${JSON.stringify(arn)}`));
          return id ?? '';
        })
      : undefined;
    return { ...rest, Recipient: { ...recipient, ...(ids ? { UserIds: ids } : {}) } };
  },
};

/**
 * One row per action type of the API. `undefined`: the resource has no list for it
 * (CloudFormation's `Actions` has no AssignSlaActions or ExtractInformationActions).
 */
export const ACTION_MAPPINGS: Readonly<Record<ActionType, Mapping | undefined>> = {
  ASSIGN_CONTACT_CATEGORY: { member: 'AssignContactCategoryAction', list: 'AssignContactCategoryActions', toCfn: empty, fromCfn: empty },
  GENERATE_EVENTBRIDGE_EVENT: { member: 'EventBridgeAction', list: 'EventBridgeActions', toCfn: same, fromCfn: same },
  CREATE_TASK: { member: 'TaskAction', list: 'TaskActions', ...arnField('ContactFlowId', 'ContactFlowArn', 'contact-flow') },
  SEND_NOTIFICATION: { member: 'SendNotificationAction', list: 'SendNotificationActions', ...NOTIFICATION },
  CREATE_CASE: { member: 'CreateCaseAction', list: 'CreateCaseActions', toCfn: same, fromCfn: same },
  UPDATE_CASE: { member: 'UpdateCaseAction', list: 'UpdateCaseActions', toCfn: same, fromCfn: same },
  END_ASSOCIATED_TASKS: { member: 'EndAssociatedTasksAction', list: 'EndAssociatedTasksActions', toCfn: empty, fromCfn: empty },
  SUBMIT_AUTO_EVALUATION: {
    member: 'SubmitAutoEvaluationAction',
    list: 'SubmitAutoEvaluationActions',
    ...arnField('EvaluationFormId', 'EvaluationFormArn', 'evaluation-form'),
  },
  ASSIGN_SLA: undefined,
  EXTRACT_INFORMATION: undefined,
};

const MAPPED = Object.entries(ACTION_MAPPINGS).filter((e): e is [ActionType, Mapping] => e[1] !== undefined);
const BY_LIST = new Map(MAPPED.map(([type, m]) => [m.list, { type, ...m }]));

/** The `Properties` of an `AWS::Connect::Rule` for a CreateRule body (Function already a JSON string). */
export function toCfnProperties(body: Json, instanceArn: string, where: string): Json {
  const problems: CfnMappingProblem[] = [];
  const actions: Json = {};
  (Array.isArray(body.Actions) ? body.Actions : []).forEach((action: unknown, i) => {
    const at = `Actions[${i}]`;
    const type = isObject(action) ? (action.ActionType as ActionType) : undefined;
    const mapping = type ? ACTION_MAPPINGS[type] : undefined;
    if (!isObject(action) || !type || !(type in ACTION_MAPPINGS)) {
      problems.push(new CfnMappingProblem(at, `unknown ActionType ${JSON.stringify(type)}`));
      return;
    }
    if (!mapping) {
      problems.push(new CfnMappingProblem(at, `${type} has no counterpart in ${CFN_RULE_TYPE} (its Actions has ${MAPPED.map(([, m]) => m.list).join(', ')})`));
      return;
    }
    if (actions[mapping.list]) {
      problems.push(new CfnMappingProblem(at, `a second ${type}: ${CFN_RULE_TYPE} holds at most one action of a type (${mapping.list} has at most 1 item)`));
      return;
    }
    const def = isObject(action[mapping.member]) ? (action[mapping.member] as Json) : {};
    actions[mapping.list] = [mapping.toCfn(def, instanceArn, `${at}.${mapping.member}`, problems)];
  });
  if (body.PreEvaluationFilters !== undefined) problems.push(new CfnMappingProblem('PreEvaluationFilters', `${CFN_RULE_TYPE} has no PreEvaluationFilters`));
  const trigger = isObject(body.TriggerEventSource) ? body.TriggerEventSource : {};
  const { IntegrationAssociationId, ...source } = trigger;
  if (problems.length) throw new CfnMappingError(where, problems);
  const tags = isObject(body.Tags) ? Object.entries(body.Tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return {
    Name: body.Name,
    InstanceArn: instanceArn,
    TriggerEventSource: {
      ...source,
      ...(IntegrationAssociationId !== undefined ? { IntegrationAssociationArn: arnUnder(instanceArn, 'integration-association', String(IntegrationAssociationId)) } : {}),
    },
    Function: body.Function,
    // In the order of the resource's documentation, whatever the rule's order: an import and export again gives the same template.
    Actions: Object.fromEntries(MAPPED.filter(([, m]) => actions[m.list]).map(([, m]) => [m.list, actions[m.list]])),
    PublishStatus: body.PublishStatus,
    ...(tags.length ? { Tags: tags.map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
}

/** A CreateRule body from the `Properties` of an `AWS::Connect::Rule`; actions in the API's order of types. */
export function fromCfnProperties(props: Json, where: string): Json {
  const problems: CfnMappingProblem[] = [];
  const literal = (key: string) => {
    const v = props[key];
    if (v !== undefined && typeof v !== 'string') problems.push(new CfnMappingProblem(`Properties.${key}`, `must be a literal string to be read as a rule, not ${JSON.stringify(v)}`));
    return v;
  };
  const Name = literal('Name');
  const Function = literal('Function');
  const PublishStatus = literal('PublishStatus');
  const trigger = isObject(props.TriggerEventSource) ? props.TriggerEventSource : {};
  const { IntegrationAssociationArn, ...source } = trigger;
  let integration: string | undefined;
  if (IntegrationAssociationArn !== undefined && IntegrationAssociationArn !== '') {
    integration = idOf(IntegrationAssociationArn, 'integration-association');
    if (integration === undefined) problems.push(new CfnMappingProblem('Properties.TriggerEventSource.IntegrationAssociationArn', `expected an ARN …/integration-association/<id>, not ${JSON.stringify(IntegrationAssociationArn)}`));
  }
  const actionsIn = isObject(props.Actions) ? props.Actions : {};
  const actions: Json[] = [];
  for (const list of Object.keys(actionsIn)) {
    if (!BY_LIST.has(list)) problems.push(new CfnMappingProblem(`Properties.Actions.${list}`, `not an action list of ${CFN_RULE_TYPE} (${[...BY_LIST.keys()].join(', ')})`));
  }
  for (const [type, mapping] of MAPPED) {
    const items = actionsIn[mapping.list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      problems.push(new CfnMappingProblem(`Properties.Actions.${mapping.list}`, 'must be a list'));
      continue;
    }
    items.forEach((item, i) => {
      const at = `Properties.Actions.${mapping.list}[${i}]`;
      // AssignContactCategoryActions / EndAssociatedTasksActions items are "Json": `{}` or its string.
      const def = typeof item === 'string' ? jsonItem(item, at, problems) : item;
      if (def === NOT_READ) return;
      if (!isObject(def)) {
        problems.push(new CfnMappingProblem(at, 'must be an object'));
        return;
      }
      actions.push({ ActionType: type, [mapping.member]: mapping.fromCfn(def, at, problems) });
    });
  }
  const tags = Array.isArray(props.Tags) ? props.Tags : undefined;
  if (problems.length) throw new CfnMappingError(where, problems);
  return {
    Name,
    TriggerEventSource: { ...source, ...(integration !== undefined ? { IntegrationAssociationId: integration } : {}) },
    Function,
    Actions: actions,
    PublishStatus,
    ...(tags && tags.length ? { Tags: Object.fromEntries(tags.map((t) => (isObject(t) ? [t.Key, t.Value] : [String(t), '']))) } : {}),
  };
}

const NOT_READ = Symbol('not read');

/**
 * An action item written as its JSON string (CloudFormation's "Json" type), read as the
 * rule files are: a text that is not JSON, or that writes a key twice (JSON.parse would keep
 * the last), is a problem of the item, located in the string.
 */
function jsonItem(text: string, at: string, problems: CfnMappingProblem[]): unknown {
  let refused: string | undefined;
  try {
    return parseUniqueJsonOr(text, 'its JSON string', (problem) => new Error((refused = problem)));
  } catch (e) {
    if (refused === undefined) throw e;
    problems.push(new CfnMappingProblem(at, refused));
    return NOT_READ;
  }
}

/** `RuleCaseClosedBilling` for `CASE_CLOSED_BILLING`: letters and digits only, as logical ids must be. */
export function logicalIdFor(name: string, taken: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base = `Rule${words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('')}`.slice(0, 240);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

/** A template of one `AWS::Connect::Rule` per body, in the order given. */
export function toTemplate(rules: readonly { body: Json; where: string }[], instanceArn: string): Json {
  const taken = new Set<string>();
  const resources: Json = {};
  const lines: string[] = [];
  for (const { body, where } of rules) {
    try {
      resources[logicalIdFor(String(body.Name), taken)] = { Type: CFN_RULE_TYPE, Properties: toCfnProperties(body, instanceArn, where) };
    } catch (err) {
      if (!(err instanceof CfnMappingError)) throw err;
      lines.push(...err.lines);
    }
  }
  if (lines.length) throw new CfnMappingError('', [], lines);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Amazon Connect rules (exported by connect-rules)',
    Resources: resources,
  };
}

/** The `AWS::Connect::Rule` resources of a template, by logical id. */
export function ruleResources(template: Json): [string, Json][] {
  const resources = isObject(template.Resources) ? template.Resources : {};
  return Object.entries(resources).filter((e): e is [string, Json] => isObject(e[1]) && e[1].Type === CFN_RULE_TYPE);
}
