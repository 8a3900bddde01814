/**
 * The five rules operations: validate, call the store, map
 * domain errors to the API errors the AWS SDK raises by name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../context/json.ts';
import type { RulesConfig } from './config.ts';
import { CONFLICT, retryOnConflict } from '../dynamo/optimistic.ts';
import {
  ApiError,
  InternalServiceException,
  InvalidRequestException,
  ResourceConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
} from '../api/errors.ts';
import { ruleArn, type Rule, type RuleSummary, type StoredRule } from './model.ts';
import {
  ContentionError,
  InvalidCursorError,
  NameTakenError,
  QuotaExceededError,
  StoreThrottledError,
  TokenMismatchError,
  VersionConflictError,
  type RulesStore,
} from './store.ts';
import {
  validateCreateRule,
  validateListRules,
  validatePathIds,
  validateUpdateRule,
  type FunctionChecker,
} from './validate-request.ts';

export interface RulesServiceDeps {
  readonly store: RulesStore;
  readonly config: RulesConfig;
  /** Checks a `Function` for an event source (engine/rules/function-check.ts). */
  readonly checkFunction: FunctionChecker;
  readonly newRuleId?: () => string;
  readonly now?: () => Date;
  /** Called with unexpected errors before they become InternalServiceException. */
  readonly onInternalError?: (err: unknown) => void;
}

export interface CreateRuleOutput {
  RuleArn: string;
  RuleId: string;
}
export interface DescribeRuleOutput {
  Rule: Rule;
}
export interface ListRulesOutput {
  RuleSummaryList: RuleSummary[];
  NextToken?: string;
}

/** How often UpdateRule/DeleteRule re-read a rule that changed under them before giving up. */
const MAX_OPTIMISTIC_ATTEMPTS = 8;
const done = (): Record<string, never> => ({});
/** The rule changed between its read and the write: read it again (engine/dynamo/optimistic.ts). */
const onVersionConflict = (err: unknown): typeof CONFLICT => {
  if (err instanceof VersionConflictError) return CONFLICT;
  throw err;
};
const changedByOthers = () => new ThrottlingException('The rule is being changed by other requests; retry later.');

export class RulesService {
  private readonly newRuleId: () => string;
  private readonly now: () => Date;

  constructor(private readonly deps: RulesServiceDeps) {
    this.newRuleId = deps.newRuleId ?? randomUUID;
    this.now = deps.now ?? (() => new Date());
  }

  /** POST /rules/{InstanceId} */
  createRule(instanceId: string, body: unknown, callerArn: string): Promise<CreateRuleOutput> {
    return this.guard(async () => {
      validatePathIds({ InstanceId: instanceId });
      const request = validateCreateRule(body, this.deps.checkFunction);
      const { region, accountId } = this.deps.config;
      const RuleId = this.newRuleId();
      const now = this.now();
      const rule: StoredRule = {
        InstanceId: instanceId,
        RuleId,
        RuleArn: ruleArn(region, accountId, instanceId, RuleId),
        Name: request.Name,
        TriggerEventSource: request.TriggerEventSource,
        Function: request.Function,
        Actions: request.Actions,
        PublishStatus: request.PublishStatus,
        CreatedTime: now,
        LastUpdatedTime: now,
        LastUpdatedBy: callerArn,
        Version: 1,
        ...(request.PublishStatus === 'PUBLISHED' ? { PublishedSince: now } : {}),
        ...(request.Tags ? { Tags: request.Tags } : {}),
        ...(request.PreEvaluationFilters ? { PreEvaluationFilters: request.PreEvaluationFilters } : {}),
      };
      const { ClientToken, ...rest } = request;
      const token =
        ClientToken !== undefined && ClientToken !== ''
          ? { clientToken: ClientToken, requestHash: requestHash({ InstanceId: instanceId, ...rest }) }
          : undefined;
      const result = await this.deps.store.createRule(rule, token);
      return { RuleArn: result.RuleArn, RuleId: result.RuleId };
    });
  }

