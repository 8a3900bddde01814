/**
 * Amazon Connect Cases, deployed (@aws-sdk/client-connectcases): CreateCase, GetCase,
 * UpdateCase, CreateRelatedItem (Contact, Sla), SearchRelatedItems. Cases itself
 * tracks SLA statuses and emits its events; `updateCase` reports no SLA changes.
 *
 * Retries and take-overs (docs/pipeline.md): CreateCase carries a clientToken derived
 * from (event, rule, action), so a second call returns the same case. CreateRelatedItem
 * has no token: the runner holds the action's claim, and the related item (the contact,
 * the SLA of that name) is looked up first, so a take-over finds the one the dead
 * attempt created instead of adding another. UpdateCase sets values: repeating it
 * changes nothing.
 */
import {
  ConnectCasesClient,
  CreateCaseCommand,
  CreateRelatedItemCommand,
  GetCaseCommand,
  SearchRelatedItemsCommand,
  UpdateCaseCommand,
  type FieldValueUnion as CasesFieldValue,
} from '@aws-sdk/client-connectcases';
import type { FieldValueUnion } from '../../rules/model.ts';
import type { AssignSlaInput, CaseFieldValue, CaseRecord, CasesService, FieldUpdate, SlaItem } from '../backends.ts';

/** The system fields read back for trigger events (custom fields: the ones the rule set). */
export const SYSTEM_FIELDS = [
  'status',
  'title',
  'customer_id',
  'case_reason',
  'summary',
  'assigned_queue',
  'assigned_user',
  'reference_number',
  'created_datetime',
  'last_updated_datetime',
  'last_closed_datetime',
];

/** Rules `FieldValueUnion` (`StringValue`...) → the Cases API's (`stringValue`...). */
export function casesValue(v: FieldValueUnion): CasesFieldValue {
  if (v.StringValue !== undefined) return { stringValue: v.StringValue };
  if (v.DoubleValue !== undefined) return { doubleValue: v.DoubleValue };
  if (v.BooleanValue !== undefined) return { booleanValue: v.BooleanValue };
  return { emptyValue: {} };
}

function plain(v: CasesFieldValue | undefined): CaseFieldValue | undefined {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.booleanValue !== undefined) return v.booleanValue;
  if (v.userArnValue !== undefined) return v.userArnValue;
  return undefined;
}

export class ConnectCases implements CasesService {
  constructor(
    private readonly client: ConnectCasesClient,
    private readonly domainId: string,
  ) {}

  async createCase(input: { templateId: string; fields: readonly FieldUpdate[]; clientToken: string }) {
    const out = await this.client.send(
      new CreateCaseCommand({
        domainId: this.domainId,
        templateId: input.templateId,
        fields: input.fields.map((f) => ({ id: f.Id, value: casesValue(f.Value) })),
        clientToken: input.clientToken.slice(0, 64),
      }),
    );
    return { caseId: out.caseId!, created: true };
  }

  async getCase(caseId: string, extraFields: readonly string[] = []): Promise<CaseRecord | undefined> {
    const ids = [...new Set([...SYSTEM_FIELDS, ...extraFields])];
    const out = await this.client.send(new GetCaseCommand({ domainId: this.domainId, caseId, fields: ids.map((id) => ({ id })) }));
    const fields: Record<string, CaseFieldValue> = {};
    for (const f of out.fields ?? []) {
      const v = plain(f.value);
      if (f.id && v !== undefined) fields[f.id] = v;
    }
    return { CaseId: caseId, TemplateId: out.templateId!, Fields: fields };
  }

  async updateCase(caseId: string, updates: readonly FieldUpdate[]) {
    await this.client.send(
      new UpdateCaseCommand({ domainId: this.domainId, caseId, fields: updates.map((f) => ({ id: f.Id, value: casesValue(f.Value) })) }),
    );
    const after = await this.getCase(caseId, updates.map((u) => u.Id));
    return { case: after!, slaChanges: [] as SlaItem[] };
  }

  /** The first related item of the case that `filter` selects (a take-over's look before it writes). */
  private async findRelated(caseId: string, filter: NonNullable<ConstructorParameters<typeof SearchRelatedItemsCommand>[0]['filters']>[number]) {
    const page = await this.client.send(new SearchRelatedItemsCommand({ domainId: this.domainId, caseId, filters: [filter], maxResults: 1 }));
    return page?.relatedItems?.[0];
  }

  async relateContact(caseId: string, contact: { contactArn: string }): Promise<{ relatedItemId: string }> {
    const existing = await this.findRelated(caseId, { contact: { contactArn: contact.contactArn } });
    if (existing?.relatedItemId) return { relatedItemId: existing.relatedItemId };
    const out = await this.client.send(
      new CreateRelatedItemCommand({ domainId: this.domainId, caseId, type: 'Contact', content: { contact: { contactArn: contact.contactArn } } }),
    );
    return { relatedItemId: out.relatedItemId! };
  }

  async relatedContacts(caseId: string): Promise<{ contactArn: string; channel?: string }[]> {
    const out: { contactArn: string; channel?: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new SearchRelatedItemsCommand({ domainId: this.domainId, caseId, filters: [{ contact: { channel: ['TASK'] } }], maxResults: 25, ...(nextToken ? { nextToken } : {}) }),
      );
      for (const item of page.relatedItems ?? []) {
        const c = item?.content?.contact;
        if (c?.contactArn) out.push({ contactArn: c.contactArn, ...(c.channel ? { channel: c.channel } : {}) });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  async assignSla(input: AssignSlaInput): Promise<SlaItem> {
    // An SLA of this name already on the case is this action's, created by an attempt that died.
    const existing = await this.findRelated(input.caseId, { sla: { name: input.name } });
    const sla = existing?.content?.sla?.slaConfiguration;
    if (existing?.relatedItemId && sla) {
      return {
        RelatedItemId: existing.relatedItemId,
        CaseId: input.caseId,
        SlaConfiguration: {
          Name: input.name,
          Type: 'CaseField',
          Status: (sla.status as SlaItem['SlaConfiguration']['Status'] | undefined) ?? 'Active',
          ...(input.fieldId !== undefined ? { FieldId: input.fieldId } : {}),
          TargetTime: sla.targetTime ? new Date(sla.targetTime).toISOString() : new Date(input.now.getTime() + input.targetSlaMinutes * 60_000).toISOString(),
        },
      };
    }
    const out = await this.client.send(
      new CreateRelatedItemCommand({
        domainId: this.domainId,
        caseId: input.caseId,
        type: 'Sla',
        content: {
          sla: {
            slaInputConfiguration: {
              name: input.name,
              type: 'CaseField',
              ...(input.fieldId !== undefined ? { fieldId: input.fieldId } : {}),
              ...(input.targetFieldValues ? { targetFieldValues: input.targetFieldValues.map(casesValue) } : {}),
              targetSlaMinutes: input.targetSlaMinutes,
            },
          },
        },
      }),
    );
    return {
      RelatedItemId: out.relatedItemId!,
      CaseId: input.caseId,
      SlaConfiguration: {
        Name: input.name,
        Type: 'CaseField',
        Status: 'Active',
        ...(input.fieldId !== undefined ? { FieldId: input.fieldId } : {}),
        TargetTime: new Date(input.now.getTime() + input.targetSlaMinutes * 60_000).toISOString(),
      },
    };
  }
}
