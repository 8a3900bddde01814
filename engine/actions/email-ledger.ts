/**
 * The per-instance daily email counter and the log of emails sent through SES
 * (`SES#<id>`: SENDING, then SENT), in the outbox table. Every back end keeps them on
 * DynamoDB, so a deployed function holds this module and not the local outbox built
 * on it (local/outbox.ts: the emails and events that would have gone out).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmailQuota, SendLog, SendState } from './backends.ts';
import { putIfAbsent } from './local/dynamo.ts';

/** Outbox items are kept 30 days (TTL). */
const KEEP_SECONDS = 30 * 24 * 3600;

/** TTL from the wall clock, not the run's clock (a replay's --clock may lie in the past). */
export const expiresAt = (seconds = KEEP_SECONDS): number => Math.floor(Date.now() / 1000) + seconds;

/** The send log's item of one email. */
const sendKey = (instanceId: string, id: string) => ({ PK: `INSTANCE#${instanceId}`, SK: `SES#${id}` });

export class EmailLedger implements EmailQuota, SendLog {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async reserve(instanceId: string, day: string, count: number, limit: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: `INSTANCE#${instanceId}`, SK: `QUOTA#EMAIL#${day}` },
          UpdateExpression: 'ADD Sent :n SET ExpiresAt = if_not_exists(ExpiresAt, :exp)',
          ConditionExpression: 'attribute_not_exists(Sent) OR Sent <= :room',
          ExpressionAttributeValues: { ':n': count, ':room': limit - count, ':exp': expiresAt(2 * 86400) },
        }),
      );
      return count <= limit;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async begin(instanceId: string, id: string, now: Date): Promise<SendState> {
    const key = sendKey(instanceId, id);
    if (await putIfAbsent(this.doc, this.table, { ...key, Status: 'SENDING', Since: now.toISOString(), ExpiresAt: expiresAt() })) return { state: 'new' };
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    if (!Item) return this.begin(instanceId, id, now);
    return Item.Status === 'SENT' ? { state: 'sent', messageId: Item.MessageId as string } : { state: 'unknown', since: Item.Since as string };
  }

  async sent(instanceId: string, id: string, messageId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: sendKey(instanceId, id),
        UpdateExpression: 'SET #s = :sent, MessageId = :m',
        ExpressionAttributeNames: { '#s': 'Status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':m': messageId },
      }),
    );
  }

  async abandon(instanceId: string, id: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: sendKey(instanceId, id),
          ConditionExpression: '#s = :sending',
          ExpressionAttributeNames: { '#s': 'Status' },
          ExpressionAttributeValues: { ':sending': 'SENDING' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}
