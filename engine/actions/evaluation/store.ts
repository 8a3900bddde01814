/**
 * The DynamoDB repository of evaluation forms and contact evaluations (evaluations
 * table, storage/action-tables.ts), as engine/rules/store.ts is the rules': it knows
 * the items and their conditions, service.ts the Connect operations and their errors.
 *
 * Items: form `INSTANCE#i / FORM#f` (summary: LatestVersion, ActiveVersion), version
 * `FORMVERSION#f#<v, 6 digits>` (the EvaluationForm), evaluation `EVALUATION#e`
 * (+ ByContact index). List pages carry the kernel's cursor (items.ts).
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ThrottlingException } from '../../api/errors.ts';
import { writeIf } from '../../dynamo/conditional.ts';
import { transactWrite } from '../../dynamo/transactions.ts';
import type { EvaluationForm, FormSummaryItem, StoredEvaluation } from './model.ts';
import { decodeToken, dehydrate, encodeToken, pad, revive } from './items.ts';

/**
 * A form transaction on the kernel: false when one of its own conditions failed (the
 * form exists, or changed meanwhile); contention and throttling are retried, as the
 * rules store's are, instead of reading as a failed condition.
 */
async function writeFormTransaction(doc: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
  const result = await transactWrite(doc, items, {
    maxAttempts: 3,
    cancelled: (reasons: readonly CancellationReason[]) => (reasons.some((r) => r.Code === 'ConditionalCheckFailed') ? false : undefined),
    contention: (codes) => new ThrottlingException(`Too many concurrent changes to the same evaluation form (${codes.join(', ')}); retry later.`),
  });
  return result ?? true;
}

