/**
 * The evaluation-form and contact-evaluation operations of Amazon Connect, locally on
 * DynamoDB, with the Connect request and response shapes (model.ts; requests checked
 * by validate.ts, items laid out by items.ts; functions/http/routes.ts serves them
 * on the Connect REST paths). A submitted evaluation (by hand through
 * SubmitContactEvaluation, or by the SUBMIT_AUTO_EVALUATION action) is scored and
 * becomes an OnContactEvaluationSubmit trigger event (`onSubmitted`).
 *
 * Items (evaluations table): form `INSTANCE#i / FORM#f` (summary: LatestVersion,
 * ActiveVersion), version `FORMVERSION#f#<v, 6 digits>` (the EvaluationForm),
 * evaluation `EVALUATION#e` (+ ByContact index).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { TriggerEvent } from '../../context/types.ts';
import type { ContactFacts } from '../backends.ts';
import { stableUuid } from '../ids.ts';
import { InvalidParameterException, ResourceConflictException, ResourceNotFoundException } from '../../api/errors.ts';
import { evaluationBody, questionsOf, scoreEvaluation, type Answers } from './scoring.ts';
import type { EvaluationForm, FormSummaryItem, StoredEvaluation } from './model.ts';
import { isObj, maxResults, str, validateFormContent } from './validate.ts';
import { decodeToken, dehydrate, encodeToken, pad, revive, toEvaluation } from './items.ts';

const invalid = (m: string) => new InvalidParameterException(m);
const notFound = (m: string) => new ResourceNotFoundException(m);
const conflict = (m: string) => new ResourceConflictException(m);

export interface EvaluationServiceOptions {
  readonly region: string;
  readonly accountId: string;
  /** Told about each submitted evaluation's trigger event (the pipeline feeds it to OnContactEvaluationSubmit rules). */
  readonly onSubmitted?: (event: TriggerEvent) => Promise<void> | void;
  /** The contact facts the engine remembered (ASSIGN_CONTACT_CATEGORY, auto evaluations), for manual submissions. */
  readonly contactFacts?: (instanceId: string, contactId: string) => Promise<ContactFacts | undefined>;
  readonly clock?: () => Date;
}

export class LocalEvaluationService {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: EvaluationServiceOptions,
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
  private formArn(instanceId: string, formId: string) {
    return `arn:aws:connect:${this.options.region}:${this.options.accountId}:instance/${instanceId}/evaluation-form/${formId}`;
  }
  private evaluationArn(instanceId: string, evaluationId: string) {
    return `arn:aws:connect:${this.options.region}:${this.options.accountId}:instance/${instanceId}/contact-evaluation/${evaluationId}`;
  }
  private key(instanceId: string, sk: string) {
    return { PK: `INSTANCE#${instanceId}`, SK: sk };
  }

