/**
 * Amazon Connect Cases, locally, on DynamoDB: cases with their fields, related items
 * (contacts, SLAs), SLA status changes on case updates and the SLA sweeper that turns
 * Active SLAs past their target time into Overdue ones (each one an OnSlaBreach event).
 *
 * SLA statuses (an interpretation): `Active` on creation with
 * target time = now + TargetSlaMinutes; `Met` when the field reaches one of the target
 * values by the target time; `Overdue` when the target time passes first (the sweeper);
 * `NotMet` when an Overdue SLA's field reaches a target value late.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ActionError,
  fieldValue,
  type AssignSlaInput,
  type CaseFieldValue,
  type CaseRecord,
  type CasesService,
  type FieldUpdate,
  type SlaItem,
  type SlaStatus,
} from '../backends.ts';
import type { FieldValueUnion } from '../../rules/model.ts';
import { stableUuid } from '../ids.ts';
import { queryAll } from '../../dynamo/query.ts';
import { putIfAbsent } from './dynamo.ts';

const SLA_ACTIVE = 'SLA#ACTIVE';

export function reachesTarget(value: CaseFieldValue | undefined, targets: readonly CaseFieldValue[] | undefined): boolean {
  if (value === undefined) return false;
  // No target values: the SLA is met once the field has any value.
  if (!targets || targets.length === 0) return true;
  return targets.some((t) => t === value);
}

export class LocalCases implements CasesService {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    readonly domainId = 'local',
  ) {}

  private pk(caseId: string) {
    return `DOMAIN#${this.domainId}#CASE#${caseId}`;
  }

  async createCase(input: { templateId: string; fields: readonly FieldUpdate[]; clientToken: string; now: Date; instanceId: string }) {
    const caseId = stableUuid('case', this.domainId, input.clientToken);
    const fields: Record<string, CaseFieldValue> = {};
    for (const f of input.fields) {
      const v = fieldValue(f.Value);
      if (v !== undefined) fields[f.Id] = v;
    }
    const created = input.now.toISOString();
    fields.created_datetime ??= created;
    fields.last_updated_datetime ??= created;
    fields.status ??= 'open';
    return { caseId, created: await this.insertCase(caseId, input.templateId, fields, input.instanceId, created) };
  }

  /** Stores a new case; false when a case with that id exists already (it is left as it is). */
  private async insertCase(caseId: string, templateId: string, fields: Record<string, CaseFieldValue>, instanceId: string, created: string): Promise<boolean> {
    return putIfAbsent(this.doc, this.table, {
      PK: this.pk(caseId),
      SK: 'CASE',
      GSI2PK: `DOMAIN#${this.domainId}`,
      GSI2SK: `${created}#${caseId}`,
      CaseId: caseId,
      TemplateId: templateId,
      Fields: fields,
      InstanceId: instanceId,
    });
  }

  /**
   * Mirrors the case an upstream Cases event describes (the case after the change),
   * so that local actions on it (UPDATE_CASE, ASSIGN_SLA, END_ASSOCIATED_TASKS) find
   * it as they would in Amazon Connect Cases. A known case takes the changed fields
   * through `updateCase`, so its SLAs are met or missed as the change says.
   */
  async mirrorCase(body: { readonly CaseId: string; readonly TemplateId?: string; readonly Fields?: Readonly<Record<string, CaseFieldValue>> }, instanceId: string, now: Date): Promise<void> {
    const fields = body.Fields ?? {};
    const known = await this.getCase(body.CaseId);
    if (known) {
      const changed = Object.entries(fields).filter(([id, v]) => known.Fields[id] !== v);
      if (changed.length) await this.updateCase(body.CaseId, changed.map(([Id, v]) => ({ Id, Value: unionOf(v) })), now);
      return;
    }
    const created = typeof fields.created_datetime === 'string' ? fields.created_datetime : now.toISOString();
    // A case written meanwhile (a racing mirror or action) wins; this one is then a no-op.
    await this.insertCase(body.CaseId, body.TemplateId ?? '', { ...fields }, instanceId, created);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { PK: this.pk(caseId), SK: 'CASE' } }));
    return Item ? { CaseId: Item.CaseId as string, TemplateId: Item.TemplateId as string, Fields: (Item.Fields ?? {}) as Record<string, CaseFieldValue> } : undefined;
  }

  /** Cases of the domain, oldest first. */
  async listCases(): Promise<CaseRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: 'ByDomain',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': `DOMAIN#${this.domainId}` },
    });
    return items.map((i) => ({ CaseId: i.CaseId as string, TemplateId: i.TemplateId as string, Fields: i.Fields as Record<string, CaseFieldValue> }));
  }

  async updateCase(caseId: string, updates: readonly FieldUpdate[], now: Date): Promise<{ case: CaseRecord; slaChanges: SlaItem[] }> {
    const names: Record<string, string> = { '#F': 'Fields' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const all = [...updates];
    if (!updates.some((u) => u.Id === 'last_updated_datetime')) all.push({ Id: 'last_updated_datetime', Value: { StringValue: now.toISOString() } });
    all.forEach((u, i) => {
      names[`#f${i}`] = u.Id;
      const v = fieldValue(u.Value);
      if (v === undefined) removes.push(`#F.#f${i}`);
      else {
        values[`:v${i}`] = v;
        sets.push(`#F.#f${i} = :v${i}`);
      }
    });
    let after: Record<string, unknown>;
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: this.pk(caseId), SK: 'CASE' },
          UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      after = res.Attributes!;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ActionError('ResourceNotFoundException', `case ${caseId} does not exist`);
      throw err;
    }
    const record: CaseRecord = { CaseId: caseId, TemplateId: after.TemplateId as string, Fields: (after.Fields ?? {}) as Record<string, CaseFieldValue> };
    const changed = new Set(updates.map((u) => u.Id));
    const slaChanges: SlaItem[] = [];
    for (const sla of await this.slas(caseId)) {
      const c = sla.SlaConfiguration;
      if (c.Status !== 'Active' && c.Status !== 'Overdue') continue;
      if (!c.FieldId || !changed.has(c.FieldId)) continue;
      if (!reachesTarget(record.Fields[c.FieldId], c.TargetFieldValues)) continue;
      const status: SlaStatus = c.Status === 'Active' && now.getTime() <= Date.parse(c.TargetTime) ? 'Met' : 'NotMet';
      const changedItem = await this.setSlaStatus(sla, c.Status, status, now);
      if (changedItem) slaChanges.push(changedItem);
    }
    return { case: record, slaChanges };
  }

  private async setSlaStatus(sla: SlaItem, from: SlaStatus, to: SlaStatus, now: Date): Promise<SlaItem | undefined> {
    const completes = to === 'Met' || to === 'NotMet';
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: this.pk(sla.CaseId), SK: `RELATED#${sla.RelatedItemId}` },
          UpdateExpression: `SET Sla.SlaConfiguration.#st = :to${completes ? ', Sla.SlaConfiguration.CompletionTime = :now' : ''} REMOVE GSI1PK, GSI1SK`,
          ConditionExpression: 'Sla.SlaConfiguration.#st = :from',
          ExpressionAttributeNames: { '#st': 'Status' },
          ExpressionAttributeValues: { ':to': to, ':from': from, ...(completes ? { ':now': now.toISOString() } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return res.Attributes!.Sla as SlaItem;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }

  async relateContact(caseId: string, contact: { contactArn: string; channel?: string }, now: Date, clientToken: string): Promise<{ relatedItemId: string }> {
    const relatedItemId = stableUuid('related-contact', caseId, clientToken);
    await putIfAbsent(this.doc, this.table, {
      PK: this.pk(caseId),
      SK: `RELATED#${relatedItemId}`,
      Type: 'Contact',
      RelatedItemId: relatedItemId,
      Content: { Contact: { ContactArn: contact.contactArn, ...(contact.channel ? { Channel: contact.channel } : {}) } },
      AssociationTime: now.toISOString(),
    });
    return { relatedItemId };
  }

  async relatedContacts(caseId: string): Promise<{ contactArn: string; channel?: string }[]> {
    return (await this.related(caseId))
      .filter((i) => i.Type === 'Contact')
      .map((i) => {
        const c = (i.Content as { Contact: { ContactArn: string; Channel?: string } }).Contact;
        return { contactArn: c.ContactArn, ...(c.Channel ? { channel: c.Channel } : {}) };
      });
  }

  async slas(caseId: string): Promise<SlaItem[]> {
    return (await this.related(caseId)).filter((i) => i.Type === 'Sla').map((i) => i.Sla as SlaItem);
  }

  private related(caseId: string) {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :r)',
      ExpressionAttributeValues: { ':pk': this.pk(caseId), ':r': 'RELATED#' },
    });
  }

  async assignSla(input: AssignSlaInput): Promise<SlaItem> {
    const current = await this.getCase(input.caseId);
    if (!current) throw new ActionError('ResourceNotFoundException', `case ${input.caseId} does not exist`);
    const relatedItemId = stableUuid('sla', input.caseId, input.clientToken);
    const targets = (input.targetFieldValues ?? []).map(fieldValue).filter((v): v is CaseFieldValue => v !== undefined);
    const targetTime = new Date(input.now.getTime() + input.targetSlaMinutes * 60_000).toISOString();
    const metNow = input.fieldId !== undefined && reachesTarget(current.Fields[input.fieldId], targets);
    const sla: SlaItem = {
      RelatedItemId: relatedItemId,
      CaseId: input.caseId,
      InstanceId: input.instanceId,
      SlaConfiguration: {
        Name: input.name,
        Type: 'CaseField',
        Status: metNow ? 'Met' : 'Active',
        ...(input.fieldId !== undefined ? { FieldId: input.fieldId } : {}),
        ...(targets.length > 0 ? { TargetFieldValues: targets } : {}),
        TargetTime: targetTime,
        ...(metNow ? { CompletionTime: input.now.toISOString() } : {}),
      },
      ...(input.cascade ? { Cascade: input.cascade } : {}),
    };
    const written = await putIfAbsent(this.doc, this.table, {
      PK: this.pk(input.caseId),
      SK: `RELATED#${relatedItemId}`,
      Type: 'Sla',
      RelatedItemId: relatedItemId,
      Sla: sla,
      AssociationTime: input.now.toISOString(),
      ...(metNow ? {} : { GSI1PK: SLA_ACTIVE, GSI1SK: `${targetTime}#${input.caseId}#${relatedItemId}` }),
    });
    if (written) return sla;
    // Assigned before (a redelivery): the stored SLA, as it stands now.
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { PK: this.pk(input.caseId), SK: `RELATED#${relatedItemId}` } }));
    return Item!.Sla as SlaItem;
  }

  /**
   * Marks every Active SLA whose target time is at or before `now` Overdue (each at most
   * once: a conditional update) and returns them, for OnSlaBreach events.
   */
  async sweep(now: Date): Promise<SlaItem[]> {
    const due = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: 'SlaDue',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :upper',
      ExpressionAttributeValues: { ':pk': SLA_ACTIVE, ':upper': `${now.toISOString()}#~` },
    });
    const breached: SlaItem[] = [];
    for (const item of due) {
      const sla = item.Sla as SlaItem;
      if (!item.PK || !(item.PK as string).startsWith(`DOMAIN#${this.domainId}#`)) continue;
      const changed = await this.setSlaStatus(sla, 'Active', 'Overdue', now);
      if (changed) breached.push(changed);
    }
    return breached;
  }
}

/** A case field value as the Rules FieldValueUnion that `updateCase` takes. */
function unionOf(v: CaseFieldValue): FieldValueUnion {
  return typeof v === 'string' ? { StringValue: v } : typeof v === 'number' ? { DoubleValue: v } : { BooleanValue: v };
}
