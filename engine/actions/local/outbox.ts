/**
 * The local outbox on DynamoDB: emails that would have gone out through SES and events
 * that would have gone to EventBridge, readable from the CLI (`connect-rules outbox`)
 * and the tests; beside the daily email counter and the SES send log every back end
 * keeps in the same table (email-ledger.ts), which it extends.
 */
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { BusEvent, EmailMessage, EmailService, EventBus } from '../backends.ts';
import { EmailLedger, expiresAt } from '../email-ledger.ts';
import { queryAll } from '../../dynamo/query.ts';
import { putIfAbsent } from './dynamo.ts';

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

export class LocalOutbox extends EmailLedger implements EmailService, EventBus {
  readonly idempotent = true;

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