  /** GET /rules/{InstanceId}/{RuleId} */
  describeRule(instanceId: string, ruleId: string): Promise<DescribeRuleOutput> {
    return this.guard(async () => {
      validatePathIds({ InstanceId: instanceId, RuleId: ruleId });
      const stored = await this.deps.store.getRule(instanceId, ruleId);
      if (!stored) throw notFound(instanceId, ruleId);
      return { Rule: toApiRule(stored) };
    });
  }

  /** GET /rules/{InstanceId}?publishStatus&eventSourceName&maxResults&nextToken */
  listRules(instanceId: string, query: Readonly<Record<string, string | undefined>>): Promise<ListRulesOutput> {
    return this.guard(async () => {
      validatePathIds({ InstanceId: instanceId });
      const q = validateListRules(query);
      const page = await this.deps.store.listRules(
        instanceId,
        { publishStatus: q.publishStatus, eventSourceName: q.eventSourceName },
        q.maxResults ?? this.deps.config.defaultMaxResults,
        q.nextToken,
      );
      return { RuleSummaryList: page.summaries, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    });
  }

  /** PUT /rules/{InstanceId}/{RuleId} */
  updateRule(instanceId: string, ruleId: string, body: unknown, callerArn: string): Promise<Record<string, never>> {
    return this.guard(async () => {
      validatePathIds({ InstanceId: instanceId, RuleId: ruleId });
      return retryOnConflict(
        MAX_OPTIMISTIC_ATTEMPTS,
        async () => {
          const existing = await this.deps.store.getRule(instanceId, ruleId);
          if (!existing) throw notFound(instanceId, ruleId);
          const request = validateUpdateRule(
            body,
            { Name: existing.Name, EventSourceName: existing.TriggerEventSource.EventSourceName },
            this.deps.checkFunction,
          );
          return this.deps.store.updateRule(existing, { ...request, LastUpdatedBy: callerArn }).then(done, onVersionConflict);
        },
        changedByOthers,
      );
    });
  }

  /** DELETE /rules/{InstanceId}/{RuleId} */
  deleteRule(instanceId: string, ruleId: string): Promise<Record<string, never>> {
    return this.guard(async () => {
      validatePathIds({ InstanceId: instanceId, RuleId: ruleId });
      return retryOnConflict(
        MAX_OPTIMISTIC_ATTEMPTS,
        async () => {
          const existing = await this.deps.store.getRule(instanceId, ruleId);
          if (!existing) throw notFound(instanceId, ruleId);
          return this.deps.store.deleteRule(existing).then(done, onVersionConflict);
        },
        changedByOthers,
      );
    });
  }

  /** Runs an operation, turning every failure into an ApiError. */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw this.toApiError(err);
    }
  }

  private toApiError(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (err instanceof NameTakenError) {
      return new ResourceConflictException(`A resource already has that name: a rule named '${err.ruleName}' already exists in this instance.`);
    }
    if (err instanceof TokenMismatchError) {
      return new ResourceConflictException(
        `ClientToken '${err.token}' was already used with a different CreateRule request; use a new ClientToken for a new request.`,
      );
    }
    if (err instanceof QuotaExceededError) {
      return new ServiceQuotaExceededException(
        `The quota of ${err.quota} published rules per event source is reached for ${err.source} in this instance.`,
      );
    }
    if (err instanceof InvalidCursorError) return new InvalidRequestException(`nextToken: ${err.message}`);
    if (err instanceof ContentionError || err instanceof StoreThrottledError) return new ThrottlingException(err.message);
    this.deps.onInternalError?.(err);
    return new InternalServiceException(undefined, err);
  }
}

function notFound(instanceId: string, ruleId: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`Rule '${ruleId}' not found in instance '${instanceId}'.`);
}

/** The API shape of a stored rule (without the store's InstanceId, Version and PublishedSince). */
export function toApiRule(stored: StoredRule): Rule {
  const { InstanceId: _instance, Version: _version, PublishedSince: _since, ...rule } = stored;
  return rule;
}

/** SHA-256 of the canonical JSON (sorted keys) of a request: equal requests, equal hashes. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

