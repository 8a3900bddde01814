/**
 * The local outbox on DynamoDB: emails that would have gone out through SES, events
 * that would have gone to EventBridge, and, used by the deployed configuration too on
 * the real table, the per-instance daily email counter and the log of emails sent
 * through SES (`SES#<id>`: SENDING, then SENT). Readable from the CLI (`connect-rules
 * outbox`) and the tests.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BusEvent, EmailMessage, EmailQuota, EmailService, EventBus, SendLog, SendState } from '../backends.ts';
import { queryAll } from '../../dynamo/query.ts';
import { putIfAbsent } from './dynamo.ts';

/** Outbox items are kept 30 days (TTL). */
const KEEP_SECONDS = 30 * 24 * 3600;

/** TTL from the wall clock, not the run's clock (a replay's --clock may lie in the past). */
const expiresAt = (seconds = KEEP_SECONDS) => Math.floor(Date.now() / 1000) + seconds;

export interface OutboxEmail {
  readonly Id: string;
  readonly To: string;
  readonly UserId: string;
  readonly Subject: string;
  readonly Body: string;
  readonly SentTime: string;
  readonly RuleName: string;
}

export interface OutboxEvent {
  readonly Id: string;
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: Record<string, unknown>;
  readonly Resources: string[];
  readonly Time: string;
}

/** Oldest first (ISO times sort as text), ties by id: the keys no longer hold the time. */
function byTime<T extends { Id: string }>(items: T[], time: (item: T) => string): T[] {
  return items.sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
}

export class LocalOutbox implements EmailService, EventBus, EmailQuota, SendLog {
  readonly idempotent = true;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The same deterministic id stored before (a redelivery) is left as it is: once is enough. */
  private async putOnce(item: Record<string, unknown>): Promise<void> {
    await putIfAbsent(this.doc, this.table, item);
  }

  async send(m: EmailMessage): Promise<{ messageId: string }> {
    const email: OutboxEmail = { Id: m.id, To: m.to, UserId: m.userId, Subject: m.subject, Body: m.body, SentTime: m.now.toISOString(), RuleName: m.ruleName };
    await this.putOnce({
      PK: `INSTANCE#${m.instanceId}`,
      // Keyed by the deterministic id alone: a take-over of a dead attempt, run later, finds
      // the email the attempt wrote (a key with the run's clock would write a second one).
      SK: `EMAIL#${m.id}`,
      Email: email,
      ExpiresAt: expiresAt(),
    });
    return { messageId: m.id };
  }

  async putEvent(e: BusEvent): Promise<{ eventId: string }> {
    const event: OutboxEvent = {
      Id: e.id,
      Source: e.source,
      DetailType: e.detailType,
      Detail: { ...e.detail },
      Resources: [...e.resources],
      Time: e.time.toISOString(),
    };
    await this.putOnce({
      PK: `INSTANCE#${e.instanceId}`,
      SK: `EVENT#${e.id}`,
      Event: event,
      ExpiresAt: expiresAt(),
    });
    return { eventId: e.id };
  }

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
    const key = { PK: `INSTANCE#${instanceId}`, SK: `SES#${id}` };
    if (await putIfAbsent(this.doc, this.table, { ...key, Status: 'SENDING', Since: now.toISOString(), ExpiresAt: expiresAt() })) return { state: 'new' };
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    if (!Item) return this.begin(instanceId, id, now);
    return Item.Status === 'SENT' ? { state: 'sent', messageId: Item.MessageId as string } : { state: 'unknown', since: Item.Since as string };
  }

  async sent(instanceId: string, id: string, messageId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { PK: `INSTANCE#${instanceId}`, SK: `SES#${id}` },
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
          Key: { PK: `INSTANCE#${instanceId}`, SK: `SES#${id}` },
          ConditionExpression: '#s = :sending',
          ExpressionAttributeNames: { '#s': 'Status' },
          ExpressionAttributeValues: { ':sending': 'SENDING' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  /** Emails of the instance, oldest first. */
  async emails(instanceId: string): Promise<OutboxEmail[]> {
    return byTime((await this.list(instanceId, 'EMAIL#')).map((i) => i.Email as OutboxEmail), (e) => e.SentTime);
  }

  /** EventBridge events of the instance (rules matched, action failures), oldest first. */
  async events(instanceId: string): Promise<OutboxEvent[]> {
    return byTime((await this.list(instanceId, 'EVENT#')).map((i) => i.Event as OutboxEvent), (e) => e.Time);
  }

  /** The instances that have emails or events, sorted: `outbox` defaults to the only one. A scan: the outbox is local only. */
  async instances(): Promise<string[]> {
    const found = new Set<string>();
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table, ProjectionExpression: 'PK, SK' })) {
      for (const item of page.Items ?? []) {
        if (/^(EMAIL|EVENT)#/.test(String(item.SK))) found.add(String(item.PK).replace(/^INSTANCE#/, ''));
      }
    }
    return [...found].sort();
  }

  private list(instanceId: string, prefix: string) {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': `INSTANCE#${instanceId}`, ':p': prefix },
    });
  }
}
