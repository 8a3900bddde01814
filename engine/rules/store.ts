/**
 * The DynamoDB repository of rules (table design: storage/tables.ts and
 * docs/rules-api.md). Every invariant is enforced by DynamoDB itself, in one
 * TransactWriteItems per change, never by read-then-write:
 *
 * - unique names per instance: a `NAME#<name>` item put with `attribute_not_exists`;
 * - the quota of PUBLISHED rules per instance and event source: a `QUOTA#<source>`
 *   counter incremented under the condition `RuleCount < quota` when a rule becomes
 *   PUBLISHED (create or update), decremented when it stops being PUBLISHED (update
 *   to DRAFT, delete); a DRAFT holds no slot;
 * - ClientToken idempotency: a `TOKEN#<token>` item holding the request hash and the
 *   RuleId, put with `attribute_not_exists OR expired`; a lost race reads the
 *   winner's item from the cancellation reason (ReturnValuesOnConditionCheckFailure);
 * - updates and deletes are conditional on the `Version` that was read.
 */
import {
  ConditionalCheckFailedException,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { RULES_KEYS as K } from '../../storage/tables.ts';
import type {
  ActionType,
  EventSourceName,
  PreEvaluationFilters,
  PublishStatus,
  RuleAction,
  RuleSummary,
  StoredRule,
} from './model.ts';
import { decodeCursor, encodeCursor } from '../dynamo/cursor.ts';
import { documentClient } from '../dynamo/document.ts';
import { queryAll } from '../dynamo/query.ts';
import { transactWrite, type TransactionPolicy } from '../dynamo/transactions.ts';

// ---------------------------------------------------------------------------
// Domain errors (engine/rules/service.ts maps them to API errors)
// ---------------------------------------------------------------------------

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Another rule of the instance has the name. */
export class NameTakenError extends StoreError {
  constructor(readonly ruleName: string) {
    super(`A rule named '${ruleName}' already exists in this instance.`);
  }
}
/** The instance already has `quota` PUBLISHED rules for the event source. */
export class QuotaExceededError extends StoreError {
  constructor(
    readonly source: EventSourceName,
    readonly quota: number,
  ) {
    super(`The instance already has the maximum of ${quota} published rules for event source ${source}.`);
  }
}
/** The ClientToken was used before with a different request. */
export class TokenMismatchError extends StoreError {
  constructor(readonly token: string) {
    super(`ClientToken '${token}' was already used for a different CreateRule request.`);
  }
}
/** The rule changed (or disappeared) since it was read. */
export class VersionConflictError extends StoreError {}
/** Too many concurrent writers on the same items, even after retries. */
export class ContentionError extends StoreError {}
/** DynamoDB throttled the request. */
export class StoreThrottledError extends StoreError {}
/** A `nextToken` that this store did not issue for this query. */
export class InvalidCursorError extends StoreError {}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

const instancePk = (instanceId: string) => `INSTANCE#${instanceId}`;
const ruleSk = (ruleId: string) => `RULE#${ruleId}`;
const nameSk = (name: string) => `NAME#${name}`;
const tokenSk = (token: string) => `TOKEN#${token}`;
const quotaSk = (source: string) => `QUOTA#${source}`;

/**
 * Sources whose quota AWS documents below the general one (docs/rules-api.md). AWS
 * (admin guide, Contact Lens feature limits): 500 rules per
 * event source type, 100 for `OnMetricDataUpdate`. A configured quota lowers both.
 * Only PUBLISHED rules count (issue 10, point 7: "100 published rules for
 * OnMetricDataUpdate (500 for the others)"); drafts are free.
 */
const DOCUMENTED_SOURCE_QUOTAS: Partial<Record<EventSourceName, number>> = { OnMetricDataUpdate: 100 };
const bySourcePk = (instanceId: string, source: string) => `INSTANCE#${instanceId}#SOURCE#${source}`;
const bySourceSk = (status: string, ruleId: string) => `${status}#${ruleId}`;
const byStatusPk = (instanceId: string, status: string) => `INSTANCE#${instanceId}#STATUS#${status}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Takes a quota slot of `source`, cancelling the transaction when none is left. */
function takeSlot(tableName: string, pk: string, source: EventSourceName, quota: number): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: pk, SK: quotaSk(source) },
      UpdateExpression: 'SET ItemType = :type ADD RuleCount :one',
      ConditionExpression: 'attribute_not_exists(RuleCount) OR RuleCount < :quota',
      ExpressionAttributeValues: { ':type': 'QUOTA', ':one': 1, ':quota': quota },
    },
  };
}

/** Gives back a quota slot of `source`. */
function freeSlot(tableName: string, pk: string, source: EventSourceName): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: pk, SK: quotaSk(source) },
      UpdateExpression: 'ADD RuleCount :minusOne',
      ExpressionAttributeValues: { ':minusOne': -1 },
    },
  };
}

/** The GSI attributes of a rule: which lists it shows up in. */
function indexKeys(instanceId: string, source: string, status: string, ruleId: string) {
  return {
    [K.bySourcePk]: bySourcePk(instanceId, source),
    [K.bySourceSk]: bySourceSk(status, ruleId),
    [K.byStatusPk]: byStatusPk(instanceId, status),
    [K.byStatusSk]: ruleId,
  };
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

interface RuleItem {
  PK: string;
  SK: string;
  ItemType: 'RULE';
  InstanceId: string;
  RuleId: string;
  RuleArn: string;
  Name: string;
  EventSourceName: EventSourceName;
  IntegrationAssociationId?: string;
  Function: string;
  /** The actions as JSON text (exact round trip of what was validated). */
  ActionsJson: string;
  ActionTypes: ActionType[];
  PublishStatus: PublishStatus;
  CreatedTime: number;
  LastUpdatedTime: number;
  LastUpdatedBy: string;
  Version: number;
  /** Epoch ms; absent on a DRAFT and on rules stored before it was kept (fromItem: their CreatedTime). */
  PublishedSince?: number;
  Tags?: Record<string, string>;
  PreEvaluationFiltersJson?: string;
  [index: string]: unknown;
}

function toItem(rule: StoredRule): RuleItem {
  const source = rule.TriggerEventSource.EventSourceName;
  return {
    PK: instancePk(rule.InstanceId),
    SK: ruleSk(rule.RuleId),
    ItemType: 'RULE',
    ...indexKeys(rule.InstanceId, source, rule.PublishStatus, rule.RuleId),
    InstanceId: rule.InstanceId,
    RuleId: rule.RuleId,
    RuleArn: rule.RuleArn,
    Name: rule.Name,
    EventSourceName: source,
    ...(rule.TriggerEventSource.IntegrationAssociationId !== undefined
      ? { IntegrationAssociationId: rule.TriggerEventSource.IntegrationAssociationId }
      : {}),
    Function: rule.Function,
    ActionsJson: JSON.stringify(rule.Actions),
    ActionTypes: rule.Actions.map((a) => a.ActionType),
    PublishStatus: rule.PublishStatus,
    CreatedTime: rule.CreatedTime.getTime(),
    LastUpdatedTime: rule.LastUpdatedTime.getTime(),
    LastUpdatedBy: rule.LastUpdatedBy,
    Version: rule.Version,
    ...(rule.PublishStatus === 'PUBLISHED' && rule.PublishedSince ? { PublishedSince: rule.PublishedSince.getTime() } : {}),
    ...(rule.Tags && Object.keys(rule.Tags).length > 0 ? { Tags: rule.Tags } : {}),
    ...(rule.PreEvaluationFilters ? { PreEvaluationFiltersJson: JSON.stringify(rule.PreEvaluationFilters) } : {}),
  };
}

function fromItem(item: Record<string, unknown>): StoredRule {
  const i = item as RuleItem;
  return {
    InstanceId: i.InstanceId,
    RuleId: i.RuleId,
    RuleArn: i.RuleArn,
    Name: i.Name,
    TriggerEventSource: {
      EventSourceName: i.EventSourceName,
      ...(i.IntegrationAssociationId !== undefined ? { IntegrationAssociationId: i.IntegrationAssociationId } : {}),
    },
    Function: i.Function,
    Actions: JSON.parse(i.ActionsJson) as RuleAction[],
    PublishStatus: i.PublishStatus,
    CreatedTime: new Date(Number(i.CreatedTime)),
    LastUpdatedTime: new Date(Number(i.LastUpdatedTime)),
    LastUpdatedBy: i.LastUpdatedBy,
    Version: Number(i.Version),
    ...publishedSince(i),
    ...(i.Tags ? { Tags: i.Tags } : {}),
    ...(i.PreEvaluationFiltersJson ? { PreEvaluationFilters: JSON.parse(i.PreEvaluationFiltersJson) as PreEvaluationFilters } : {}),
  };
}

/**
 * A PUBLISHED rule's PublishedSince; a rule stored before the attribute was written
 * takes its CreatedTime, the earliest it can have been published (its contacts since
 * then are evaluated, as they were before).
 */
function publishedSince(i: RuleItem): { PublishedSince?: Date } {
  if (i.PublishStatus !== 'PUBLISHED') return {};
  return { PublishedSince: new Date(Number(i.PublishedSince ?? i.CreatedTime)) };
}

function summaryFromItem(item: Record<string, unknown>): RuleSummary {
  const i = item as RuleItem;
  return {
    Name: i.Name,
    RuleId: i.RuleId,
    RuleArn: i.RuleArn,
    EventSourceName: i.EventSourceName,
    PublishStatus: i.PublishStatus,
    ActionSummaries: (i.ActionTypes ?? []).map((ActionType) => ({ ActionType })),
    CreatedTime: new Date(Number(i.CreatedTime)),
    LastUpdatedTime: new Date(Number(i.LastUpdatedTime)),
  };
}

// ---------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------

export interface RulesStoreOptions {
  readonly tableName: string;
  /** Rules per instance and event source (default 500). */
  readonly quota?: number;
  /** How long a ClientToken is remembered, in seconds (default 8 h). */
  readonly idempotencyTtlSeconds?: number;
  /** Attempts of a transaction that DynamoDB cancels for a conflicting concurrent transaction. */
  readonly maxTransactionAttempts?: number;
  readonly now?: () => Date;
}

export interface CreateResult {
  readonly RuleId: string;
  readonly RuleArn: string;
  /** True when the ClientToken had already created the rule: this is the first result, replayed. */
  readonly replayed: boolean;
}

export interface ListFilter {
  readonly publishStatus?: PublishStatus;
  readonly eventSourceName?: EventSourceName;
}

export interface ListPage {
  readonly summaries: RuleSummary[];
  readonly nextToken?: string;
}

/** Fields UpdateRule replaces. */
export interface RuleChanges {
  readonly Name: string;
  readonly Function: string;
  readonly Actions: RuleAction[];
  readonly PublishStatus: PublishStatus;
  readonly PreEvaluationFilters?: PreEvaluationFilters;
  readonly LastUpdatedBy: string;
}

const THROTTLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);


export class RulesStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly quota: number;
  readonly idempotencyTtlSeconds: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, options: RulesStoreOptions) {
    this.doc = documentClient(client);
    this.tableName = options.tableName;
    this.quota = options.quota ?? 500;
    this.idempotencyTtlSeconds = options.idempotencyTtlSeconds ?? 8 * 60 * 60;
    this.maxAttempts = options.maxTransactionAttempts ?? 12;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Stores a new rule: rule item + name lock (+ quota slot when PUBLISHED) (+ token)
   * in one transaction. With a ClientToken whose earlier request had the same hash, returns
   * that first result instead (even when that rule has since been deleted).
   */
  async createRule(rule: StoredRule, token?: { readonly clientToken: string; readonly requestHash: string }): Promise<CreateResult> {
    const pk = instancePk(rule.InstanceId);
    const source = rule.TriggerEventSource.EventSourceName;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(rule),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { PK: pk, SK: nameSk(rule.Name), ItemType: 'NAME', RuleId: rule.RuleId },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ];
    const quotaAt = rule.PublishStatus === 'PUBLISHED' ? items.push(takeSlot(this.tableName, pk, source, this.quotaOf(source))) - 1 : -1;
    const tokenAt = items.length;
    if (token) {
      const nowSeconds = Math.floor(this.now().getTime() / 1000);
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            PK: pk,
            SK: tokenSk(token.clientToken),
            ItemType: 'TOKEN',
            RequestHash: token.requestHash,
            RuleId: rule.RuleId,
            RuleArn: rule.RuleArn,
            [K.ttl]: nowSeconds + this.idempotencyTtlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': K.ttl },
          ExpressionAttributeValues: { ':now': nowSeconds },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }

    const replayed = await this.transact<CreateResult>(items, (reasons) => {
      // The token decides first: a replay is not a name conflict.
      const tokenReason = token ? reasons[tokenAt] : undefined;
      if (token && tokenReason?.Code === 'ConditionalCheckFailed') {
        const old = tokenReason.Item ?? {};
        if (str(old.RequestHash) === token.requestHash) {
          return { RuleId: str(old.RuleId) ?? '', RuleArn: str(old.RuleArn) ?? '', replayed: true };
        }
        throw new TokenMismatchError(token.clientToken);
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new NameTakenError(rule.Name);
      if (quotaAt >= 0 && reasons[quotaAt]?.Code === 'ConditionalCheckFailed') throw new QuotaExceededError(source, this.quotaOf(source));
      return undefined;
    });
    return replayed ?? { RuleId: rule.RuleId, RuleArn: rule.RuleArn, replayed: false };
  }

  /** A rule by id (strongly consistent), or undefined. */
  async getRule(instanceId: string, ruleId: string): Promise<StoredRule | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { PK: instancePk(instanceId), SK: ruleSk(ruleId) }, ConsistentRead: true }),
      );
      return Item && Item.ItemType === 'RULE' ? fromItem(Item) : undefined;
    } catch (err) {
      throw translate(err);
    }
  }

  /**
   * Replaces the mutable fields of `existing` if it is still at `existing.Version`;
   * bumps Version. A rename swaps the name lock in the same transaction; publishing a
   * draft takes a quota slot and unpublishing gives it back, in the same transaction.
   * Throws VersionConflictError when the rule changed or vanished since it was read,
   * QuotaExceededError when publishing finds no slot left.
   */
  async updateRule(existing: StoredRule, changes: RuleChanges): Promise<StoredRule> {
    const now = this.now();
    const updated: StoredRule = {
      ...existing,
      Name: changes.Name,
      Function: changes.Function,
      Actions: changes.Actions,
      PublishStatus: changes.PublishStatus,
      LastUpdatedTime: now,
      LastUpdatedBy: changes.LastUpdatedBy,
      Version: existing.Version + 1,
    };
    // An edit of a published rule keeps it in force since its publication; a DRAFT published now is new from now.
    if (changes.PublishStatus !== 'PUBLISHED') delete updated.PublishedSince;
    else if (existing.PublishStatus !== 'PUBLISHED' || !existing.PublishedSince) updated.PublishedSince = now;
    if (changes.PreEvaluationFilters) updated.PreEvaluationFilters = changes.PreEvaluationFilters;
    else delete updated.PreEvaluationFilters;

    const pk = instancePk(existing.InstanceId);
    const put = {
      TableName: this.tableName,
      Item: toItem(updated),
      ConditionExpression: 'Version = :version',
      ExpressionAttributeValues: { ':version': existing.Version },
    };
    const renamed = changes.Name !== existing.Name;
    const items: TransactItem[] = [{ Put: put }];
    const source = existing.TriggerEventSource.EventSourceName;
    const wasPublished = existing.PublishStatus === 'PUBLISHED';
    const isPublished = changes.PublishStatus === 'PUBLISHED';
    const quotaAt = !wasPublished && isPublished ? items.push(takeSlot(this.tableName, pk, source, this.quotaOf(source))) - 1 : -1;
    if (wasPublished && !isPublished) items.push(freeSlot(this.tableName, pk, source));
    const nameAt = items.length;
    if (renamed) {
      items.push(
        {
          Put: {
            TableName: this.tableName,
            Item: { PK: pk, SK: nameSk(changes.Name), ItemType: 'NAME', RuleId: existing.RuleId },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Delete: {
            TableName: this.tableName,
            Key: { PK: pk, SK: nameSk(existing.Name) },
            ConditionExpression: 'attribute_not_exists(PK) OR RuleId = :ruleId',
            ExpressionAttributeValues: { ':ruleId': existing.RuleId },
          },
        },
      );
    }
    await this.transact(items, (reasons) => {
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new VersionConflictError('The rule changed since it was read.');
      if (quotaAt >= 0 && reasons[quotaAt]?.Code === 'ConditionalCheckFailed') throw new QuotaExceededError(source, this.quotaOf(source));
      if (reasons[nameAt]?.Code === 'ConditionalCheckFailed') throw new NameTakenError(changes.Name);
      if (reasons[nameAt + 1]?.Code === 'ConditionalCheckFailed') throw new VersionConflictError('The name lock changed.');
      return undefined;
    });
    return updated;
  }

  /** Deletes `existing` (if still at its Version), its name lock, and gives back its quota slot if it was PUBLISHED. */
  async deleteRule(existing: StoredRule): Promise<void> {
    const pk = instancePk(existing.InstanceId);
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: this.tableName,
          Key: { PK: pk, SK: ruleSk(existing.RuleId) },
          ConditionExpression: 'Version = :version',
          ExpressionAttributeValues: { ':version': existing.Version },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: { PK: pk, SK: nameSk(existing.Name) },
          ConditionExpression: 'attribute_not_exists(PK) OR RuleId = :ruleId',
          ExpressionAttributeValues: { ':ruleId': existing.RuleId },
        },
      },
    ];
    if (existing.PublishStatus === 'PUBLISHED') items.push(freeSlot(this.tableName, pk, existing.TriggerEventSource.EventSourceName));
    await this.transact(items, (reasons) => {
      if (reasons.slice(0, 2).some((r) => r.Code === 'ConditionalCheckFailed')) throw new VersionConflictError('The rule changed since it was read.');
      return undefined;
    });
  }

  /**
   * One page of rule summaries of an instance, optionally filtered by status and/or
   * event source; each combination is a single Query on the table or one index.
   */
  async listRules(instanceId: string, filter: ListFilter, limit: number, nextToken?: string): Promise<ListPage> {
    const plan = this.listPlan(instanceId, filter);
    const from = nextToken !== undefined ? startKeyOf(nextToken, plan) : undefined;
    // Read one more than asked: if it exists there is a next page, which starts after the last returned item.
    const collected = await queryAll(this.doc, plan.input, { limit: limit + 1, ...(from ? { from } : {}) }).catch((err: unknown) => {
      throw translate(err);
    });
    const page = collected.slice(0, limit);
    const more = collected.length > limit;
    return {
      summaries: page.map(summaryFromItem),
      ...(more ? { nextToken: cursorOf(plan, page[page.length - 1]!) } : {}),
    };
  }

  /**
   * The engine's hot path: every PUBLISHED rule of one instance and event source,
   * one Query on the BySource index. Each rule carries its Version, the cache key of
   * its compiled function (engine/rules/compiled-cache.ts).
   */
  listPublishedRules(instanceId: string, source: EventSourceName): Promise<StoredRule[]> {
    return queryPublishedRules(this.doc, this.tableName, instanceId, source);
  }

  /** The rules quota of `source` in an instance: the configured quota, lowered where AWS documents less. */
  quotaOf(source: EventSourceName): number {
    return Math.min(this.quota, DOCUMENTED_SOURCE_QUOTAS[source] ?? this.quota);
  }

  /** How many PUBLISHED rules of the source the quota counter holds (tests, diagnostics). */
  async ruleCount(instanceId: string, source: EventSourceName): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: instancePk(instanceId), SK: quotaSk(source) }, ConsistentRead: true }),
    );
    return Number(Item?.RuleCount ?? 0);
  }

  /** Raises the quota counter directly (tests of the quota without creating 500 rules). */
  async setRuleCount(instanceId: string, source: EventSourceName, count: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: instancePk(instanceId), SK: quotaSk(source) },
        UpdateExpression: 'SET RuleCount = :n, ItemType = :type',
        ExpressionAttributeValues: { ':n': count, ':type': 'QUOTA' },
      }),
    );
  }

  private listPlan(instanceId: string, filter: ListFilter): ListPlan {
    const projection = [
      'PK', 'SK', K.bySourcePk, K.bySourceSk, K.byStatusPk, K.byStatusSk,
      'RuleId', 'RuleArn', '#name', 'EventSourceName', 'PublishStatus', 'ActionTypes', 'CreatedTime', 'LastUpdatedTime',
    ].join(', ');
    const base = { TableName: this.tableName, ProjectionExpression: projection };
    const { publishStatus: status, eventSourceName: source } = filter;
    if (source !== undefined) {
      const pk = bySourcePk(instanceId, source);
      return {
        instanceId,
        kind: status ? `source+status:${source}:${status}` : `source:${source}`,
        keyAttrs: ['PK', 'SK', K.bySourcePk, K.bySourceSk],
        fixed: { PK: undefined, [K.bySourcePk]: pk },
        skPrefix: { attr: K.bySourceSk, prefix: status ? `${status}#` : '' },
        input: {
          ...base,
          IndexName: K.bySourceIndex,
          KeyConditionExpression: status ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ExpressionAttributeNames: { '#name': 'Name', '#pk': K.bySourcePk, ...(status ? { '#sk': K.bySourceSk } : {}) },
          ExpressionAttributeValues: { ':pk': pk, ...(status ? { ':prefix': `${status}#` } : {}) },
        },
      };
    }
    if (status !== undefined) {
      const pk = byStatusPk(instanceId, status);
      return {
        instanceId,
        kind: `status:${status}`,
        keyAttrs: ['PK', 'SK', K.byStatusPk, K.byStatusSk],
        fixed: { PK: undefined, [K.byStatusPk]: pk },
        input: {
          ...base,
          IndexName: K.byStatusIndex,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#name': 'Name', '#pk': K.byStatusPk },
          ExpressionAttributeValues: { ':pk': pk },
        },
      };
    }
    const pk = instancePk(instanceId);
    return {
      instanceId,
      kind: 'all',
      keyAttrs: ['PK', 'SK'],
      fixed: { PK: pk },
      skPrefix: { attr: 'SK', prefix: 'RULE#' },
      input: {
        ...base,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeNames: { '#name': 'Name' },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'RULE#' },
      },
    };
  }

  /** One transaction under the kernel's retry policy: `cancelled` reads our own conditions; contention is retried with jittered backoff. */
  private transact<T>(items: TransactItem[], cancelled: TransactionPolicy<T>['cancelled']): Promise<T | undefined> {
    return transactWrite(this.doc, items, {
      maxAttempts: this.maxAttempts,
      cancelled,
      contention: (codes) => new ContentionError(`Too many concurrent changes to the same rules (${codes.join(', ')}); retry later.`),
      translate,
    });
  }
}

