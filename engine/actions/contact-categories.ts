/**
 * Contact categories assigned by rules (queryable by category) and the facts of the
 * contacts the engine acted on, in the contacts table. Every back end keeps them on
 * DynamoDB (Connect has no API to set a contact's category), so a deployed function
 * holds this module and not the local task contacts built on it (local/contacts.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CategoryStore, ContactFacts, TaskContact } from './backends.ts';
import { queryAll } from '../dynamo/query.ts';
import { putIfAbsent } from './local/dynamo.ts';

/** The partition of a contact's items: its facts or task (`CONTACT`), its categories, its task counter. */
export const contactPk = (instanceId: string, contactId: string): string => `INSTANCE#${instanceId}#CONTACT#${contactId}`;

export class ContactCategories implements CategoryStore {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async assignCategory(input: { instanceId: string; contactId: string; category: string; ruleId: string; now: Date }): Promise<{ created: boolean }> {
    const created = await putIfAbsent(this.doc, this.table, {
      PK: contactPk(input.instanceId, input.contactId),
      SK: `CATEGORY#${input.category}`,
      GSI1PK: `INSTANCE#${input.instanceId}#CATEGORY#${input.category}`,
      GSI1SK: input.contactId,
      Category: input.category,
      ContactId: input.contactId,
      RuleId: input.ruleId,
      AssignedTime: input.now.toISOString(),
    });
    return { created };
  }

  async categoriesOf(instanceId: string, contactId: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
      ExpressionAttributeValues: { ':pk': contactPk(instanceId, contactId), ':c': 'CATEGORY#' },
    });
    return items.map((i) => i.Category as string);
  }

  async contactsWithCategory(instanceId: string, category: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: 'ByCategory',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}#CATEGORY#${category}` },
    });
    return items.map((i) => i.ContactId as string);
  }

  async rememberContact(instanceId: string, facts: ContactFacts, now: Date): Promise<void> {
    if (!facts.ContactId) return;
    // Facts of a call or chat; never overwrite a task contact's item.
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: contactPk(instanceId, facts.ContactId), SK: 'CONTACT', Kind: 'FACTS', Facts: facts, UpdatedTime: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(PK) OR Kind = :facts',
          ExpressionAttributeValues: { ':facts': 'FACTS' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  async contactFacts(instanceId: string, contactId: string): Promise<ContactFacts | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { PK: contactPk(instanceId, contactId), SK: 'CONTACT' } }));
    if (!Item) return undefined;
    if (Item.Kind === 'FACTS') return Item.Facts as ContactFacts;
    const task = Item.Task as TaskContact;
    return { ContactId: task.ContactId, Channel: 'TASK', InitiationMethod: 'API', ContactAttribute: task.Attributes };
  }
}
