/**
 * The local stand-in for Connect task contacts (StartTaskContact / StopContact) in the
 * contacts table, with the 12-tasks-per-previous-contact limit as a conditional
 * counter in the same transaction as the task; beside the categories and contact facts
 * every back end keeps there (contact-categories.ts), which it extends.
 */
import { GetCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ActionError, TASKS_PER_PREVIOUS_CONTACT, type StartTaskInput, type TaskContact, type TaskService } from '../backends.ts';
import { ContactCategories, contactPk } from '../contact-categories.ts';
import { stableUuid } from '../ids.ts';
import { queryAll } from '../../dynamo/query.ts';
import { transactWrite } from '../../dynamo/transactions.ts';
import { CONTACTS_KEYS } from '../../../storage/action-tables.ts';

/** The ByInstance partition of an instance's task contacts. */
export const instanceTasksPk = (instanceId: string): string => `INSTANCE#${instanceId}#TASKS`;

/** The ByInstance keys of a task contact: SearchContacts finds an instance's tasks in initiation-time order. */
export const taskIndexKeys = (instanceId: string, task: Pick<TaskContact, 'ContactId' | 'InitiationTimestamp'>) => ({
  [CONTACTS_KEYS.byInstancePk]: instanceTasksPk(instanceId),
  [CONTACTS_KEYS.byInstanceSk]: `${task.InitiationTimestamp}#${task.ContactId}`,
});

/** Task contacts in the contacts table, with its categories and contact facts. */
export class LocalContacts extends ContactCategories implements TaskService {
  async startTask(input: StartTaskInput): Promise<{ contactId: string; created: boolean }> {
    const contactId = stableUuid('task', input.instanceId, input.clientToken);
    const task: TaskContact = {
      ContactId: contactId,
      Channel: 'TASK',
      InitiationMethod: 'API',
      Name: input.name,
      ...(input.description !== undefined ? { Description: input.description } : {}),
      ...(input.references && Object.keys(input.references).length > 0 ? { References: { ...input.references } } : {}),
      ...(input.attributes && Object.keys(input.attributes).length > 0 ? { Attributes: { ...input.attributes } } : {}),
      ...(input.previousContactId ? { PreviousContactId: input.previousContactId } : {}),
      ContactFlowId: input.contactFlowId,
      Status: 'OPEN',
      InitiationTimestamp: input.now.toISOString(),
      ...(input.ruleName ? { RuleName: input.ruleName } : {}),
    };
    const put: NonNullable<TransactWriteCommandInput['TransactItems']>[number] = {
      Put: {
        TableName: this.table,
        Item: {
          PK: contactPk(input.instanceId, contactId),
          SK: 'CONTACT',
          Kind: 'TASK',
          Status: 'OPEN',
          Task: task,
          ...taskIndexKeys(input.instanceId, task),
          ...(input.previousContactId
            ? { GSI2PK: `INSTANCE#${input.instanceId}#PREVIOUS#${input.previousContactId}`, GSI2SK: contactId }
            : {}),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [put];
    if (input.previousContactId) {
      items.push({
        Update: {
          TableName: this.table,
          Key: { PK: contactPk(input.instanceId, input.previousContactId), SK: 'TASKS' },
          UpdateExpression: 'ADD TaskCount :one',
          ConditionExpression: 'attribute_not_exists(TaskCount) OR TaskCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': TASKS_PER_PREVIOUS_CONTACT },
        },
      });
    }
    // On the storage kernel: contention and throttling are retried with backoff, as the
    // other repositories' transactions are; only our own two conditions are answers.
    const replayed = await transactWrite(this.doc, items, {
      maxAttempts: 3,
      cancelled: (reasons) => {
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'exists' as const;
        if (reasons[1]?.Code === 'ConditionalCheckFailed') {
          throw new ActionError(
            'ServiceQuotaExceededException',
            `contact ${input.previousContactId} already has ${TASKS_PER_PREVIOUS_CONTACT} task contacts linked to it (PreviousContactId limit)`,
          );
        }
        return undefined;
      },
      contention: (codes) => new ActionError('ThrottlingException', `concurrent task creation (${codes.join(', ')}), try again`, true),
    });
    return { contactId, created: replayed === undefined };
  }

  async stopContact(instanceId: string, contactId: string, now: Date): Promise<{ stopped: boolean }> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: contactPk(instanceId, contactId), SK: 'CONTACT' },
          UpdateExpression: 'SET #s = :ended, Task.#s = :ended, Task.DisconnectTimestamp = :t',
          ConditionExpression: 'Kind = :task AND #s = :open',
          ExpressionAttributeNames: { '#s': 'Status' },
          ExpressionAttributeValues: { ':ended': 'ENDED', ':open': 'OPEN', ':task': 'TASK', ':t': now.toISOString() },
        }),
      );
      return { stopped: true };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return { stopped: false };
      throw err;
    }
  }

  async getTask(instanceId: string, contactId: string): Promise<TaskContact | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { PK: contactPk(instanceId, contactId), SK: 'CONTACT' } }));
    return Item?.Kind === 'TASK' ? (Item.Task as TaskContact) : undefined;
  }

  async tasksOf(instanceId: string, contactId: string): Promise<TaskContact[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: 'ByPrevious',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}#PREVIOUS#${contactId}` },
    });
    return items.map((i) => i.Task as TaskContact);
  }
}