  private async summary(instanceId: string, formId: string): Promise<FormSummaryItem> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`), ConsistentRead: true }));
    if (!Item) throw notFound(`evaluation form ${formId} does not exist in instance ${instanceId}`);
    return Item.Summary as FormSummaryItem;
  }

  private async version(instanceId: string, formId: string, version: number): Promise<EvaluationForm> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.key(instanceId, `FORMVERSION#${formId}#${pad(version)}`), ConsistentRead: true }),
    );
    if (!Item) throw notFound(`version ${version} of evaluation form ${formId} does not exist`);
    return revive(Item.Form as Record<string, unknown>) as unknown as EvaluationForm;
  }

  private async putVersion(instanceId: string, form: EvaluationForm, condition?: string) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...this.key(instanceId, `FORMVERSION#${form.EvaluationFormId}#${pad(form.EvaluationFormVersion)}`), Form: dehydrate(form) },
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }

  async createEvaluationForm(instanceId: string, body: unknown, caller: string) {
    if (!isObj(body)) throw invalid('Request body must be a JSON object');
    const Title = str(body, 'Title', true, 128)!;
    const Description = str(body, 'Description', false, 1024);
    const content = validateFormContent(body);
    const token = str(body, 'ClientToken', false, 500);
    const formId = token ? stableUuid('form', instanceId, token) : randomUUID();
    const now = this.now();
    const arn = this.formArn(instanceId, formId);
    const form: EvaluationForm = {
      EvaluationFormId: formId,
      EvaluationFormVersion: 1,
      Locked: false,
      EvaluationFormArn: arn,
      Title,
      ...(Description ? { Description } : {}),
      Status: 'DRAFT',
      ...content,
      ...(isObj(body.AutoEvaluationConfiguration) ? { AutoEvaluationConfiguration: { Enabled: Boolean(body.AutoEvaluationConfiguration.Enabled) } } : {}),
      CreatedTime: now,
      CreatedBy: caller,
      LastModifiedTime: now,
      LastModifiedBy: caller,
      ...(isObj(body.Tags) ? { Tags: body.Tags as Record<string, string> } : {}),
    };
    const summary: FormSummaryItem = {
      EvaluationFormId: formId,
      EvaluationFormArn: arn,
      Title,
      CreatedTime: now.toISOString(),
      CreatedBy: caller,
      LastModifiedTime: now.toISOString(),
      LastModifiedBy: caller,
      LatestVersion: 1,
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { ...this.key(instanceId, `FORM#${formId}`), Summary: summary }, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Put: {
                TableName: this.table,
                Item: { ...this.key(instanceId, `FORMVERSION#${formId}#${pad(1)}`), Form: dehydrate(form) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    } catch (err) {
      // The same ClientToken again: the first form.
      if ((err as Error).name !== 'TransactionCanceledException' || !token) throw err;
    }
    return { EvaluationFormId: formId, EvaluationFormArn: arn };
  }

  async updateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    if (!isObj(body)) throw invalid('Request body must be a JSON object');
    const version = body.EvaluationFormVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw invalid('EvaluationFormVersion is required (a version number)');
    const Title = str(body, 'Title', true, 128)!;
    const Description = str(body, 'Description', false, 1024);
    const content = validateFormContent(body);
    const summary = await this.summary(instanceId, formId);
    const current = await this.version(instanceId, formId, version);
    const now = this.now();
    const createNew = body.CreateNewVersion === true;
    if (!createNew && current.Locked) {
      throw conflict(`version ${version} of evaluation form ${formId} is locked (it was activated): update it with CreateNewVersion`);
    }
    const newVersion = createNew ? summary.LatestVersion + 1 : version;
    const form: EvaluationForm = {
      ...current,
      EvaluationFormVersion: newVersion,
      Locked: createNew ? false : current.Locked,
      Status: createNew ? 'DRAFT' : current.Status,
      Title,
      ...(Description !== undefined ? { Description } : {}),
      Items: content.Items,
      ...(content.ScoringStrategy ? { ScoringStrategy: content.ScoringStrategy } : {}),
      ...(createNew ? { CreatedTime: now, CreatedBy: caller } : {}),
      LastModifiedTime: now,
      LastModifiedBy: caller,
    };
    if (!content.ScoringStrategy) delete form.ScoringStrategy;
    if (Description === undefined) delete form.Description;
    if (isObj(body.AutoEvaluationConfiguration)) form.AutoEvaluationConfiguration = { Enabled: Boolean(body.AutoEvaluationConfiguration.Enabled) };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: this.key(instanceId, `FORM#${formId}`),
                UpdateExpression: 'SET Summary.LatestVersion = :v, Summary.Title = :t, Summary.LastModifiedTime = :now, Summary.LastModifiedBy = :by',
                ConditionExpression: 'Summary.LatestVersion = :latest',
                ExpressionAttributeValues: { ':v': Math.max(newVersion, summary.LatestVersion), ':t': Title, ':now': now.toISOString(), ':by': caller, ':latest': summary.LatestVersion },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...this.key(instanceId, `FORMVERSION#${formId}#${pad(newVersion)}`), Form: dehydrate(form) },
                ...(createNew ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
              },
            },
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') throw conflict('the evaluation form changed at the same time; try again');
      throw err;
    }
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: newVersion };
  }

  async describeEvaluationForm(instanceId: string, formId: string, versionQuery?: string) {
    const summary = await this.summary(instanceId, formId);
    let version = summary.LatestVersion;
    if (versionQuery !== undefined) {
      version = Number(versionQuery);
      if (!Number.isInteger(version) || version < 1) throw invalid('version must be a positive whole number');
    }
    return { EvaluationForm: await this.version(instanceId, formId, version) };
  }

  /** The ACTIVE version of a form (auto evaluations, StartContactEvaluation). */
  async activeForm(instanceId: string, formId: string): Promise<EvaluationForm> {
    const summary = await this.summary(instanceId, formId);
    if (summary.ActiveVersion === undefined) throw conflict(`evaluation form ${formId} has no ACTIVE version`);
    return this.version(instanceId, formId, summary.ActiveVersion);
  }

  async listEvaluationForms(instanceId: string, query: Record<string, string | undefined>) {
    const limit = maxResults(query.maxResults, 100);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':f': 'FORM#' },
        Limit: limit,
        ExclusiveStartKey: decodeToken(`ListEvaluationForms:${instanceId}`, query.nextToken),
      }),
    );
    return {
      EvaluationFormSummaryList: (page.Items ?? []).map((i) => revive(i.Summary as Record<string, unknown>)),
      ...(page.LastEvaluatedKey ? { NextToken: encodeToken(`ListEvaluationForms:${instanceId}`, page.LastEvaluatedKey) } : {}),
    };
  }

  async listEvaluationFormVersions(instanceId: string, formId: string, query: Record<string, string | undefined>) {
    await this.summary(instanceId, formId);
    const limit = maxResults(query.maxResults, 100);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':f': `FORMVERSION#${formId}#` },
        Limit: limit,
        ExclusiveStartKey: decodeToken(`ListEvaluationFormVersions:${instanceId}:${formId}`, query.nextToken),
      }),
    );
    return {
      EvaluationFormVersionSummaryList: (page.Items ?? []).map((i) => {
        const f = revive(i.Form as Record<string, unknown>) as unknown as EvaluationForm;
        return {
          EvaluationFormArn: f.EvaluationFormArn,
          EvaluationFormId: f.EvaluationFormId,
          EvaluationFormVersion: f.EvaluationFormVersion,
          Locked: f.Locked,
          Status: f.Status,
          CreatedTime: f.CreatedTime,
          CreatedBy: f.CreatedBy,
          LastModifiedTime: f.LastModifiedTime,
          LastModifiedBy: f.LastModifiedBy,
        };
      }),
      ...(page.LastEvaluatedKey ? { NextToken: encodeToken(`ListEvaluationFormVersions:${instanceId}:${formId}`, page.LastEvaluatedKey) } : {}),
    };
  }

  private versionBody(body: unknown): number {
    const v = isObj(body) ? body.EvaluationFormVersion : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid('EvaluationFormVersion is required (a version number)');
    return v;
  }

  async activateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    const version = this.versionBody(body);
    const summary = await this.summary(instanceId, formId);
    const form = await this.version(instanceId, formId, version);
    const now = this.now();
    if (summary.ActiveVersion !== undefined && summary.ActiveVersion !== version) {
      const previous = await this.version(instanceId, formId, summary.ActiveVersion);
      await this.putVersion(instanceId, { ...previous, Status: 'DRAFT', LastModifiedTime: now, LastModifiedBy: caller });
    }
    await this.putVersion(instanceId, { ...form, Status: 'ACTIVE', Locked: true, LastModifiedTime: now, LastModifiedBy: caller });
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.key(instanceId, `FORM#${formId}`),
        UpdateExpression: 'SET Summary.ActiveVersion = :v, Summary.LastActivatedTime = :now, Summary.LastActivatedBy = :by',
        ExpressionAttributeValues: { ':v': version, ':now': now.toISOString(), ':by': caller },
      }),
    );
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: version };
  }

  async deactivateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    const version = this.versionBody(body);
    const summary = await this.summary(instanceId, formId);
    if (summary.ActiveVersion !== version) throw conflict(`version ${version} of evaluation form ${formId} is not the ACTIVE version`);
    const form = await this.version(instanceId, formId, version);
    await this.putVersion(instanceId, { ...form, Status: 'DRAFT', LastModifiedTime: this.now(), LastModifiedBy: caller });
    await this.doc.send(
      new UpdateCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`), UpdateExpression: 'REMOVE Summary.ActiveVersion' }),
    );
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: version };
  }

  async deleteEvaluationForm(instanceId: string, formId: string, versionQuery?: string) {
    const summary = await this.summary(instanceId, formId);
    if (versionQuery !== undefined) {
      const version = Number(versionQuery);
      if (!Number.isInteger(version) || version < 1) throw invalid('version must be a positive whole number');
      if (summary.ActiveVersion === version) throw conflict(`version ${version} is ACTIVE: deactivate it first`);
      await this.version(instanceId, formId, version);
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `FORMVERSION#${formId}#${pad(version)}`) }));
      return {};
    }
    if (summary.ActiveVersion !== undefined) throw conflict(`evaluation form ${formId} has an ACTIVE version (${summary.ActiveVersion}): deactivate it first`);
    for (let v = 1; v <= summary.LatestVersion; v++) {
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `FORMVERSION#${formId}#${pad(v)}`) }));
    }
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `FORM#${formId}`) }));
    return {};
  }

  // -------------------------------------------------------------------------
  // Contact evaluations
  // -------------------------------------------------------------------------

  private async getEvaluation(instanceId: string, evaluationId: string): Promise<StoredEvaluation> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(instanceId, `EVALUATION#${evaluationId}`), ConsistentRead: true }));
    if (!Item) throw notFound(`contact evaluation ${evaluationId} does not exist in instance ${instanceId}`);
    return Item.Evaluation as StoredEvaluation;
  }

  private async putEvaluation(instanceId: string, e: StoredEvaluation, condition?: string, values?: Record<string, unknown>, names?: Record<string, string>) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...this.key(instanceId, `EVALUATION#${e.EvaluationId}`),
          GSI1PK: `INSTANCE#${instanceId}#CONTACT#${e.Metadata.ContactId}`,
          GSI1SK: e.EvaluationId,
          Evaluation: e,
        },
        ...(condition ? { ConditionExpression: condition } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
        ...(names ? { ExpressionAttributeNames: names } : {}),
      }),
    );
  }

  async startContactEvaluation(
    instanceId: string,
    body: unknown,
    caller: string,
    extra: { evaluationId?: string; contact?: ContactFacts; auto?: boolean } = {},
  ) {
    if (!isObj(body)) throw invalid('Request body must be a JSON object');
    const contactId = str(body, 'ContactId', true, 256)!;
    const formId = str(body, 'EvaluationFormId', true, 500)!;
    const token = str(body, 'ClientToken', false, 500);
    const form = await this.activeForm(instanceId, formId).catch((err: unknown) => {
      if (err instanceof ResourceConflictException) throw invalid(`evaluation form ${formId} has no ACTIVE version`);
      throw err;
    });
    const evaluationId = extra.evaluationId ?? (token ? stableUuid('evaluation', instanceId, token) : randomUUID());
    const now = this.now().toISOString();
    const contact = extra.contact ?? (await this.options.contactFacts?.(instanceId, contactId));
    const evaluation: StoredEvaluation = {
      EvaluationId: evaluationId,
      EvaluationArn: this.evaluationArn(instanceId, evaluationId),
      Metadata: {
        ContactId: contactId,
        EvaluatorArn: caller,
        ...(contact?.Agent?.AgentId ? { ContactAgentId: contact.Agent.AgentId } : {}),
        ...(extra.auto ? { AutoEvaluation: { AutoEvaluationEnabled: true, AutoEvaluationStatus: 'IN_PROGRESS' } } : {}),
      },
      Answers: {},
      Notes: {},
      Status: 'DRAFT',
      CreatedTime: now,
      LastModifiedTime: now,
      EvaluationType: 'STANDARD',
      EvaluationFormId: formId,
      EvaluationFormVersion: form.EvaluationFormVersion,
      ...(contact ? { Contact: contact } : {}),
    };
    try {
      await this.putEvaluation(instanceId, evaluation, 'attribute_not_exists(PK)');
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      // Same ClientToken / same automated invocation: the first evaluation.
    }
    return { EvaluationId: evaluationId, EvaluationArn: evaluation.EvaluationArn };
  }

  private checkAnswers(form: EvaluationForm, answers: unknown): Answers {
    if (answers === undefined || answers === null) return {};
    if (!isObj(answers)) throw invalid('Answers must be a map of question RefId to answer');
    const questions = new Map(questionsOf(form.Items).map((q) => [q.question.RefId, q.question]));
    const out: Answers = {};
    for (const [ref, answer] of Object.entries(answers)) {
      const q = questions.get(ref);
      if (!q) throw invalid(`Answers: '${ref}' is not a question of the form`);
      const v = (answer as { Value?: Record<string, unknown> })?.Value;
      if (!isObj(v)) throw invalid(`Answers.${ref}.Value is required`);
      if (v.NotApplicable === true) {
        if (!q.NotApplicableEnabled) throw invalid(`Answers.${ref}: the question does not allow NotApplicable`);
      } else if (q.QuestionType === 'SINGLESELECT') {
        const options = q.QuestionTypeProperties?.SingleSelect?.Options ?? [];
        if (!options.some((o) => o.RefId === v.StringValue)) throw invalid(`Answers.${ref}.Value.StringValue must be an option RefId of the question`);
      } else if (q.QuestionType === 'NUMERIC') {
        const n = q.QuestionTypeProperties?.Numeric;
        if (typeof v.NumericValue !== 'number' || (n && (v.NumericValue < n.MinValue || v.NumericValue > n.MaxValue))) {
          throw invalid(`Answers.${ref}.Value.NumericValue must be a number from ${n?.MinValue} to ${n?.MaxValue}`);
        }
      }
      out[ref] = { Value: v as Answers[string]['Value'] };
    }
    return out;
  }

  private async updateDraft(instanceId: string, evaluationId: string, body: unknown, submit: boolean, caller: string, notify = true) {
    if (!isObj(body)) throw invalid('Request body must be a JSON object');
    const current = await this.getEvaluation(instanceId, evaluationId);
    if (current.Status !== 'DRAFT') throw conflict(`contact evaluation ${evaluationId} is ${current.Status}: only DRAFT evaluations can be changed`);
    const form = await this.version(instanceId, current.EvaluationFormId, current.EvaluationFormVersion);
    const answers = { ...current.Answers, ...this.checkAnswers(form, body.Answers) };
    const notes = { ...current.Notes, ...(isObj(body.Notes) ? (body.Notes as Record<string, { Value?: string }>) : {}) };
    const now = this.now().toISOString();
    const next: StoredEvaluation = { ...current, Answers: answers, Notes: notes, LastModifiedTime: now };
    let event: TriggerEvent | undefined;
    if (submit) {
      const result = scoreEvaluation(form, answers);
      next.Status = 'SUBMITTED';
      if (Object.keys(result.scores).length > 0) next.Scores = result.scores;
      next.Metadata = {
        ...current.Metadata,
        ...(result.form ? { Score: result.form } : {}),
        ...(current.Metadata.AutoEvaluation ? { AutoEvaluation: { AutoEvaluationEnabled: true, AutoEvaluationStatus: 'SUCCEEDED' } } : {}),
      };
      if (!current.Metadata.AutoEvaluation) next.Metadata.EvaluatorArn = caller;
      event = {
        EventSourceName: 'OnContactEvaluationSubmit',
        InstanceId: instanceId,
        EventId: `evaluation-submitted-${evaluationId}`,
        EventTime: now,
        ContactLens: {
          ContactEvaluation: {
            ...(current.Contact ?? {}),
            ContactId: current.Metadata.ContactId,
            EvaluationId: evaluationId,
            ...evaluationBody(current.EvaluationFormId, form, answers, result),
          },
        },
      };
    }
    try {
      await this.putEvaluation(instanceId, next, 'Evaluation.#s = :draft AND Evaluation.LastModifiedTime = :seen', { ':draft': 'DRAFT', ':seen': current.LastModifiedTime }, { '#s': 'Status' });
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw conflict(`contact evaluation ${evaluationId} changed at the same time; try again`);
      throw err;
    }
    if (event && notify) await this.options.onSubmitted?.(event);
    return { result: { EvaluationId: evaluationId, EvaluationArn: current.EvaluationArn }, event };
  }

  async updateContactEvaluation(instanceId: string, evaluationId: string, body: unknown, caller: string) {
    return (await this.updateDraft(instanceId, evaluationId, body, false, caller)).result;
  }

  async submitContactEvaluation(instanceId: string, evaluationId: string, body: unknown, caller: string) {
    return (await this.updateDraft(instanceId, evaluationId, body, true, caller)).result;
  }

  /** Submits and returns the trigger event instead of telling `onSubmitted` (the auto-evaluation action emits it itself). */
  async submitWithEvent(instanceId: string, evaluationId: string, body: unknown, caller: string) {
    return this.updateDraft(instanceId, evaluationId, body, true, caller, false);
  }

  async describeContactEvaluation(instanceId: string, evaluationId: string) {
    const e = await this.getEvaluation(instanceId, evaluationId);
    const form = await this.version(instanceId, e.EvaluationFormId, e.EvaluationFormVersion);
    return {
      Evaluation: toEvaluation(e),
      EvaluationForm: {
        EvaluationFormVersion: form.EvaluationFormVersion,
        EvaluationFormId: form.EvaluationFormId,
        EvaluationFormArn: form.EvaluationFormArn,
        Title: form.Title,
        ...(form.Description ? { Description: form.Description } : {}),
        Items: form.Items,
        ...(form.ScoringStrategy ? { ScoringStrategy: form.ScoringStrategy } : {}),
        ...(form.AutoEvaluationConfiguration ? { AutoEvaluationConfiguration: form.AutoEvaluationConfiguration } : {}),
      },
    };
  }

  async listContactEvaluations(instanceId: string, query: Record<string, string | undefined>) {
    const contactId = query.contactId;
    if (!contactId) throw invalid('contactId is required');
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'ByContact',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}#CONTACT#${contactId}` },
        Limit: 100,
        ExclusiveStartKey: decodeToken(`ListContactEvaluations:${instanceId}:${query.contactId ?? ''}`, query.nextToken),
      }),
    );
    const list = [];
    for (const item of page.Items ?? []) {
      const e = item.Evaluation as StoredEvaluation;
      const summary = await this.summary(instanceId, e.EvaluationFormId).catch(() => undefined);
      list.push({
        EvaluationId: e.EvaluationId,
        EvaluationArn: e.EvaluationArn,
        EvaluationFormTitle: summary?.Title ?? '',
        EvaluationFormId: e.EvaluationFormId,
        Status: e.Status,
        ...(e.Metadata.AutoEvaluation ? { AutoEvaluationEnabled: true, AutoEvaluationStatus: e.Metadata.AutoEvaluation.AutoEvaluationStatus } : {}),
        EvaluatorArn: e.Metadata.EvaluatorArn,
        ...(e.Metadata.Score ? { Score: e.Metadata.Score } : {}),
        EvaluationType: e.EvaluationType,
        CreatedTime: new Date(e.CreatedTime),
        LastModifiedTime: new Date(e.LastModifiedTime),
      });
    }
    return { EvaluationSummaryList: list, ...(page.LastEvaluatedKey ? { NextToken: encodeToken(`ListContactEvaluations:${instanceId}:${query.contactId ?? ''}`, page.LastEvaluatedKey) } : {}) };
  }

  async deleteContactEvaluation(instanceId: string, evaluationId: string) {
    await this.getEvaluation(instanceId, evaluationId);
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(instanceId, `EVALUATION#${evaluationId}`) }));
    return {};
  }
}