function translate(err: unknown): unknown {
  const name = (err as { name?: string } | undefined)?.name ?? '';
  if (THROTTLE_ERRORS.has(name)) return new StoreThrottledError(`DynamoDB throttled the request (${name}).`);
  if (err instanceof ConditionalCheckFailedException) return new VersionConflictError(err.message);
  return err;
}

/** RulesStore.listPublishedRules on its own (see there). */
async function queryPublishedRules(doc: DynamoDBDocumentClient, tableName: string, instanceId: string, source: EventSourceName): Promise<StoredRule[]> {
  const items = await queryAll(doc, {
    TableName: tableName,
    IndexName: K.bySourceIndex,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :status)',
    ExpressionAttributeNames: { '#pk': K.bySourcePk, '#sk': K.bySourceSk },
    ExpressionAttributeValues: { ':pk': bySourcePk(instanceId, source), ':status': 'PUBLISHED#' },
  }).catch((err: unknown) => {
    throw translate(err);
  });
  return items.map(fromItem);
}

/**
 * The rules store's one read the pipeline makes (`listPublishedRules`), apart from the
 * store: a bundle that holds only this (every ingestion function) holds none of the
 * API's writes, lists and cursors.
 */
export class PublishedRulesQuery {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient | DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  listPublishedRules(instanceId: string, source: EventSourceName): Promise<StoredRule[]> {
    return queryPublishedRules(this.doc, this.tableName, instanceId, source);
  }
}

