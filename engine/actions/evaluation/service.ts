/**
 * The evaluation-form and contact-evaluation operations of Amazon Connect, locally on
 * DynamoDB, with the Connect request and response shapes (model.ts; requests checked
 * by validate.ts; stored by store.ts; functions/http/routes.ts serves them on the
 * Connect REST paths). A submitted evaluation (by hand
 * through SubmitContactEvaluation, or by the SUBMIT_AUTO_EVALUATION action) is scored
 * and becomes an OnContactEvaluationSubmit trigger event (`onSubmitted`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { TriggerEvent } from '../../context/types.ts';
import type { ContactFacts } from '../backends.ts';
import { stableUuid } from '../ids.ts';
import { InvalidParameterException, ResourceConflictException, ResourceNotFoundException } from '../../api/errors.ts';
import { evaluationBody, questionsOf, scoreEvaluation, type Answers } from './scoring.ts';
import type { EvaluationForm, FormSummaryItem, StoredEvaluation } from './model.ts';
import { assertBody, checkAnswers, formVersion, isObj, maxResults, str, validateFormContent, versionParameter } from './validate.ts';
import { toEvaluation } from './items.ts';
import { EvaluationStore } from './store.ts';

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
  private readonly store: EvaluationStore;

  constructor(
    doc: DynamoDBDocumentClient,
    table: string,
    private readonly options: EvaluationServiceOptions,
  ) {
    this.store = new EvaluationStore(doc, table);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
  private formArn(instanceId: string, formId: string) {
    return `arn:aws:connect:${this.options.region}:${this.options.accountId}:instance/${instanceId}/evaluation-form/${formId}`;
  }
  private evaluationArn(instanceId: string, evaluationId: string) {
    return `arn:aws:connect:${this.options.region}:${this.options.accountId}:instance/${instanceId}/contact-evaluation/${evaluationId}`;
  }

  private async summary(instanceId: string, formId: string): Promise<FormSummaryItem> {
    const summary = await this.store.formSummary(instanceId, formId);
    if (!summary) throw notFound(`evaluation form ${formId} does not exist in instance ${instanceId}`);
    return summary;
  }

  private async version(instanceId: string, formId: string, version: number): Promise<EvaluationForm> {
    const form = await this.store.formVersion(instanceId, formId, version);
    if (!form) throw notFound(`version ${version} of evaluation form ${formId} does not exist`);
    return form;
  }

  async createEvaluationForm(instanceId: string, body: unknown, caller: string) {
    assertBody(body);
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
    // Not created with the same ClientToken: the first form. Without one (a new random id), a cancellation is a conflict.
    if (!(await this.store.createForm(instanceId, summary, form)) && !token) throw conflict('the evaluation form could not be created at the same time as another change; try again');
    return { EvaluationFormId: formId, EvaluationFormArn: arn };
  }

  async updateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    assertBody(body);
    const version = formVersion(body);
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
    const saved = await this.store.saveFormVersion(
      instanceId,
      form,
      { seenLatest: summary.LatestVersion, latest: Math.max(newVersion, summary.LatestVersion), title: Title, at: now.toISOString(), by: caller },
      createNew,
    );
    if (!saved) throw conflict('the evaluation form changed at the same time; try again');
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: newVersion };
  }

  async describeEvaluationForm(instanceId: string, formId: string, versionQuery?: string) {
    const summary = await this.summary(instanceId, formId);
    let version = summary.LatestVersion;
    if (versionQuery !== undefined) {
      version = versionParameter(versionQuery);
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
    const page = await this.store.listForms(instanceId, limit, query.nextToken);
    return { EvaluationFormSummaryList: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  async listEvaluationFormVersions(instanceId: string, formId: string, query: Record<string, string | undefined>) {
    await this.summary(instanceId, formId);
    const limit = maxResults(query.maxResults, 100);
    const page = await this.store.listFormVersions(instanceId, formId, limit, query.nextToken);
    return {
      EvaluationFormVersionSummaryList: page.items.map((f) => ({
        EvaluationFormArn: f.EvaluationFormArn,
        EvaluationFormId: f.EvaluationFormId,
        EvaluationFormVersion: f.EvaluationFormVersion,
        Locked: f.Locked,
        Status: f.Status,
        CreatedTime: f.CreatedTime,
        CreatedBy: f.CreatedBy,
        LastModifiedTime: f.LastModifiedTime,
        LastModifiedBy: f.LastModifiedBy,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  private versionBody(body: unknown): number {
    return formVersion(isObj(body) ? body : {});
  }

  async activateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    const version = this.versionBody(body);
    const summary = await this.summary(instanceId, formId);
    const form = await this.version(instanceId, formId, version);
    const now = this.now();
    if (summary.ActiveVersion !== undefined && summary.ActiveVersion !== version) {
      const previous = await this.version(instanceId, formId, summary.ActiveVersion);
      await this.store.putFormVersion(instanceId, { ...previous, Status: 'DRAFT', LastModifiedTime: now, LastModifiedBy: caller });
    }
    await this.store.putFormVersion(instanceId, { ...form, Status: 'ACTIVE', Locked: true, LastModifiedTime: now, LastModifiedBy: caller });
    await this.store.setActiveVersion(instanceId, formId, version, now.toISOString(), caller);
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: version };
  }

  async deactivateEvaluationForm(instanceId: string, formId: string, body: unknown, caller: string) {
    const version = this.versionBody(body);
    const summary = await this.summary(instanceId, formId);
    if (summary.ActiveVersion !== version) throw conflict(`version ${version} of evaluation form ${formId} is not the ACTIVE version`);
    const form = await this.version(instanceId, formId, version);
    await this.store.putFormVersion(instanceId, { ...form, Status: 'DRAFT', LastModifiedTime: this.now(), LastModifiedBy: caller });
    await this.store.clearActiveVersion(instanceId, formId);
    return { EvaluationFormId: formId, EvaluationFormArn: summary.EvaluationFormArn, EvaluationFormVersion: version };
  }

  async deleteEvaluationForm(instanceId: string, formId: string, versionQuery?: string) {
    const summary = await this.summary(instanceId, formId);
    if (versionQuery !== undefined) {
      const version = versionParameter(versionQuery);
      if (summary.ActiveVersion === version) throw conflict(`version ${version} is ACTIVE: deactivate it first`);
      await this.version(instanceId, formId, version);
      await this.store.deleteFormVersion(instanceId, formId, version);
      return {};
    }
    if (summary.ActiveVersion !== undefined) throw conflict(`evaluation form ${formId} has an ACTIVE version (${summary.ActiveVersion}): deactivate it first`);
    await this.store.deleteForm(instanceId, formId, summary.LatestVersion);
    return {};
  }

  // -------------------------------------------------------------------------
  // Contact evaluations
  // -------------------------------------------------------------------------

  private async getEvaluation(instanceId: string, evaluationId: string): Promise<StoredEvaluation> {
    const evaluation = await this.store.evaluation(instanceId, evaluationId);
    if (!evaluation) throw notFound(`contact evaluation ${evaluationId} does not exist in instance ${instanceId}`);
    return evaluation;
  }

  async startContactEvaluation(
    instanceId: string,
    body: unknown,
    caller: string,
    extra: { evaluationId?: string; contact?: ContactFacts; auto?: boolean } = {},
  ) {
    assertBody(body);
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
    // Not created with the same ClientToken / the same automated invocation: the first evaluation.
    await this.store.createEvaluation(instanceId, evaluation);
    return { EvaluationId: evaluationId, EvaluationArn: evaluation.EvaluationArn };
  }

  private async updateDraft(instanceId: string, evaluationId: string, body: unknown, submit: boolean, caller: string, notify = true) {
    assertBody(body);
    const current = await this.getEvaluation(instanceId, evaluationId);
    if (current.Status !== 'DRAFT') throw conflict(`contact evaluation ${evaluationId} is ${current.Status}: only DRAFT evaluations can be changed`);
    const form = await this.version(instanceId, current.EvaluationFormId, current.EvaluationFormVersion);
    const answers = { ...current.Answers, ...checkAnswers(form, body.Answers) };
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
    if (!(await this.store.replaceDraft(instanceId, next, current.LastModifiedTime))) {
      throw conflict(`contact evaluation ${evaluationId} changed at the same time; try again`);
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
    const page = await this.store.listContactEvaluations(instanceId, contactId, query.nextToken);
    const list = [];
    for (const e of page.items) {
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
    return { EvaluationSummaryList: list, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  async deleteContactEvaluation(instanceId: string, evaluationId: string) {
    await this.getEvaluation(instanceId, evaluationId);
    await this.store.deleteEvaluation(instanceId, evaluationId);
    return {};
  }
}