/** One page of a list, and the NextToken of the next. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export class EvaluationStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private key(instanceId: string, sk: string) {
    return { PK: `INSTANCE#${instanceId}`, SK: sk };
  }
  private versionKey(instanceId: string, formId: string, version: number) {
    return this.key(instanceId, `FORMVERSION#${formId}#${pad(version)}`);
  }

  // ---- forms ----

  async formSummary(instanceId: string, formId: string): Promise<FormSummaryItem | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`), ConsistentRead: true }));
    return Item?.Summary as FormSummaryItem | undefined;
  }

  async formVersion(instanceId: string, formId: string, version: number): Promise<EvaluationForm | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.versionKey(instanceId, formId, version), ConsistentRead: true }));
    return Item ? (revive(Item.Form as Record<string, unknown>) as unknown as EvaluationForm) : undefined;
  }

  async putFormVersion(instanceId: string, form: EvaluationForm): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...this.versionKey(instanceId, form.EvaluationFormId, form.EvaluationFormVersion), Form: dehydrate(form) } }),
    );
  }

  /** Creates a form: its summary and version 1, together. False when a condition failed (the form exists). */
  async createForm(instanceId: string, summary: FormSummaryItem, form: EvaluationForm): Promise<boolean> {
    return writeFormTransaction(this.doc, [
      { Put: { TableName: this.table, Item: { ...this.key(instanceId, `FORM#${summary.EvaluationFormId}`), Summary: summary }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: this.table, Item: { ...this.versionKey(instanceId, form.EvaluationFormId, 1), Form: dehydrate(form) }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ]);
  }

  /**
   * Writes a form version (`isNew`: one that must not exist yet) and the summary's
   * latest version and title, on condition that the summary's latest version is still
   * `seenLatest`. False when either condition failed (changed at the same time).
   */
  async saveFormVersion(
    instanceId: string,
    form: EvaluationForm,
    summary: { seenLatest: number; latest: number; title: string; at: string; by: string },
    isNew: boolean,
  ): Promise<boolean> {
    return writeFormTransaction(this.doc, [
      {
        Update: {
          TableName: this.table,
          Key: this.key(instanceId, `FORM#${form.EvaluationFormId}`),
          UpdateExpression: 'SET Summary.LatestVersion = :v, Summary.Title = :t, Summary.LastModifiedTime = :now, Summary.LastModifiedBy = :by',
          ConditionExpression: 'Summary.LatestVersion = :latest',
          ExpressionAttributeValues: { ':v': summary.latest, ':t': summary.title, ':now': summary.at, ':by': summary.by, ':latest': summary.seenLatest },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...this.versionKey(instanceId, form.EvaluationFormId, form.EvaluationFormVersion), Form: dehydrate(form) },
          ...(isNew ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
        },
      },
    ]);
  }

  async setActiveVersion(instanceId: string, formId: string, version: number, at: string, by: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.key(instanceId, `FORM#${formId}`),
        UpdateExpression: 'SET Summary.ActiveVersion = :v, Summary.LastActivatedTime = :now, Summary.LastActivatedBy = :by',
        ExpressionAttributeValues: { ':v': version, ':now': at, ':by': by },
      }),
    );
  }

  async clearActiveVersion(instanceId: string, formId: string): Promise<void> {
    await this.doc.send(new UpdateCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`), UpdateExpression: 'REMOVE Summary.ActiveVersion' }));
  }

  async deleteFormVersion(instanceId: string, formId: string, version: number): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.versionKey(instanceId, formId, version) }));
  }

  /** Deletes versions 1 to `latest`, then the summary. */
  async deleteForm(instanceId: string, formId: string, latest: number): Promise<void> {
    for (let v = 1; v <= latest; v++) await this.deleteFormVersion(instanceId, formId, v);
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`) }));
  }

  /** A page of the instance's form summaries (dates revived). */
  async listForms(instanceId: string, limit: number, nextToken: string | undefined): Promise<Page<Record<string, unknown>>> {
    const query = `ListEvaluationForms:${instanceId}`;
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':f': 'FORM#' },
        Limit: limit,
        ExclusiveStartKey: decodeToken(query, nextToken),
      }),
    );
    return { items: (page.Items ?? []).map((i) => revive(i.Summary as Record<string, unknown>)), ...next(query, page.LastEvaluatedKey) };
  }

  /** A page of a form's versions, oldest first. */
  async listFormVersions(instanceId: string, formId: string, limit: number, nextToken: string | undefined): Promise<Page<EvaluationForm>> {
    const query = `ListEvaluationFormVersions:${instanceId}:${formId}`;
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':f': `FORMVERSION#${formId}#` },
        Limit: limit,
        ExclusiveStartKey: decodeToken(query, nextToken),
      }),
    );
    return { items: (page.Items ?? []).map((i) => revive(i.Form as Record<string, unknown>) as unknown as EvaluationForm), ...next(query, page.LastEvaluatedKey) };
  }

  // ---- contact evaluations ----

  async evaluation(instanceId: string, evaluationId: string): Promise<StoredEvaluation | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(instanceId, `EVALUATION#${evaluationId}`), ConsistentRead: true }));
    return Item?.Evaluation as StoredEvaluation | undefined;
  }

  private async putEvaluation(instanceId: string, e: StoredEvaluation, condition: Pick<PutCommand['input'], 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<boolean> {
    return writeIf(
      this.doc,
      new PutCommand({
        TableName: this.table,
        Item: {
          ...this.key(instanceId, `EVALUATION#${e.EvaluationId}`),
          GSI1PK: `INSTANCE#${instanceId}#CONTACT#${e.Metadata.ContactId}`,
          GSI1SK: e.EvaluationId,
          Evaluation: e,
        },
        ...condition,
      }),
    );
  }

  /** Creates an evaluation; false when one with its id exists. */
  createEvaluation(instanceId: string, e: StoredEvaluation): Promise<boolean> {
    return this.putEvaluation(instanceId, e, { ConditionExpression: 'attribute_not_exists(PK)' });
  }

  /** Replaces a DRAFT evaluation unchanged since `seenModified`; false when it changed meanwhile. */
  replaceDraft(instanceId: string, e: StoredEvaluation, seenModified: string): Promise<boolean> {
    return this.putEvaluation(instanceId, e, {
      ConditionExpression: 'Evaluation.#s = :draft AND Evaluation.LastModifiedTime = :seen',
      ExpressionAttributeNames: { '#s': 'Status' },
      ExpressionAttributeValues: { ':draft': 'DRAFT', ':seen': seenModified },
    });
  }

  /** A page (up to 100) of a contact's evaluations (ByContact index). */
  async listContactEvaluations(instanceId: string, contactId: string, nextToken: string | undefined): Promise<Page<StoredEvaluation>> {
    const query = `ListContactEvaluations:${instanceId}:${contactId}`;
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'ByContact',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}#CONTACT#${contactId}` },
        Limit: 100,
        ExclusiveStartKey: decodeToken(query, nextToken),
      }),
    );
    return { items: (page.Items ?? []).map((i) => i.Evaluation as StoredEvaluation), ...next(query, page.LastEvaluatedKey) };
  }

  async deleteEvaluation(instanceId: string, evaluationId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `EVALUATION#${evaluationId}`) }));
  }
}

function next(query: string, key: Record<string, unknown> | undefined): { nextToken?: string } {
  const token = encodeToken(query, key);
  return token ? { nextToken: token } : {};
}