function str(v: AttributeValue | undefined): string | undefined {
  return v && 'S' in v ? v.S : undefined;
}

// ---------------------------------------------------------------------------
// nextToken: the last returned item's key, bound to the query it came from
// ---------------------------------------------------------------------------

interface ListPlan {
  readonly instanceId: string;
  /** Identifies the query (filters); a token from another query is refused. */
  readonly kind: string;
  readonly keyAttrs: readonly string[];
  /** Key attributes whose value is fixed by the query (undefined: any string). */
  readonly fixed: Readonly<Record<string, string | undefined>>;
  readonly skPrefix?: { readonly attr: string; readonly prefix: string };
  readonly input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
}

function cursorOf(plan: ListPlan, item: Record<string, unknown>): string {
  const key: Record<string, unknown> = {};
  for (const attr of plan.keyAttrs) key[attr] = item[attr];
  return encodeCursor(plan.kind, key);
}

function startKeyOf(token: string, plan: ListPlan): Record<string, unknown> {
  const decoded = decodeCursor(token, plan.kind);
  if (!decoded.ok && decoded.problem === 'malformed') throw new InvalidCursorError('nextToken is not a token returned by ListRules.');
  if (!decoded.ok) throw new InvalidCursorError('nextToken was returned for a ListRules call with other filters.');
  const key = decoded.key;
  const attrs = Object.keys(key);
  const valid =
    attrs.length === plan.keyAttrs.length &&
    plan.keyAttrs.every((a) => typeof key[a] === 'string') &&
    Object.entries(plan.fixed).every(([a, v]) => v === undefined || key[a] === v) &&
    (typeof key.PK === 'string' && key.PK.startsWith('INSTANCE#')) &&
    (typeof key.SK === 'string' && key.SK.startsWith('RULE#')) &&
    (!plan.skPrefix || (key[plan.skPrefix.attr] as string).startsWith(plan.skPrefix.prefix));
  // The rule's own PK must be the instance of the query, whatever index is read.
  if (!valid || key.PK !== instancePk(plan.instanceId)) {
    throw new InvalidCursorError('nextToken is not a token returned by ListRules for this instance.');
  }
  return key;
}
